"""WCAG 2.1 AA on every page type, checked by axe-core in Chromium, in German and in Arabic (right to left);
the pages with translated content also in Persian, and with the German original shown."""

from __future__ import annotations

import pytest

from tests.browser.pages import BY_NAME, PAGE_NAMES, TRANSLATED_PAGE_NAMES

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    {target}: {node['failureSummary'].splitlines()[-1].strip()}")
    return "\n".join(lines)


def run_axe(page, axe_script: str) -> list[dict]:
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(axe_script)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return result["violations"]


@pytest.fixture(scope="module", params=["de", "ar"])
def lang_page(request, browser, site, axe_script):
    context = browser.new_context(locale=request.param)
    context.add_init_script(axe_script)  # handed to the browser once, run in every page it opens
    # Map tiles (after "Karte laden") would come from the internet: never fetched in tests.
    context.route(lambda url: not url.startswith(site.server.url), lambda route: route.abort())
    page = context.new_page()
    yield request.param, page
    context.close()


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_has_no_wcag_violations(request, browser, lang_page, site, axe_script, name):
    lang, page = lang_page
    page_type = BY_NAME[name]
    url = site.url(page_type, lang)
    if page_type.needs_login:
        state = "editor_login_state" if page_type.role == "editor" else "login_state"
        context = browser.new_context(locale=lang, storage_state=request.getfixturevalue(state))
        context.add_init_script(axe_script)
        request.addfinalizer(context.close)
        page = context.new_page()
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{url} answered {response and response.status}"
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.evaluate("document.documentElement.dir") == ("rtl" if lang == "ar" else "ltr")
    if page_type.map_opted_in:
        page.wait_for_selector(".leaflet-marker-icon")
    violations = run_axe(page, axe_script)
    assert not violations, f"{url}:\n{describe(violations)}"


@pytest.fixture(scope="module")
def persian_page(browser, site, axe_script):
    context = browser.new_context(locale="fa")
    context.add_init_script(axe_script)
    context.route(lambda url: not url.startswith(site.server.url), lambda route: route.abort())
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("original", [False, True], ids=["translated", "original"])
@pytest.mark.parametrize("name", TRANSLATED_PAGE_NAMES)
def test_translated_pages_in_persian_have_no_wcag_violations(persian_page, site, axe_script, name, original):
    page = persian_page
    url = site.url(BY_NAME[name], "fa") + ("&original=1" if original else "")
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{url} answered {response and response.status}"
    assert page.evaluate("document.documentElement.dir") == "rtl"
    # The content is Persian (from translation rows), with the "übersetzt, nicht geprüft" note.
    assert page.locator(".translation-note").count() == 1
    violations = run_axe(page, axe_script)
    assert not violations, f"{url}:\n{describe(violations)}"


@pytest.mark.parametrize("lang_page", ["ar"], indirect=True)  # the original is shown on translated pages only
@pytest.mark.parametrize("name", TRANSLATED_PAGE_NAMES)
def test_german_original_in_arabic_pages_has_no_wcag_violations(lang_page, site, axe_script, name):
    lang, page = lang_page
    url = site.url(BY_NAME[name], lang) + "&original=1"
    response = page.goto(url)
    assert response is not None and response.status == 200
    violations = run_axe(page, axe_script)
    assert not violations, f"{url}:\n{describe(violations)}"


def test_axe_reports_violations_it_is_meant_to_find(browser, axe_script):
    """The checker itself: a page with an unlabelled field, poor contrast and no lang must fail."""
    page = browser.new_page()
    page.set_content(
        "<html><head><title>x</title></head><body><main><h1>x</h1>"
        '<p style="color:#aaa;background:#fff">schwach</p><input type="text"></main></body></html>'
    )
    found = {violation["id"] for violation in run_axe(page, axe_script)}
    page.close()
    assert {"html-has-lang", "color-contrast", "label"} <= found
