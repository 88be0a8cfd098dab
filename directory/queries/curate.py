"""Read-only queries for the back office's editing pages: lists, filters, form choices."""

from __future__ import annotations

from dataclasses import dataclass
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
    ZeroResultQuery,
)

PER_PAGE = 50


def offer_form_choices() -> dict[str, list[tuple[str, str]]]:
    """(value, label) pairs for the offer form's selects and checkbox groups."""
    return {
        "categories": [(c.slug, c.name) for c in db.session.execute(select(Category).order_by(Category.position))
                       .scalars()],
        "organisations": [(o.slug, o.name) for o in db.session.execute(select(Organisation).order_by(Organisation.name))
                          .scalars()],
        "places": [(str(p.id), p.label) for p in all_places()],
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
        "places": {str(p.id): p.label for p in all_places()},
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
    text = _search_text(text)
    if text:
        # Its own LIKE, not the public search: the team must find drafts, which the index does not hold.
        query = query.where(or_(func.lower(Offer.title).contains(text, autoescape=True),
                                func.lower(Offer.slug).contains(text, autoescape=True)))
    return db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)


MAX_SEARCH_TEXT = 200


def _search_text(text: str) -> str:
    """The list's search text made safe for any database: control characters (PostgreSQL refuses NUL) become
    spaces, spaces are collapsed, and it is cut to ``MAX_SEARCH_TEXT``; "%" and "_" are matched literally."""
    printable = "".join(ch if ch.isprintable() else " " for ch in text or "")
    return " ".join(printable.split())[:MAX_SEARCH_TEXT].lower()


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


@dataclass(frozen=True)
class Page:
    """One page of rows, with what the pager macro needs (the shape of ``db.paginate``'s result)."""

    items: list[Any]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


@dataclass(frozen=True)
class ZeroResultRow:
    query: str
    count: int
    last_seen: datetime


def zero_result_page(since: date | None = None, until: date | None = None, page: int = 1) -> Page:
    """Searches that found nothing, one row per query text (as counted: normalised), with how often and when
    last asked in the date range (both days included); the most recently asked first."""
    text = func.lower(ZeroResultQuery.query)
    query: Select = select(text.label("query"), func.count().label("count"),
                           func.max(ZeroResultQuery.created_at).label("last_seen"))
    if since:
        query = query.where(ZeroResultQuery.created_at >= _start_of(since))
    if until:
        query = query.where(ZeroResultQuery.created_at < _start_of(until + timedelta(days=1)))
    query = query.group_by(text)
    total = db.session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    rows = db.session.execute(
        query.order_by(func.max(ZeroResultQuery.created_at).desc(), text)
        .limit(PER_PAGE).offset((page - 1) * PER_PAGE)
    ).all()
    items = [ZeroResultRow(row.query, row.count, _aware(row.last_seen)) for row in rows]
    return Page(items=items, page=page, per_page=PER_PAGE, total=total)


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes from an aggregate; they were stored in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _start_of(day: date) -> datetime:
    """Midnight in Magdeburg, in UTC (how times are stored)."""
    return datetime.combine(day, time.min, CITY_TIME).astimezone(UTC)
