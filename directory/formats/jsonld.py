"""schema.org JSON-LD for an offer: what search engines and other services can read from an offer page.

A pure function over the offer; the caller passes the absolute URLs. A dated offer is an ``Event``,
anything else a ``Service``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

_ATTENDANCE = {
    "offline": "https://schema.org/OfflineEventAttendanceMode",
    "online": "https://schema.org/OnlineEventAttendanceMode",
    "mixed": "https://schema.org/MixedEventAttendanceMode",
}
_EVENT_STATUS = {
    "paused": "https://schema.org/EventPostponed",
    "ended": "https://schema.org/EventCancelled",
}
_REMOTE_MODES = {"phone", "video", "online"}


def as_utc(moment: datetime) -> datetime:
    """A stored moment in UTC; naive values are UTC (as the templates' date filters read them)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _place(place: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@type": "Place",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": place.street,
            "postalCode": place.postcode,
            "addressLocality": place.city,
            "addressCountry": "DE",
        },
    }
    if place.name:
        data["name"] = place.name
    if place.lat is not None and place.lon is not None:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": place.lat, "longitude": place.lon}
    return data


def _provider(offer: Any) -> dict[str, Any] | None:
    organisation = offer.organisation
    if organisation is None:
        return None
    data = {"@type": "Organization", "name": organisation.name}
    if organisation.website:
        data["url"] = organisation.website
    return data


def _area(offer: Any) -> list[dict[str, Any]]:
    if offer.statewide:
        return [{"@type": "State", "name": "Sachsen-Anhalt"}]
    if offer.citywide:
        return [{"@type": "City", "name": "Magdeburg"}]
    return [{"@type": "AdministrativeArea", "name": f"Magdeburg-{d.name}"} for d in offer.districts]


def _price(offer: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Offer", "priceCurrency": "EUR"}
    if offer.cost == "free":
        data["price"] = 0
    if offer.price_text:
        data["description"] = offer.price_text
    return data


def offer_jsonld(offer: Any, url: str, languages: dict[str, str] | None = None) -> dict[str, Any]:
    """The offer as schema.org data. ``languages`` maps ISO codes to names (default: the codes)."""
    languages = languages or {}
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event" if offer.starts_at else "Service",
        "@id": url,
        "url": url,
        "name": offer.title,
    }
    if offer.summary or offer.description:
        data["description"] = offer.summary or offer.description
    provider = _provider(offer)
    spoken = [str(languages.get(code, code)) for code in offer.languages]
    places = [_place(place) for place in offer.places]
    if offer.starts_at:
        data["startDate"] = as_utc(offer.starts_at).isoformat()
        if offer.ends_at:
            data["endDate"] = as_utc(offer.ends_at).isoformat()
        data["eventStatus"] = _EVENT_STATUS.get(offer.status, "https://schema.org/EventScheduled")
        remote = bool(set(offer.modes) & _REMOTE_MODES)
        mode = "mixed" if places and remote else ("online" if remote and not places else "offline")
        data["eventAttendanceMode"] = _ATTENDANCE[mode]
        if offer.cost != "unknown":
            data["isAccessibleForFree"] = offer.cost == "free"
        if places:
            data["location"] = places if len(places) > 1 else places[0]
        elif remote:
            data["location"] = {"@type": "VirtualLocation", "url": offer.website or url}
        if provider:
            data["organizer"] = provider
        if offer.languages:
            data["inLanguage"] = list(offer.languages)
        data["offers"] = _price(offer) | {"url": url}
    else:
        data["serviceType"] = offer.category.name
        if provider:
            data["provider"] = provider
        area = _area(offer)
        if area:
            data["areaServed"] = area
        channels = [{"@type": "ServiceChannel", "serviceLocation": place} for place in places]
        if offer.website:
            channels.append({"@type": "ServiceChannel", "serviceUrl": offer.website})
        if offer.phone or offer.email:
            contact = {"@type": "ContactPoint", "telephone": offer.phone, "email": offer.email}
            channels.append({"@type": "ServiceChannel", "servicePhone": {k: v for k, v in contact.items() if v}})
        for channel in channels:
            if spoken:
                channel["availableLanguage"] = spoken
        if channels:
            data["availableChannel"] = channels
        data["offers"] = _price(offer)
    if offer.last_verified:
        data["dateModified"] = offer.last_verified.isoformat()
    return data
