"""Use cases on content translations: the team edits and reviews them; the seed loads machine-assisted ones.

Rules (see ``models/translation.py``):
- A translation saved in the back office is the team's (origin ``team``) and made from the German as it
  stands now; changed texts lose an earlier review, which referred to other words.
- Reviewing confirms a translation against the German as it stands now: it is no longer outdated.
- Re-seeding replaces only rows nobody has touched (machine-assisted or imported, not reviewed).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..models import Category, Challenge, FocusArea, Measure, Offer, OfferTranslation
from ..models.base import utcnow
from ..models.translation import (
    CONTENT_FIELDS,
    ORIGINS,
    STRUCTURE_TYPES,
    ContentTranslation,
    TranslationRecord,
    content_hash,
    german_fields,
    german_hash,
    texts_of,
)
from ..web.i18n import TRANSLATED_LOCALES
from ..yamlfiles import read_yaml
from .audit import Actor, actor_ids, audit
from .errors import CurationError
from .unit_of_work import unit_of_work

STRUCTURE_MODELS: dict[str, type] = {
    "challenge": Challenge,
    "measure": Measure,
    "category": Category,
    "focus_area": FocusArea,
}
# Sections of seed_data/translations/structure.yaml: content type and the stable key of the German row.
STRUCTURE_SECTIONS: dict[str, tuple[str, str]] = {
    "challenges": ("challenge", "slug"),
    "measures": ("measure", "key"),
    "categories": ("category", "slug"),
    "focus_areas": ("focus_area", "slug"),
}


def translatable_fields(content_type: str, obj: Any) -> tuple[str, ...]:
    """The fields to translate: those whose German text is not empty."""
    return tuple(name for name, text in german_fields(content_type, obj).items() if text.strip())


def structure_translation(content_type: str, object_id: int, locale: str) -> ContentTranslation | None:
    return db.session.execute(
        select(ContentTranslation).filter_by(content_type=content_type, object_id=object_id, locale=locale)
    ).scalar_one_or_none()


def _check_locale(locale: str) -> None:
    if locale not in TRANSLATED_LOCALES:
        raise CurationError(_("Für diese Sprache gibt es keine Übersetzung."))


def _label(content_type: str, obj: Any) -> str:
    return str(german_fields(content_type, obj)[CONTENT_FIELDS[content_type][0]])[:300]


def _mark_reviewed(row: TranslationRecord, actor: Actor | None, current_hash: str) -> None:
    row.reviewed_by = actor_ids(actor)[1]
    row.reviewed_at = utcnow()
    row.de_hash = current_hash


def save_structure_translation(
    content_type: str, obj: Any, locale: str, values: Mapping[str, Any], actor: Actor | None
) -> bool:
    """Save one language of a challenge, measure, category or focus area (all empty removes it).

    Returns whether anything changed.
    """
    _check_locale(locale)
    texts = texts_of(translatable_fields(content_type, obj), values)
    row = structure_translation(content_type, obj.id, locale)
    with unit_of_work():
        if not texts:
            if row is None:
                return False
            db.session.delete(row)
            audit(actor, "translation", content_type, obj.id, _label(content_type, obj),
                  _("Übersetzung (%(language)s) entfernt", language=locale))
            return True
        if row is not None and row.texts == texts:
            return False
        if row is None:
            row = ContentTranslation(content_type=content_type, object_id=obj.id, locale=locale)
            db.session.add(row)
        row.texts = texts
        row.origin = "team"
        row.de_hash = content_hash(content_type, obj)
        row.translated_at = utcnow()
        row.reviewed_by, row.reviewed_at = "", None
        audit(actor, "translation", content_type, obj.id, _label(content_type, obj),
              _("Übersetzung (%(language)s) gespeichert", language=locale))
    return True


def review_structure_translation(content_type: str, obj: Any, locale: str, actor: Actor | None) -> None:
    """Mark one language of a challenge, measure, category or focus area reviewed against today's German."""
    _check_locale(locale)
    row = structure_translation(content_type, obj.id, locale)
    if row is None:
        raise CurationError(_("Es gibt keine Übersetzung, die geprüft werden könnte."))
    with unit_of_work():
        _mark_reviewed(row, actor, content_hash(content_type, obj))
        audit(actor, "review", content_type, obj.id, _label(content_type, obj),
              _("Übersetzung (%(language)s) geprüft", language=locale))


def review_offer_translation(offer: Offer, locale: str, actor: Actor | None) -> None:
    """Mark an offer's translation reviewed against today's German (its texts stay as they are)."""
    _check_locale(locale)
    row = offer.translation(locale)
    if row is None:
        raise CurationError(_("Es gibt keine Übersetzung, die geprüft werden könnte."))
    with unit_of_work():
        _mark_reviewed(row, actor, content_hash("offer", offer))
        audit(actor, "review", "offer", offer.id, offer.title,
              _("Übersetzung (%(language)s) geprüft", language=locale))


# --- seeding --------------------------------------------------------------------------------------------


def _untouched(row: TranslationRecord) -> bool:
    """A row the seed may still replace: nobody in the team has written or reviewed it."""
    return row.origin != "team" and not row.is_reviewed


