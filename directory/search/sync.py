"""Keeping the index true: collect changed offers after each flush, index them after the commit.

Synonym groups and vocabulary concepts ride on the same hooks: a commit that changes one makes the search
read them again.

The pattern of warehouse's search sync: ids gathered in ``after_flush`` live in ``session.info`` and are
applied in ``after_commit``; a rollback drops them. Changes to anything shown in an offer's document
(organisation, place, category, Stadtteil, focus area, challenge, translation) re-index the offers
that show it.
"""

from __future__ import annotations

import logging
from itertools import chain
from typing import Any

from flask import current_app, has_app_context
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import event, select, union
from sqlalchemy.orm import Session

from ..extensions import db
from ..models import (
    Category,
    Challenge,
    District,
    FocusArea,
    Offer,
    OfferTranslation,
    Organisation,
    Place,
    SynonymGroup,
    VocabularyConcept,
)
from ..models.geo import focus_area_district
from ..models.offer import offer_challenge, offer_district, offer_focus_area, offer_place
from .indexing import reindex

log = logging.getLogger(__name__)
INFO_KEY = "search_changes"
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


def after_flush(session: Session, flush_context: Any) -> None:
    changes = session.info.setdefault(INFO_KEY, set())
    for obj in chain(session.new, session.dirty, session.deleted):
        key = _change_key(obj)
        if key is not None:
            changes.add(key)


def after_rollback(session: Session) -> None:
    session.info.pop(INFO_KEY, None)


def after_commit(session: Session) -> None:
    changes = session.info.pop(INFO_KEY, None)
    if not changes or not has_app_context():
        return
    state = current_app.extensions.get("search")
    if state is None:
        return
    if SYNONYMS in changes:
        changes.discard(SYNONYMS)
        state.synonyms_changed()  # query-time only: the next search reads them, no re-index
    if VOCABULARY in changes:
        changes.discard(VOCABULARY)
        state.vocabulary_changed()
    if not changes or not state.sync_enabled:
        return
    try:
        ids = affected_offers(changes)
    except Exception:
        # The save stands; index what we know for sure and let `index verify` find the rest.
        log.exception("could not find the offers affected by a change; re-indexing the changed offers only")
        ids = {value for kind, value in changes if kind == "offer"}
    if ids:
        reindex(state.store, ids)


def affected_offers(changes: set[tuple[str, Any]]) -> set[str]:
    """Offer ids whose document shows something in ``changes``."""
    by_kind: dict[str, set[Any]] = {}
    for kind, value in changes:
        by_kind.setdefault(kind, set()).add(value)
    ids = {str(i) for i in by_kind.pop("offer", set())}
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
    with Session(db.engine) as session:
        ids |= {str(i) for i in session.execute(union(*queries)).scalars()}
    return ids


_registered = {"done": False}


def listen() -> None:
    """Attach the hooks to Flask-SQLAlchemy's session class (once per process)."""
    if _registered["done"]:
        return
    event.listen(FlaskSession, "after_flush", after_flush)
    event.listen(FlaskSession, "after_commit", after_commit)
    event.listen(FlaskSession, "after_rollback", after_rollback)
    _registered["done"] = True
