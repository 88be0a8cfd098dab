"""iCalendar (RFC 5545) for dated offers: one VEVENT per file, times in UTC.

Pure functions: content lines are escaped (section 3.3.11), folded at 75 octets (3.1) and end in CRLF.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from .jsonld import as_utc

PRODID = "-//Wegweiser Magdeburg//Angebote//DE"
CRLF = "\r\n"
# UIDs must not change when the site moves host: the offer's UUID with a fixed right-hand side.
UID_DOMAIN = "wegweiser-magdeburg"


def escape_text(value: str) -> str:
    """A TEXT value: backslash, semicolon, comma and line breaks escaped."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str, limit: int = 75) -> str:
    """Fold a content line into chunks of at most ``limit`` octets, never splitting a UTF-8 character."""
    chunks, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        # Continuation lines start with a space, which counts towards their length.
        if size + width > limit:
            chunks.append(current)
            current, size = " ", 1
        current += char
        size += width
    chunks.append(current)
    return CRLF.join(chunks)


def _stamp(moment: datetime) -> str:
    return as_utc(moment).strftime("%Y%m%dT%H%M%SZ")


def offer_event(offer: Any, url: str, now: datetime | None = None) -> str:
    """The offer as an iCalendar file (a VCALENDAR with one VEVENT). The offer must have ``starts_at``."""
    if offer.starts_at is None:
        raise ValueError("offer has no date")
    now = now or datetime.now(UTC)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{offer.id}@{UID_DOMAIN}",
        f"DTSTAMP:{_stamp(now)}",
        f"DTSTART:{_stamp(offer.starts_at)}",
    ]
    if offer.ends_at and as_utc(offer.ends_at) > as_utc(offer.starts_at):
        lines.append(f"DTEND:{_stamp(offer.ends_at)}")
    lines.append(f"SUMMARY:{escape_text(offer.title)}")
    description = "\n\n".join(part for part in (offer.summary, offer.how_to_access, url) if part)
    lines.append(f"DESCRIPTION:{escape_text(description)}")
    place = next(iter(offer.places), None)
    if place is not None:
        where = ", ".join(p for p in (place.name, place.street, f"{place.postcode} {place.city}".strip()) if p)
        lines.append(f"LOCATION:{escape_text(where)}")
        if place.lat is not None and place.lon is not None:
            lines.append(f"GEO:{place.lat:.6f};{place.lon:.6f}")
    organiser_email = offer.email or (offer.organisation.email if offer.organisation else "")
    if offer.organisation is not None and organiser_email:
        lines.append(f"ORGANIZER;CN={_param(offer.organisation.name)}:mailto:{organiser_email}")
    lines.append(f"URL:{url}")
    if offer.status in {"paused", "ended"}:
        lines.append("STATUS:CANCELLED")
    else:
        lines.append("STATUS:CONFIRMED")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + CRLF for line in lines)


def _param(value: str) -> str:
    """A parameter value: quoted, with the characters a quoted value cannot hold removed."""
    return '"' + value.replace('"', "'").replace("\r", " ").replace("\n", " ") + '"'
