"""With a place, nearest first by default; "jetzt geöffnet" with a frozen clock; "stufenlos erreichbar" as a facet.

Both facets work in the HTML search and in the API. The clock is Magdeburg's (``directory.opening.current_time``).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from directory import opening
from tests.factories import make_offer, place_in, reference_data

ORIGIN = "52.168,11.624"  # at the Neustädter See
MONDAY_AFTERNOON = datetime(2026, 11, 30, 13, 30, tzinfo=UTC)  # 14:30 in Magdeburg
MONDAY_EVENING = datetime(2026, 11, 30, 18, 0, tzinfo=UTC)  # 19:00 in Magdeburg
AFTERNOONS = {"weekly": [{"day": "mon", "opens": "14:00", "closes": "17:00"}]}


@pytest.fixture
def search_app(app):
    with app.app_context():
        reference_data()
        # The far one matches in its title (ranks first by relevance); the near one only in its summary.
        make_offer("Nachhilfe in Reform", summary="Lernen am Nachmittag.",
                   places=[place_in("reform", 52.090, 11.640)], opening_hours=AFTERNOONS)
        make_offer("Lerntreff am See", summary="Nachhilfe für alle Klassen.",
                   places=[{**place_in("neustaedter-see", 52.170, 11.626), "step_free": True}],
                   opening_hours={"by_appointment": True})
        make_offer("Nachhilfe am Telefon", modes=["phone"], opening_hours={"weekly": [
            {"day": "mon", "opens": "09:00", "closes": "20:00"}]})
        make_offer("Sprachcafé", category="begegnung", summary="Deutsch sprechen bei Kaffee.",
                   places=[{**place_in("neustaedter-see", 52.169, 11.625), "step_free": False}])
    return app


def titles(page: str) -> list[str]:
    main = page[page.index('class="offer-list"'):]
    return re.findall(r'<h3><a href="/offers/[^"]+"[^>]*>([^<]+)</a>', main)


def api_titles(client, query: str) -> list[str]:
    data = client.get("/api/v1/offers?" + query).get_json()
    return [item["title"] for item in data["items"]]


def test_with_a_place_nearest_first_by_default_and_best_match_on_request(search_app):
    client = search_app.test_client()
    nearest = titles(client.get(f"/search?q=Nachhilfe&near={ORIGIN}").get_data(as_text=True))
    # Located offers by distance (0.3 km before 8.9 km), then the offer without a place.
    assert nearest == ["Lerntreff am See", "Nachhilfe in Reform", "Nachhilfe am Telefon"]
    best = titles(client.get(f"/search?q=Nachhilfe&near={ORIGIN}&sort=relevance").get_data(as_text=True))
    assert best == titles(client.get("/search?q=Nachhilfe").get_data(as_text=True))  # as if there were no place
    assert best != nearest
    assert api_titles(client, f"q=Nachhilfe&near={ORIGIN}") == nearest
    assert client.get("/api/v1/offers?q=Nachhilfe&sort=distance").status_code == 400


def test_the_sort_choice_keeps_best_match_and_defaults_to_nearest(search_app):
    page = search_app.test_client().get(f"/search?q=Nachhilfe&near={ORIGIN}&sort=relevance").get_data(as_text=True)
    assert '<input type="hidden" name="sort" value="relevance">' in page
    assert '<option value="relevance" selected>' in page
    default = search_app.test_client().get(f"/search?q=Nachhilfe&near={ORIGIN}").get_data(as_text=True)
    assert 'name="sort" value="' not in default.split("</form>")[0]
    assert re.search(r'<option value="" selected>\s*nächste zuerst', default)


def test_open_now_with_a_frozen_clock(search_app, monkeypatch):
    client = search_app.test_client()
    monkeypatch.setattr(opening, "current_time", lambda: MONDAY_AFTERNOON)
    page = client.get("/search?q=Nachhilfe&open=now").get_data(as_text=True)
    assert sorted(titles(page)) == ["Nachhilfe am Telefon", "Nachhilfe in Reform"]  # not the one by appointment
    assert "Filter (1)" in page and "jetzt geöffnet entfernen" in page
    facet = client.get("/api/v1/offers?q=Nachhilfe").get_json()["facets"]["open"]
    assert facet == [{"value": "now", "label": "jetzt geöffnet", "count": 2}]
    monkeypatch.setattr(opening, "current_time", lambda: MONDAY_EVENING)
    assert api_titles(client, "q=Nachhilfe&open=now") == ["Nachhilfe am Telefon"]
    monkeypatch.setattr(opening, "current_time", lambda: datetime(2026, 12, 1, 20, 0, tzinfo=UTC))  # Tue 21:00
    assert api_titles(client, "q=Nachhilfe&open=now") == []


def test_step_free_facet_in_the_page_and_the_api(search_app):
    client = search_app.test_client()
    page = client.get("/search?q=").get_data(as_text=True)
    link = re.search(r'<a href="(/search\?[^"]*access=step_free[^"]*)"', page)
    assert link, "the facet 'stufenlos erreichbar' is offered"
    assert re.search(r"stufenlos erreichbar <span class=\"count\">\(1\)</span>", page)
    narrowed = client.get(link.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert titles(narrowed) == ["Lerntreff am See"]
    assert api_titles(client, "access=step_free") == ["Lerntreff am See"]
    data = client.get("/api/v1/offers?q=Nachhilfe").get_json()
    assert data["facets"]["access"] == [{"value": "step_free", "label": "stufenlos erreichbar", "count": 1}]


def test_printed_list_names_the_two_new_filters(search_app, monkeypatch):
    monkeypatch.setattr(opening, "current_time", lambda: MONDAY_AFTERNOON)
    page = search_app.test_client().get("/print/offers?q=Nachhilfe&open=now&access=step_free").get_data(as_text=True)
    assert "stufenlos erreichbar" in page and "jetzt geöffnet" in page


def test_kept_cards_still_say_whether_each_offer_is_open_at_this_moment(search_app, monkeypatch):
    client = search_app.test_client()

    def card(page: str, title: str) -> str:
        start = page.index(f">{title}</a>")
        return page[start:page.index("</article>", start)]

    monkeypatch.setattr(opening, "current_time", lambda: MONDAY_AFTERNOON)
    page = client.get(f"/search?q=Nachhilfe&near={ORIGIN}").get_data(as_text=True)
    assert "jetzt geöffnet" in card(page, "Nachhilfe in Reform")
    assert "nach Vereinbarung" in card(page, "Lerntreff am See")
    assert re.search(r"<li>0,\d km</li>", card(page, "Lerntreff am See"))
    monkeypatch.setattr(opening, "current_time", lambda: MONDAY_EVENING)
    page = client.get(f"/search?q=Nachhilfe&near={ORIGIN}").get_data(as_text=True)
    assert "jetzt geöffnet" not in card(page, "Nachhilfe in Reform")  # the same kept card, the hour has passed
    assert "jetzt geöffnet" in card(page, "Nachhilfe am Telefon")
    # With distances shown, the one offer without a place says it is reachable from anywhere.
    assert page.count('class="remote-note"') == 1
    assert page.index("Nachhilfe am Telefon") < page.index('class="remote-note"')
    assert 'class="remote-note"' not in client.get("/search?q=Nachhilfe").get_data(as_text=True)
