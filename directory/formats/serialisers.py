"""The one place where domain objects become plain data (dicts of JSON types).

Pure functions: no database access beyond the relationships already loaded, no ``url_for`` (the caller passes
a URL builder), no request. Shared by the JSON API, exports and JSON-LD, so every consumer sees the same
field names and the same codes (``cost``, ``languages``, ``modes`` are vocabulary codes, not labels).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import Any, Protocol

from ..geo.gazetteer import Origin
from ..models import Category, Challenge, District, Offer, Organisation, Place
from ..models.translation import CONTENT_FIELDS as TRANSLATED_FIELDS

OfferUrl = Callable[[Offer], str]

DISTANCE_DECIMALS = 2  # 10 m: more would claim a precision the centres and street midpoints do not have


class FacetValueLike(Protocol):
    value: str
    label: str
    count: int


class SearchResultLike(Protocol):
    total: int
    page: int
    per_page: int
    origin: Origin | None
    suggestion: str | None
    offers: list[Offer]
    distances: Mapping[Any, float | None]
    remote: set[Any]
    facets: Mapping[str, list[FacetValueLike]]
    understood: Any
    degraded: bool


def understood_data(understood: Any) -> dict[str, Any]:
    """What the search read from the words (see ``search.service.Understood``), for the API's answer."""
    return {
        "filters": {name: list(values) for name, values in understood.filters.items()},
        "filter_words": dict(understood.filter_words),
        "but_offered": understood.but_offered,
        "place": understood.place,
        "place_words": understood.place_words or None,
        "school_level": understood.school_level,
        "grade": understood.grade,
        "corrected_query": understood.corrected_query,
        "original_query": understood.original_query,
        "partial": understood.partial,
        "concepts": list(understood.concepts),
        "words": list(understood.words),
        "dropped": list(understood.dropped),
    }


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


# --- small references, used inside other objects ------------------------------------------------------


def category_ref(category: Category) -> dict[str, str]:
    return {"slug": category.slug, "name": category.name}


def district_ref(district: District) -> dict[str, str]:
    return {"slug": district.slug, "name": district.name}


def challenge_ref(challenge: Challenge) -> dict[str, str]:
    return {"slug": challenge.slug, "name": challenge.title}


def origin_data(origin: Origin | None) -> dict[str, Any] | None:
    if origin is None:
        return None
    return {"lat": origin.lat, "lon": origin.lon, "label": origin.label}


# --- taxonomies ----------------------------------------------------------------------------------------


