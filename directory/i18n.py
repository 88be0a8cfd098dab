"""Locales of the user interface."""

from __future__ import annotations

from flask import has_request_context, request

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
LOCALE_COOKIE = "lang"


def select_locale() -> str:
    """The locale asked for with ?lang=, else the remembered one, else the browser's, else German."""
    if not has_request_context():  # CLI commands and services run outside a request: German
        return DEFAULT_LOCALE
    asked = request.args.get("lang")
    if asked in LOCALES:
        return asked
    remembered = request.cookies.get(LOCALE_COOKIE)
    if remembered in LOCALES:
        return remembered
    return request.accept_languages.best_match(list(LOCALES), default=DEFAULT_LOCALE) or DEFAULT_LOCALE


def text_direction(locale: str) -> str:
    return "rtl" if locale in RTL_LOCALES else "ltr"
