"""The public results page: facets as links, filters removable, distances, errors and empty results."""

from __future__ import annotations

import re

import pytest

from tests.search.test_engine import REGRESSIONS


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def test_home_page_search_box_uses_the_search(seeded_client) -> None:
    html = seeded_client.get("/").get_data(as_text=True)
    assert 'action="/search"' in html and 'name="q"' in html


def test_results_with_facets_and_demo_badge(seeded_client) -> None:
    response = seeded_client.get("/search?q=Nachhilfe")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Angebote gefunden" in html
    assert "Beispiel" in html
    # Facet values are plain links with counts, so they work without JavaScript and can be shared.
    assert re.search(r'href="/search\?q=Nachhilfe&amp;language=ar"', html)
    assert re.search(r"Arabisch <span class=\"count\">\(\d+\)</span>", html)


def test_selected_facet_narrows_and_can_be_removed(seeded_client) -> None:
    everything = text_of(seeded_client.get("/search?q=Nachhilfe"))
    narrowed = seeded_client.get("/search?q=Nachhilfe&language=ar&cost=free")
    html = narrowed.get_data(as_text=True)
    total = int(re.search(r"(\d+) Angebote? gefunden", text_of(narrowed)).group(1))
    assert 0 < total < int(re.search(r"(\d+) Angebote gefunden", everything).group(1))
    assert "Arabisch entfernen" in text_of(narrowed)
    assert 'href="/search?q=Nachhilfe&amp;cost=free"' in html  # the link that removes "Arabisch"


def test_distances_in_german_format_and_remote_offers_marked(seeded_client) -> None:
    response = seeded_client.get("/search?q=Nachhilfe&near=Neust%C3%A4dter+See&sort=distance")
    assert response.status_code == 200
    page = text_of(response)
    assert re.search(r"\d,\d km", page)
    assert "Entfernung ab" in page


def test_a_sure_correction_shows_its_results_at_once_with_a_way_back(seeded_client) -> None:
    response = seeded_client.get("/search?q=sprachmitlung")
    page = text_of(response)
    assert "Ergebnisse für „Sprachmittlung“ – stattdessen nach „sprachmitlung“ suchen" in page
    assert "SiSA" in page
    assert "ignore=spelling" in response.get_data(as_text=True)


def test_the_original_words_can_be_forced_and_then_get_a_suggestion(seeded_client) -> None:
    page = text_of(seeded_client.get("/search?q=sprachmitlung&ignore=spelling"))
    assert "Meinten Sie: sprachmittlung" in page
    assert "stattdessen" not in page


def test_empty_result_offers_ways_out(seeded_client) -> None:
    page = text_of(seeded_client.get("/search?q=Nachhilfe&district=beyendorf-sohlen"))
    assert "keine Angebote" in page
    assert "ohne den Filter" in page


@pytest.mark.parametrize(
    "query", ["radius_km=-1", "radius_km=abc", "sort=distance", "sort=price", "page=0", "near=Atlantis"]
)
def test_bad_parameters_are_a_clear_400(seeded_client, query: str) -> None:
    response = seeded_client.get(f"/search?q=Nachhilfe&{query}")
    assert response.status_code == 400
    assert 'role="alert"' in response.get_data(as_text=True)


@pytest.mark.parametrize("text", REGRESSIONS[:12] + REGRESSIONS[15:])
def test_odd_queries_never_fail_the_page(seeded_client, text: str) -> None:
    assert seeded_client.get("/search", query_string={"q": text}).status_code == 200


def test_search_on_an_empty_index_answers_with_no_results(app):
    """Regression: a fresh database with an empty index made every search a 500."""
    client = app.test_client()
    response = client.get("/search?q=nachhilfe")
    assert response.status_code == 200
    assert client.get("/api/v1/offers?q=nachhilfe").get_json()["total"] == 0


def test_results_offer_a_print_view_and_an_opt_in_map_of_the_same_set(seeded_client):
    page = seeded_client.get("/search?q=nachhilfe&near=Neustaedter+See").get_data(as_text=True)
    assert 'href="/print/offers?q=nachhilfe&amp;near=Neustaedter+See"' in page
    # On the results page the map is a link to the map view of the same set, where the opt-in waits.
    assert 'href="/search/karte?q=nachhilfe&amp;near=Neustaedter+See"' in page
    assert "Karte laden" in seeded_client.get("/search/karte?q=nachhilfe&near=Neustaedter+See").get_data(as_text=True)
    assert "{z}/{x}/{y}" not in page and "leaflet" not in page.lower()  # nothing loads before the reader asks
    printed = seeded_client.get("/print/offers?q=nachhilfe&near=Neustaedter+See")
    assert printed.status_code == 200
    assert "<svg" in printed.get_data(as_text=True)


def _total(response) -> int:
    return int(re.search(r"(\d+) Angebote? gefunden", text_of(response)).group(1))


def test_filter_words_become_removable_chips(seeded_client) -> None:
    response = seeded_client.get("/search?q=kostenlose+Nachhilfe+auf+Arabisch")
    html, page = response.get_data(as_text=True), text_of(response)
    assert "Aus Ihren Worten verstanden:" in page
    assert "Kosten: kostenlos" in page and "Sprache: Arabisch" in page
    assert 'href="/search?q=kostenlose+Nachhilfe+auf+Arabisch&amp;ignore=cost"' in html
    assert "&amp;cost=but" in html  # the offer to include BuT
    undone = seeded_client.get("/search?q=kostenlose+Nachhilfe+auf+Arabisch&ignore=cost&ignore=language")
    assert "Aus Ihren Worten verstanden:" not in text_of(undone)
    assert _total(undone) > _total(response)


def test_a_place_in_the_words_is_where_distances_are_measured_from(seeded_client) -> None:
    page = text_of(seeded_client.get("/search?q=Nachhilfe+in+Neust%C3%A4dter+See"))
    assert "Entfernung ab Neustädter See" in page and re.search(r"\d,\d km", page)


def test_a_sentence_finds_offers_with_most_of_its_words(seeded_client) -> None:
    page = text_of(seeded_client.get("/search?q=Mathe+Nachhilfe+f%C3%BCr+meinen+Sohn+Klasse+7+Quirlwort"))
    assert "Ergebnisse, die nicht alle Wörter enthalten" in page
    assert "Schule: Sekundarstufe I" in page
    assert _total(seeded_client.get("/search?q=%22Mathe+Quirlwort%22")) == 0  # the syntax is taken literally


def test_the_api_reports_what_it_understood(seeded_client) -> None:
    answer = seeded_client.get("/api/v1/offers", query_string={"q": "безкоштовно репетитор"}).get_json()
    understood = answer["understood"]
    assert understood["filters"] == {"cost": ["free"]} and understood["but_offered"] is True
    assert understood["concepts"] == ["nachhilfe"] and understood["partial"] is False
    assert all(item["cost"] == "free" for item in answer["items"])
