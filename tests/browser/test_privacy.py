"""Private by default: no page asks another host for anything, and every page carries the CSP that enforces it."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import visit
from tests.browser.pages import BY_NAME, PAGE_NAMES

pytestmark = pytest.mark.browser


def own_origin(url: str, origin: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or f"{parts.scheme}://{parts.netloc}" == origin


@pytest.mark.parametrize("name", [name for name in PAGE_NAMES if not BY_NAME[name].map_opted_in])
def test_page_requests_nothing_from_another_host(page_for, site, name):
    page_type = BY_NAME[name]
    page = page_for(page_type)
    origin = site.server.url
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    # Nothing may leave, even if the test failed to notice: abort instead of fetching.
    page.route(lambda url: not own_origin(url, origin), lambda route: route.abort())
    response = visit(page, site.url(page_type))
    elsewhere = [url for url in requested if not own_origin(url, origin)]
    assert not elsewhere, f"{name} asked other hosts: {elsewhere}"
    assert len(requested) >= 1
    policy = response.header_value("content-security-policy") or ""
    assert "default-src 'self'" in policy, f"{name}: no CSP with default-src 'self' ({policy!r})"
    assert "img-src 'self' data:;" in policy + ";", "before the map is chosen, no image host is allowed"


def test_map_tiles_are_requested_only_after_the_reader_chose_the_map(page_for, site):
    origin = site.server.url
    tile_host = urlsplit(site.server.app.config["TILE_URL"].replace("{s}", "a")).hostname
    page = page_for(BY_NAME["map"])
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.route(lambda url: not own_origin(url, origin), lambda route: route.abort())
    visit(page, site.url(BY_NAME["map"]), wait_until="networkidle")
    assert not [url for url in requested if not own_origin(url, origin)]
    # The reader presses "Karte laden": now, and only now, tiles are asked for (aborted here).
    page.get_by_role("button", name="Karte laden").click()
    page.wait_for_selector(".leaflet-marker-icon")
    page.wait_for_load_state("networkidle")
    hosts = {urlsplit(url).hostname for url in requested if not own_origin(url, origin)}
    assert hosts, "the map asked for no tiles at all"
    assert hosts <= {tile_host}, f"asked other hosts than the tile server: {hosts}"
