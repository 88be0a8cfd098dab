"""JSON API v1: golden shapes, filters and distance, errors as JSON, caching, and no 5xx for any input."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from sqlalchemy import select

from directory.api.openapi import openapi_document
from directory.api.views import MAX_PER_PAGE
from directory.extensions import db
from directory.models import Offer

ITEM_KEYS = {
    "id", "slug", "title", "summary", "category", "cost", "but_eligible", "languages", "modes", "districts",
    "challenges", "distance_km", "remote", "demo", "url",
}
ENVELOPE_KEYS = {"total", "page", "per_page", "origin", "suggestion", "items", "facets", "understood", "degraded"}
FACET_NAMES = {"category", "cost", "language", "district", "target_group", "mode"}

_DOCUMENT = openapi_document()


def assert_matches(schema_name: str, data: Any) -> None:
    """Validate an answer against the API's own OpenAPI description."""
    validator = Draft202012Validator({**_DOCUMENT, "$ref": f"#/components/schemas/{schema_name}"})
    errors = sorted(validator.iter_errors(data), key=str)
    assert not errors, errors[0]


def assert_error(response, status: int, field: str | None = None) -> dict:
    assert response.status_code == status
    assert response.is_json
    body = response.get_json()
    assert set(body) >= {"error", "message"} and body["message"]
    assert_matches("Error", body)
    if field is not None:
        assert body["field"] == field
    return body


# --- search -------------------------------------------------------------------------------------------


def test_search_golden_shape(seeded_client) -> None:
    response = seeded_client.get("/api/v1/offers?q=nachhilfe")
    assert response.status_code == 200 and response.is_json
    data = response.get_json()
    assert set(data) == ENVELOPE_KEYS
    assert data["total"] >= len(data["items"]) > 0
    assert data["page"] == 1 and data["origin"] is None and data["degraded"] is False
    for item in data["items"]:
        assert set(item) == ITEM_KEYS
        assert set(item["category"]) == {"slug", "name"}
        assert item["url"] == f"http://localhost/offers/{item['slug']}"
        assert item["distance_km"] is None
    assert set(data["facets"]) >= FACET_NAMES
    for values in data["facets"].values():
        for value in values:
            assert set(value) == {"value", "label", "count"}
    assert_matches("SearchResult", data)


def test_search_without_parameters_lists_all_published_offers(seeded_client, seeded_app: Flask) -> None:
    with seeded_app.app_context():
        published = db.session.execute(
            select(db.func.count(Offer.id)).where(Offer.workflow_state == "published", Offer.status != "ended")
        ).scalar_one()
    data = seeded_client.get("/api/v1/offers?per_page=100").get_json()
    assert data["total"] == published >= 60


def test_near_a_district_sorted_by_distance_puts_remote_offers_last(seeded_client) -> None:
    data = seeded_client.get("/api/v1/offers?near=Neustaedter+See&sort=distance&per_page=100").get_json()
    assert data["origin"] == {"lat": 52.170725, "lon": 11.634461, "label": "Neustädter See"}
    items = data["items"]
    local = [item for item in items if not item["remote"]]
    remote = [item for item in items if item["remote"]]
    assert local and remote
    assert items == local + remote  # available-from-anywhere offers come after the local ones
    distances = [item["distance_km"] for item in local]
    assert None not in distances and distances == sorted(distances)
    assert all(item["distance_km"] is None for item in remote)


def test_radius_keeps_nearby_and_remote_offers(seeded_client) -> None:
    data = seeded_client.get("/api/v1/offers?near=52.12,11.60&radius_km=1.5&per_page=100").get_json()
    assert data["origin"]["label"] == "52.12000, 11.60000"
    assert any(item["remote"] for item in data["items"])  # never silently dropped
    assert all(item["distance_km"] <= 1.5 for item in data["items"] if not item["remote"])
    wider = seeded_client.get("/api/v1/offers?near=52.12,11.60&radius_km=10&per_page=100").get_json()
    assert wider["total"] > data["total"]


