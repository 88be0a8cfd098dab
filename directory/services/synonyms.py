"""Use cases on the synonym groups the team curates: create, change, delete (each recorded in the audit log),
and loading the seed file once.

The search reads the groups at query time (see ``SearchState.synonyms``); a commit that changes one makes
the next search use it. Nothing is re-indexed.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..extensions import db
from ..models import SynonymGroup
from ..search.synonyms import read_synonym_groups
from ..text import fold_german
from .audit import audit
from .errors import CurationError
from .unit_of_work import commit

MAX_TERMS = 30
MAX_TERM_LENGTH = 100


def parse_terms(text: str) -> list[str]:
    """The words of a group as typed, one a line or separated by commas; spaces tidied, repeats dropped."""
    terms: dict[str, str] = {}
    for part in (text or "").replace("\n", ",").split(","):
        term = " ".join("".join(ch if ch.isprintable() else " " for ch in part).split())
        if term:
            terms.setdefault(fold_german(term), term)
    return list(terms.values())


def check_terms(terms: list[str]) -> None:
    """Raise CurationError unless the group is usable: two to ``MAX_TERMS`` words of sensible length."""
    if len(terms) < 2:
        raise CurationError(_("Eine Synonymgruppe braucht mindestens zwei verschiedene Begriffe."))
    if len(terms) > MAX_TERMS:
        raise CurationError(_("Höchstens %(number)s Begriffe je Gruppe.", number=MAX_TERMS))
    if any(len(term) > MAX_TERM_LENGTH for term in terms):
        raise CurationError(_("Ein Begriff darf höchstens %(number)s Zeichen lang sein.", number=MAX_TERM_LENGTH))


def group_label(group: SynonymGroup) -> str:
    return ", ".join(group.terms)[:300]


def all_groups() -> list[SynonymGroup]:
    groups = db.session.execute(select(SynonymGroup)).scalars().all()
    return sorted(groups, key=lambda group: fold_german(group.terms[0]) if group.terms else "")


def create_synonym_group(terms: list[str], actor: Any) -> SynonymGroup:
    check_terms(terms)
    group = SynonymGroup(terms=list(terms))
    try:
        db.session.add(group)
        db.session.flush()
        audit(actor, "create", "synonym_group", group.id, group_label(group), "")
    except Exception:
        db.session.rollback()
        raise
    commit()
    return group


def update_synonym_group(group: SynonymGroup, terms: list[str], actor: Any) -> SynonymGroup:
    check_terms(terms)
    if list(terms) == list(group.terms):
        return group
    before = group_label(group)
    try:
        group.terms = list(terms)
        audit(actor, "update", "synonym_group", group.id, group_label(group), _("vorher: %(terms)s", terms=before))
    except Exception:
        db.session.rollback()
        raise
    commit()
    return group


def delete_synonym_group(group: SynonymGroup, actor: Any) -> None:
    """Delete a group (configuration, not content: nothing else refers to it); the audit log keeps its words."""
    try:
        audit(actor, "delete", "synonym_group", group.id, group_label(group), group_label(group))
        db.session.delete(group)
    except Exception:
        db.session.rollback()
        raise
    commit()


def seed_synonym_groups(path: Path | str) -> int:
    """Load the synonyms file into an empty table (does not commit); returns how many groups were added.

    Once there are groups, they are the team's: a re-run neither adds nor restores nor overwrites any.
    """
    if db.session.execute(select(func.count(SynonymGroup.id))).scalar_one():
        return 0
    groups: Iterable[list[str]] = read_synonym_groups(path)
    added = 0
    for terms in groups:
        db.session.add(SynonymGroup(terms=terms))
        added += 1
    return added
