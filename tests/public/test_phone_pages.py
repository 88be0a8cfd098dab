"""Phone first: results before filters, the map as a link, one-tap actions, no empty sections, app shell."""

from __future__ import annotations

import json
import re

import pytest

from directory.config import PROJECT_ROOT
from tests.factories import make_offer, place_in, reference_data

SW_AND_MANIFEST_BUDGET = 15 * 1024


@pytest.fixture
def client(seeded_client):
    """The shared read-only client on the full seed."""
    return seeded_client


def text(response) -> str:
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_results_come_before_the_filters_which_sit_behind_one_details(client):
    page = text(client.get("/search?q=nachhilfe&cost=free&language=ar"))
    main = page[page.index('<main'):]
    count = main.index('id="results-heading"')
    details = main.index('<details class="filters"')
    first_result = main.index('class="offer-list"')
    assert main.index('id="q"') < count < details < first_result
    assert main.count("<details") == 1  # one control for all filters
    summary = re.search(r'<details class="filters"[^>]*>\s*<summary>([^<]+)</summary>', main)
    assert summary and summary.group(1).strip() == "Filter (2)"
    facets = main[details:first_result]
    assert "cost=free" in facets and 'name="near"' in facets and 'name="sort"' in facets
    # the active filters stay visible as chips above the results
    assert main.index('class="active-filters"') < details


def test_the_map_is_a_link_to_the_map_view(client):
    page = text(client.get("/search?q=nachhilfe"))
    assert 'class="results-map"' not in page and "Karte laden" not in page
    link = re.search(r'href="(/search/karte\?[^"]+)"', page)
    assert link and "q=nachhilfe" in link.group(1)
    map_page = text(client.get(link.group(1).replace("&amp;", "&")))
    assert 'class="results-map"' in map_page and "Karte laden" in map_page
    assert 'href="/search?q=nachhilfe"' in map_page


def test_map_view_with_an_unknown_place_says_so(client):
    response = client.get("/search/karte?q=nachhilfe&near=Atlantis")
    assert response.status_code == 400 and "Atlantis" in response.get_data(as_text=True)


@pytest.fixture
def offers_app(app):
    with app.app_context():
        reference_data()
        make_offer("Volles Angebot", phone="0391 123456", email="info@example.org",
                   places=[place_in("neue-neustadt", 52.151, 11.628, street="Lübecker Straße 10")],
                   opening_hours={"weekly": [{"day": "mon", "opens": "14:00", "closes": "17:00"}]})
        make_offer("Ohne Kontakt und Ort", modes=["phone"])
        make_offer("Vor Ort ohne Zeiten", places=[place_in("neue-neustadt", 52.151, 11.628)])
    return app


def test_offer_has_one_tap_actions(offers_app):
    page = text(offers_app.test_client().get("/offers/volles-angebot"))
    actions = page[page.index('class="offer-actions'):page.index('data-bookmark-status')]
    assert 'href="tel:0391123456"' in actions and 'href="mailto:info@example.org"' in actions
    assert 'href="geo:52.151000,11.628000?q=52.151000,11.628000(L%C3%BCbecker%20Stra%C3%9Fe%2010)"' in actions
    assert '<details class="share"' in actions and 'readonly value="http://localhost/offers/volles-angebot"' in actions
    # The bookmark button exists for the script to reveal; without JavaScript it stays hidden.
    assert re.search(r'<button type="button" class="action" hidden[^>]*data-bookmark', actions)
    assert 'data-path="/offers/volles-angebot"' in actions
    # The OpenStreetMap route is a link followed only on a tap: nothing on the page loads from there.
    assert 'href="https://www.openstreetmap.org/directions?route=%3B52.151000%2C11.628000"' in page
    assert not re.search(r'(src|srcset)="https?://', page)


def test_no_empty_sections_on_an_offer_page(offers_app):
    client = offers_app.test_client()
    bare = text(client.get("/offers/ohne-kontakt-und-ort"))
    for heading in ("contact-heading", "where-heading", "hours-heading"):
        assert heading not in bare
    assert "Kontaktdaten folgen" not in bare and "Fragen Sie beim Anbieter nach" not in bare
    assert "tel:" not in bare and "geo:" not in bare
    located = text(client.get("/offers/vor-ort-ohne-zeiten"))
    assert "hours-heading" not in located and "Fragen Sie beim Anbieter nach." in located
    assert "where-heading" in located and "Teststraße 1, 39100 Magdeburg" in located
    full = text(client.get("/offers/volles-angebot"))
    assert "hours-heading" in full and "Fragen Sie beim Anbieter nach" not in full


def test_manifest_and_icons(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200 and response.mimetype == "application/manifest+json"
    manifest = json.loads(response.data)
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512", "any"} <= sizes
    for icon in manifest["icons"]:
        path = icon["src"].split("?")[0]
        response = client.get(icon["src"])
        assert response.status_code == 200
        response.close()
        assert (PROJECT_ROOT / path.lstrip("/")).is_file()
    png = (PROJECT_ROOT / "static/img/icon-512.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and int.from_bytes(png[16:20], "big") == 512
    page = text(client.get("/"))
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert re.search(r'<script src="/static/js/app\.js\?v=\w+" defer></script>', page)


def test_service_worker_is_served_for_the_whole_site_within_budget(client):
    response = client.get("/sw.js")
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert "no-cache" in response.headers["Cache-Control"]
    body = response.get_data(as_text=True)
    shell = json.loads(re.search(r"var SHELL = (\[.*?\]);", body).group(1))
    assert shell[0] == "/merkliste" and any(url.startswith("/static/css/site.css?v=") for url in shell)
    assert "/*VERSION*/" not in body and "[/*SHELL*/]" not in body
    manifest = client.get("/manifest.webmanifest").data
    assert len(response.data) + len(manifest) <= SW_AND_MANIFEST_BUDGET


def test_bookmark_list_page_sets_no_cookie(client):
    response = client.get("/merkliste")
    assert response.status_code == 200 and "Set-Cookie" not in response.headers
    page = response.get_data(as_text=True)
    assert "data-bookmark-list" in page and "<noscript>" in page
    home = text(client.get("/"))
    assert '<li hidden data-bookmarks-link><a href="/merkliste">' in home


def test_offer_date_is_formatted_without_seconds(client):
    page = text(client.get("/veranstaltungen"))
    link = re.search(r'href="(/offers/[a-z0-9-]+)"', page[page.index("<main"):])
    assert link, "the seed has upcoming events"
    offer = text(client.get(link.group(1)))
    when = re.search(r"<dt>Termin</dt><dd>([^<]+)", offer).group(1).strip()
    assert not re.search(r"\d:\d\d:\d\d", when) and re.search(r"\d{4}, \d\d:\d\d", when), when
