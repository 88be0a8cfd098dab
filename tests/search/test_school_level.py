"""A school level in the words ("Klasse 7", "7. sınıf", "7 клас") narrows the results to offers for that level
and offers that name none; the chip and ``ignore=school`` undo it."""

from __future__ import annotations

import pytest

from tests.factories import make_offer, reference_data


@pytest.fixture
def client(app):
    with app.app_context():
        reference_data()
        make_offer("Mathe Nachhilfe Grundschule", subjects=["math"], school_levels=["primary"])
        make_offer("Mathe Nachhilfe Mittelstufe", subjects=["math"], school_levels=["secondary_1"])
        make_offer("Mathe Nachhilfe für alle", subjects=["math"])
    return app.test_client()


def titles(client, **query) -> set[str]:
    answer = client.get("/api/v1/offers", query_string=query).get_json()
    return {item["title"] for item in answer["items"]}


@pytest.mark.parametrize("q", ["Mathe Nachhilfe Klasse 7", "Mathe Nachhilfe 7. Klasse", "matematik özel ders 7. sınıf",
                               "репетитор з математики 7 клас"])
def test_a_grade_in_the_words_leaves_out_offers_for_other_levels(client, q):
    answer = client.get("/api/v1/offers", query_string={"q": q}).get_json()
    assert {item["title"] for item in answer["items"]} == {"Mathe Nachhilfe Mittelstufe", "Mathe Nachhilfe für alle"}
    assert answer["understood"]["school_level"] == "secondary_1"
    assert answer["understood"]["grade"] == 7


def test_the_school_level_can_be_removed(client):
    everything = {"Mathe Nachhilfe Grundschule", "Mathe Nachhilfe Mittelstufe", "Mathe Nachhilfe für alle"}
    assert titles(client, q="Mathe Nachhilfe Klasse 3") == {"Mathe Nachhilfe Grundschule", "Mathe Nachhilfe für alle"}
    answer = client.get("/api/v1/offers", query_string={"q": "Mathe Nachhilfe", "ignore": "school"}).get_json()
    assert {item["title"] for item in answer["items"]} == everything
    page = client.get("/search", query_string={"q": "Mathe Nachhilfe Klasse 7"}).get_data(as_text=True)
    assert "Mathe Nachhilfe Grundschule" not in page
    assert 'href="/search?q=Mathe+Nachhilfe+Klasse+7&amp;ignore=school"' in page
    page = client.get("/search", query_string={"q": "Mathe Nachhilfe Klasse 7", "ignore": "school"}).get_data(
        as_text=True)
    assert "Mathe Nachhilfe Grundschule" in page  # "Klasse 7" is then searched as words, ranked partially
