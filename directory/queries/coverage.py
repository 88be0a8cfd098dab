"""Where the real directory is thin: offers per category, focus area and Stadtteil, challenges with few answers,
categories whose newest source is old. Read-only; for the team's outreach."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Category, Challenge, District, FocusArea, Offer

# A challenge with fewer published answers than this is listed as thin.
FEW_OFFERS = 2
# A category whose newest source is older than this many years asks for new research.
OLD_SOURCE_YEARS = 2
COUNTED_STATES = ("published", "review", "draft")


@dataclass
class Row:
    """One line of the coverage table: published offers and those still in the works (draft or review)."""

    name: str
    slug: str = ""
    published: int = 0
    in_work: int = 0
    newest_source: date | None = None
    suggested: int = 0  # challenges: published offers linked only by suggestion

    def add(self, offer: Offer) -> None:
        if offer.workflow_state == "published":
            self.published += 1
        else:
            self.in_work += 1
        if offer.source_date and (self.newest_source is None or offer.source_date > self.newest_source):
            self.newest_source = offer.source_date


@dataclass
class Coverage:
    categories: list[Row] = field(default_factory=list)
    focus_areas: list[Row] = field(default_factory=list)
    districts: list[Row] = field(default_factory=list)
    challenges: list[Row] = field(default_factory=list)
    thin_challenges: list[Row] = field(default_factory=list)
    old_categories: list[Row] = field(default_factory=list)
    total: Row = field(default_factory=lambda: Row("total"))


def _district_ids(offer: Offer) -> set[int]:
    """The Stadtteile an offer is in or serves (its places', and its service area's)."""
    ids = {place.district_id for place in offer.places if place.district_id is not None}
    ids |= {district.id for district in offer.districts}
    for area in offer.focus_areas:
        ids |= {district.id for district in area.districts}
    return ids


def coverage(today: date) -> Coverage:
    """Real offers (no examples, not archived or ended) counted by category, focus area, Stadtteil and challenge."""
    offers = db.session.execute(
        select(Offer)
        .where(Offer.demo.is_(False), Offer.workflow_state.in_(COUNTED_STATES), Offer.status != "ended")
        .options(
            selectinload(Offer.places), selectinload(Offer.districts),
            selectinload(Offer.focus_areas).selectinload(FocusArea.districts),
            selectinload(Offer.challenges), selectinload(Offer.suggested_challenges),
        )
    ).scalars().all()
    categories = db.session.execute(select(Category).order_by(Category.position)).scalars().all()
    areas = db.session.execute(
        select(FocusArea).order_by(FocusArea.position).options(selectinload(FocusArea.districts))
    ).scalars().all()
    districts = db.session.execute(select(District).order_by(District.number)).scalars().all()
    challenges = db.session.execute(select(Challenge).order_by(Challenge.position)).scalars().all()

    result = Coverage()
    by_category = {c.id: Row(c.name, c.slug) for c in categories}
    by_area = {a.id: Row(a.name, a.slug) for a in areas}
    by_district = {d.id: Row(d.name, d.slug) for d in districts}
    by_challenge = {c.id: Row(c.title, c.slug) for c in challenges}
    area_districts = {a.id: {d.id for d in a.districts} for a in areas}
    for offer in offers:
        result.total.add(offer)
        by_category[offer.category_id].add(offer)
        ids = _district_ids(offer)
        for district_id in ids:
            by_district[district_id].add(offer)
        for area_id, members in area_districts.items():
            if ids & members:
                by_area[area_id].add(offer)
        confirmed = {c.id for c in offer.challenges}
        for challenge_id in confirmed:
            by_challenge[challenge_id].add(offer)
        if offer.workflow_state == "published":
            for challenge in offer.suggested_challenges:
                if challenge.id not in confirmed:
                    by_challenge[challenge.id].suggested += 1
    result.categories = list(by_category.values())
    result.focus_areas = list(by_area.values())
    result.districts = sorted(by_district.values(), key=lambda row: (-row.published, row.name))
    result.challenges = list(by_challenge.values())
    result.thin_challenges = [row for row in result.challenges if row.published + row.suggested < FEW_OFFERS]
    cutoff = date(today.year - OLD_SOURCE_YEARS, today.month, min(today.day, 28))
    result.old_categories = [
        row for row in result.categories if row.newest_source is None or row.newest_source < cutoff
    ]
    return result


def coverage_rows(data: Coverage) -> list[list[object]]:
    """The coverage as CSV rows: section, name, published, in work, suggested links, newest source."""
    rows: list[list[object]] = []
    for section, items in (("Thema", data.categories), ("Schwerpunktbereich", data.focus_areas),
                           ("Stadtteil", data.districts), ("Herausforderung", data.challenges)):
        for row in items:
            newest = row.newest_source.isoformat() if row.newest_source else ""
            rows.append([section, row.name, row.published, row.in_work, row.suggested, newest])
    return rows


__all__ = ["FEW_OFFERS", "OLD_SOURCE_YEARS", "Coverage", "Row", "coverage", "coverage_rows"]
