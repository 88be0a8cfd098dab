"""The team's measure page in a real browser: the offer search works as a plain form without JavaScript and
as a type-ahead with it; more opening-hour rows appear without a round trip when scripts run."""

from __future__ import annotations

import pytest

from tests.browser.conftest import visit

pytestmark = pytest.mark.browser


@pytest.fixture
def editor_page(request, browser):
    def open_page(javascript: bool):
        context = browser.new_context(java_script_enabled=javascript, locale="de",
                                      storage_state=request.getfixturevalue("editor_login_state"))
        context.set_default_timeout(15_000)
        request.addfinalizer(context.close)
        return context.new_page()

    return open_page


def test_offer_search_on_a_measure_without_javascript(editor_page, site):
    page = editor_page(False)
    visit(page, site.server("/curate/measures/3"))
    page.fill("#q", "Sprachmittlung")
    with page.expect_navigation():
        page.press("#q", "Enter")
    assert "q=Sprachmittlung" in page.url
    assert page.locator("#offer-results button", has_text="Verknüpfen").count() > 0


def test_offer_search_on_a_measure_follows_the_typing(editor_page, site):
    page = editor_page(True)
    visit(page, site.server("/curate/measures/3"))
    page.type("#q", "Sprachmittlung", delay=20)
    page.locator("#offer-results button", has_text="Verknüpfen").first.wait_for()
    assert "q=" not in page.url  # no page load: the results came in place


def test_another_opening_hour_row_appears_with_javascript(editor_page, site):
    page = editor_page(True)
    visit(page, site.server("/curate/offers/new"))
    rows = page.locator(".hours-table tbody tr").count()
    page.click("[data-add-hour-row]")
    assert page.locator(".hours-table tbody tr").count() == rows + 1
    assert page.locator(f"select[name=hours-{rows}-day]").count() == 1
    assert "/curate/offers/new" in page.url
