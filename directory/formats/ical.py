"""iCalendar (RFC 5545) for dated offers, written with the ``icalendar`` package: one offer's file, and feeds.

The package escapes, folds and ends lines as the RFC asks, so we only map an offer to a VEVENT. Times are in
UTC. UIDs stay the same when the site moves host: the offer's UUID with a fixed right-hand side.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from icalendar import Calendar, Event, vCalAddress, vText

from .jsonld import as_utc

PRODID = "-//Wegweiser Magdeburg//Angebote//DE"
UID_DOMAIN = "wegweiser-magdeburg"
REFRESH = timedelta(hours=12)  # how often a subscribed calendar should ask again


def _calendar(name: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("name", name)
        calendar.add("x-wr-calname", name)
        calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    return calendar


def offer_vevent(offer: Any, url: str, now: datetime) -> Event:
    """The offer as a VEVENT. The offer must have ``starts_at``."""
    if offer.starts_at is None:
        raise ValueError("offer has no date")
    event = Event()
    event.add("uid", f"{offer.id}@{UID_DOMAIN}")
    event.add("dtstamp", as_utc(now))
    event.add("dtstart", as_utc(offer.starts_at))
    if offer.ends_at and as_utc(offer.ends_at) > as_utc(offer.starts_at):
        event.add("dtend", as_utc(offer.ends_at))
    event.add("summary", offer.title)
    description = "\n\n".join(part for part in (offer.summary, offer.how_to_access, url) if part)
    event.add("description", description)
    place = next(iter(offer.places), None)
    if place is not None:
        town = f"{place.postcode} {place.city}".strip()
        where = ", ".join(part for part in (place.name, place.street, town) if part)
        if where:
            event.add("location", vText(where))
        if place.lat is not None and place.lon is not None:
            event.add("geo", (round(place.lat, 6), round(place.lon, 6)))
    organisation = offer.organisation
    organiser_email = offer.email or (organisation.email if organisation else "")
    if organisation is not None and organiser_email:
        organiser = vCalAddress(f"mailto:{organiser_email}")
        organiser.params["cn"] = vText(organisation.name)
        event.add("organizer", organiser)
    event.add("url", url)
    if getattr(offer, "category", None) is not None:
        event.add("categories", [offer.category.name])
    event.add("status", "CANCELLED" if offer.status in {"paused", "ended"} else "CONFIRMED")
    return event


def offer_event(offer: Any, url: str, now: datetime | None = None) -> str:
    """One offer as an iCalendar file (a VCALENDAR with one VEVENT)."""
    calendar = _calendar()
    calendar.add_component(offer_vevent(offer, url, now or datetime.now(UTC)))
    return calendar.to_ical().decode("utf-8")


def events_feed(events: Iterable[tuple[Any, str]], name: str, now: datetime | None = None) -> str:
    """A calendar to subscribe to: one VEVENT per (offer, url), all stamped ``now``."""
    calendar = _calendar(name)
    moment = now or datetime.now(UTC)
    for offer, url in events:
        calendar.add_component(offer_vevent(offer, url, moment))
    return calendar.to_ical().decode("utf-8")
