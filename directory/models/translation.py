"""Translations of the directory's content (offers, challenges, measures, categories, focus areas).

German is the original and lives on the objects themselves. A translation row records where it came from
(``origin``), the revision of the German text it was made from (``de_hash``) and who reviewed it, when.
Whether a translation is outdated is derived, never stored: its ``de_hash`` differs from the hash of the
German text as it stands now (``german_hash``). Every path that changes German text (back office, seed,
CSV import, restoring a revision) is covered without having to remember to flag anything.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import UTCDateTime, utcnow

ORIGINS = ("machine-assisted", "team", "import")

# The German fields of each content type, in hash order (seed_data/translations/README.md); each is
# translated when its German text is not empty.
CONTENT_FIELDS: dict[str, tuple[str, ...]] = {
    "challenge": ("title", "description"),
    "measure": ("text", "document_note"),
    "category": ("name", "description"),
    "focus_area": ("name", "description"),
    "offer": ("title", "summary", "description", "how_to_access", "limitations"),
}
# The types kept in ``content_translation`` (offers have their own table, ``offer_translation``).
STRUCTURE_TYPES = ("challenge", "measure", "category", "focus_area")


def german_hash(texts: Iterable[str | None]) -> str:
    """The revision of a German text: SHA-256 of its fields joined by a line feed, first 12 hex digits."""
    joined = "\n".join(text or "" for text in texts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:12]


def german_fields(content_type: str, obj: Any) -> dict[str, str]:
    """The German texts of an object, by field name, in hash order."""
    return {name: getattr(obj, name) or "" for name in CONTENT_FIELDS[content_type]}


def content_hash(content_type: str, obj: Any) -> str:
    """The revision of an object's German text as it stands now."""
    return german_hash(german_fields(content_type, obj).values())


class TranslationRecord:
    """Origin, revision and review, shared by both translation tables."""

    origin: Mapped[str] = mapped_column(String(30), default="team", server_default="team")
    de_hash: Mapped[str | None] = mapped_column(String(64))  # None: made from an unknown German revision
    reviewed_by: Mapped[str] = mapped_column(String(300), default="", server_default="")
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    translated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def is_reviewed(self) -> bool:
        return self.reviewed_at is not None

    @property
    def needs_review_note(self) -> bool:
        """Shown to readers as "übersetzt, nicht geprüft": made with machine help and nobody checked it."""
        return self.origin != "team" and not self.is_reviewed

    def is_outdated(self, current_hash: str) -> bool:
        return self.de_hash != current_hash


class ContentTranslation(TranslationRecord, db.Model):
    """The texts of a challenge, measure, category or focus area in one language.

    One generic table keyed by (content type, object id, locale), the texts as a JSON object keyed by the
    German field names: the four types have different fields, the texts are only ever read whole (never
    filtered in SQL), and a field added to a type needs no migration.
    """

    __tablename__ = "content_translation"
    __table_args__ = (
        UniqueConstraint("content_type", "object_id", "locale"),
        Index("ix_content_translation_locale", "locale", "content_type"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    content_type: Mapped[str] = mapped_column(String(30))  # one of STRUCTURE_TYPES
    object_id: Mapped[int] = mapped_column(Integer)
    locale: Mapped[str] = mapped_column(String(10))
    texts: Mapped[dict[str, str]] = mapped_column(JSON, default=dict, nullable=False)

    def text(self, field: str) -> str:
        return str((self.texts or {}).get(field) or "")

    def __repr__(self) -> str:
        return f"<ContentTranslation {self.content_type} {self.object_id} {self.locale}>"


def texts_of(fields: Iterable[str], values: Mapping[str, Any]) -> dict[str, str]:
    """The non-empty, trimmed texts among ``fields``."""
    found = {}
    for name in fields:
        value = str(values.get(name) or "").strip()
        if value:
            found[name] = value
    return found


__all__ = [
    "CONTENT_FIELDS",
    "ContentTranslation",
    "ORIGINS",
    "STRUCTURE_TYPES",
    "TranslationRecord",
    "content_hash",
    "german_fields",
    "german_hash",
    "texts_of",
]