def test_filters_combine(seeded_client) -> None:
    data = seeded_client.get("/api/v1/offers?cost=but&per_page=100").get_json()
    assert data["items"] and all(item["but_eligible"] for item in data["items"])
    data = seeded_client.get("/api/v1/offers?language=ar&mode=phone&per_page=100").get_json()
    assert data["items"]
    assert all("ar" in item["languages"] and "phone" in item["modes"] for item in data["items"])


def test_paging(seeded_client) -> None:
    first = seeded_client.get("/api/v1/offers?per_page=5").get_json()
    second = seeded_client.get("/api/v1/offers?per_page=5&page=2").get_json()
    assert len(first["items"]) == len(second["items"]) == 5
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}
    beyond = seeded_client.get("/api/v1/offers?per_page=5&page=999").get_json()
    assert beyond["items"] == [] and beyond["total"] == first["total"]


def test_per_page_is_capped(seeded_client) -> None:
    data = seeded_client.get("/api/v1/offers?per_page=100000").get_json()
    assert data["per_page"] == MAX_PER_PAGE


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("near=Atlantis", "near"),
        ("near=Sudenburg&radius_km=-1", "radius_km"),
        ("near=Sudenburg&radius_km=abc", "radius_km"),
        ("near=Sudenburg&radius_km=nan", "radius_km"),
        ("sort=newest", "sort"),
        ("sort=distance", "sort"),  # distance from where?
        ("page=0", "page"),
        ("page=x", "page"),
        ("cost=cheap", "cost"),
    ],
)
def test_invalid_parameters_are_a_400_in_json(seeded_client, query: str, field: str) -> None:
    response = seeded_client.get(f"/api/v1/offers?{query}")
    body = assert_error(response, 400, field)
    assert body["error"] == "invalid_parameter"
    assert "no-store" in response.headers["Cache-Control"]


# --- single offers and taxonomies ---------------------------------------------------------------------


def test_offer_by_id_and_by_slug(seeded_client, seeded_app: Flask) -> None:
    with seeded_app.app_context():
        offer = db.session.execute(select(Offer).filter_by(external_id="sisa")).scalar_one()
        offer_id, slug = str(offer.id), offer.slug
    by_id = seeded_client.get(f"/api/v1/offers/{offer_id}").get_json()
    by_slug = seeded_client.get(f"/api/v1/offers/{slug}").get_json()
    assert by_id == by_slug
    assert by_id["id"] == offer_id and by_id["statewide"] is True and by_id["remote"] in (True, False)
    assert by_id["limitations"]  # what SiSA does not cover
    assert by_id["source"]["title"] or by_id["source"]["url"]
    assert_matches("Offer", by_id)


@pytest.mark.parametrize(
    "ident", ["no-such-offer", "00000000-0000-4000-8000-000000000000", "%00", "x" * 500, "%C3%A4", "a%20b", "A"]
)
def test_unknown_offer_is_a_404_in_json(seeded_client, ident: str) -> None:
    assert_error(seeded_client.get(f"/api/v1/offers/{ident}"), 404)


def test_unpublished_offer_is_not_served(app: Flask) -> None:
    from directory.models import Category

    with app.app_context():
        category = Category(slug="beratung", name="Beratung")
        draft = Offer(slug="entwurf", title="Entwurf", category=category, workflow_state="draft")
        db.session.add(draft)
        db.session.commit()
        ident = str(draft.id)
    client = app.test_client()
    assert_error(client.get(f"/api/v1/offers/{ident}"), 404)
    assert_error(client.get("/api/v1/offers/entwurf"), 404)


def test_categories(seeded_client) -> None:
    data = seeded_client.get("/api/v1/categories").get_json()
    assert_matches_list("Category", data)
    tutoring = next(category for category in data if category["slug"] == "lernfoerderung")
    assert tutoring["offer_count"] > 0


def test_districts_stay_compatible(seeded_client) -> None:
    data = seeded_client.get("/api/v1/districts").get_json()
    assert len(data) == 40
    assert_matches_list("District", data)
    see = next(district for district in data if district["slug"] == "neustaedter-see")
    assert see["name"] == "Neustädter See" and see["number"] == "08"
    assert set(see["centre"]) == {"lat", "lon"}


