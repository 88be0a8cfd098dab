"""Read-only queries for the back office's editing pages: lists, filters, form choices."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, func, or_, select

from ..clock import CITY_TIME
from ..extensions import db
from ..models import (
    AuditEntry,
    Category,
    Challenge,
    District,
    FocusArea,
    Offer,
    OfferRevision,
    Organisation,
    Place,
)
from ..services.curation import place_label

PER_PAGE = 50


def offer_form_choices() -> dict[str, list[tuple[str, str]]]:
    """(value, label) pairs for the offer form's selects and checkbox groups."""
    return {
        "categories": [(c.slug, c.name) for c in db.session.execute(select(Category).order_by(Category.position))
                       .scalars()],
        "organisations": [(o.slug, o.name) for o in db.session.execute(select(Organisation).order_by(Organisation.name))
                          .scalars()],
        "places": [(str(p.id), place_label(p)) for p in all_places()],
        "districts": district_choices(),
        "focus_areas": [(f.slug, f.name) for f in db.session.execute(select(FocusArea).order_by(FocusArea.position))
                        .scalars()],
        "challenges": [(c.slug, c.title) for c in db.session.execute(select(Challenge).order_by(Challenge.position))
                       .scalars()],
    }


def district_choices() -> list[tuple[str, str]]:
    return [(d.slug, d.name) for d in db.session.execute(select(District).order_by(District.name)).scalars()]


def city_boundary() -> list[dict[str, Any]]:
    """The Stadtteile's polygons: together they are Magdeburg."""
    return list(db.session.execute(select(District.geometry)).scalars())


def district_by_number(number: str) -> District | None:
    return db.session.execute(select(District).where(District.number == number)).scalar_one_or_none()


def reference_names() -> dict[str, dict[str, str]]:
    """Display names for the references a revision stores (for readable diffs)."""
    return {
        "places": {str(p.id): place_label(p) for p in all_places()},
        "organisation": {o.slug: o.name for o in db.session.execute(select(Organisation)).scalars()},
        "category": {c.slug: c.name for c in db.session.execute(select(Category)).scalars()},
        "challenges": {c.slug: c.title for c in db.session.execute(select(Challenge)).scalars()},
        "districts": {d.slug: d.name for d in db.session.execute(select(District)).scalars()},
        "focus_areas": {f.slug: f.name for f in db.session.execute(select(FocusArea)).scalars()},
    }


def offers_page(state: str = "", category: str = "", text: str = "", page: int = 1):
    """Offers for the back-office list, newest change first, filtered by workflow state, category, title."""
    query: Select = select(Offer).order_by(Offer.updated_at.desc(), Offer.title)
    if state:
        query = query.where(Offer.workflow_state == state)
    if category:
        query = query.join(Offer.category).where(Category.slug == category)
    if text:
        pattern = f"%{text.lower()}%"
        query = query.where(or_(func.lower(Offer.title).like(pattern), func.lower(Offer.slug).like(pattern)))
    return db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)


def all_places() -> list[Place]:
    return list(db.session.execute(select(Place).order_by(Place.street, Place.name)).scalars())


def all_organisations() -> list[Organisation]:
    return list(db.session.execute(select(Organisation).order_by(Organisation.name)).scalars())


def all_categories() -> list[Category]:
    return list(db.session.execute(select(Category).order_by(Category.position, Category.name)).scalars())


def all_challenges() -> list[Challenge]:
    return list(db.session.execute(select(Challenge).order_by(Challenge.position)).scalars())


def revision(offer: Offer, number: int) -> OfferRevision | None:
    return db.session.execute(
        select(OfferRevision).where(OfferRevision.offer_id == offer.id, OfferRevision.number == number)
    ).scalar_one_or_none()


def audit_people() -> list[str]:
    """Everyone who has changed something, for the audit log's filter."""
    return list(
        db.session.execute(
            select(AuditEntry.actor_name).where(AuditEntry.actor_name != "").distinct().order_by(AuditEntry.actor_name)
        ).scalars()
    )


def audit_page(person: str = "", since: date | None = None, until: date | None = None, page: int = 1):
    """The audit log, newest first, by person and date range (both days included)."""
    query: Select = select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    if person:
        query = query.where(AuditEntry.actor_name == person)
    if since:
        query = query.where(AuditEntry.created_at >= _start_of(since))
    if until:
        query = query.where(AuditEntry.created_at < _start_of(until + timedelta(days=1)))
    return db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)


def _start_of(day: date) -> datetime:
    """Midnight in Magdeburg, in UTC (how times are stored)."""
    return datetime.combine(day, time.min, CITY_TIME).astimezone(UTC)
