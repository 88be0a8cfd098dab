"""Languages: eight UI locales, the remembered choice, locale formats and offer translations."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale

from directory.config import PROJECT_ROOT
from directory.extensions import db
from directory.models import Category, Offer, OfferTranslation
from directory.web.i18n import LOCALE_COOKIE, LOCALES, RTL_LOCALES
from directory.web.templating import format_km
from directory.web.translated import localised
from tests.factories import reference_data

TRANSLATIONS = PROJECT_ROOT / "directory" / "translations"


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def html_lang_dir(text: str) -> tuple[str, str]:
    found = re.search(r'<html lang="([^"]+)" dir="([^"]+)">', text)
    assert found, "no <html lang dir>"
    return found.group(1), found.group(2)


@pytest.mark.parametrize("locale", list(LOCALES))
def test_every_locale_renders_home_with_its_lang_and_direction(app, locale):
    text = page(app.test_client().get(f"/?lang={locale}"))
    assert html_lang_dir(text) == (locale, "rtl" if locale in RTL_LOCALES else "ltr")


@pytest.mark.parametrize(
    ("locale", "nav_item"),
    [("en", "Challenges"), ("ar", "التحديات"), ("uk", "Виклики"), ("ru", "Проблемы"),
     ("tr", "Zorluklar"), ("fa", "چالش‌ها"), ("ku", "Dijwarî")],
)
def test_navigation_is_translated(app, locale, nav_item):
    text = page(app.test_client().get(f"/?lang={locale}"))
    nav = text.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]
    assert nav_item in nav
    assert "Herausforderungen" not in nav


def test_german_is_the_default(app):
    text = page(app.test_client().get("/"))
    assert html_lang_dir(text) == ("de", "ltr")
    assert "Herausforderungen" in text


def test_browser_language_is_used_when_nothing_was_chosen(app):
    text = page(app.test_client().get("/", headers={"Accept-Language": "uk-UA,uk;q=0.9,en;q=0.5"}))
    assert html_lang_dir(text) == ("uk", "ltr")


def test_chosen_language_is_remembered_in_a_cookie(app):
    client = app.test_client()
    response = client.get("/?lang=ar")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"{LOCALE_COOKIE}=ar;")
    assert "SameSite=Lax" in cookie and "Max-Age=31536000" in cookie and "HttpOnly" in cookie
    # The next page, without ?lang=, stays Arabic, even if the browser prefers German.
    text = page(client.get("/districts", headers={"Accept-Language": "de"}))
    assert html_lang_dir(text) == ("ar", "rtl")
    # Choosing again replaces the remembered language.
    client.get("/?lang=tr")
    assert html_lang_dir(page(client.get("/status"))) == ("tr", "ltr")


def test_pages_say_they_vary_by_language_cookie(app):
    client = app.test_client()
    response = client.get("/")
    assert {"Cookie", "Accept-Language"} <= set(response.vary)
    # Static files are the same in every language: caches need not keep one copy per language.
    with client.get("/static/css/site.css") as static:
        assert "Accept-Language" not in static.vary


@pytest.mark.parametrize("odd", ["xx", "", "de-DE", "../../etc", "ar%00", "<script>"])
def test_unknown_language_is_ignored(app, odd):
    client = app.test_client()
    response = client.get("/", query_string={"lang": odd})
    assert html_lang_dir(page(response)) == ("de", "ltr")
    assert "Set-Cookie" not in response.headers


def test_forged_cookie_is_ignored(app):
    client = app.test_client()
    client.set_cookie(LOCALE_COOKIE, "xx")
    assert html_lang_dir(page(client.get("/"))) == ("de", "ltr")


def test_switcher_keeps_the_query_string(seeded_client):
    text = page(seeded_client.get("/search?q=Mathe+%26+Deutsch&lang=en"))
    switch = text.split('class="lang-switch"', 1)[1].split("</nav>", 1)[0]
    links = {unescape(href) for href in re.findall(r'href="([^"]+)"', switch)}
    assert "/search?q=Mathe+%26+Deutsch&lang=ar" in links
    assert "/search?q=Mathe+%26+Deutsch&lang=de" in links
    assert len(links) == len(LOCALES)


def test_switcher_shows_each_language_in_its_own_name_and_marks_the_current_one(app):
    text = page(app.test_client().get("/?lang=fa"))
    switch = text.split('class="lang-switch"', 1)[1].split("</nav>", 1)[0]
    for code, name in LOCALES.items():
        assert f'lang="{code}" hreflang="{code}"' in switch
        assert name in switch
    assert re.search(r'lang="fa" hreflang="fa" aria-current="true">فارسی<', switch)


def test_switcher_works_on_a_404_page(app):
    response = app.test_client().get("/offers/gibt-es-nicht?lang=ru")
    assert response.status_code == 404
    text = response.get_data(as_text=True)
    assert html_lang_dir(text) == ("ru", "ltr")
    assert "/offers/gibt-es-nicht?lang=uk" in text


def test_switcher_escapes_the_address(app):
    """A path and query string of any characters stay inside the link's attribute."""
    response = app.test_client().get('/offers/x"><b>y?lang=en&q=a"<i>')
    switch = response.get_data(as_text=True).split('class="lang-switch"', 1)[1].split("</nav>", 1)[0]
    assert "<b>" not in switch and "<i>" not in switch
    links = [unescape(href) for href in re.findall(r'href="([^"]+)"', switch)]
    assert '/offers/x"><b>y?q=a%22%3Ci%3E&lang=uk' in links


