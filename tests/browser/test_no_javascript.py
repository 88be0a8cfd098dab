"""Everything works without JavaScript: search, narrow the results, open an offer; the guided path too."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import visit

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser):
    context = browser.new_context(java_script_enabled=False, locale="de")
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def offers_listed(page) -> list[str]:
    return page.locator("main .offer-list a[href^='/offers/']").evaluate_all("links => links.map(a => a.pathname)")


def open_first_offer(page) -> None:
    link = page.locator("main .offer-list a[href^='/offers/']").first
    title = link.inner_text().strip()
    with page.expect_navigation():
        link.click()
    assert page.locator("h1").inner_text().strip().startswith(title)


def test_search_filter_and_offer_without_javascript(page, site):
    visit(page, site.server("/"))
    page.fill("#q", "nachhilfe")
    with page.expect_navigation():
        page.press("#q", "Enter")
    assert "/search" in page.url and "q=nachhilfe" in page.url
    # Scripts really are off: the "use my location" button, which only a script reveals, stays hidden.
    assert page.locator("[data-locate-button]").count() >= 1
    assert page.locator("[data-locate-button]").first.is_hidden()
    found = offers_listed(page)
    assert found, "the search found nothing"
    # Narrow the results with the first filter (a plain link: no script needed), behind "Filter (n)".
    assert page.locator("main .facets a").count(), "the results page offers no filters"
    page.locator("main details.filters > summary").click()
    facet = page.locator("main .facets a").first
    with page.expect_navigation():
        facet.click()
    assert re.search(r"[?&](category|cost|language|district|target_group|mode)=", page.url), page.url
    assert page.locator("main .facets a[aria-current='true']").count() >= 1
    assert offers_listed(page), "the filter left nothing"
    open_first_offer(page)


def test_guided_tutoring_path_without_javascript(page, site):
    visit(page, site.server("/nachhilfe"))
    page.fill("main input[name=near]", "Neue Neustadt")
    page.locator("input[name=cost][value=free]").check()
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    assert "near=Neue+Neustadt" in page.url
    assert offers_listed(page)
    # The map waits for the reader's choice and never needs script to reach an offer.
    assert page.locator("#karte button", has_text="Karte laden").count() == 1
    open_first_offer(page)
