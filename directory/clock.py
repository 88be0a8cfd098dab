"""Time in Magdeburg: the zone people type and read times in, and how naive times are understood."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

CITY_TIME = ZoneInfo("Europe/Berlin")


def in_city_time(value: datetime) -> datetime:
    """A timestamp with a zone: a naive one is read as Magdeburg time (what a person typed)."""
    return value.replace(tzinfo=CITY_TIME) if value.tzinfo is None else value
