"""Use cases on offers. The same mapping from plain data to an offer serves seeding, import and forms."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select

from ...clock import in_city_time
from ...extensions import db
from ...models import Category, Challenge, District, FocusArea, Measure, Offer, Organisation, Place, vocab
from ...text import slugify
from ..unit_of_work import unit_of_work


class OfferDataError(ValueError):
    """Plain offer data that cannot become an offer; the message says which field and why."""


_TEXT_FIELDS = (
    "title", "summary", "description", "price_text", "how_to_access", "limitations",
    "phone", "email", "website", "source_title", "source_url",
)
_CODE_LISTS = {
    "languages": vocab.LANGUAGES,
    "target_groups": vocab.TARGET_GROUPS,
    "modes": vocab.MODES,
    "settings": vocab.SETTINGS,
    "subjects": vocab.SUBJECTS,
    "school_levels": vocab.SCHOOL_LEVELS,
}
_CODES = {"status": vocab.OFFER_STATUSES, "cost": vocab.COSTS, "workflow_state": vocab.WORKFLOW_STATES}


def _one_by(model: type, column: str, value: Any, field: str) -> Any:
    found = db.session.execute(select(model).where(getattr(model, column) == value)).scalar_one_or_none()
    if found is None:
        raise OfferDataError(f"{field}: unbekannt: {value!r}")
    return found


def _as_date(value: Any, field: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise OfferDataError(f"{field}: kein Datum: {value!r}") from exc


def _as_datetime(value: Any, field: str) -> datetime | None:
    """A moment, stored in UTC; without an offset it is Magdeburg's local time.

    SQLite keeps no offset: an aware value would be read back as its wall-clock time, so convert first.
    """
    if value in (None, ""):
        return None
    if not isinstance(value, datetime):
        try:
            value = datetime.fromisoformat(str(value))
        except ValueError as exc:
            raise OfferDataError(f"{field}: kein Zeitpunkt: {value!r}") from exc
    return in_city_time(value).astimezone(UTC)


def _as_int(value: Any, field: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise OfferDataError(f"{field}: keine Zahl: {value!r}") from exc


def unique_offer_slug(title: str, offer: Offer | None = None) -> str:
    """A slug for the title that no other offer uses (suffixed -2, -3, … when taken)."""
    base = slugify(title)
    candidate, n = base, 1
    while True:
        other = db.session.execute(select(Offer.id).where(Offer.slug == candidate)).scalar_one_or_none()
        if other is None or (offer is not None and other == offer.id):
            return candidate
        n += 1
        candidate = f"{base}-{n}"


def _source_date(text: Any) -> date | None:
    """A page's own date as sources give it ("2024", "2024-04", "2024-04-18"); None when it gives none."""
    if text in (None, ""):
        return None
    if isinstance(text, date):
        return text
    parts = str(text).strip().split("-")
    try:
        numbers = [int(part) for part in parts]
        return date(numbers[0], *(numbers[1:] or [1]), *([1] if len(numbers) < 3 else []))
    except (ValueError, TypeError, IndexError):
        raise OfferDataError(f"sources: kein Datum: {text!r}") from None


def _sources(value: Any) -> list[dict[str, Any]]:
    """Sources as plain data: each with a title, an address (or None) and the page's own date (or None)."""
    sources = []
    for item in value or []:
        if not isinstance(item, Mapping) or not str(item.get("title") or "").strip():
            raise OfferDataError("sources: jede Quelle braucht einen Titel")
        date_text = item.get("date")
        _source_date(date_text)  # validates
        sources.append({
            "title": str(item["title"]).strip(),
            "url": str(item.get("url") or "").strip() or None,
            "date": str(date_text) if date_text not in (None, "") else None,
        })
    return sources


