"""Template filters and globals: labels for codes, German number and date formats, locale facts."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import Flask, current_app
from flask_babel import format_date, format_datetime, format_decimal, get_locale, gettext
from markupsafe import Markup

from ..models import vocab
from .i18n import LOCALES, text_direction


def format_km(value: float | None) -> str:
    """A distance the way the reader writes numbers: "1,2 km" in German."""
    if value is None:
        return ""
    return f"{format_decimal(round(value, 1), format='#,##0.0')} km"


def format_source_date(value: str | None) -> str:
    """A source page's own date as precise as the page gives it: "2024", "April 2024" or "18.04.2024"."""
    if not value:
        return ""
    parts = str(value).split("-")
    try:
        numbers = [int(part) for part in parts]
        if len(numbers) == 1:
            return str(numbers[0])
        if len(numbers) == 2:
            return format_date(date(numbers[0], numbers[1], 1), "MMMM y")
        return format_date(date(*numbers[:3]), "medium")
    except (TypeError, ValueError):
        return str(value)


def label(vocabulary_name: str, code: str | None) -> str:
    return vocab.label(vocab.VOCABULARIES.get(vocabulary_name, {}), code)


def labels(vocabulary_name: str, codes: list[str] | None) -> list[str]:
    return [label(vocabulary_name, code) for code in codes or []]


def localised(offer, field: str) -> tuple[str, bool]:
    """(text of the field in the reader's language, whether it is the German fallback)."""
    locale = str(get_locale() or "de")
    german = getattr(offer, field) or ""
    if locale == "de":
        return german, False
    translation = offer.translation(locale)
    text = getattr(translation, field, "") if translation else ""
    return (text, False) if text else (german, True)


def content(text: str | None) -> str | Markup:
    """A German name from the database (category, challenge) in the reader's language if the catalog has it,
    else the German text marked ``lang="de"`` so screen readers pronounce it as German."""
    text = text or ""
    locale = str(get_locale() or "de")
    if not text or locale == "de":
        return text
    translated = gettext(text)
    if translated != text:
        return translated
    return Markup('<span lang="de">%s</span>') % text


def register(app: Flask) -> None:
    app.jinja_env.filters.update(
        km=format_km,
        source_date=format_source_date,
        content=content,
        label=label,
        labels=labels,
        date=lambda value, fmt="medium": format_date(value, fmt) if value else "",
        datetime=lambda value, fmt="medium": format_datetime(value, fmt) if value else "",
    )
    app.jinja_env.globals.update(localised=localised, vocab=vocab)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def site_context() -> dict:
        locale = str(get_locale() or "de")
        return {
            "site_name": current_app.config["SITE_NAME"],
            "current_locale": locale,
            "text_dir": text_direction(locale),
            "locales": LOCALES,
            "today": datetime.now(UTC).date(),
        }


__all__ = ["content", "format_km", "format_source_date", "label", "labels", "localised", "register"]
