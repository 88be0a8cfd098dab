"""Use cases on the multilingual vocabulary the team curates: create and change a concept (each recorded in
the audit log), and loading the seed file.

The search reads the concepts at query time (see ``SearchState.vocabulary``); a commit that changes one makes
the next search use it. Nothing is re-indexed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..models import VocabularyConcept
from ..search.vocabulary import LANGUAGES, TYPES, read_concepts
from .audit import audit
from .errors import CurationError
from .synonyms import parse_terms
from .unit_of_work import commit

MAX_TERMS = 40
MAX_TERM_LENGTH = 80
IMPLIES_KEYS = ("category", "cost", "but", "language", "target_group", "setting", "subject")
_KEY_RE = re.compile(r"^[a-z0-9_]{2,80}$")


def parse_implies(text: str) -> dict[str, Any]:
    """``"category: lernfoerderung, cost: free"`` → ``{"category": "lernfoerderung", "cost": "free"}``."""
    implies: dict[str, Any] = {}
    for part in (text or "").replace("\n", ",").split(","):
        if not part.strip():
            continue
        name, sep, value = part.partition(":")
        name, value = name.strip(), value.strip()
        if not sep or name not in IMPLIES_KEYS or not value:
            raise CurationError(
                _("„%(part)s“: erlaubt sind %(keys)s, je mit Doppelpunkt und Wert.", part=part.strip(),
                  keys=", ".join(IMPLIES_KEYS))
            )
        implies[name] = value.lower() == "true" if name == "but" else value
    return implies


def format_implies(implies: dict[str, Any]) -> str:
    return ", ".join(f"{name}: {'true' if value is True else value}" for name, value in (implies or {}).items())


def check_concept(key: str, type_: str, terms: dict[str, list[str]]) -> None:
    if not _KEY_RE.match(key or ""):
        raise CurationError(_("Der Schlüssel besteht aus Kleinbuchstaben, Ziffern und _ (2 bis 80 Zeichen)."))
    if type_ not in TYPES:
        raise CurationError(_("Unbekannte Art: %(type)s.", type=type_))
    if not terms.get("de"):
        raise CurationError(_("Ein Begriff braucht mindestens ein deutsches Wort: das erste wird gesucht."))
    for values in terms.values():
        if len(values) > MAX_TERMS:
            raise CurationError(_("Höchstens %(number)s Wörter je Sprache.", number=MAX_TERMS))
        if any(len(term) > MAX_TERM_LENGTH for term in values):
            raise CurationError(_("Ein Wort darf höchstens %(number)s Zeichen lang sein.", number=MAX_TERM_LENGTH))


def concept_terms(texts: dict[str, str]) -> dict[str, list[str]]:
    """Per language, the terms typed one a line or separated by commas."""
    return {lang: parse_terms(texts.get(lang) or "") for lang in LANGUAGES}


def concept_label(concept: VocabularyConcept) -> str:
    german = (concept.terms or {}).get("de") or []
    return f"{concept.key} ({', '.join(german[:3])})"[:300]


def all_concepts() -> list[VocabularyConcept]:
    rows = db.session.execute(select(VocabularyConcept)).scalars().all()
    return sorted(rows, key=lambda c: (TYPES.index(c.type) if c.type in TYPES else len(TYPES), c.key))


def create_concept(key: str, type_: str, implies: dict[str, Any], terms: dict[str, list[str]],
                   actor: Any) -> VocabularyConcept:
    check_concept(key, type_, terms)
    if db.session.execute(select(VocabularyConcept.id).filter_by(key=key)).first() is not None:
        raise CurationError(_("Den Schlüssel „%(key)s“ gibt es schon.", key=key))
    concept = VocabularyConcept(key=key, type=type_, implies=dict(implies), terms=dict(terms))
    try:
        db.session.add(concept)
        db.session.flush()
        audit(actor, "create", "vocabulary_concept", concept.id, concept_label(concept), "")
    except Exception:
        db.session.rollback()
        raise
    commit()
    return concept


def update_concept(concept: VocabularyConcept, type_: str, implies: dict[str, Any], terms: dict[str, list[str]],
                   actor: Any) -> VocabularyConcept:
    check_concept(concept.key, type_, terms)
    if (type_, dict(implies), dict(terms)) == (concept.type, dict(concept.implies or {}), dict(concept.terms or {})):
        return concept
    before = concept_label(concept)
    changed = [lang for lang in LANGUAGES if terms.get(lang) != (concept.terms or {}).get(lang)]
    try:
        concept.type, concept.implies, concept.terms = type_, dict(implies), dict(terms)
        audit(actor, "update", "vocabulary_concept", concept.id, concept_label(concept),
              _("vorher: %(label)s; geändert: %(languages)s", label=before, languages=", ".join(changed) or "–"))
    except Exception:
        db.session.rollback()
        raise
    commit()
    return concept


def seed_vocabulary(path: Path | str) -> int:
    """Add the file's concepts that the table does not hold yet (does not commit); returns how many.

    A concept in the table is the team's: a re-run never changes or overwrites it.
    """
    existing = set(db.session.execute(select(VocabularyConcept.key)).scalars())
    added = 0
    for concept in read_concepts(path):
        if concept.key in existing:
            continue
        db.session.add(VocabularyConcept(
            key=concept.key,
            type=concept.type,
            implies=dict(concept.implies),
            terms={lang: list(terms) for lang, terms in concept.terms.items()},
        ))
        existing.add(concept.key)
        added += 1
    return added
