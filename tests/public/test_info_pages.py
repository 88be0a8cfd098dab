"""Information pages: Leichte Sprache, accessibility statement, imprint, privacy; operator texts shown safely."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from directory.public.infotext import load_info_text, render_markdown
from tests.conftest import make_app

PAGES = ["/leichte-sprache", "/barrierefreiheit", "/impressum", "/datenschutz"]


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def main_of(text: str) -> str:
    return text.split('<main id="main"', 1)[1].split("</main>", 1)[0]


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize(("locale", "direction"), [("de", "ltr"), ("ar", "rtl")])
def test_info_pages_render_in_german_and_arabic(app, url, locale, direction):
    text = page(app.test_client().get(f"{url}?lang={locale}"))
    assert f'<html lang="{locale}" dir="{direction}">' in text
    assert "<h1>" in main_of(text)


@pytest.mark.parametrize("url", PAGES)
def test_info_pages_are_linked_in_every_footer(app, url):
    footer = page(app.test_client().get("/districts")).split('class="site-footer"', 1)[1]
    assert f'href="{url}"' in footer


def test_easy_language_page_explains_in_short_sentences(app):
    body = main_of(page(app.test_client().get("/leichte-sprache")))
    assert "Der Wegweiser ist eine Internet-Seite." in body
    sentences = [s for s in re.split(r"(?<=[.?!:])\s+", re.sub(r"<[^>]+>", " ", body)) if s.strip()]
    assert max(len(s.split()) for s in sentences) <= 15


def test_easy_language_page_names_the_translated_buttons(app):
    body = main_of(page(app.test_client().get("/leichte-sprache?lang=en")))
    assert "Search" in body and "Suchen" not in body


def test_accessibility_statement_has_status_date_feedback_and_complaint_route(app):
    body = main_of(page(app.test_client().get("/barrierefreiheit")))
    assert "WCAG" in body and "BITV" in body
    assert "teilweise" in body  # the status of compliance
    assert "26. November 2026" in body
    assert 'href="mailto:integration@example.org"' in body
    assert "Durchsetzungsverfahren" in body and "BGG LSA" in body


def test_accessibility_statement_date_and_enforcement_text_are_configurable(migrated, tmp_path):
    from datetime import date

    app = make_app(
        migrated, tmp_path / "index", ACCESSIBILITY_STATEMENT_DATE=date(2027, 3, 1),
        ACCESSIBILITY_ENFORCEMENT_TEXT="Schreiben Sie an die **Stelle X**.", CONTACT_EMAIL="a11y@example.org",
    )
    body = main_of(page(app.test_client().get("/barrierefreiheit")))
    assert "1. März 2027" in body
    assert "<strong>Stelle X</strong>" in body
    assert 'href="mailto:a11y@example.org"' in body


def test_privacy_default_text_says_what_is_stored(app):
    body = main_of(page(app.test_client().get("/datenschutz")))
    assert "kein Tracking" in body
    assert "„lang“" in body  # the language cookie, by name
    assert "Sitzungs-Cookie" in body and "„karte“" in body
    assert "IP-Adresse" in body  # server logs
    assert "tile.openstreetmap.org" in body


def test_imprint_names_the_operator_by_default(app):
    body = main_of(page(app.test_client().get("/impressum")))
    assert "Landeshauptstadt Magdeburg, Team Integration" in body


def test_imprint_comes_from_the_instance_folder(app, tmp_path):
    app.instance_path = str(tmp_path)
    Path(app.instance_path, "impressum.md").write_text(
        "Stadt Beispiel\nMusterstraße 1\n\n## Kontakt\n\n- Telefon: 0000\n- [Website](https://example.org)\n",
        encoding="utf-8",
    )
    german = main_of(page(app.test_client().get("/impressum")))
    assert "Stadt Beispiel<br>\nMusterstraße 1" in german
    assert "<h3>Kontakt</h3>" in german and '<a href="https://example.org">Website</a>' in german
    # In another language the German text is marked as German.
    arabic = main_of(page(app.test_client().get("/impressum?lang=ar")))
    assert '<div class="operator-text" lang="de" dir="ltr">' in arabic


def test_privacy_text_from_config_wins(migrated, tmp_path):
    app = make_app(migrated, tmp_path / "index", PRIVACY_TEXT="Eigener Text <script>alert(1)</script>")
    body = main_of(page(app.test_client().get("/datenschutz")))
    assert "Eigener Text &lt;script&gt;" in body and "<script>" not in body
    assert "kein Tracking" not in body


# --- the safe Markdown subset, without an app --------------------------------------------------

def test_markdown_escapes_html_and_unsafe_links():
    html = str(render_markdown('<img src=x onerror=alert(1)> [a](javascript:alert(1)) [b](//evil.example) "q"'))
    assert "<img" not in html and "&lt;img" in html
    assert "href" not in html
    assert "&quot;q&quot;" in html


def test_markdown_renders_paragraphs_headings_lists_bold_links():
    html = str(render_markdown("# Titel\n\nZeile 1\nZeile 2\n\n- eins\n- **zwei**\n\n[Mail](mailto:a@b.de?x=1&y=2)"))
    assert html == (
        "<h2>Titel</h2>\n<p>Zeile 1<br>\nZeile 2</p>\n<ul>\n<li>eins</li>\n<li><strong>zwei</strong></li>\n</ul>\n"
        '<p><a href="mailto:a@b.de?x=1&amp;y=2">Mail</a></p>'
    )


@pytest.mark.parametrize(
    "link",
    [
        "[a](javascript:alert(1))",
        "[a](JaVaScRiPt:alert(1))",
        "[a](java&#115;cript:alert(1))",  # an entity does not sneak the scheme past the check
        "<javascript:alert(1)>",
        "[a](data:text/html,hi)",
        "[a](vbscript:x)",
        "[a](//evil.example/)",
    ],
)
def test_markdown_drops_links_outside_the_allow_list(link):
    html = str(render_markdown(f"Text {link} und <b onclick=x>fett</b>"))
    assert "href" not in html and "src" not in html
    assert "&lt;b onclick=x&gt;fett&lt;/b&gt;" in html  # raw HTML is shown as text


def test_markdown_keeps_web_mail_phone_and_relative_links():
    html = str(render_markdown("[w](https://example.org) [m](mailto:a@b.de) [t](tel:+49391) [d](/datenschutz) [k](x)"))
    for href in ("https://example.org", "mailto:a@b.de", "tel:+49391", "/datenschutz", "x"):
        assert f'href="{href}"' in html
    assert "<img" not in str(render_markdown("![Bild](https://tracker.example/pixel.png)"))  # no image loads


def test_operator_text_prefers_the_readers_language(tmp_path):
    (tmp_path / "datenschutz.md").write_text("Deutsch", encoding="utf-8")
    (tmp_path / "datenschutz.en.md").write_text("English", encoding="utf-8")
    english = load_info_text("datenschutz", "en", instance_path=str(tmp_path))
    assert (str(english.html), english.lang) == ("<p>English</p>", "en")
    turkish = load_info_text("datenschutz", "tr", instance_path=str(tmp_path))
    assert (str(turkish.html), turkish.lang) == ("<p>Deutsch</p>", "de")
    assert load_info_text("impressum", "de", instance_path=str(tmp_path)) is None
    assert load_info_text("impressum", "de", instance_path=str(tmp_path), configured="  ") is None