# --- locale formats ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("locale", "expected"),
    [("de", "1,2 km"), ("en", "1.2 km"), ("uk", "1,2 km"), ("ru", "1,2 km"), ("tr", "1,2 km"),
     # Babel writes Arabic and Persian numbers with Latin digits by default; we keep that.
     ("ar", "1.2 km"), ("fa", "1.2 km"), ("ku", "1,2 km")],
)
def test_distances_use_the_locale_decimal_mark(app, locale, expected):
    with app.test_request_context(), force_locale(locale):
        assert format_km(1.234) == expected
        assert format_km(None) == ""


def test_long_distances_group_thousands(app):
    with app.test_request_context():
        with force_locale("de"):
            assert format_km(1234.56) == "1.234,6 km"
        with force_locale("en"):
            assert format_km(1234.56) == "1,234.6 km"


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("de", "26. November 2026"), ("en", "November 26, 2026"), ("ru", "26 ноября 2026"),
     ("uk", "26 листопада 2026"), ("tr", "26 Kasım 2026"), ("ar", "26 نوفمبر 2026")],
)
def test_dates_are_written_the_readers_way(app, locale, expected):
    template = app.jinja_env.from_string("{{ day|date('long') }}")
    with app.test_request_context(), force_locale(locale):
        assert template.render(day=date(2026, 11, 26)).startswith(expected)


def test_plural_forms_follow_each_language(app):
    """Russian has three forms: 1 Angebot / 3 / 5 differ; German two."""
    template = app.jinja_env.from_string("{{ ngettext('%(num)d Angebot', '%(num)d Angebote', n) }}")
    with app.test_request_context():
        with force_locale("de"):
            assert [template.render(n=n) for n in (1, 3)] == ["1 Angebot", "3 Angebote"]
        with force_locale("ru"):
            forms = [template.render(n=n) for n in (1, 3, 5, 21)]
    assert forms[0] != forms[1] != forms[2]
    assert forms[3].startswith("21") and forms[3].endswith(forms[0].split(" ", 1)[1])


# --- catalogs ---------------------------------------------------------------------------------

EXPECTED_PLURALS = {"en": 2, "ar": 6, "uk": 3, "ru": 3, "tr": 2, "fa": 2, "ku": 2}


