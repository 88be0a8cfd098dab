"""The index schema and the one mapping from an offer to its search document."""

from __future__ import annotations

import hashlib
import json
import struct
from typing import Any

from whoosh.columns import NumericColumn, VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema

from ..models import Offer, vocab
from ..opening import week_intervals
from ..text import fold_german
from .analysis import (
    german_analyzer,
    index_terms,
    phrase_analyzer,
    phrase_index_terms,
    spelling_analyzer,
    spelling_terms,
)
from .filters import ANY_SCHOOL_LEVEL

# Text fields and their weight in ranking: the title counts most, then the summary, then the rest.
TEXT_FIELDS: dict[str, float] = {"title": 3.0, "summary": 2.0, "body": 1.0}
PHRASE_FIELD = "phrase"
SPELL_FIELD = "spell"
# Facet fields: one keyword per value (category slug, cost code, language code, district slug, ...).
# "access": "step_free" when one of the offer's places is step-free; "school_level": see ``filters``.
FACET_FIELDS = ("category", "cost", "language", "district", "challenge", "target_group", "mode", "access",
                "school_level")


def make_schema() -> Schema:
    german = german_analyzer()
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),
        stamp=STORED(),  # digest of the document: `index verify` compares it with the database
        version=STORED(),  # the offer's version: the reconciler compares it with the database
        title=TEXT(analyzer=german, phrase=False),
        summary=TEXT(analyzer=german, phrase=False),
        body=TEXT(analyzer=german, phrase=False),
        phrase=TEXT(analyzer=phrase_analyzer(), phrase=False),
        spell=TEXT(analyzer=spelling_analyzer(), phrase=False),
        category=KEYWORD(),
        cost=KEYWORD(),
        language=KEYWORD(),
        district=KEYWORD(),
        challenge=KEYWORD(),
        target_group=KEYWORD(),
        mode=KEYWORD(),
        access=KEYWORD(),
        school_level=KEYWORD(),
        # Packed little-endian float64 pairs (lat, lon) of the offer's places with coordinates.
        points=COLUMN(VarBytesColumn()),
        # Packed little-endian uint16 pairs: the weekly opening slots as [start, end) minutes of the week.
        hours=COLUMN(VarBytesColumn()),
        # Order of offers when relevance does not decide: real offers before examples, then by title.
        sortkey=COLUMN(VarBytesColumn()),
        # ``version`` again, as a column: the engine reads it for a page of results without the stored fields.
        version_column=COLUMN(NumericColumn("q", default=0)),
    )


def pack_points(points: list[tuple[float, float]]) -> bytes:
    flat = [c for point in points for c in point]
    return struct.pack(f"<{len(flat)}d", *flat)


def pack_hours(intervals: list[tuple[int, int]]) -> bytes:
    flat = [minute for interval in intervals for minute in interval]
    return struct.pack(f"<{len(flat)}H", *flat)


def unpack_points(raw: bytes) -> list[tuple[float, float]]:
    values = struct.unpack(f"<{len(raw) // 8}d", raw)
    return list(zip(values[0::2], values[1::2], strict=True))


def offer_districts(offer: Offer) -> list[str]:
    """Slugs of the Stadtteile an offer is in or for: its places, its service area and focus areas."""
    slugs = {place.district.slug for place in offer.places if place.district is not None}
    slugs |= {district.slug for district in offer.districts}
    for area in offer.focus_areas:
        slugs |= {district.slug for district in area.districts}
    return sorted(slugs)


def offer_costs(offer: Offer) -> list[str]:
    return [offer.cost, vocab.BUT] if offer.but_eligible else [offer.cost]


def _labels(vocabulary: dict, codes: list[str]) -> list[str]:
    """German labels, whatever the locale (and outside requests): the index is one for everybody."""
    found = []
    for code in codes:
        label = vocabulary.get(code, code)
        # A lazy gettext string keeps its German message id as its first argument.
        args = getattr(label, "_args", None)
        found.append(str(args[0]) if args else str(label))
    return found


