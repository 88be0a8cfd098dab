"""Light on limited data: a results page with 20+ offers weighs at most 100 KB over the wire, all assets included."""

from __future__ import annotations

import pytest

from tests.browser.conftest import unavailable, visit

pytestmark = pytest.mark.browser

BUDGET_BYTES = 100 * 1024
RESULTS_URL = "/search?q=nachhilfe"


def test_results_page_weighs_at_most_100_kb_compressed(browser, site, record_property):
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    urls: dict[str, str] = {}
    transferred: dict[str, int] = {}
    cdp.on("Network.requestWillBeSent", lambda event: urls.__setitem__(event["requestId"], event["request"]["url"]))
    cdp.on(
        "Network.loadingFinished",
        lambda event: transferred.__setitem__(event["requestId"], int(event["encodedDataLength"])),
    )
    try:
        response = visit(page, site.server(RESULTS_URL), wait_until="networkidle")
        results = page.evaluate(
            "new Set([...document.querySelectorAll('main a[href^=\"/offers/\"]')].map(a => a.pathname)).size"
        )
        if results < 20:
            unavailable(f"{RESULTS_URL} lists {results} offers; the budget is for a page of at least 20")
        assert response.header_value("content-encoding") == "gzip", "the page itself is sent uncompressed"
        total = sum(transferred.values())
        record_property("results_page_bytes", total)
        print(f"{RESULTS_URL}: {results} offers, {len(transferred)} responses, {total / 1024:.1f} KB over the wire")
        listing = "\n".join(f"{transferred[key]:>8} {urls.get(key, key)}" for key in sorted(transferred))
        assert len(transferred) >= 2, f"the page and its stylesheet at least:\n{listing}"
        assert total <= BUDGET_BYTES, f"{total / 1024:.1f} KB over the wire:\n{listing}"
    finally:
        context.close()
