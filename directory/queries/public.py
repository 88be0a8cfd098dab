"""Read-only queries of the public site, in SQLAlchemy 2.0 style. Nothing here writes."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, selectinload

from ..extensions import db
from ..models import Category, Challenge, District, FocusArea, Measure, Offer, Place
from ..models.offer import offer_challenge, offer_district, offer_focus_area, offer_place
from ..web.reference import reference_data
from .offers import OFFER_LOADERS, listed_offers


def public_offers() -> Select[tuple[Offer]]:
    """Published offers that have not ended, with what a listing shows loaded up front."""
    return listed_offers().order_by(Offer.demo, Offer.title)


def published_offer_by_slug(slug: str) -> Offer | None:
    return db.session.execute(
        select(Offer)
        .where(Offer.slug == slug, Offer.workflow_state == "published")
        .options(*OFFER_LOADERS, selectinload(Offer.measures))
    ).scalar_one_or_none()


def categories_with_counts() -> list[tuple[Category, int]]:
    counts = (
        select(Offer.category_id, func.count(Offer.id).label("n"))
        .where(Offer.is_listed)
        .group_by(Offer.category_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Category, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.category_id == Category.id)
        .order_by(Category.position)
    )
    return [(category, n) for category, n in rows]


def offers_in_category(category: Category) -> list[Offer]:
    return list(db.session.execute(public_offers().where(Offer.category_id == category.id)).scalars())


def offers_for_challenge(challenge: Challenge) -> list[Offer]:
    stmt = public_offers().where(
        Offer.id.in_(select(offer_challenge.c.offer_id).where(offer_challenge.c.challenge_id == challenge.id))
    )
    return list(db.session.execute(stmt).scalars())


def _local_to(district_ids: list[int], focus_area_ids: list[int]) -> Any:
    """Offers with a place in, or a service area naming, these districts or focus areas."""
    return or_(
        Offer.id.in_(
            select(offer_place.c.offer_id)
            .join(Place, Place.id == offer_place.c.place_id)
            .where(Place.district_id.in_(district_ids))
        ),
        Offer.id.in_(select(offer_district.c.offer_id).where(offer_district.c.district_id.in_(district_ids))),
        Offer.id.in_(
            select(offer_focus_area.c.offer_id).where(offer_focus_area.c.focus_area_id.in_(focus_area_ids))
        ),
    )


def offers_for_area(district_ids: list[int], focus_area_ids: list[int]) -> tuple[list[Offer], list[Offer]]:
    """(offers in or for the area, offers available everywhere: citywide or statewide)."""
    local_clause = _local_to(district_ids, focus_area_ids)
    local = list(db.session.execute(public_offers().where(local_clause)).scalars())
    everywhere = list(
        db.session.execute(
            public_offers().where(~local_clause, or_(Offer.citywide.is_(True), Offer.statewide.is_(True)))
        ).scalars()
    )
    return local, everywhere


def offers_in_district(district: District) -> tuple[list[Offer], list[Offer]]:
    return offers_for_area([district.id], [area.id for area in district.focus_areas])


def offers_in_focus_area(area: FocusArea) -> tuple[list[Offer], list[Offer]]:
    return offers_for_area([d.id for d in area.districts], [area.id])


def search_titles(text: str, limit: int = 50) -> list[Offer]:
    """A plain title and summary match, for when no search index is available."""
    words = [w for w in text.split() if w][:8]
    stmt = public_offers()
    for word in words:
        pattern = f"%{word[:100]}%"
        stmt = stmt.where(or_(Offer.title.ilike(pattern), Offer.summary.ilike(pattern)))
    return list(db.session.execute(stmt.limit(limit)).scalars())


def all_districts() -> list[District]:
    return list(db.session.execute(select(District).order_by(District.name)).scalars())


def all_focus_areas() -> list[FocusArea]:
    return list(
        db.session.execute(
            select(FocusArea).options(selectinload(FocusArea.districts)).order_by(FocusArea.position)
        ).scalars()
    )


def all_challenges() -> list[Challenge]:
    return list(
        db.session.execute(
            select(Challenge)
            .where(Challenge.archived_at.is_(None))
            .options(selectinload(Challenge.measures).selectinload(Measure.focus_areas))
            .order_by(Challenge.position)
        ).scalars()
    )


def status_board(focus_area: FocusArea | None) -> list[tuple[Challenge, list[Measure]]]:
    """Each challenge with its measures (not archived); with a focus area, only measures for it or for both."""
    board = []
    for challenge in all_challenges():
        measures = [m for m in challenge.active_measures if focus_area is None or m.concerns(focus_area.id)]
        board.append((challenge, measures))
    return board


def published_offer_by_id(offer_id: uuid.UUID) -> Offer | None:
    """The published offer with this id (the API accepts ids as well as slugs)."""
    offer = db.session.get(Offer, offer_id)
    return offer if offer is not None and offer.is_published else None


def _taxonomy_slugs(session: Session) -> dict[str, frozenset[str]]:
    return {
        "category": frozenset(session.execute(select(Category.slug)).scalars()),
        "district": frozenset(session.execute(select(District.slug)).scalars()),
        "challenge": frozenset(
            session.execute(select(Challenge.slug).where(Challenge.archived_at.is_(None))).scalars()
        ),
    }


def taxonomy_slugs() -> dict[str, frozenset[str]]:
    """The slugs a search may filter by, from the rows the team edits (see ``search.params.EDITED_PARAMS``).

    Kept per process like the facet labels (``web.reference``): a category or Stadtteil added in another
    process is accepted here after at most ``REFERENCE_MAX_AGE`` seconds.
    """
    return reference_data("taxonomy_slugs", _taxonomy_slugs)
