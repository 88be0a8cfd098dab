"""The results map: nothing from the tile server before "Karte laden", markers and attribution after."""

from __future__ import annotations

import json
import re
from types import SimpleNamespace

import pytest

from directory.public.maps import map_data
from directory.web.map_consent import consent_from, tile_origin

DISTRICT = "/districts/neue-neustadt"
TILE_HOST = "tile.openstreetmap.org"


def html(response) -> str:
    return response.get_data(as_text=True)


def test_tile_origin_for_the_policy():
    assert tile_origin("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == "https://tile.openstreetmap.org"
    assert tile_origin("https://{s}.tiles.example.org:8443/{z}/{x}/{y}.png") == "https://*.tiles.example.org:8443"
    assert tile_origin("/tiles/{z}/{x}/{y}.png") is None  # served by the app itself


def test_consent_is_asked_now_or_remembered_and_can_be_revoked():
    assert consent_from({"karte": "1"}, {}) is True
    assert consent_from({}, {"karte": "1"}) is True
    assert consent_from({"karte": "0"}, {"karte": "1"}) is False
    assert consent_from({}, {}) is False


def test_map_data_has_a_marker_per_located_place_and_the_origin_with_radius():
    located = SimpleNamespace(title="A", slug="a", places=[
        SimpleNamespace(lat=52.1, lon=11.6, name="Treff", street="Weg 1"),
        SimpleNamespace(lat=None, lon=None, name="", street=""),
    ])
    remote = SimpleNamespace(title="B", slug="b", places=[])
    data = map_data([located, remote], lambda o: f"/offers/{o.slug}",
                    origin=SimpleNamespace(lat=52.0, lon=11.5, label="Reform"), radius_km=2)
    assert data["markers"] == [{"lat": 52.1, "lon": 11.6, "title": "A", "url": "/offers/a", "place": "Treff, Weg 1"}]
    assert data["origin"] == {"lat": 52.0, "lon": 11.5, "label": "Reform"}
    assert data["radius_km"] == 2.0
    assert map_data([remote], lambda o: "", radius_km=5)["radius_km"] is None  # no origin, no circle


def test_before_opt_in_the_page_names_no_tile_url_and_loads_no_map_code(seeded_client, seeded_app):
    response = seeded_client.get(DISTRICT)
    page = html(response)
    assert "Karte laden" in page and "Auswahl merken" in page
    assert seeded_app.config["TILE_URL"] not in page
    assert "{z}" not in page and "leaflet" not in page.lower() and "map.js" not in page
    assert not re.search(r"(src|href)=\"https?://" + re.escape(TILE_HOST), page)
    assert TILE_HOST not in response.headers["Content-Security-Policy"]
    assert "Set-Cookie" not in response.headers


def test_opt_in_form_is_a_plain_get_form_keeping_the_page_arguments(seeded_client):
    page = html(seeded_client.get("/nachhilfe?near=Neue+Neustadt&cost=free"))
    form = re.search(r'<form method="get" action="/nachhilfe#karte" class="map-consent">(.*?)</form>', page, re.S)
    assert form is not None
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form.group(1)))
    assert fields == {"near": "Neue Neustadt", "cost": "free", "karte": "1"}
    assert 'type="checkbox" name="merken" value="1"' in form.group(1)


def test_after_opt_in_the_map_carries_markers_attribution_and_the_tile_host(seeded_client, seeded_app):
    response = seeded_client.get(DISTRICT + "?karte=1")
    page = html(response)
    assert TILE_HOST in response.headers["Content-Security-Policy"]
    assert f'data-tile-url="{seeded_app.config["TILE_URL"]}"' in page
    assert 'src="/vendor/leaflet/leaflet.js"' in page and 'src="/static/js/map.js' in page
    data = json.loads(re.search(r'<script type="application/json" id="map-data">(.*?)</script>', page, re.S).group(1))
    assert data["markers"] and all(m["url"].startswith("/offers/") for m in data["markers"])
    # Every marker's offer is also in the list: the map is never the only way to reach it.
    assert all(f'href="{m["url"]}"' in page for m in data["markers"])
    assert "OpenStreetMap" in page.split('id="map-data"')[1]  # attribution visible beside the map
    assert "Set-Cookie" not in response.headers  # not remembered unless asked


def test_remembered_choice_is_a_cookie_and_can_be_forgotten(seeded_client):
    response = seeded_client.get(DISTRICT + "?karte=1&merken=1")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("karte=1") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert 'id="map-data"' in html(seeded_client.get("/categories/lernfoerderung"))  # remembered on the next page
    forgotten = seeded_client.get(DISTRICT + "?karte=0")
    assert "karte=;" in forgotten.headers["Set-Cookie"]
    assert "Karte laden" in html(forgotten)
    assert "Karte laden" in html(seeded_client.get(DISTRICT))


def fetch(client, url):
    """Status and type of a streamed file response, closed at once."""
    with client.get(url) as response:
        return response.status_code, response.mimetype


def test_leaflet_is_served_from_the_installed_package(seeded_client):
    status, mimetype = fetch(seeded_client, "/vendor/leaflet/leaflet.js")
    assert status == 200 and "javascript" in mimetype
    assert fetch(seeded_client, "/vendor/leaflet/leaflet.css") == (200, "text/css")
    assert fetch(seeded_client, "/vendor/leaflet/images/marker-icon.png") == (200, "image/png")


@pytest.mark.parametrize("path", ["../__init__.py", "..%2f__init__.py", "nothing.js"])
def test_vendor_route_serves_nothing_outside_the_package(seeded_client, path):
    assert fetch(seeded_client, f"/vendor/leaflet/{path}")[0] == 404
