"""An offer as plain data (the inverse of ``apply_offer_data``) and readable differences between two such states.

The plain data is what a revision stores, what the edit form starts from and what a restore applies, so an
offer saved, snapshotted and restored comes back the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l

from ...formats.serialisers import offer_facts
from ...models import Offer, vocab

# Fields a restore or a form writes back through ``apply_offer_data``; the rest of a snapshot is for reading.
CONTENT_FIELDS = (
    "title", "summary", "description", "category", "organisation", "status",
    "cost", "price_text", "but_eligible",
    "languages", "target_groups", "age_min", "age_max", "modes", "settings", "subjects", "school_levels",
    "registration_required", "lead_time_days", "how_to_access", "limitations", "opening_hours",
    "starts_at", "ends_at", "phone", "email", "website", "places", "service_area", "challenges",
    "source_title", "source_url", "sources", "researched_on", "last_verified", "demo",
)

FIELD_LABELS = {
    "title": _l("Titel"),
    "slug": _l("Adresse (Slug)"),
    "summary": _l("Kurzbeschreibung"),
    "description": _l("Beschreibung"),
    "category": _l("Kategorie"),
    "organisation": _l("Träger"),
    "status": _l("Status des Angebots"),
    "workflow_state": _l("Bearbeitungsstand"),
    "cost": _l("Kosten"),
    "price_text": _l("Preis"),
    "but_eligible": _l("Bildung und Teilhabe (BuT)"),
    "languages": _l("Sprachen"),
    "target_groups": _l("Zielgruppen"),
    "age_min": _l("Mindestalter"),
    "age_max": _l("Höchstalter"),
    "modes": _l("Form"),
    "settings": _l("Einsatzbereiche"),
    "subjects": _l("Fächer"),
    "school_levels": _l("Schulstufen"),
    "registration_required": _l("Anmeldung nötig"),
    "lead_time_days": _l("Vorlauf (Tage)"),
    "how_to_access": _l("So nehmen Sie teil"),
    "limitations": _l("Was das Angebot nicht umfasst"),
    "opening_hours": _l("Öffnungszeiten"),
    "starts_at": _l("Beginn"),
    "ends_at": _l("Ende"),
    "phone": _l("Telefon"),
    "email": _l("E-Mail"),
    "website": _l("Website"),
    "places": _l("Orte"),
    "service_area": _l("Einzugsgebiet"),
    "challenges": _l("Herausforderungen"),
    "measures": _l("Maßnahmen"),
    "source_title": _l("Quelle"),
    "source_url": _l("Quelle (Adresse)"),
    "sources": _l("Quellen"),
    "researched_on": _l("Recherchiert am"),
    "last_verified": _l("Zuletzt geprüft"),
    "demo": _l("Beispieleintrag"),
    "external_id": _l("Externe Kennung"),
    "translations": _l("Übersetzungen"),
}


def _iso(value: date | datetime | None) -> str | None:
    """ISO text; points in time as naive UTC, so SQLite (naive) and PostgreSQL (aware) snapshot alike."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat() if value is not None else None