@pytest.mark.parametrize("locale", sorted(EXPECTED_PLURALS))
def test_catalog_is_complete_and_has_the_right_plural_forms(locale):
    with (TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    assert catalog.num_plurals == EXPECTED_PLURALS[locale]
    untranslated = [m.id for m in catalog if m.id and not (all(m.string) if m.pluralizable else m.string)]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert untranslated == [] and fuzzy == []
    # Placeholders survive translation: a missing %(name)s would show the raw text or fail.
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if message.pluralizable else (message.id,)
        strings = message.string if message.pluralizable else (message.string,)
        wanted = set(re.findall(r"%\(\w+\)[sd]", ids[0]))
        for string in strings:
            assert set(re.findall(r"%\(\w+\)[sd]", string)) <= wanted | set(re.findall(r"%\(\w+\)[sd]", ids[-1]))


# --- offer content translations ---------------------------------------------------------------

@pytest.fixture
def translated_offer(app):
    with app.app_context():
        category = Category(slug="lernfoerderung", name="Lernförderung", position=1)
        offer = Offer(
            slug="hausaufgabenhilfe-test", title="Hausaufgabenhilfe im Treff", summary="Hilfe bei den Hausaufgaben.",
            description="Jeden Dienstag.", category=category, workflow_state="published", status="active",
            cost="free",
        )
        offer.translations.append(OfferTranslation(
            locale="en", title="Homework help at the meeting place", summary="Help with homework.", description="",
        ))
        db.session.add(offer)
        db.session.commit()
    return app


def test_localised_returns_translation_or_marked_german(translated_offer):
    with translated_offer.test_request_context():
        offer = db.session.execute(db.select(Offer)).scalar_one()
        with force_locale("en"):
            assert localised(offer, "title") == ("Homework help at the meeting place", False)
            # An empty translated field falls back to German, marked as such.
            assert localised(offer, "description") == ("Jeden Dienstag.", True)
        with force_locale("ar"):
            assert localised(offer, "title") == ("Hausaufgabenhilfe im Treff", True)
        with force_locale("de"):
            assert localised(offer, "title") == ("Hausaufgabenhilfe im Treff", False)


def test_offer_page_shows_the_translation(translated_offer):
    text = page(translated_offer.test_client().get("/offers/hausaufgabenhilfe-test?lang=en"))
    assert "<h1>Homework help at the meeting place" in text
    assert '<p class="lead">Help with homework.</p>' in text
    # The description has no translation: German, marked for screen readers and for the eye.
    assert '<div class="description" lang="de" dir="ltr"><p>Jeden Dienstag.</p>' in text
    assert "in German" in text


def test_offer_page_without_translation_marks_the_german_text(translated_offer):
    text = page(translated_offer.test_client().get("/offers/hausaufgabenhilfe-test?lang=ar"))
    assert html_lang_dir(text) == ("ar", "rtl")
    assert '<span lang="de" dir="ltr">Hausaufgabenhilfe im Treff</span>' in text
    assert '<p class="lead" lang="de" dir="ltr">Hilfe bei den Hausaufgaben.</p>' in text


def test_listing_cards_show_translation_or_marked_german(translated_offer):
    client = translated_offer.test_client()
    english = page(client.get("/categories/lernfoerderung?lang=en"))
    assert ">Homework help at the meeting place</a>" in english
    assert "badge-lang" not in english
    turkish = page(client.get("/categories/lernfoerderung?lang=tr"))
    assert 'lang="de" dir="ltr">Hausaufgabenhilfe im Treff</a>' in turkish
    assert '<p lang="de" dir="ltr">Hilfe bei den Hausaufgaben.</p>' in turkish
    assert "badge-lang" in turkish
    german = page(client.get("/categories/lernfoerderung?lang=de"))
    assert "badge-lang" not in german and 'lang="de" dir="ltr">Hausaufgabenhilfe' not in german


def _parameterless_pages(app) -> list[str]:
    return sorted(
        rule.rule for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and not rule.arguments and not rule.rule.startswith(("/static", "/api"))
        and not rule.rule.endswith((".ics", ".json", ".xml", ".txt"))
    )


@pytest.mark.parametrize("locale", [code for code in LOCALES if code != "de"])
def test_every_page_renders_in_every_language(seeded_client, seeded_app, locale):
    """A translation with a broken placeholder fails here rather than in front of a reader."""
    failures = {}
    for url in _parameterless_pages(seeded_app) + ["/districts/neustaedter-see", "/status?focus_area=x"]:
        response = seeded_client.get(url + ("&" if "?" in url else "?") + "lang=" + locale)
        if response.status_code >= 500:
            failures[url] = response.status_code
    assert failures == {}


# --- names stored in German in the database ---------------------------------------------------

def test_category_names_are_translated_or_marked_german(seeded_client):
    english = page(seeded_client.get("/?lang=en"))
    assert '<span class="tile-title">Homework help</span>' in english
    assert "Hausaufgabenhilfe" not in english.split("<main", 1)[1]
    german = page(seeded_client.get("/?lang=de"))
    assert '<span class="tile-title">Hausaufgabenhilfe</span>' in german


def test_a_name_without_translation_is_marked_german(app):
    from directory.web.translated import translated

    with app.app_context():
        reference_data()
        category = db.session.execute(db.select(Category).filter_by(slug="hausaufgabenhilfe")).scalar_one()
        category.name = "Neu <b>erfunden</b>"
        with app.test_request_context(), force_locale("ar"):
            assert str(translated(category, "name")) == (
                '<span lang="de" dir="ltr">Neu &lt;b&gt;erfunden&lt;/b&gt;</span>'
            )
        with app.test_request_context(), force_locale("de"):
            assert str(translated(category, "name")) == "Neu &lt;b&gt;erfunden&lt;/b&gt;"



def test_template_texts_escape_their_variables_and_follow_the_language(app):
    """``_()`` in templates: the translation is trusted HTML, the variables are escaped, "%%" is one "%"."""
    source = (
        "{{ _('Suche: %(q)s', q=q) }}|{{ _('Suche') }}"
        "|{{ ngettext('%(num)d Angebot gefunden', '%(num)d Angebote gefunden', 2) }}"
    )
    with app.test_request_context("/?lang=en"):
        english = app.jinja_env.from_string(source).render(q="<b>x</b>")
    with app.test_request_context("/?lang=de"):
        german = app.jinja_env.from_string(source).render(q="<b>x</b>")
        percent = app.jinja_env.from_string("{{ _('100%% sicher') }}").render()
        unescaped = app.jinja_env.overlay(autoescape=False).from_string("{{ _('Suche: %(q)s', q='a&b') }}").render()
    assert english == "Search: &lt;b&gt;x&lt;/b&gt;|Search|2 services found"
    assert german == "Suche: &lt;b&gt;x&lt;/b&gt;|Suche|2 Angebote gefunden"
    assert percent == "100% sicher"
    assert unescaped == "Suche: a&b"