def test_challenges_in_the_documents_order(seeded_client) -> None:
    data = seeded_client.get("/api/v1/challenges").get_json()
    assert len(data) == 10
    assert_matches_list("Challenge", data)
    assert data[0]["name"].startswith("Bedarf Sprachmittlung")
    assert [c["position"] for c in data] == sorted(c["position"] for c in data)


def assert_matches_list(schema_name: str, data: list) -> None:
    assert isinstance(data, list) and data
    for entry in data:
        assert_matches(schema_name, entry)


# --- HTTP behaviour -----------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/api/v1/offers", "/api/v1/categories", "/api/v1/offers/x", "/api/v1/districts"])
def test_wrong_methods_are_405_in_json(seeded_client, url: str) -> None:
    for method in (seeded_client.post, seeded_client.put, seeded_client.delete, seeded_client.patch):
        response = method(url)
        assert_error(response, 405)
        assert "GET" in response.headers["Allow"]


def test_answers_are_cacheable_and_revalidate(seeded_client) -> None:
    response = seeded_client.get("/api/v1/districts")
    assert "public" in response.headers["Cache-Control"] and "max-age=3600" in response.headers["Cache-Control"]
    etag = response.headers["ETag"]
    again = seeded_client.get("/api/v1/districts", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    changed = seeded_client.get("/api/v1/districts", headers={"If-None-Match": '"something-else"'})
    assert changed.status_code == 200 and changed.headers["ETag"] == etag
    search = seeded_client.get("/api/v1/offers?q=Nachhilfe")
    assert search.headers["Cache-Control"] == "public, max-age=60"
    again = seeded_client.get("/api/v1/offers?q=Nachhilfe", headers={"If-None-Match": search.headers["ETag"]})
    assert again.status_code == 304
    search = seeded_client.get("/api/v1/offers?q=kita")
    assert "max-age=60" in search.headers["Cache-Control"]


def test_openapi_document_is_served_and_self_consistent(seeded_client) -> None:
    document = seeded_client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) == {"/offers", "/offers/{ident}", "/categories", "/districts", "/challenges"}
    assert document["servers"] == [{"url": "http://localhost/api/v1"}]
    Draft202012Validator.check_schema({**document["components"]["schemas"]["SearchResult"]})
    _assert_refs_resolve(document, document)
    params = {p["name"] for p in document["paths"]["/offers"]["get"]["parameters"]}
    assert params == {"q", "category", "cost", "language", "district", "challenge", "target_group", "mode", "access",
                      "open", "near", "radius_km", "sort", "page", "per_page", "ignore"}


def _assert_refs_resolve(node: Any, document: dict) -> None:
    if isinstance(node, dict):
        if "$ref" in node:
            target: Any = document
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
        for value in node.values():
            _assert_refs_resolve(value, document)
    elif isinstance(node, list):
        for value in node:
            _assert_refs_resolve(value, document)


# --- robustness: whatever the query string, never a 5xx -----------------------------------------------

_ODD = st.sampled_from(
    ["", " ", "a NOT NOT b", '"unbalanced', "(", "*", "-1", "0", "1e309", "nan", "inf", "52.1,11.6", "\x00",
     "Neustädter See", "ar", "but", "distance", "ü" * 300, "١٢٣", "%", "&", "?", "💡"]
)
_VALUE = st.one_of(_ODD, st.text(max_size=40), st.integers(-5, 10**12).map(str), st.floats().map(str))
_NAMES = st.sampled_from(
    ["q", "category", "cost", "language", "district", "challenge", "target_group", "mode", "near", "radius_km",
     "sort", "page", "per_page", "unknown"]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=st.lists(st.tuples(_NAMES, _VALUE), max_size=6))
def test_no_query_string_gives_a_server_error(seeded_client, params: list[tuple[str, str]]) -> None:
    response = seeded_client.get("/api/v1/offers", query_string=params)
    assert response.status_code in (200, 400), response.get_data(as_text=True)[:500]
    assert response.is_json
    if response.status_code == 200:
        assert_matches("SearchResult", response.get_json())
    else:
        assert_matches("Error", response.get_json())
