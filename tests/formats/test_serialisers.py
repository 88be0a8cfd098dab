"""Serialisers are pure: plain objects in, JSON-ready dicts out. No app, no database."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import date

from directory.formats.serialisers import challenge_data, district_data, offer_data, offer_item, search_result_data
from directory.geo.gazetteer import Origin
from directory.models import Category, Challenge, District, Offer, OfferTranslation, Organisation, Place
from directory.search.service import Understood

ITEM_KEYS = {
    "id", "slug", "title", "summary", "category", "cost", "but_eligible", "languages", "modes", "districts",
    "challenges", "distance_km", "remote", "demo", "url",
}


def url(offer: Offer) -> str:
    return f"https://wegweiser.example/offers/{offer.slug}"


def make_offer(**extra) -> Offer:
    district = District(number="30", name="Sudenburg", slug="sudenburg", centre_lat=52.11, centre_lon=11.6,
                        postcodes="39112;39116")
    offer = Offer(
        id=uuid.UUID("00000000-0000-4000-8000-000000000001"),
        slug="mathe-nachhilfe",
        title="Mathe-Nachhilfe",
        summary="Kostenlose Nachhilfe",
        category=Category(slug="lernfoerderung", name="Lernförderung"),
        cost="free",
        but_eligible=True,
        languages=["de", "ar"],
        modes=["in_person"],
        demo=True,
        districts=[district],
        challenges=[Challenge(slug="lernfoerderung", title="Zusätzliche Lernförderung", position=2)],
        places=[Place(name="Treff", street="Halberstädter Str. 1", postcode="39112", lat=52.11, lon=11.6,
                      district=district)],
        organisation=Organisation(slug="verein", name="Verein e. V."),
        translations=[OfferTranslation(locale="en", title="Maths tutoring")],
        last_verified=date(2024, 5, 1),
        **extra,
    )
    return offer


def test_offer_item_has_exactly_the_documented_fields() -> None:
    item = offer_item(make_offer(), offer_url=url, distance_km=1.23456)
    assert set(item) == ITEM_KEYS
    assert item["id"] == "00000000-0000-4000-8000-000000000001"
    assert item["category"] == {"slug": "lernfoerderung", "name": "Lernförderung"}
    assert item["districts"] == [{"slug": "sudenburg", "name": "Sudenburg"}]
    assert item["challenges"] == [{"slug": "lernfoerderung", "name": "Zusätzliche Lernförderung"}]
    assert item["distance_km"] == 1.23
    assert item["remote"] is False and item["demo"] is True and item["but_eligible"] is True
    assert item["url"] == "https://wegweiser.example/offers/mathe-nachhilfe"
    json.dumps(item)  # plain JSON types only


def test_an_offer_without_a_place_is_remote_and_has_no_distance() -> None:
    offer = make_offer()
    offer.places = []
    item = offer_item(offer, offer_url=url)
    assert item["remote"] is True and item["distance_km"] is None


def test_full_offer_adds_what_a_family_needs_to_act() -> None:
    data = offer_data(make_offer(), offer_url=url)
    assert set(data) >= ITEM_KEYS
    assert data["places"][0]["district"] == {"slug": "sudenburg", "name": "Sudenburg"}
    assert data["organisation"]["name"] == "Verein e. V."
    assert data["translations"] == {"en": {
        "title": "Maths tutoring", "summary": "", "description": "", "how_to_access": "", "limitations": "",
        "origin": "team", "reviewed": False,
    }}
    assert data["last_verified"] == "2024-05-01"
    json.dumps(data)


def test_district_keeps_the_original_api_fields() -> None:
    data = district_data(make_offer().districts[0])
    assert data == {
        "slug": "sudenburg", "name": "Sudenburg", "number": "30", "centre": {"lat": 52.11, "lon": 11.6},
        "postcodes": ["39112", "39116"],
    }


def test_challenge_uses_name_like_the_other_references() -> None:
    data = challenge_data(Challenge(slug="x", title="Begegnungsangebote", position=6, measures=[]))
    assert data["name"] == "Begegnungsangebote" and data["measures"] == []


@dataclass
class Facet:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Result:
    offers: list
    total: int = 1
    page: int = 1
    per_page: int = 20
    origin: Origin | None = None
    suggestion: str | None = None
    distances: dict = field(default_factory=dict)
    remote: set = field(default_factory=set)
    facets: dict = field(default_factory=dict)
    understood: Understood = field(default_factory=Understood)
    degraded: bool = False


def test_search_result_envelope() -> None:
    offer = make_offer()
    result = Result(
        offers=[offer],
        origin=Origin(52.1, 11.6, "Sudenburg", "district"),
        distances={offer.id: 0.5},
        facets={"cost": [Facet("free", "kostenlos", 1, True)]},
    )
    data = search_result_data(result, offer_url=url)
    assert list(data) == [
        "total", "page", "per_page", "origin", "suggestion", "items", "facets", "understood", "degraded"
    ]
    assert data["origin"] == {"lat": 52.1, "lon": 11.6, "label": "Sudenburg"}
    assert data["items"][0]["distance_km"] == 0.5
    assert data["facets"] == {"cost": [{"value": "free", "label": "kostenlos", "count": 1}]}
    assert data["suggestion"] is None