def offer_document(offer: Offer) -> dict[str, Any]:
    """Everything a search looks at for one offer (relationships must be loadable)."""
    translations = sorted(offer.translations, key=lambda t: t.locale)
    title = " \n".join([offer.title, *(t.title for t in translations if t.title)])
    summary = " \n".join([offer.summary, *(t.summary for t in translations if t.summary)])
    places = [p for p in offer.places]
    rest: list[str] = [
        offer.description,
        offer.category.name if offer.category else "",
        offer.organisation.name if offer.organisation else "",
        offer.price_text,
        offer.how_to_access,
        # (Limitations, what an offer does not do, are left out in every language: matching them misleads.)
        *(t.description for t in translations),
        *(t.how_to_access for t in translations if t.how_to_access),
        *(f"{p.name} {p.street} {p.postcode} {p.city} {p.district.name if p.district else ''}" for p in places),
        *(d.name for d in offer.districts),
        *(a.name for a in offer.focus_areas),
        *(alias for a in offer.focus_areas for alias in a.aliases or []),
        *(c.title for c in offer.challenges),
        *_labels(vocab.COSTS, [offer.cost]),
        "BuT Bildung und Teilhabe" if offer.but_eligible else "",
        *_labels(vocab.LANGUAGES, offer.languages),
        *_labels(vocab.MODES, offer.modes),
        *_labels(vocab.TARGET_GROUPS, offer.target_groups),
        *_labels(vocab.SETTINGS, offer.settings),
        *_labels(vocab.SUBJECTS, offer.subjects),
        *_labels(vocab.SCHOOL_LEVELS, offer.school_levels),
        "landesweit" if offer.statewide else "",
        "stadtweit" if offer.citywide else "",
    ]
    body = " \n".join(text for text in rest if text)
    points = [(p.lat, p.lon) for p in places if p.lat is not None and p.lon is not None]
    doc: dict[str, Any] = {
        "id": str(offer.id),
        "version": offer.version,
        "title": title,
        "summary": summary,
        "body": body,
        "phrase": " \n".join((title, summary, body)),
        "spell": " \n".join((title, summary, body)),
        "category": offer.category.slug if offer.category else "",
        "cost": " ".join(offer_costs(offer)),
        "language": " ".join(offer.languages),
        "district": " ".join(offer_districts(offer)),
        "challenge": " ".join(c.slug for c in offer.challenges),
        "target_group": " ".join(offer.target_groups),
        "mode": " ".join(offer.modes),
        "access": "step_free" if any(p.step_free for p in places) else "",
        "school_level": " ".join(offer.school_levels or [ANY_SCHOOL_LEVEL]),
        "points": pack_points(sorted(points)),
        "hours": pack_hours(sorted(week_intervals(offer.opening_hours))),
        "sortkey": (("1" if offer.demo else "0") + fold_german(offer.title)).encode("utf-8"),
    }
    doc["stamp"] = document_stamp(doc)
    return doc


def document_stamp(doc: dict[str, Any]) -> str:
    """A digest of a document's content: equal stamps, equal documents."""
    canonical = {k: (v.hex() if isinstance(v, bytes) else v) for k, v in doc.items() if k != "stamp"}
    return hashlib.sha256(json.dumps(canonical, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:32]


# Text fields and the function that gives the terms their analyzer would (see ``analysis.index_terms``).
_PREANALYSED = {
    **{name: index_terms for name in TEXT_FIELDS},
    PHRASE_FIELD: phrase_index_terms,
    SPELL_FIELD: spelling_terms,
}


def writer_fields(doc: dict[str, Any]) -> dict[str, Any]:
    """A document as the index writer takes it: its text fields already analysed (the same index, faster)."""
    fields = {name: (_PREANALYSED[name](value) if name in _PREANALYSED else value) for name, value in doc.items()}
    if doc.get("version") is not None:
        fields["version_column"] = doc["version"]
    return fields
