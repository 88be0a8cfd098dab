"""Use cases on the workshop's measures: the team updates status and progress; every change is dated."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import select

from ..clock import CITY_TIME
from ..extensions import db
from ..models import FocusArea, Measure, MeasureStatusChange, Offer, vocab
from ..models.base import utcnow
from .feedback import actor_name, commit_or_roll_back


def update_measure(
    measure: Measure,
    *,
    status: str,
    progress_note: str,
    focus_area: FocusArea | None,
    offers: Sequence[Offer],
    user: Any,
) -> MeasureStatusChange | None:
    """Save a measure; a new status or progress note is recorded as a dated change (who, when).

    Returns the recorded change, or None when status and note stayed the same.
    """
    if status not in vocab.MEASURE_STATUSES:
        raise ValueError(f"unknown measure status {status!r}")
    progress_note = progress_note.strip()
    change = None
    if status != measure.status or progress_note != (measure.progress_note or ""):
        now = utcnow()
        change = MeasureStatusChange(
            measure=measure, status=status, progress_note=progress_note, changed_at=now,
            changed_by=actor_name(user),
        )
        db.session.add(change)
        measure.status = status
        measure.progress_note = progress_note
        measure.status_date = now.date()
    measure.focus_area = focus_area
    measure.offers = list(offers)
    commit_or_roll_back()
    return change


def changed_since(since: date) -> dict[int, MeasureStatusChange]:
    """The latest recorded change of each measure changed on or after ``since`` (by measure id)."""
    start = datetime.combine(since, time.min, tzinfo=CITY_TIME).astimezone(UTC)
    latest: dict[int, MeasureStatusChange] = {}
    for change in db.session.execute(
        select(MeasureStatusChange)
        .where(MeasureStatusChange.changed_at >= start)
        .order_by(MeasureStatusChange.changed_at)
    ).scalars():
        latest[change.measure_id] = change
    return latest
