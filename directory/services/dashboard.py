"""The back office's start page: what there is to do, each item a count."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select

from ..clock import CITY_TIME
from ..extensions import db
from ..models import Measure, MeasureStatusChange, Offer, ProblemReport, Suggestion, ZeroResultQuery
from ..queries.translations import translation_backlog
from .freshness import overdue_clause

STALE_MEASURE_DAYS = 183  # about six months without a status change


@dataclass(frozen=True)
class Counts:
    new_suggestions: int
    open_reports: int
    offers_in_review: int
    overdue_checks: int
    zero_result_searches: int  # this month, counted per search
    stale_measures: int
    translations: int | None  # outdated or missing translations; None until they are tracked


def _count(query) -> int:
    return db.session.execute(select(func.count()).select_from(query.subquery())).scalar_one()


def month_start(today: date) -> date:
    return today.replace(day=1)


def stale_measure_ids(today: date, days: int = STALE_MEASURE_DAYS) -> set[int]:
    """Active measures whose status has not changed for ``days``: neither a recorded change nor a dated seed
    status within that time."""
    cutoff = today - timedelta(days=days)
    recent = select(MeasureStatusChange.measure_id).where(MeasureStatusChange.effective_on >= cutoff)
    return set(db.session.execute(
        select(Measure.id).where(
            Measure.archived_at.is_(None),
            Measure.id.not_in(recent),
            (Measure.status_date.is_(None)) | (Measure.status_date < cutoff),
        )
    ).scalars())


def translations_to_review() -> int:
    """Translations that are outdated (made from an older German text) or missing, over all languages."""
    return translation_backlog()


def counts(today: date) -> Counts:
    month = datetime.combine(month_start(today), time.min, tzinfo=CITY_TIME).astimezone(UTC)
    return Counts(
        new_suggestions=_count(select(Suggestion.id).where(Suggestion.state == "new")),
        open_reports=_count(select(ProblemReport.id).where(ProblemReport.state == "open")),
        offers_in_review=_count(select(Offer.id).where(Offer.workflow_state == "review")),
        overdue_checks=_count(select(Offer.id).where(overdue_clause(today))),
        zero_result_searches=_count(select(ZeroResultQuery.id).where(ZeroResultQuery.created_at >= month)),
        stale_measures=len(stale_measure_ids(today)),
        translations=translations_to_review(),
    )
