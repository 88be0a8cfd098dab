"""Readable on a small phone and when zoomed: no horizontal scrolling, no clipped text (WCAG 1.4.4, 1.4.10).

- 320 CSS px wide, the width WCAG's reflow criterion names;
- a 1280 px wide window zoomed to 200 %: the page lays out in 640 CSS px;
- text alone enlarged to 200 % (the browser's "text size" setting) in a 1280 px wide window.
Each in German and Arabic (right to left, where overflow would go to the left).
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import visit
from tests.browser.pages import BY_NAME, PAGE_NAMES

pytestmark = pytest.mark.browser

NAME_OF = "const nameOf = e => e.tagName.toLowerCase() + (typeof e.className === 'string' ? '.' + e.className : '');"

# Clipped text: content larger than its box while overflow is hidden, or a text block's words running out of it.

CLIPPED = """() => {
  """ + NAME_OF + """
  const clipped = [];
  for (const el of document.querySelectorAll('body *')) {
    // Form fields scroll their own text (a long option is read in full in the open list).
    if (el.closest('.visually-hidden, .skip-link, .leaflet-container, [hidden], select, input, textarea')) continue;
    const style = getComputedStyle(el);
    const hides = v => v === 'hidden' || v === 'clip';
    if (!el.textContent.trim()) continue;
    if (hides(style.overflowX) || hides(style.overflowY)) {
      if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1) clipped.push(nameOf(el));
    } else if (/^(H[1-6]|P|LI|DT|DD|TD|TH)$/.test(el.tagName) && el.scrollWidth > el.clientWidth + 1) {
      clipped.push(nameOf(el) + ' (text runs out of its box)');  // e.g. under a neighbouring QR code
    }
  }
  return clipped;
}"""

# Elements that reach past the viewport's edge: the usual reason for a horizontal scroll bar.
TOO_WIDE = """() => {
  """ + NAME_OF + """
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.width && (box.right > width + 1 || box.left < -1)) {
      wide.push(`${nameOf(el)} (${Math.round(box.left)}..${Math.round(box.right)})`);
    }
  }
  return wide.slice(0, 8);
}"""


def assert_fits(page, where: str) -> None:
    scroll_width, client_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll_width <= client_width, (
        f"{where}: scrolls sideways ({scroll_width} > {client_width} px): {page.evaluate(TOO_WIDE)}"
    )
    clipped = page.evaluate(CLIPPED)
    assert not clipped, f"{where}: text clipped in {clipped}"


@pytest.mark.parametrize("lang", ["de", "ar"])
@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_fits_320px_200_percent_zoom_and_large_text(page_for, site, name, lang):
    """One visit per page and language; the window is resized in place (the layout is recomputed)."""
    page_type = BY_NAME[name]
    page = page_for(page_type, viewport={"width": 320, "height": 640})
    if page_type.map_opted_in:
        page.route(lambda url: not url.startswith(site.server.url), lambda route: route.abort())
    url = site.url(page_type, lang)
    visit(page, url)
    assert_fits(page, f"{url} at 320 px")
    # A 1280 px window at 200 % zoom lays the page out in 640 CSS px (the device scale factor only sharpens).
    page.set_viewport_size({"width": 640, "height": 400})
    assert_fits(page, f"{url} at 1280 px and 200 % zoom")
    # Text alone at 200 % (the browser's text size setting) in a 1280 px window.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    assert_fits(page, f"{url} at 1280 px with text at 200 %")