def upsert_place(data: Mapping[str, Any]) -> Place:
    """The place with this key, created or updated from the data (a place without a key is new)."""
    key = data.get("key") or None
    place = None
    if key:
        place = db.session.execute(select(Place).where(Place.key == key)).scalar_one_or_none()
    if place is None:
        place = Place(key=key)
        db.session.add(place)
    return apply_place_data(place, data)


def apply_place_data(place: Place, data: Mapping[str, Any]) -> Place:
    """Set a place's address, coordinates, Stadtteil and access facts from plain data."""
    for field in ("name", "street", "postcode", "city", "accessibility_note"):
        if field in data:
            setattr(place, field, str(data[field] or "").strip())
    lat, lon = data.get("lat"), data.get("lon")
    if (lat is None) != (lon is None):
        raise OfferDataError("Ort: Breite und Länge nur zusammen angeben")
    place.lat = float(lat) if lat is not None else None
    place.lon = float(lon) if lon is not None else None
    district = data.get("district")
    place.district = _one_by(District, "slug", district, "Ort/Stadtteil") if district else None
    place.step_free = data.get("step_free")
    precision = data.get("location_precision")
    if precision is not None and precision not in vocab.LOCATION_PRECISIONS:
        raise OfferDataError(f"Ort: unbekannte Genauigkeit {precision!r}")
    place.location_precision = precision if place.lat is not None else None
    if not place.city:
        place.city = "Magdeburg"
    return place


def apply_offer_data(offer: Offer, data: Mapping[str, Any]) -> Offer:
    """Set an offer's fields from plain data (as in ``seed_data/*.yaml``), resolving slugs to rows.

    Only the keys present are changed. Raises ``OfferDataError`` on unknown codes or references.
    """
    # The offer may be incomplete until the end: look references up without flushing it.
    with db.session.no_autoflush:
        return _apply_offer_data(offer, data)


def _apply_offer_data(offer: Offer, data: Mapping[str, Any]) -> Offer:
    for field in _TEXT_FIELDS:
        if field in data:
            setattr(offer, field, str(data[field] or "").strip())
    if not (offer.title or "").strip():
        raise OfferDataError("title: Titel fehlt")
    for field, vocabulary in _CODES.items():
        if field in data and data[field] is not None:
            if data[field] not in vocabulary:
                raise OfferDataError(f"{field}: unbekannter Wert {data[field]!r}")
            setattr(offer, field, data[field])
    for field, vocabulary in _CODE_LISTS.items():
        if field in data:
            codes = list(dict.fromkeys(data[field] or []))
            unknown = [code for code in codes if code not in vocabulary]
            if unknown:
                raise OfferDataError(f"{field}: unbekannte Werte {unknown!r}")
            setattr(offer, field, codes)
    for field in ("but_eligible", "demo"):
        if field in data:
            setattr(offer, field, bool(data[field]))
    if "registration_required" in data:  # None: the source does not say
        value = data["registration_required"]
        offer.registration_required = None if value is None or value == "" else bool(value)
    for field in ("age_min", "age_max", "lead_time_days"):
        if field in data:
            setattr(offer, field, _as_int(data[field], field))
    if offer.age_min is not None and offer.age_max is not None and offer.age_min > offer.age_max:
        raise OfferDataError("age_min: Mindestalter ist größer als Höchstalter")
    if "external_id" in data:
        offer.external_id = data["external_id"] or None
    if "last_verified" in data:
        offer.last_verified = _as_date(data["last_verified"], "last_verified")
    if "sources" in data:
        offer.sources = _sources(data["sources"])
        dates = [_source_date(source["date"]) for source in offer.sources if source["date"]]
        offer.source_date = max(dates) if dates else None
        if offer.sources and not (data.get("source_title") or "").strip():
            offer.source_title = offer.sources[0]["title"][:500]
            offer.source_url = (offer.sources[0]["url"] or "")[:500]
    if "researched_on" in data:
        offer.researched_on = _as_date(data["researched_on"], "researched_on")
    if "starts_at" in data:
        offer.starts_at = _as_datetime(data["starts_at"], "starts_at")
    if "ends_at" in data:
        offer.ends_at = _as_datetime(data["ends_at"], "ends_at")
    if "opening_hours" in data:
        offer.opening_hours = normalise_opening_hours(data["opening_hours"])
    if "category" in data:
        offer.category = _one_by(Category, "slug", data["category"], "category")
    if "organisation" in data:
        slug = data["organisation"]
        offer.organisation = _one_by(Organisation, "slug", slug, "organisation") if slug else None
    if "places" in data:
        offer.places = [_place(place) for place in data["places"] or []]
    area = data.get("service_area")
    if area is not None:
        offer.districts = [_one_by(District, "slug", s, "service_area.districts") for s in area.get("districts", [])]
        offer.focus_areas = [
            _one_by(FocusArea, "slug", s, "service_area.focus_areas") for s in area.get("focus_areas", [])
        ]
        offer.citywide = bool(area.get("citywide", False))
        offer.statewide = bool(area.get("statewide", False))
    if "challenges" in data:
        offer.challenges = [_one_by(Challenge, "slug", s, "challenges") for s in data["challenges"] or []]
    if "measures" in data:
        offer.measures = [_one_by(Measure, "key", k, "measures") for k in data["measures"] or []]
    if "suggested_challenges" in data:
        offer.suggested_challenges = [
            _one_by(Challenge, "slug", s, "suggested_challenges") for s in data["suggested_challenges"] or []
        ]
    if "suggested_measures" in data:
        offer.suggested_measures = [
            _one_by(Measure, "key", k, "suggested_measures") for k in data["suggested_measures"] or []
        ]
    if not offer.slug or ("slug" in data and data["slug"]):
        offer.slug = unique_offer_slug(data.get("slug") or offer.title, offer)
    return offer