def offer_to_data(offer: Offer) -> dict[str, Any]:
    """The offer as plain JSON-safe data, in the shape ``apply_offer_data`` accepts (places by id)."""
    return {
        "title": offer.title or "",
        "slug": offer.slug or "",
        "summary": offer.summary or "",
        "description": offer.description or "",
        "category": offer.category.slug if offer.category else None,
        "organisation": offer.organisation.slug if offer.organisation else None,
        **offer_facts(offer),
        "workflow_state": offer.workflow_state,
        "opening_hours": {
            "weekly": list((offer.opening_hours or {}).get("weekly", [])),
            "by_appointment": bool((offer.opening_hours or {}).get("by_appointment", False)),
            "note": (offer.opening_hours or {}).get("note", ""),
        },
        "starts_at": _iso(offer.starts_at),
        "ends_at": _iso(offer.ends_at),
        "phone": offer.phone or "",
        "email": offer.email or "",
        "website": offer.website or "",
        "places": sorted(str(place.id) for place in offer.places),
        "service_area": {
            "districts": sorted(d.slug for d in offer.districts),
            "focus_areas": sorted(f.slug for f in offer.focus_areas),
            "citywide": bool(offer.citywide),
            "statewide": bool(offer.statewide),
        },
        "challenges": [c.slug for c in offer.challenges],
        "measures": sorted(m.key for m in offer.measures),
        "source_title": offer.source_title or "",
        "source_url": offer.source_url or "",
        "sources": [dict(source) for source in offer.sources or []],
        "researched_on": _iso(offer.researched_on),
        "last_verified": _iso(offer.last_verified),
        "demo": bool(offer.demo),
        "external_id": offer.external_id,
        "translations": {
            t.locale: {"title": t.title or "", "summary": t.summary or "", "description": t.description or ""}
            for t in sorted(offer.translations, key=lambda t: t.locale)
        },
    }


def content_of(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The part of a snapshot that ``apply_offer_data`` writes back (no workflow state, no ids)."""
    return {name: snapshot[name] for name in CONTENT_FIELDS if name in snapshot}


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: str
    new: str


def changed_fields(old: dict[str, Any] | None, new: dict[str, Any]) -> list[str]:
    """Names of the fields whose values differ (all non-empty ones when there is no old state)."""
    old = old or {}
    names = list(new) + [name for name in old if name not in new]
    return [name for name in names if old.get(name) != new.get(name) and (old or new.get(name))]


def _text(field: str, value: Any, names: dict[str, dict[str, str]]) -> str:
    """A value as a person reads it: labels instead of codes, names instead of ids."""
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return str(_l("ja")) if value else str(_l("nein"))
    vocabulary = vocab.VOCABULARIES.get(field)
    if vocabulary is not None:
        codes = value if isinstance(value, list) else [value]
        return ", ".join(vocab.label(vocabulary, code) for code in codes)
    lookup = names.get(field)
    if lookup is not None:
        items = value if isinstance(value, list) else [value]
        return ", ".join(lookup.get(str(item), str(item)) for item in items)
    if field == "opening_hours":
        parts = [
            f"{vocab.label(vocab.WEEKDAYS, slot['day'])} {slot['opens']}–{slot['closes']}"
            for slot in value.get("weekly", [])
        ]
        if value.get("by_appointment"):
            parts.append(str(_l("nach Vereinbarung")))
        if value.get("note"):
            parts.append(value["note"])
        return "; ".join(parts) or "–"
    if field == "service_area":
        parts = []
        if value.get("statewide"):
            parts.append(str(_l("landesweit")))
        if value.get("citywide"):
            parts.append(str(_l("stadtweit")))
        parts += [names.get("districts", {}).get(s, s) for s in value.get("districts", [])]
        parts += [names.get("focus_areas", {}).get(s, s) for s in value.get("focus_areas", [])]
        return ", ".join(parts) or "–"
    if field == "translations":
        return "; ".join(f"{locale}: {texts.get('title', '')}" for locale, texts in sorted(value.items())) or "–"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def diff_snapshots(
    old: dict[str, Any] | None, new: dict[str, Any], names: dict[str, dict[str, str]] | None = None
) -> list[FieldChange]:
    """Field-by-field changes from ``old`` to ``new``, readable (labels, names), in form order.

    ``names`` maps a field to {stored reference: display name}, e.g. {"places": {id: "Musterstr. 1"}}.
    """
    names = names or {}
    return [
        FieldChange(
            field=name,
            label=str(FIELD_LABELS.get(name, name)),
            old=_text(name, (old or {}).get(name), names),
            new=_text(name, new.get(name), names),
        )
        for name in changed_fields(old, new)
    ]


def summarise(fields: list[str]) -> str:
    """A one-line summary of changed fields, with their German labels."""
    return ", ".join(str(FIELD_LABELS.get(name, name)) for name in fields)
