"""Reading the workshop's measures: how the records name them, and what changed since a date.

The use cases that change measures are in ``measure_records``.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from ..extensions import db
from ..models import Measure, MeasureStatusChange


def measure_label(measure: Measure) -> str:
    """A measure as the records name it: the start of its text."""
    text = " ".join((measure.text or measure.key).split())
    return text if len(text) <= 80 else text[:79] + "…"


def changed_since(since: date) -> dict[int, MeasureStatusChange]:
    """The latest change of each measure whose status took effect on or after ``since`` (by measure id).

    The date a status took effect counts, not the day it was recorded: a change entered today for last
    month shows under "geändert seit" last month.
    """
    latest: dict[int, MeasureStatusChange] = {}
    for change in db.session.execute(
        select(MeasureStatusChange)
        .where(MeasureStatusChange.effective_on >= since)
        .order_by(MeasureStatusChange.effective_on, MeasureStatusChange.changed_at)
    ).scalars():
        latest[change.measure_id] = change
    return latest
