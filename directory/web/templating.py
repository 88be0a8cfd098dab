"""Template filters and globals: labels for codes, German number and date formats, locale facts."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import lru_cache

from babel import numbers
from flask import Flask, current_app
from flask_babel import format_date, format_datetime

from ..models import vocab
from . import translated
from .i18n import LOCALES, reader_locale, text_direction


def format_km(value: float | None) -> str:
    """A distance the way the reader writes numbers: "1,2 km" in German."""
    if value is None:
        return ""
    return _format_km(round(value, 1), reader_locale())


@lru_cache(maxsize=4096)
def _format_km(value: float, locale: str) -> str:
    return f"{numbers.format_decimal(value, format='#,##0.0', locale=locale)} km"


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
    return _label(vocabulary_name, code, reader_locale())


@lru_cache(maxsize=4096)
def _label(vocabulary_name: str, code: str | None, locale: str) -> str:
    """A code's label in ``locale``, translated once per process: a results page shows a hundred of them."""
    return vocab.label(vocab.VOCABULARIES.get(vocabulary_name, {}), code)


def labels(vocabulary_name: str, codes: list[str] | None) -> list[str]:
    return [label(vocabulary_name, code) for code in codes or []]


def register(app: Flask) -> None:
    app.jinja_env.filters.update(
        km=format_km,
        source_date=format_source_date,
        label=label,
        labels=labels,
        date=lambda value, fmt="medium": format_date(value, fmt) if value else "",
        datetime=lambda value, fmt="medium": format_datetime(value, fmt) if value else "",
    )
    app.jinja_env.globals.update(vocab=vocab)
    translated.register(app)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def site_context() -> dict:
        locale = reader_locale()
        return {
            "site_name": current_app.config["SITE_NAME"],
            "current_locale": locale,
            "text_dir": text_direction(locale),
            "locales": LOCALES,
            "today": datetime.now(UTC).date(),
        }


__all__ = ["format_km", "format_source_date", "label", "labels", "register"]
