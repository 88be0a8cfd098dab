"""Is an offer open now? Opening hours read in Magdeburg's time zone. Pure functions, no app needed.

Opening hours are ``{"weekly": [{"day": "mon", "opens": "14:00", "closes": "17:00"}, …], "by_appointment": bool,
"note": str}``. Only the weekly slots make an offer open; "nach Vereinbarung" (by appointment) never counts as
open now, it has its own label. A slot whose closing time is not after its opening time runs past midnight.

For the search, each slot becomes an interval of minutes of the week (Monday 00:00 = 0), so that "open at this
moment" is one comparison per slot.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from .clock import CITY_TIME

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEK_MINUTES = 7 * 24 * 60

OPEN = "open"
CLOSED = "closed"
BY_APPOINTMENT = "by_appointment"
UNKNOWN = "unknown"


def _minutes(text: str) -> int | None:
    try:
        hours, minutes = (int(part) for part in str(text).split(":", 1))
    except (TypeError, ValueError):
        return None
    if not (0 <= hours <= 24 and 0 <= minutes < 60) or hours * 60 + minutes > 24 * 60:
        return None
    return hours * 60 + minutes


def week_intervals(hours: Mapping[str, Any] | None) -> list[tuple[int, int]]:
    """The weekly slots as [start, end) minutes of the week; a slot past midnight (or past Sunday) is split."""
    intervals: list[tuple[int, int]] = []
    for slot in (hours or {}).get("weekly") or []:
        day = slot.get("day")
        opens, closes = _minutes(slot.get("opens", "")), _minutes(slot.get("closes", ""))
        if day not in DAYS or opens is None or closes is None:
            continue
        start = DAYS.index(day) * 24 * 60 + opens
        end = DAYS.index(day) * 24 * 60 + closes
        if closes <= opens:
            end += 24 * 60  # past midnight
        if end > WEEK_MINUTES:
            intervals += [(start, WEEK_MINUTES), (0, end - WEEK_MINUTES)]
        else:
            intervals.append((start, end))
    return intervals


def minute_of_week(moment: datetime) -> int:
    """Minutes since Monday 00:00 in Magdeburg (a naive moment is read as Magdeburg time)."""
    local = moment.replace(tzinfo=CITY_TIME) if moment.tzinfo is None else moment.astimezone(CITY_TIME)
    return local.weekday() * 24 * 60 + local.hour * 60 + local.minute


def is_open(hours: Mapping[str, Any] | None, moment: datetime) -> bool:
    minute = minute_of_week(moment)
    return any(start <= minute < end for start, end in week_intervals(hours))


def opening_state(
    hours: Mapping[str, Any] | None, moment: datetime, intervals: list[tuple[int, int]] | None = None
) -> str:
    """``open`` now, ``by_appointment`` (and not open now), ``closed`` (has hours, not now) or ``unknown``.

    ``intervals``: ``week_intervals(hours)`` when the caller keeps them."""
    intervals = week_intervals(hours) if intervals is None else intervals
    return state_at(hours, minute_of_week(moment), intervals)


def state_at(hours: Mapping[str, Any] | None, minute: int, intervals: list[tuple[int, int]]) -> str:
    """``opening_state`` at a minute of the week (``minute_of_week``), with the hours' ``week_intervals``."""
    if any(start <= minute < end for start, end in intervals):
        return OPEN
    if (hours or {}).get("by_appointment"):
        return BY_APPOINTMENT
    return CLOSED if intervals else UNKNOWN


def current_time() -> datetime:
    """Now, in UTC. The one place the search and the pages ask; tests replace it to freeze the clock."""
    return datetime.now(CITY_TIME).astimezone(UTC)


def state_now(hours: Mapping[str, Any] | None) -> str:
    return opening_state(hours, current_time())
