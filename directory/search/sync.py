"""The outbox of the search index: every commit that changes what a search document shows writes one
``search_change`` row per affected offer, in the same transaction.

The hooks sit on the session, not on the use cases, so a new writer cannot forget them: ``after_flush``
collects what changed (offers, and anything shown in their documents: organisation, place, category,
Stadtteil, focus area, challenge, translation), ``before_commit`` turns that into offer ids and writes the
rows, ``after_commit`` tells this process's indexer. A rollback drops the rows with everything else.

On PostgreSQL the rows are written under a transaction-level advisory lock taken at the very end of the
transaction, so their ids are in commit order: an indexer that has applied up to id N never sees a smaller id
commit later. (SQLite has one writer at a time anyway.) The same transaction sends ``NOTIFY search_change``.

Synonym groups and vocabulary concepts ride on the same hooks: a commit that changes one makes this process's
search read them again (other processes re-read them after ``SYNONYMS_MAX_AGE``).
"""

from __future__ import annotations

import logging
from itertools import chain
from typing import Any

from flask import current_app, has_app_context
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import event, insert, select, text, union
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from ..models import (
    Category,
    Challenge,
    District,
    FocusArea,
    Offer,
    OfferTranslation,
    Organisation,
    Place,
    SearchChange,
    SynonymGroup,
    VocabularyConcept,
)
from ..models.geo import focus_area_district
from ..models.offer import offer_challenge, offer_district, offer_focus_area, offer_place

log = logging.getLogger(__name__)
INFO_KEY = "search_changes"
WROTE_KEY = "search_changes_written"
CHANNEL = "search_change"
# Any constant: the advisory lock that puts the outbox rows of concurrent commits in commit order.
OUTBOX_LOCK = 0x5EA4C4
_RELATED = {
    Place: "place",
    Organisation: "organisation",
    Category: "category",
    District: "district",
    FocusArea: "focus_area",
    Challenge: "challenge",
}


SYNONYMS = ("synonyms", 0)  # a synonym group changed: queries change, documents do not
VOCABULARY = ("vocabulary", 0)  # a vocabulary concept changed: the same


def _change_key(obj: Any) -> tuple[str, Any] | None:
    if isinstance(obj, SynonymGroup):
        return SYNONYMS
    if isinstance(obj, VocabularyConcept):
        return VOCABULARY
    if isinstance(obj, Offer):
        return ("offer", obj.id)
    if isinstance(obj, OfferTranslation):
        return ("offer", obj.offer_id) if obj.offer_id is not None else None
    kind = _RELATED.get(type(obj))
    if kind is not None and getattr(obj, "id", None) is not None:
        return (kind, obj.id)
    return None


def before_flush(session: Session, flush_context: Any, instances: Any) -> None:
    """A related row about to be deleted: find its offers now, while the links to them still exist."""
    deleted = {key for key in map(_change_key, session.deleted) if key is not None and key[0] in _RELATED.values()}
    if deleted:
        offers = affected_offers(session.connection(), deleted)
        session.info.setdefault(INFO_KEY, set()).update(("offer", i) for i in offers)


def after_flush(session: Session, flush_context: Any) -> None:
    changes = session.info.setdefault(INFO_KEY, set())
    for obj in chain(session.new, session.dirty, session.deleted):
        key = _change_key(obj)
        if key is not None:
            changes.add(key)


def before_commit(session: Session) -> None:
    """Write the outbox rows of this transaction (flushing first, so nothing escapes)."""
    session.flush()
    changes = session.info.get(INFO_KEY)
    if not changes:
        return
    connection = session.connection()
    ids = affected_offers(connection, {c for c in changes if c not in (SYNONYMS, VOCABULARY)})
    if not ids:
        return
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": OUTBOX_LOCK})
    connection.execute(insert(SearchChange), [{"offer_id": i} for i in sorted(ids)])
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_notify(:channel, '')"), {"channel": CHANNEL})
    session.info[WROTE_KEY] = True


def after_rollback(session: Session) -> None:
    session.info.pop(INFO_KEY, None)
    session.info.pop(WROTE_KEY, None)


def after_commit(session: Session) -> None:
    changes = session.info.pop(INFO_KEY, None)
    wrote = session.info.pop(WROTE_KEY, False)
    if not changes or not has_app_context():
        return
    state = current_app.extensions.get("search")
    if state is None:
        return
    if SYNONYMS in changes:
        state.synonyms_changed()  # query-time only: the next search reads them, no re-index
    if VOCABULARY in changes:
        state.vocabulary_changed()
    if wrote:
        state.indexer.committed()


def affected_offers(connection: Connection, changes: set[tuple[str, Any]]) -> set[Any]:
    """Offer ids whose document shows something in ``changes``, as this transaction sees them."""
    by_kind: dict[str, set[Any]] = {}
    for kind, value in changes:
        by_kind.setdefault(kind, set()).add(value)
    ids = set(by_kind.pop("offer", set()))
    if not by_kind:
        return ids
    queries = []
    if "place" in by_kind:
        queries.append(select(offer_place.c.offer_id).where(offer_place.c.place_id.in_(by_kind["place"])))
    if "organisation" in by_kind:
        queries.append(select(Offer.id).where(Offer.organisation_id.in_(by_kind["organisation"])))
    if "category" in by_kind:
        queries.append(select(Offer.id).where(Offer.category_id.in_(by_kind["category"])))
    if "challenge" in by_kind:
        queries.append(
            select(offer_challenge.c.offer_id).where(offer_challenge.c.challenge_id.in_(by_kind["challenge"]))
        )
    if "focus_area" in by_kind:
        queries.append(
            select(offer_focus_area.c.offer_id).where(offer_focus_area.c.focus_area_id.in_(by_kind["focus_area"]))
        )
    if "district" in by_kind:
        districts = by_kind["district"]
        queries.append(select(offer_district.c.offer_id).where(offer_district.c.district_id.in_(districts)))
        queries.append(
            select(offer_place.c.offer_id)
            .join(Place, Place.id == offer_place.c.place_id)
            .where(Place.district_id.in_(districts))
        )
        queries.append(
            select(offer_focus_area.c.offer_id)
            .join(focus_area_district, focus_area_district.c.focus_area_id == offer_focus_area.c.focus_area_id)
            .where(focus_area_district.c.district_id.in_(districts))
        )
    ids |= set(connection.execute(union(*queries)).scalars())
    return ids


_registered = {"done": False}


def listen() -> None:
    """Attach the hooks to Flask-SQLAlchemy's session class (once per process)."""
    if _registered["done"]:
        return
    event.listen(FlaskSession, "before_flush", before_flush)
    event.listen(FlaskSession, "after_flush", after_flush)
    event.listen(FlaskSession, "before_commit", before_commit)
    event.listen(FlaskSession, "after_commit", after_commit)
    event.listen(FlaskSession, "after_rollback", after_rollback)
    _registered["done"] = True
