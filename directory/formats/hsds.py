"""Pure mapping of offers to HSDS 3.0 ``service`` documents.

HSDS wants a UUID on every nested object. We derive them from the offer's id and the object's role
(uuid5), so the same offer always exports the same identifiers and consumers can diff exports.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from ..models import Offer, Organisation, Place, vocab

# HSDS service status for our offer status.
STATUS = {
    "active": "active",
    "planned": "inactive",
    "in_preparation": "inactive",
    "paused": "temporarily closed",
    "ended": "defunct",
}
BYDAY = {"mon": "MO", "tue": "TU", "wed": "WE", "thu": "TH", "fri": "FR", "sat": "SA", "sun": "SU"}
TAXONOMY = "wegweiser-magdeburg"
STATE = "Sachsen-Anhalt"


def derived_id(parent: uuid.UUID, *parts: object) -> str:
    """A stable UUID for a nested object of ``parent``."""
    return str(uuid.uuid5(parent, "/".join(str(p) for p in parts)))


def _text(*parts: str) -> str:
    return "\n\n".join(p.strip() for p in parts if p and p.strip())


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None


def organisation_document(organisation: Organisation) -> dict[str, Any]:
    document: dict[str, Any] = {
        "id": str(organisation.id),
        "name": organisation.name,
        "description": organisation.description or organisation.name,
    }
    if organisation.website:
        document["website"] = organisation.website
    if organisation.email:
        document["email"] = organisation.email
    if organisation.phone:
        document["phones"] = [{"id": derived_id(organisation.id, "phone"), "number": organisation.phone}]
    return document


def location_document(place: Place) -> dict[str, Any]:
    document: dict[str, Any] = {
        "id": str(place.id),
        "location_type": "physical",
        "name": place.name or place.street,
        "addresses": [
            {
                "id": derived_id(place.id, "address"),
                "address_1": place.street,
                "city": place.city or "Magdeburg",
                "region": place.district.name if place.district else None,
                "state_province": STATE,
                "postal_code": place.postcode,
                "country": "DE",
                "address_type": "physical",
            }
        ],
    }
    if place.has_coordinates:
        document["latitude"] = place.lat
        document["longitude"] = place.lon
    if place.step_free is not None:
        document["accessibility"] = [
            {
                "id": derived_id(place.id, "accessibility"),
                "description": "stufenlos erreichbar" if place.step_free else "nicht stufenlos erreichbar",
                "details": place.accessibility_note or None,
            }
        ]
    return document


def _term(offer_id: uuid.UUID, kind: str, code: str, name: str, description: str = "") -> dict[str, Any]:
    term_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{TAXONOMY}:{kind}:{code}"))
    return {
        "id": derived_id(offer_id, "attribute", kind, code),
        "taxonomy_term_id": term_id,
        "link_entity": "service",
        "value": code,
        "taxonomy_term": {
            "id": term_id,
            "code": code,
            "name": name,
            "description": description or name,
            "taxonomy": f"{TAXONOMY}:{kind}",
            "language": "de",
        },
    }


def service_document(offer: Offer, page_url: Callable[[Offer], str]) -> dict[str, Any]:
    """One offer as an HSDS 3.0 service (validates against ``schema/compiled/service.json``)."""
    oid = offer.id
    languages = [
        {"id": derived_id(oid, "language", code), "code": code, "name": str(vocab.LANGUAGES.get(code, code))}
        for code in offer.languages
    ]
    hours = offer.opening_hours or {}
    schedules = [
        {
            "id": derived_id(oid, "schedule", i),
            "freq": "WEEKLY",
            "wkst": "MO",
            "byday": BYDAY[slot["day"]],
            "opens_at": slot["opens"],
            "closes_at": slot["closes"],
            "attending_type": "in person" if "in_person" in offer.modes else None,
            "notes": hours.get("note") or None,
        }
        for i, slot in enumerate(hours.get("weekly") or [])
    ]
    if offer.starts_at:
        schedules.append(
            {
                "id": derived_id(oid, "schedule", "event"),
                "dtstart": offer.starts_at.isoformat(),
                "until": _iso(offer.ends_at),
                "count": 1,
                "description": "Termin",
            }
        )
    if hours.get("by_appointment"):
        schedules.append({"id": derived_id(oid, "schedule", "appointment"), "description": "nach Vereinbarung"})

    areas = []
    if offer.statewide:
        areas.append({"id": derived_id(oid, "area", "state"), "name": STATE, "extent_type": "state"})
    if offer.citywide:
        areas.append({"id": derived_id(oid, "area", "city"), "name": "Magdeburg", "extent_type": "city"})
    for district in offer.districts:
        areas.append(
            {"id": derived_id(oid, "area", "district", district.number), "name": district.name,
             "description": f"Stadtteil {district.number} der Landeshauptstadt Magdeburg"}
        )
    for area in offer.focus_areas:
        areas.append({"id": derived_id(oid, "area", "focus", area.slug), "name": area.name})

    cost_options = [
        {
            "id": derived_id(oid, "cost"),
            "option": str(vocab.COSTS.get(offer.cost, offer.cost)),
            "currency": "EUR",
            "amount": 0 if offer.cost == "free" else None,
            "amount_description": offer.price_text or None,
        }
    ]
    if offer.but_eligible:
        cost_options.append(
            {"id": derived_id(oid, "cost", "but"), "option": "Bildung und Teilhabe (BuT): Lernförderung",
             "currency": "EUR", "amount": 0}
        )

    attributes = [_term(oid, "category", offer.category.slug, offer.category.name, offer.category.description)]
    attributes += [_term(oid, "mode", code, str(vocab.MODES.get(code, code))) for code in offer.modes]
    attributes += [
        _term(oid, "target_group", code, str(vocab.TARGET_GROUPS.get(code, code))) for code in offer.target_groups
    ]
    attributes += [_term(oid, "challenge", c.slug, c.title) for c in offer.challenges]
    if offer.demo:
        attributes.append(_term(oid, "flag", "demo", "Beispiel", "Erfundenes Beispielangebot, kein echtes Angebot"))

    document: dict[str, Any] = {
        "id": str(oid),
        "organization_id": str(offer.organisation.id) if offer.organisation else None,
        "name": offer.title,
        "description": _text(offer.summary, offer.description) or offer.title,
        "url": offer.website or page_url(offer),
        "email": offer.email or None,
        "status": STATUS.get(offer.status, "inactive"),
        "interpretation_services": None,
        "application_process": _text(
            offer.how_to_access, "Anmeldung nötig." if offer.registration_required else ""
        ) or None,
        "fees_description": _text(str(vocab.COSTS.get(offer.cost, offer.cost)), offer.price_text) or None,
        "wait_time": f"mindestens {offer.lead_time_days} Tage vorher anfragen" if offer.lead_time_days else None,
        "eligibility_description": _text(
            ", ".join(str(vocab.TARGET_GROUPS.get(c, c)) for c in offer.target_groups),
            f"Nicht im Angebot: {offer.limitations}" if offer.limitations else "",
        ) or None,
        "minimum_age": offer.age_min,
        "maximum_age": offer.age_max,
        "assured_date": _iso(offer.last_verified),
        "last_modified": offer.updated_at.isoformat() if offer.updated_at else None,
        "phones": [{"id": derived_id(oid, "phone"), "number": offer.phone}] if offer.phone else [],
        "schedules": schedules,
        "service_areas": areas,
        "service_at_locations": [
            {"id": derived_id(oid, "at", place.id), "location": location_document(place)} for place in offer.places
        ],
        "languages": languages,
        "cost_options": cost_options,
        "attributes": attributes,
    }
    if offer.organisation:
        document["organization"] = organisation_document(offer.organisation)
    return _drop_none(document)


def _drop_none(value: Any) -> Any:
    """HSDS fields are optional but typed: an absent field is valid where ``null`` is not."""
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value


def page(items: list[dict[str, Any]], total: int, page_number: int, size: int) -> dict[str, Any]:
    """The HSDS paginated list envelope."""
    total_pages = max(1, -(-total // size)) if size else 1
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page_number,
        "size": size,
        "first_page": page_number == 1,
        "last_page": page_number >= total_pages,
        "empty": not items,
        "contents": items,
    }
