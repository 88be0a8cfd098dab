"""Read-only queries for events (dated offers) and the feed of newly published offers. Nothing here writes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from ..clock import CITY_TIME
from ..extensions import db
from ..models import Offer
from ..models.curation import OfferRevision
from .public import public_offers

MAX_EVENTS = 500
MAX_NEW = 50


@dataclass(frozen=True)
class EventFilter:
    """What the reader narrowed the events to: category slug, Stadtteil slug, language code (empty: all)."""

    category: str = ""
    district: str = ""
    language: str = ""

    def matches(self, offer: Offer) -> bool:
        if self.category and offer.category.slug != self.category:
            return False
        if self.language and self.language not in (offer.languages or []):
            return False
        if self.district:
            slugs = {d.slug for d in offer.districts} | {p.district.slug for p in offer.places if p.district}
            if self.district not in slugs:
                return False
        return True


def upcoming_events(now: datetime, wanted: EventFilter | None = None) -> list[Offer]:
    """Published dated offers that have not ended by ``now``, soonest first."""
    rows = db.session.execute(
        public_offers()
        .where(
            Offer.starts_at.is_not(None),
            or_(Offer.ends_at >= now, Offer.ends_at.is_(None) & (Offer.starts_at >= now)),
        )
        .order_by(None)
        .order_by(Offer.starts_at, Offer.title)
        .limit(MAX_EVENTS)
    ).scalars().all()
    return [offer for offer in rows if wanted is None or wanted.matches(offer)]


def by_day(offers: Iterable[Offer]) -> list[tuple[date, list[Offer]]]:
    """Events grouped by their first day in Magdeburg's time (an event already running counts from today)."""
    def day(offer: Offer) -> date:
        return offer.starts_at.astimezone(CITY_TIME).date()

    return [(key, list(group)) for key, group in groupby(offers, key=day)]


def newly_published(limit: int = MAX_NEW) -> list[tuple[Offer, datetime]]:
    """Published offers, newest publication first, with when they were published.

    An offer's publication time is its latest "publish" revision; offers loaded from the seed have none and
    count from their creation.
    """
    published = (
        select(OfferRevision.offer_id, func.max(OfferRevision.created_at).label("published_at"))
        .where(OfferRevision.action == "publish")
        .group_by(OfferRevision.offer_id)
        .subquery()
    )
    when = func.coalesce(published.c.published_at, Offer.created_at)
    rows = db.session.execute(
        select(Offer, when.label("published_at"))
        .outerjoin(published, published.c.offer_id == Offer.id)
        .where(Offer.workflow_state == "published", Offer.status != "ended")
        .options(selectinload(Offer.category), selectinload(Offer.organisation))
        .order_by(when.desc(), Offer.title)
        .limit(limit)
    ).all()
    return [(offer, moment) for offer, moment in rows]