def _place(value: Any) -> Place:
    """A place given inline (a mapping, upserted by key) or by reference (its id or key, left unchanged)."""
    if isinstance(value, Mapping):
        return upsert_place(value)
    reference = str(value)
    try:
        place = db.session.get(Place, uuid.UUID(reference))
    except ValueError:
        place = db.session.execute(select(Place).where(Place.key == reference)).scalar_one_or_none()
    if place is None:
        raise OfferDataError(f"places: unbekannter Ort {reference!r}")
    return place


def normalise_opening_hours(value: Any) -> dict[str, Any]:
    """Validate opening hours: {"weekly": [{"day","opens","closes"}], "by_appointment", "note"}."""
    value = value or {}
    if not isinstance(value, Mapping):
        raise OfferDataError("opening_hours: erwartet eine Zuordnung")
    weekly = []
    for slot in value.get("weekly") or []:
        day, opens, closes = slot.get("day"), str(slot.get("opens", "")), str(slot.get("closes", ""))
        if day not in vocab.WEEKDAYS:
            raise OfferDataError(f"opening_hours: unbekannter Wochentag {day!r}")
        if not (_is_time(opens) and _is_time(closes)) or opens >= closes:
            raise OfferDataError(f"opening_hours: ungültige Zeiten {opens!r}–{closes!r}")
        weekly.append({"day": day, "opens": opens, "closes": closes})
    order = list(vocab.WEEKDAYS)
    weekly.sort(key=lambda s: (order.index(s["day"]), s["opens"]))
    return {
        "weekly": weekly,
        "by_appointment": bool(value.get("by_appointment", False)),
        "note": str(value.get("note") or "").strip(),
    }


def _is_time(text: str) -> bool:
    if len(text) != 5 or text[2] != ":":
        return False
    hours, minutes = text[:2], text[3:]
    return hours.isdigit() and minutes.isdigit() and int(hours) < 24 and int(minutes) < 60


def create_offer(data: Mapping[str, Any]) -> Offer:
    """Create an offer from plain data and commit it."""
    offer = Offer()
    with unit_of_work():
        db.session.add(offer)
        apply_offer_data(offer, data)
    return offer
