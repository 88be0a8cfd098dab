"""Locales of the user interface."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from babel import Locale
from flask import Flask, Response, current_app, g, has_request_context, request
from flask_babel import get_locale, get_translations
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup, escape
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

# German first; the others are the languages most spoken by the people the directory serves.
LOCALES = {
    "de": "Deutsch",
    "en": "English",
    "ar": "العربية",
    "uk": "Українська",
    "ru": "Русский",
    "tr": "Türkçe",
    "fa": "فارسی",
    "ku": "Kurdî (Kurmancî)",
}
RTL_LOCALES = {"ar", "fa"}
DEFAULT_LOCALE = "de"
# The languages content is translated into (German is the original).
TRANSLATED_LOCALES = tuple(code for code in LOCALES if code != DEFAULT_LOCALE)
LOCALE_COOKIE = "lang"


def select_locale() -> Locale:
    """The locale asked for with ?lang=, else the remembered one, else the browser's, else German."""
    return _LOCALE_OBJECTS[_selected_code()]


def _selected_code() -> str:
    if not has_request_context():  # CLI commands and exports speak German
        return DEFAULT_LOCALE
    asked = asked_locale()
    if asked:
        return asked
    remembered = request.cookies.get(LOCALE_COOKIE)
    if remembered in LOCALES:
        return remembered
    return _browser_language(request.headers.get("Accept-Language", ""))


@lru_cache(maxsize=256)
def _browser_language(header: str) -> str:
    """The best of our locales for a browser's Accept-Language header (browsers send a few distinct ones)."""
    if not header:
        return DEFAULT_LOCALE
    accepted = parse_accept_header(header, LanguageAccept)
    return accepted.best_match(list(LOCALES), default=DEFAULT_LOCALE) or DEFAULT_LOCALE


# One Babel locale object per language for the whole process (Flask-Babel would parse the code again for every
# request), so that what belongs to a locale is found by identity.
_LOCALE_OBJECTS = {code: Locale.parse(code) for code in LOCALES}

# The catalog and the name of each locale, found once per process: Flask-Babel finds them again on every call
# (four context look-ups and the locale's name built anew), and a results page translates a hundred strings.
_catalogs: dict[Any, Any] = {}
_names: dict[Any, str] = {}
READER = "wegweiser_reader"  # Flask-Babel's per-request state keeps [locale, code, catalog] under this name


def _reader() -> list[Any] | None:
    """[locale, its code, its catalog or None until needed] for the locale Flask-Babel chose for this request
    (None before its first look-up or outside a request). ``force_locale`` replaces the locale: what is kept
    for the old one is then found again."""
    try:
        state = g._get_current_object().__dict__.get("_flask_babel")
    except RuntimeError:  # outside an app context
        return None
    locale = getattr(state, "babel_locale", None)
    if locale is None:
        return None
    kept = state.__dict__.get(READER)
    if kept is None or kept[0] is not locale:
        name = _names.get(locale)
        if name is None:
            name = _names[locale] = str(locale)
        kept = [locale, name, None]
        setattr(state, READER, kept)
    return kept


def current_translations() -> Any:
    """The reader's catalog (``flask_babel.get_translations``, quicker)."""
    kept = _reader()
    if kept is None:
        return get_translations()
    catalog = kept[2]
    if catalog is None:
        catalog = _catalogs.get(kept[0])
        if catalog is None:
            catalog = _catalogs[kept[0]] = get_translations()
        kept[2] = catalog
    return catalog


def translate(text: str) -> str:
    """``flask_babel.gettext`` without variables, with the reader's catalog found in one step."""
    return current_translations().ugettext(text)


def reader_locale() -> str:
    """The reader's locale code, for example "de" or "ar" (``str(flask_babel.get_locale())``, quicker)."""
    kept = _reader()
    if kept is not None:
        return kept[1]
    locale = get_locale()  # chooses the request's locale, or None outside a request
    if locale is None:
        return DEFAULT_LOCALE
    kept = _reader()
    return kept[1] if kept is not None else str(locale)


def text_direction(locale: str) -> str:
    return "rtl" if locale in RTL_LOCALES else "ltr"


LOCALE_COOKIE_MAX_AGE = 365 * 24 * 60 * 60  # one year


def asked_locale() -> str | None:
    """The locale chosen with ?lang= on this request, if it is one we offer."""
    asked = request.args.get("lang")
    return asked if asked in LOCALES else None


