"""Content in the reader's language: offers, challenges, measures, categories and focus areas.

A text is shown from its translation row when there is one in the reader's language, else in German,
marked ``lang="de" dir="ltr"`` so screen readers pronounce it as German and right-to-left pages keep its
direction. ``?original=1`` shows the German original on any page (one click from the "übersetzt, nicht
geprüft" note). The structure translations of a language are a few dozen rows, kept per process
(``reference.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from flask import Flask, current_app, has_request_context, request
from markupsafe import Markup, escape
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Category, Challenge, FocusArea, Measure, Offer
from ..models.translation import ContentTranslation, TranslationRecord, content_hash
from . import reference
from .i18n import DEFAULT_LOCALE, reader_locale
from .reference import reference_data

CONTENT_TYPES: dict[type, str] = {
    Offer: "offer",
    Challenge: "challenge",
    Measure: "measure",
    Category: "category",
    FocusArea: "focus_area",
}
ORIGINAL_ARG = "original"


def showing_original() -> bool:
    """The reader asked for the German original (``?original=1``); read once per request."""
    if not has_request_context():
        return False
    state = request._get_current_object().__dict__
    original = state.get("_showing_original")
    if original is None:
        original = state["_showing_original"] = request.args.get(ORIGINAL_ARG) == "1"
    return original


def _structure_rows(locale: str) -> dict[tuple[str, int], ContentTranslation]:
    def load(session: Session) -> dict[tuple[str, int], ContentTranslation]:
        rows = session.execute(select(ContentTranslation).filter_by(locale=locale)).scalars()
        return {(row.content_type, row.object_id): row for row in rows}

    return reference_data(("structure_translations", locale), load)


def translation_of(obj: Any, locale: str | None = None) -> TranslationRecord | None:
    """The translation row of an object in ``locale`` (default: the reader's), or None."""
    locale = locale or reader_locale()
    if locale == DEFAULT_LOCALE or obj is None:
        return None
    content_type = CONTENT_TYPES[type(obj)]
    if content_type == "offer":
        return obj.translation(locale)
    return _structure_rows(locale).get((content_type, obj.id))


def _translated_text(row: TranslationRecord | None, field: str) -> str:
    if row is None:
        return ""
    if isinstance(row, ContentTranslation):
        return row.text(field)
    return getattr(row, field, "") or ""


def localised(obj: Any, field: str) -> tuple[str, bool]:
    """(text of the field in the reader's language, whether it is shown in German on a non-German page)."""
    german = getattr(obj, field) or ""
    if reader_locale() == DEFAULT_LOCALE or not german:
        return german, False
    if showing_original():
        return german, True
    text = _translated_text(translation_of(obj), field)
    return (text, False) if text else (german, True)


def translated(obj: Any, field: str) -> Markup:
    """The field in the reader's language as HTML; German on another page is marked as German."""
    text, german = localised(obj, field)
    if german:
        return Markup('<span lang="de" dir="ltr">%s</span>') % text
    return Markup.escape(text)


def german_attrs(german: bool) -> Markup:
    """The attributes that mark an element's text as German (for block elements)."""
    return Markup(' lang="de" dir="ltr"') if german else Markup("")


@dataclass(frozen=True)
class TranslationNotice:
    """What a page says about the translations it shows."""

    unreviewed: bool  # some text shown is machine-assisted and nobody checked it
    outdated: bool  # some text shown was translated from an older German version
    original: bool  # the reader is looking at the German original
    original_url: str
    translated_url: str

    @property
    def shown(self) -> bool:
        return self.unreviewed or self.outdated or self.original


def _url_with(original: bool) -> str:
    args = [(key, value) for key, value in request.args.items(multi=True) if key != ORIGINAL_ARG]
    if original:
        args.append((ORIGINAL_ARG, "1"))
    return request.path + ("?" + urlencode(args) if args else "")


def translation_notice(*objects: Any) -> TranslationNotice | None:
    """The notice for a page that shows ``objects`` (lists are flattened), or None on German pages."""
    if reader_locale() == DEFAULT_LOCALE:
        return None
    unreviewed = outdated = False
    for obj in _flatten(objects):
        row = translation_of(obj)
        if row is None:
            continue
        unreviewed = unreviewed or row.needs_review_note
        outdated = outdated or row.is_outdated(content_hash(CONTENT_TYPES[type(obj)], obj))
    original = showing_original()
    if not (unreviewed or outdated or original):
        return None
    return TranslationNotice(unreviewed, outdated, original, _url_with(True), _url_with(False))


def reader_view() -> tuple[str, bool]:
    """What HTML shows besides its data: the reader's language, and whether the German original is asked for."""
    return reader_locale(), showing_original()


def kept_html_key(key: tuple[Hashable, ...], view: tuple[str, bool]) -> tuple[Hashable, ...]:
    """The key of HTML kept for a reader's ``view`` (``reader_view``)."""
    return ("html", *key, *view)


def kept_html(key: tuple[Hashable, ...], make: Callable[[], Markup]) -> Markup:
    """HTML as this reader sees it (language, German original or not), made once by ``make()`` and kept
    (``reference.fragment``). The key must name everything the HTML shows that can change."""
    return reference.reference_cache().fragment(kept_html_key(key, reader_view()), make)


def kept_macro(template: str, name: str, *args: Hashable) -> Markup:
    """``{{ kept_macro('macros/chrome.html', 'page_footer') }}``: a macro's HTML with these arguments, rendered
    once per language and kept (``kept_html``). For the parts that depend on nothing else of the request (the
    macro sees the template globals only, no page's context)."""
    return kept_html(_macro_key(template, name, *args), lambda: template_macro(template, name)(*args))


# In place of an argument a kept macro only prints: no HTML contains it, and escaping leaves it as it is.
HOLE = "\x00printed\x00"


def kept_macro_printing(template: str, name: str, printed: str | None, *args: Hashable) -> Markup:
    """``kept_macro`` for a macro whose first argument is a text it only prints (never tests), such as the place
    a reader typed: kept per language and ``args`` with a marker in that place, which each call replaces with
    the text, escaped."""
    key = _macro_key(template, name, HOLE, *args)
    parts = kept_html(key, lambda: template_macro(template, name)(HOLE, *args).split(HOLE))
    return Markup(escape(printed or "").join(parts))  # noqa: S704 (the kept parts are the macro's HTML)


def _macro_key(template: str, name: str, *args: Hashable) -> tuple[Hashable, ...]:
    return ("macro", template, name, request.script_root, *args)


def template_macro(template: str, name: str) -> Callable[..., Markup]:
    """A macro of a template, to call from Python (it sees the template globals, no page's context)."""
    return getattr(current_app.jinja_env.get_template(template).module, name)


def _flatten(objects: Any):
    for obj in objects:
        if isinstance(obj, list | tuple):
            yield from _flatten(obj)
        elif obj is not None:
            yield obj


def register(app: Flask) -> None:
    reference.init_app(app)
    app.jinja_env.globals.update(
        localised=localised, tr=translated, german_attrs=german_attrs, translation_notice=translation_notice,
        translation_of=translation_of, kept_macro=kept_macro, kept_macro_printing=kept_macro_printing,
    )
    app.context_processor(lambda: {"showing_original": showing_original()})


__all__ = [
    "kept_html", "kept_html_key", "kept_macro", "kept_macro_printing", "localised", "reader_view", "register",
    "template_macro", "translated", "translation_notice", "translation_of",
]
