"""API validation: every unknown value is a 400 naming its field, and OpenAPI says which values exist.

Regression: unknown values of `target_group`, `language` and `category` answered 200 with 0 results, while an
unknown `cost` answered 400.
"""

from __future__ import annotations

import re

import pytest

from tests.api.test_api import assert_error, assert_matches


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("target_group", "martians"),
        ("language", "xx"),
        ("category", "gibt-es-nicht"),
        ("district", "atlantis"),
        ("challenge", "keine"),
        ("cost", "cheap"),
        ("mode", "telepathy"),
        ("access", "lift"),
        ("open", "later"),
        ("ignore", "everything"),
    ],
)
def test_an_unknown_value_is_a_400_naming_the_field(seeded_client, name: str, value: str) -> None:
    response = seeded_client.get("/api/v1/offers", query_string={name: value})
    body = assert_error(response, 400, name)
    assert body == {"error": "invalid_parameter", "field": name, "message": body["message"]}
    assert value in body["message"]
    assert_matches("Error", body)


def test_an_unknown_value_among_known_ones_is_named(seeded_client) -> None:
    body = assert_error(seeded_client.get("/api/v1/offers?language=ar,de,xx"), 400, "language")
    assert "xx" in body["message"]


def test_the_listed_slugs_are_accepted(seeded_client) -> None:
    category = seeded_client.get("/api/v1/categories").get_json()[0]["slug"]
    district = seeded_client.get("/api/v1/districts").get_json()[0]["slug"]
    challenge = seeded_client.get("/api/v1/challenges").get_json()[0]["slug"]
    response = seeded_client.get(f"/api/v1/offers?category={category}&district={district}&challenge={challenge}"
                                 "&language=ar&target_group=children&mode=in_person&access=step_free&open=now")
    assert response.status_code == 200, response.get_json()


def test_openapi_describes_edited_rows_by_pattern_and_list_endpoint(seeded_client) -> None:
    document = seeded_client.get("/api/v1/openapi.json").get_json()
    parameters = {p["name"]: p for p in document["paths"]["/offers"]["get"]["parameters"]}
    for name, endpoint in (("category", "/categories"), ("district", "/districts"), ("challenge", "/challenges")):
        items = parameters[name]["schema"]["items"]
        assert "enum" not in items  # the team adds and renames these rows
        assert re.fullmatch(items["pattern"], "nachhilfe-und-lernen")
        assert not re.fullmatch(items["pattern"], "Nachhilfe und Lernen")
        assert endpoint in parameters[name]["description"]
    for name in ("language", "target_group", "mode", "cost", "access", "open", "ignore"):
        assert parameters[name]["schema"]["items"]["enum"]


def test_a_query_longer_than_documented_is_a_400(seeded_client) -> None:
    assert seeded_client.get("/api/v1/offers", query_string={"q": "a" * 500}).status_code == 200
    assert_error(seeded_client.get("/api/v1/offers", query_string={"q": "a" * 501}), 400, "q")


@pytest.mark.parametrize("value", ["0", "-5"])
def test_fewer_than_one_per_page_is_a_400(seeded_client, value: str) -> None:
    """Regression: per_page=0 answered 200 (the documented minimum is 1)."""
    assert_error(seeded_client.get(f"/api/v1/offers?per_page={value}"), 400, "per_page")