class _SeedTally:
    """Gives new and untouched rows the file's texts and revision, and counts what it created or changed."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.created = self.updated = 0

    def add(self, row: Any, texts: dict[str, str], de_hash: str, set_texts: Callable[[Any, dict], None]) -> None:
        new = row.id is None
        if not new and not _untouched(row):
            return
        if row.origin == self.origin and row.de_hash == de_hash and _texts_equal(row, texts):
            return
        set_texts(row, texts)
        row.origin = self.origin
        row.de_hash = de_hash
        row.translated_at = utcnow()
        if new:
            self.created += 1
        else:
            self.updated += 1


def _texts_equal(row: Any, texts: dict[str, str]) -> bool:
    if isinstance(row, ContentTranslation):
        return row.texts == texts
    return all((getattr(row, name) or "") == texts.get(name, "") for name in CONTENT_FIELDS["offer"])


def _read(path: Path) -> dict[str, Any]:
    return read_yaml(path, {})


def load_structure_translations(path: Path, origin: str = "machine-assisted") -> tuple[int, int]:
    """Load ``structure.yaml`` in the caller's transaction; (created, updated).

    Keys that match no German row are an error (the file follows the German seed files). The team's
    translations and reviewed ones are kept.
    """
    if origin not in ORIGINS:
        raise ValueError(f"unknown origin {origin!r}")
    data = _read(path)
    tally = _SeedTally(origin)
    for section, entries in data.items():
        if section not in STRUCTURE_SECTIONS:
            raise ValueError(f"{path.name}: unknown section {section!r}")
        content_type, key = STRUCTURE_SECTIONS[section]
        model = STRUCTURE_MODELS[content_type]
        rows = {
            (row.object_id, row.locale): row
            for row in db.session.execute(select(ContentTranslation).filter_by(content_type=content_type)).scalars()
        }
        for stable_key, entry in (entries or {}).items():
            obj = db.session.execute(select(model).filter_by(**{key: stable_key})).scalar_one_or_none()
            if obj is None:
                raise ValueError(f"{path.name}: {section}.{stable_key} matches no German entry")
            for locale in TRANSLATED_LOCALES:
                texts = texts_of(CONTENT_FIELDS[content_type], entry.get(locale) or {})
                if not texts:
                    continue
                row = rows.get((obj.id, locale))
                if row is None:
                    row = ContentTranslation(content_type=content_type, object_id=obj.id, locale=locale)
                    db.session.add(row)
                tally.add(row, texts, str(entry["de_hash"]), _set_content_texts)
    return tally.created, tally.updated


def _set_content_texts(row: ContentTranslation, texts: dict[str, str]) -> None:
    row.texts = texts


def _set_offer_texts(row: OfferTranslation, texts: dict[str, str]) -> None:
    for name in CONTENT_FIELDS["offer"]:
        setattr(row, name, texts.get(name, ""))


def _seeded_revision(offer: Offer, file_hash: str, german: Mapping[str, Any] | None) -> str:
    """The revision to record for a translation of ``offer`` made from the German of a seed file.

    The files' ``de_hash`` covers the German as the YAML loader returns it (a block scalar ends with a line
    feed), while the offer stores it trimmed. When the file's hash is that of the seed's German and the offer
    still holds that German, the translation is of today's text: record the offer's own hash. Otherwise keep
    the file's hash (the German has changed since: outdated).
    """
    if german is None:
        return file_hash
    fields = CONTENT_FIELDS["offer"]
    seed_texts = [str(german.get(name) or "") for name in fields]
    if german_hash(seed_texts) != file_hash:
        return file_hash
    if [text.strip() for text in seed_texts] != [(getattr(offer, name) or "").strip() for name in fields]:
        return file_hash
    return content_hash("offer", offer)


def load_offer_translations(
    folder: Path, german: Mapping[str, Mapping[str, Any]] | None = None, origin: str = "machine-assisted"
) -> tuple[int, int]:
    """Load ``offers.<locale>.yaml`` files of ``folder`` in the caller's transaction; (created, updated).

    Format: ``{<offer external_id>: {de_hash, title, summary, description, how_to_access, limitations}}``.
    ``german``: the seed files' German offers by external id, which the files' ``de_hash`` refers to.
    Offers not in the directory (examples left out of this seed) are skipped. The team's translations
    and reviewed ones are kept.
    """
    tally = _SeedTally(origin)
    for locale in TRANSLATED_LOCALES:
        entries = _read(folder / f"offers.{locale}.yaml")
        for external_id, entry in entries.items():
            offer = db.session.execute(select(Offer).filter_by(external_id=str(external_id))).scalar_one_or_none()
            texts = texts_of(CONTENT_FIELDS["offer"], entry or {})
            if offer is None or not texts.get("title"):
                continue
            row = offer.translation(locale)
            if row is None:
                row = OfferTranslation(locale=locale)
                offer.translations.append(row)
            revision = _seeded_revision(offer, str(entry["de_hash"]), (german or {}).get(str(external_id)))
            tally.add(row, texts, revision, _set_offer_texts)
    return tally.created, tally.updated


__all__ = [
    "STRUCTURE_MODELS",
    "STRUCTURE_TYPES",
    "load_offer_translations",
    "load_structure_translations",
    "review_offer_translation",
    "review_structure_translation",
    "save_structure_translation",
    "structure_translation",
    "translatable_fields",
]
