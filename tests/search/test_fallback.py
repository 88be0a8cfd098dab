"""Without a usable index the search answers from the database: marked, never an error or a silent nothing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import select

from directory.extensions import db
from directory.geo.gazetteer import Origin
from directory.models import ZeroResultQuery
from directory.search.params import SearchParams
from directory.search.service import search
from tests.conftest import make_app
from tests.factories import category, district, make_offer, place_in


@pytest.fixture
def offers(app) -> None:
    with app.app_context():
        category()
        district()
        make_offer("Schwimmkurs für Kinder", languages=["de"], places=[place_in("altstadt", 52.20, 11.63)])
        make_offer("Schwimmkurs auf Arabisch", languages=["ar"], places=[place_in("altstadt", 52.13, 11.63, "Weg 2")])
        make_offer("Nähcafé", languages=["de"])


@pytest.fixture
def no_index(app, offers, tmp_path) -> Iterator[Flask]:
    """A host without an index whose indexer runs in another process (so none is built here)."""
    host = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "empty", SEARCH_INDEXER="off")
    yield host
    with host.app_context():
        db.session.remove()
        db.engine.dispose()


def test_the_api_answers_from_the_database_and_says_so(no_index) -> None:
    client = no_index.test_client()
    found = client.get("/api/v1/offers?q=Schwimmkurs").get_json()
    assert found["degraded"] is True
    assert sorted(item["title"] for item in found["items"]) == ["Schwimmkurs auf Arabisch", "Schwimmkurs für Kinder"]
    assert [i["title"] for i in client.get("/api/v1/offers?q=schwimmkurs&language=ar").get_json()["items"]] == [
        "Schwimmkurs auf Arabisch"
    ]
    assert client.get("/api/v1/offers?q=Quxxelwort").get_json()["total"] == 0
    with no_index.app_context():  # a miss while degraded says nothing about the directory
        assert db.session.execute(select(ZeroResultQuery)).first() is None


def test_the_results_page_shows_a_notice(no_index) -> None:
    page = no_index.test_client().get("/search?q=Schwimmkurs").get_data(as_text=True)
    assert "Die Suche wird gerade neu aufgebaut" in page
    assert "Schwimmkurs für Kinder" in page and "Nähcafé" not in page


def test_the_fallback_puts_the_nearest_first(no_index) -> None:
    with no_index.test_request_context():
        result = search(SearchParams(origin=Origin(52.13, 11.63, "Altstadt", "district")))
    assert result.degraded
    assert [offer.title for offer in result.offers][:2] == ["Schwimmkurs auf Arabisch", "Schwimmkurs für Kinder"]