# The language links repeat the query string once per language: a longer one is left out of them.
MAX_KEPT_QUERY = 2000


def keep_in_language_links(args: Mapping[str, list[str]]) -> None:
    """Name the query parameters the language links of this page keep (a view's validated parameters)."""
    g.language_link_args = [(key, value) for key, values in args.items() for value in values if key != "lang"]


def language_links() -> Markup:
    """The language switcher's list items: this page (path and query string, ``lang`` replaced) in each
    language, named in that language, the reader's marked. Written here, not as a template loop: every page
    shows the eight links, and the query string is encoded once for all of them."""
    args = g.get("language_link_args")
    if args is None:
        too_long = len(request.query_string) > MAX_KEPT_QUERY
        args = [] if too_long else [(key, value) for key, value in request.args.items(multi=True) if key != "lang"]
    query = urlencode(args)
    prefix = escape(f"{request.path}?{query}{'&' if query else ''}lang=")
    current = reader_locale()
    return Markup("".join(  # noqa: S704 (the address is escaped; codes and names are ours, escaped once)
        f'          <li><a href="{prefix}{code}"{link}{_CURRENT if code == current else ""}>{name}</a></li>\n'
        for code, link, name in _LANGUAGE_ITEMS
    ))


# Each language's link attributes (the codes are letters) and its name, escaped once.
_LANGUAGE_ITEMS = [(code, f' lang="{code}" hreflang="{code}"', escape(name)) for code, name in LOCALES.items()]
_CURRENT = ' aria-current="true"'


def remember_locale(response: Response) -> Response:
    """Keep the language chosen with ?lang= in a cookie; pages differ by cookie and browser language."""
    chosen = asked_locale()
    if chosen:
        response.set_cookie(
            LOCALE_COOKIE,
            chosen,
            max_age=LOCALE_COOKIE_MAX_AGE,
            samesite="Lax",
            httponly=True,
            secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
        )
    if request.endpoint != "static":
        response.vary.update(("Cookie", "Accept-Language"))
    return response


# A template's texts without variables, as HTML per catalog: a page shows dozens and they never change.
_template_texts: dict[Any, dict[str, Markup]] = {}
MAX_TEMPLATE_TEXTS = 5000  # per catalog; far above the catalog's size, a bound should a template translate data


@pass_eval_context
def template_gettext(eval_ctx: EvalContext, string: str, **variables: Any) -> str:
    """``_()`` and ``gettext()`` in templates, as Jinja's "newstyle" gettext: the translation is a format
    string whose variables are escaped on HTML pages.

    Jinja's own passes the whole template context, which makes it copy the context on every call from a block
    that sets variables; this needs only the autoescape setting.
    """
    catalog = current_translations()
    if not eval_ctx.autoescape:
        return catalog.ugettext(string) % variables
    if variables:
        return Markup(catalog.ugettext(string)) % variables  # noqa: S704 (the catalog is ours; variables escaped)
    texts = _template_texts.get(catalog)
    if texts is None:
        texts = _template_texts.setdefault(catalog, {})
    text = texts.get(string)
    if text is None:
        text = Markup(catalog.ugettext(string)) % {}  # noqa: S704 (as above; "%%" becomes "%")
        if len(texts) < MAX_TEMPLATE_TEXTS:
            texts[string] = text
    return text


@pass_eval_context
def template_ngettext(eval_ctx: EvalContext, singular: str, plural: str, num: int, **variables: Any) -> str:
    """``ngettext()`` in templates, as Jinja's newstyle one: ``num`` is also a variable of the text."""
    variables.setdefault("num", num)
    text = current_translations().ungettext(singular, plural, num)
    return (Markup(text) if eval_ctx.autoescape else text) % variables  # noqa: S704 (as in template_gettext)


def init_app(app: Flask) -> None:
    """After ``babel.init_app``: the templates' gettext functions find the catalog in one step."""
    app.after_request(remember_locale)
    app.jinja_env.globals.update(language_links=language_links)
    # Jinja's newstyle wrappers for the rarely used context forms; ``_``, ``gettext`` and ``ngettext`` are this
    # module's own (``template_gettext``), which replace the wrapped ones installed here.
    app.jinja_env.install_gettext_callables(
        gettext=translate,
        ngettext=lambda s, p, n: current_translations().ungettext(s, p, n),
        pgettext=lambda c, s: current_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: current_translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
    app.jinja_env.globals.update(_=template_gettext, gettext=template_gettext, ngettext=template_ngettext)
