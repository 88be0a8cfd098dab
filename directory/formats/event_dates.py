"""Dates of events as people read them: per locale (Babel), in Magdeburg's time, without seconds.

"8. Dez. 2026, 17:30–19:30 Uhr": one date and a time range when an event starts and ends on the same day;
both dates with their times when it runs over several days.
"""

from __future__ import annotations

from datetime import date, datetime

from babel import Locale
from babel.dates import format_date, format_interval, format_skeleton

from ..clock import CITY_TIME


def _local(moment: datetime) -> datetime:
    return (moment if moment.tzinfo else moment.replace(tzinfo=CITY_TIME)).astimezone(CITY_TIME)


def _join(locale: Locale, day: str, time: str) -> str:
    """Date and time joined the way the locale joins them (German: "8. Dez. 2026, 17:30")."""
    pattern = locale.datetime_formats.get("medium", "{1}, {0}")
    return str(pattern).replace("{1}", day).replace("{0}", time)


def format_day(value: date, locale: str = "de") -> str:
    """A day with its weekday, e.g. "Dienstag, 8. Dezember 2026" (the headings of the events list)."""
    return format_date(value, "full", locale=locale) if value else ""


def format_event_time(starts: datetime | None, ends: datetime | None = None, locale: str = "de") -> str:
    """The event's date and time; a time range on one day, else start and end each with their date."""
    if starts is None:
        return ""
    loc = Locale.parse(locale)
    start = _local(starts)
    day = format_skeleton("yMMMd", start, locale=loc)
    if ends is None or _local(ends) <= start:
        return _join(loc, day, format_skeleton("Hm", start, tzinfo=CITY_TIME, locale=loc))
    end = _local(ends)
    if end.date() == start.date():
        return _join(loc, day, format_interval(start, end, "Hm", tzinfo=CITY_TIME, locale=loc))
    end_day = format_skeleton("yMMMd", end, locale=loc)
    start_text = _join(loc, day, format_skeleton("Hm", start, tzinfo=CITY_TIME, locale=loc))
    return f"{start_text} – {_join(loc, end_day, format_skeleton('Hm', end, tzinfo=CITY_TIME, locale=loc))}"
