"""Read-only queries of the back office's measure pages."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Challenge, FocusArea, Measure, Offer, RecordRevision
from .curate import _search_text


def challenges_with_measures() -> list[Challenge]:
    return list(db.session.execute(
        select(Challenge)
        .options(selectinload(Challenge.measures).selectinload(Measure.status_changes),
                 selectinload(Challenge.measures).selectinload(Measure.focus_areas))
        .order_by(Challenge.position, Challenge.id)
    ).scalars())


def focus_areas() -> list[FocusArea]:
    return list(db.session.execute(select(FocusArea).order_by(FocusArea.position)).scalars())


def find_offers(text: str, exclude: set = frozenset(), limit: int = 20) -> list[Offer]:
    """Offers (not archived) whose title contains every word of ``text``, for linking."""
    words = _search_text(text).split()[:8]
    if not words:
        return []
    query = select(Offer).where(Offer.workflow_state != "archived").order_by(Offer.title)
    for word in words:
        query = query.where(func.lower(Offer.title).contains(word, autoescape=True))
    return [offer for offer in db.session.execute(query.limit(limit + len(exclude))).scalars()
            if offer.id not in exclude][:limit]


def record_revision(object_type: str, object_id: object, number: int) -> RecordRevision | None:
    return db.session.execute(select(RecordRevision).filter_by(
        object_type=object_type, object_id=str(object_id), number=number)).scalar_one_or_none()
