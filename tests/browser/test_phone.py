"""Phone first, in a real browser at 390 × 844: results at once, filters without JavaScript, bookmarks offline."""

from __future__ import annotations

import threading
from urllib.parse import quote_plus

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from tests.browser.conftest import visit

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
QUERIES = ["Nachhilfe", "Nachilfe", "kostenlose Nachhilfe"]


def in_viewport(page, selector: str) -> bool:
    """The element's box lies wholly inside the first screen (no scrolling)."""
    return page.evaluate(
        """selector => {
            const box = document.querySelector(selector).getBoundingClientRect();
            return box.top >= 0 && box.left >= 0 && box.bottom <= innerHeight && box.right <= innerWidth;
        }""",
        selector,
    )


@pytest.mark.parametrize("lang", ["de", "ar"])
@pytest.mark.parametrize("query", QUERIES)
def test_first_result_is_visible_without_scrolling_on_a_phone(browser, site, lang, query):
    context = browser.new_context(viewport=PHONE, locale=lang, device_scale_factor=2, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        visit(page, site.server(f"/search?q={quote_plus(query)}&lang={lang}"))
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        if page.locator("main .offer-list > li").count():
            # Its title link and the first lines of the card, with the count and filter control above it.
            assert in_viewport(page, "main .offer-list > li h3"), "the first result is below the first screen"
            assert in_viewport(page, "main details.filters > summary")
            assert in_viewport(page, "#results-heading")
        else:
            # No result for the typed word: the correction ("Meinten Sie …?") is what must be seen at once.
            assert in_viewport(page, "main .suggestion a"), "neither a result nor the correction is visible"
            with page.expect_navigation():
                page.locator("main .suggestion a").click()
            assert in_viewport(page, "main .offer-list > li h3"), "the corrected results start below the screen"
    finally:
        context.close()


def test_filters_open_and_apply_without_javascript_on_a_phone(browser, site):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False, locale="de")
    try:
        page = context.new_page()
        visit(page, site.server("/search?q=Nachhilfe"))
        summary = page.locator("main details.filters > summary")
        assert summary.inner_text().strip() == "Filter (0)"
        assert not page.locator("main .facets a").first.is_visible()
        summary.click()
        assert page.locator("main .facets a").first.is_visible()
        free = page.locator("main .facets a[href*='cost=free']").first
        with page.expect_navigation():
            free.click()
        assert "cost=free" in page.url
        assert page.locator("main details.filters > summary").inner_text().strip() == "Filter (1)"
        assert page.locator("main .offer-list > li").count() >= 1
        # The place field of the filter form applies as well: a plain GET form.
        page.locator("main details.filters > summary").click()
        page.fill("#near", "Neustädter See")
        with page.expect_navigation():
            page.locator("main details.filters button[type=submit]").click()
        assert "near=Neust" in page.url and "cost=free" in page.url and "q=Nachhilfe" in page.url
        assert page.locator("main details.filters > summary").inner_text().strip() == "Filter (2)"
    finally:
        context.close()


@pytest.fixture
def stoppable_server(site):
    """The same app on a second port, served by a thread this test can stop (the "basement": no network)."""
    server = make_server("127.0.0.1", 0, site.server.app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="stoppable-server", daemon=True)
    thread.start()
    state = {"running": True}

    def stop() -> None:
        if state["running"]:
            server.shutdown()
            server.server_close()
            thread.join(timeout=10)
            state["running"] = False

    yield f"http://127.0.0.1:{server.server_port}", stop
    stop()


def test_bookmarked_offer_opens_from_the_service_worker_cache_when_the_server_is_gone(
    browser, site, stoppable_server
):
    url, stop = stoppable_server
    offer_path = f"/offers/{site.slugs['offer']}"
    context = browser.new_context(viewport=PHONE, locale="de")
    try:
        page = context.new_page()
        visit(page, url + offer_path)
        title = page.locator("main h1").inner_text().strip()
        assert page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        button = page.locator("main [data-bookmark]")
        assert button.get_attribute("aria-pressed") == "false"
        button.click()
        assert button.get_attribute("aria-pressed") == "true"
        page.wait_for_function(
            "path => caches.open('wegweiser-merkliste').then(c => c.match(path)).then(Boolean)", arg=offer_path
        )
        # The last results page the reader opened is kept too.
        visit(page, url + "/search?q=Nachhilfe")
        results_title = page.title()
        page.wait_for_function(
            "() => caches.open('wegweiser-ergebnisse').then(c => c.keys()).then(keys => keys.length === 1)"
        )
        visit(page, url + "/merkliste")
        assert page.locator("main [data-bookmark-items] a").first.inner_text().strip() == title

        stop()
        probe = "url => fetch(url, {cache: 'no-store'}).then(() => 'reached', () => 'unreachable')"
        assert page.evaluate(probe, url + "/manifest.webmanifest") == "unreachable", "the server still answers"

        page.goto(url + "/merkliste")  # the shell, from the cache
        link = page.locator("main [data-bookmark-items] a").first
        assert link.inner_text().strip() == title
        link.click()
        page.wait_for_url(url + offer_path)
        # Waits for the cached page's heading: the URL can change before the new document is shown, and on a
        # loaded machine the service worker can take longer than the default five seconds to answer.
        expect(page.locator("main h1")).to_have_text(title, timeout=15_000)
        page.goto(url + "/search?q=Nachhilfe")
        assert page.title() == results_title
        assert page.locator("main .offer-list > li").count() >= 1
    finally:
        context.close()


def test_service_worker_caches_nothing_the_reader_did_not_open(browser, site, stoppable_server):
    url, _ = stoppable_server
    context = browser.new_context(viewport=PHONE, locale="de")
    try:
        page = context.new_page()
        visit(page, url + "/search?q=Nachhilfe")
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        cached = page.evaluate(
            """async () => {
                const urls = [];
                for (const name of await caches.keys()) {
                    const cache = await caches.open(name);
                    for (const request of await cache.keys()) urls.push(new URL(request.url).pathname);
                }
                return urls;
            }"""
        )
        assert not [path for path in cached if path.startswith("/offers/")], cached
        allowed = {"/merkliste", "/static/css/site.css", "/static/js/app.js", "/static/img/icon.svg", "/search"}
        assert set(cached) <= allowed, cached
    finally:
        context.close()
