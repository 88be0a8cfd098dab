"""Read-only views of the content translations: coverage per language and content type, and what is left.

Counts, per language and content type:
- translated: has a translation row;
- reviewed: of those, reviewed by the team;
- machine_assisted: of those, machine-assisted (or imported) and not reviewed ("übersetzt, nicht geprüft");
- outdated: of those, made from another revision of the German text than today's;
- missing: no translation row.
Offers count when published and real (examples are not translated).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Category, Challenge, ContentTranslation, FocusArea, Measure, Offer
from ..models.translation import CONTENT_FIELDS, TranslationRecord, content_hash
from ..web.i18n import TRANSLATED_LOCALES

CONTENT_TYPES = ("offer", "challenge", "measure", "category", "focus_area")


@dataclass(frozen=True)
class Item:
    """One object in one language: what it is, its German label and its translation (if any)."""

    content_type: str
    obj: Any
    row: TranslationRecord | None
    outdated: bool

    @property
    def label(self) -> str:
        return str(getattr(self.obj, CONTENT_FIELDS[self.content_type][0]) or "")

    @property
    def state(self) -> str:
        """missing, outdated, machine-assisted (not reviewed), reviewed or team."""
        if self.row is None:
            return "missing"
        if self.outdated:
            return "outdated"
        if self.row.is_reviewed:
            return "reviewed"
        return "team" if self.row.origin == "team" else "machine-assisted"


@dataclass
class Coverage:
    locale: str
    content_type: str
    items: list[Item] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def translated(self) -> int:
        return sum(1 for item in self.items if item.row is not None)

    @property
    def reviewed(self) -> int:
        return sum(1 for item in self.items if item.row is not None and item.row.is_reviewed)

    @property
    def machine_assisted(self) -> int:
        return sum(1 for item in self.items if item.row is not None and item.row.needs_review_note)

    @property
    def outdated(self) -> int:
        return sum(1 for item in self.items if item.outdated)

    @property
    def missing(self) -> int:
        return sum(1 for item in self.items if item.row is None)

    def counts(self) -> dict[str, int]:
        return {
            "total": self.total,
            "translated": self.translated,
            "reviewed": self.reviewed,
            "machine_assisted": self.machine_assisted,
            "outdated": self.outdated,
            "missing": self.missing,
        }


def content_objects(content_type: str) -> list[Any]:
    """The objects of a content type that need translations, in the order the site shows them."""
    if content_type == "offer":
        statement = (
            select(Offer)
            .where(Offer.workflow_state == "published", Offer.demo.is_(False))
            .options(selectinload(Offer.translations))
            .order_by(Offer.title)
        )
    elif content_type == "measure":
        statement = select(Measure).join(Measure.challenge).order_by(Challenge.position, Measure.position)
    else:
        model = {"challenge": Challenge, "category": Category, "focus_area": FocusArea}[content_type]
        statement = select(model).order_by(model.position)
    return list(db.session.execute(statement).scalars())


def _structure_rows(content_type: str) -> dict[tuple[int, str], ContentTranslation]:
    rows = db.session.execute(select(ContentTranslation).filter_by(content_type=content_type)).scalars()
    return {(row.object_id, row.locale): row for row in rows}


def coverage(locales: Iterable[str] = TRANSLATED_LOCALES, content_types: Iterable[str] = CONTENT_TYPES
             ) -> dict[str, dict[str, Coverage]]:
    """{locale: {content type: Coverage}} for the given languages and types."""
    locales = tuple(locales)
    result: dict[str, dict[str, Coverage]] = {locale: {} for locale in locales}
    for content_type in content_types:
        objects = content_objects(content_type)
        rows = {} if content_type == "offer" else _structure_rows(content_type)
        hashes = {id(obj): content_hash(content_type, obj) for obj in objects}
        for locale in locales:
            cov = result[locale][content_type] = Coverage(locale, content_type)
            for obj in objects:
                row = obj.translation(locale) if content_type == "offer" else rows.get((obj.id, locale))
                outdated = row is not None and row.is_outdated(hashes[id(obj)])
                cov.items.append(Item(content_type, obj, row, outdated))
    return result


def translation_backlog() -> int:
    """How many translations are outdated or missing, over all languages and content types."""
    return sum(cov.outdated + cov.missing for by_type in coverage().values() for cov in by_type.values())


__all__ = ["CONTENT_TYPES", "Coverage", "Item", "content_objects", "coverage", "translation_backlog"]