def category_data(category: Category, offer_count: int | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {**category_ref(category), "description": category.description or ""}
    if offer_count is not None:
        data["offer_count"] = offer_count
    return data


def district_data(district: District) -> dict[str, Any]:
    return {
        **district_ref(district),
        "number": district.number,
        "centre": {"lat": district.centre_lat, "lon": district.centre_lon},
        "postcodes": [code for code in (district.postcodes or "").split(";") if code],
    }


def challenge_data(challenge: Challenge) -> dict[str, Any]:
    return {
        **challenge_ref(challenge),
        "position": challenge.position,
        "description": challenge.description or "",
        "measures": [
            {
                "text": measure.text,
                "status": measure.status,
                "progress_note": measure.progress_note or "",
                "document_note": measure.document_note or "",
                "status_date": _iso(measure.status_date),
            }
            for measure in challenge.active_measures
        ],
    }


# --- offers --------------------------------------------------------------------------------------------


def offer_item(
    offer: Offer, *, offer_url: OfferUrl, distance_km: float | None = None, remote: bool | None = None
) -> dict[str, Any]:
    """An offer as one item of a result list."""
    return {
        "id": str(offer.id),
        "slug": offer.slug,
        "title": offer.title,
        "summary": offer.summary or "",
        "category": category_ref(offer.category),
        "cost": offer.cost,
        "but_eligible": bool(offer.but_eligible),
        "languages": list(offer.languages or []),
        "modes": list(offer.modes or []),
        "districts": [district_ref(district) for district in offer.districts],
        "challenges": [challenge_ref(challenge) for challenge in offer.challenges],
        "distance_km": round(distance_km, DISTANCE_DECIMALS) if distance_km is not None else None,
        "remote": offer.is_remote if remote is None else bool(remote),
        "demo": bool(offer.demo),
        "url": offer_url(offer),
    }


def place_data(place: Place) -> dict[str, Any]:
    return {
        "name": place.name or "",
        "street": place.street or "",
        "postcode": place.postcode or "",
        "city": place.city or "",
        "lat": place.lat,
        "lon": place.lon,
        "district": district_ref(place.district) if place.district is not None else None,
        "step_free": place.step_free,
        "accessibility_note": place.accessibility_note or "",
    }


def organisation_data(organisation: Organisation | None) -> dict[str, Any] | None:
    if organisation is None:
        return None
    return {
        "slug": organisation.slug,
        "name": organisation.name,
        "website": organisation.website or "",
        "email": organisation.email or "",
        "phone": organisation.phone or "",
    }


CODE_LISTS = ("languages", "target_groups", "modes", "settings", "subjects", "school_levels")


def offer_facts(offer: Offer) -> dict[str, Any]:
    """The offer's own facts as plain values (codes, flags, numbers, text).

    One mapping for the API and for revision snapshots, so both always say the same about an offer.
    """
    return {
        "status": offer.status,
        "cost": offer.cost,
        "price_text": offer.price_text or "",
        "but_eligible": bool(offer.but_eligible),
        **{name: list(getattr(offer, name) or []) for name in CODE_LISTS},
        "age_min": offer.age_min,
        "age_max": offer.age_max,
        "registration_required": bool(offer.registration_required),
        "lead_time_days": offer.lead_time_days,
        "how_to_access": offer.how_to_access or "",
        "limitations": offer.limitations or "",
    }


def offer_data(
    offer: Offer, *, offer_url: OfferUrl, distance_km: float | None = None, remote: bool | None = None
) -> dict[str, Any]:
    """Everything public about an offer: the list item plus what a family or professional needs to act on it."""
    data = offer_item(offer, offer_url=offer_url, distance_km=distance_km, remote=remote)
    data.update(
        {
            "description": offer.description or "",
            **offer_facts(offer),
            "opening_hours": dict(offer.opening_hours or {}),
            "starts_at": _iso(offer.starts_at),
            "ends_at": _iso(offer.ends_at),
            "contact": {"phone": offer.phone or "", "email": offer.email or "", "website": offer.website or ""},
            "organisation": organisation_data(offer.organisation),
            "places": [place_data(place) for place in offer.places],
            "focus_areas": [{"slug": area.slug, "name": area.name} for area in offer.focus_areas],
            "citywide": bool(offer.citywide),
            "statewide": bool(offer.statewide),
            "source": {"title": offer.source_title or "", "url": offer.source_url or ""},
            "last_verified": _iso(offer.last_verified),
            "updated_at": _iso(offer.updated_at),
            "translations": {
                translation.locale: {
                    **{name: getattr(translation, name) or "" for name in TRANSLATED_FIELDS["offer"]},
                    # Readers should know: machine-assisted and not reviewed ("übersetzt, nicht geprüft").
                    "origin": translation.origin or "team",
                    "reviewed": translation.is_reviewed,
                }
                for translation in sorted(offer.translations, key=lambda t: t.locale)
            },
        }
    )
    return data


# --- search results ------------------------------------------------------------------------------------


def facets_data(facets: Mapping[str, Iterable[FacetValueLike]]) -> dict[str, list[dict[str, Any]]]:
    return {
        name: [{"value": value.value, "label": str(value.label), "count": int(value.count)} for value in values]
        for name, values in facets.items()
    }


def search_result_data(
    result: SearchResultLike, *, offer_url: OfferUrl, item: Callable[[Offer], dict[str, Any]] | None = None
) -> dict[str, Any]:
    """A search result as the API's answer: paging, origin, suggestion, items and facet counts.

    ``item(offer)`` gives an offer's list item as ``offer_item`` does without a distance (the API keeps them
    per offer version); the result's distances and places are added here.
    """
    item = item or (lambda offer: offer_item(offer, offer_url=offer_url))
    items = []
    for offer in result.offers:
        data = dict(item(offer))
        distance_km = result.distances.get(offer.id)
        data["distance_km"] = round(distance_km, DISTANCE_DECIMALS) if distance_km is not None else None
        # the search marks offers without a place; an offer that has none is remote in any case
        data["remote"] = offer.id in result.remote or data["remote"]
        items.append(data)
    return {
        "total": result.total,
        "page": result.page,
        "per_page": result.per_page,
        "origin": origin_data(result.origin),
        "suggestion": result.suggestion or None,
        "items": items,
        "facets": facets_data(result.facets),
        "understood": understood_data(result.understood),
        # True while the index is rebuilt: the words matched plainly, without ranking or spelling help.
        "degraded": result.degraded,
    }


__all__ = [
    "category_data",
    "category_ref",
    "challenge_data",
    "challenge_ref",
    "district_data",
    "district_ref",
    "facets_data",
    "offer_data",
    "offer_item",
    "organisation_data",
    "origin_data",
    "place_data",
    "search_result_data",
    "understood_data",
]
