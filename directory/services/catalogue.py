"""Use cases for the catalogue around offers: organisations, places, categories, challenges."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..models import Category, Challenge, Organisation, Place
from ..text import slugify
from .audit import Actor, audit
from .errors import CurationError
from .offers.data import apply_place_data
from .offers.snapshots import summarise
from .unit_of_work import unit_of_work


def _set_fields(row: Any, data: Mapping[str, Any], fields: tuple[str, ...]) -> list[str]:
    changed = []
    for name in fields:
        if name in data:
            value = data[name]
            if isinstance(value, str):
                value = value.strip()
            if getattr(row, name) != value:
                setattr(row, name, value)
                changed.append(name)
    return changed


def _unique_slug(model: type, text: str, row: Any) -> str:
    base = slugify(text)
    candidate, n = base, 1
    while True:
        other = db.session.execute(select(model.id).where(model.slug == candidate)).scalar_one_or_none()
        if other is None or other == getattr(row, "id", None):
            return candidate
        n += 1
        candidate = f"{base}-{n}"


def _save(
    row: Any,
    object_type: str,
    label_field: str,
    data: Mapping[str, Any],
    fields: tuple[str, ...],
    actor: Actor | None,
    slug_from: str | None = None,
) -> Any:
    created = getattr(row, "id", None) is None
    with unit_of_work():
        with db.session.no_autoflush:
            changed = _set_fields(row, data, fields)
            if not (getattr(row, label_field) or "").strip():
                raise CurationError(_("Bitte einen Namen angeben."))
            if slug_from and (created or not row.slug):
                row.slug = _unique_slug(type(row), getattr(row, slug_from), row)
        if created:
            db.session.add(row)
        db.session.flush()
        if created or changed:
            action = "create" if created else "update"
            audit(actor, action, object_type, row.id, getattr(row, label_field), summarise(changed))
    return row


ORGANISATION_FIELDS = ("name", "description", "website", "email", "phone", "demo")
CATEGORY_FIELDS = ("name", "description", "position")
CHALLENGE_FIELDS = ("title", "description", "position")


def create_organisation(data: Mapping[str, Any], actor: Actor | None) -> Organisation:
    return _save(Organisation(), "organisation", "name", data, ORGANISATION_FIELDS, actor, slug_from="name")


def update_organisation(organisation: Organisation, data: Mapping[str, Any], actor: Actor | None) -> Organisation:
    return _save(organisation, "organisation", "name", data, ORGANISATION_FIELDS, actor)


def create_category(data: Mapping[str, Any], actor: Actor | None) -> Category:
    return _save(Category(), "category", "name", data, CATEGORY_FIELDS, actor, slug_from="name")


def update_category(category: Category, data: Mapping[str, Any], actor: Actor | None) -> Category:
    return _save(category, "category", "name", data, CATEGORY_FIELDS, actor)


def create_challenge(data: Mapping[str, Any], actor: Actor | None) -> Challenge:
    return _save(Challenge(), "challenge", "title", data, CHALLENGE_FIELDS, actor, slug_from="title")


def update_challenge(challenge: Challenge, data: Mapping[str, Any], actor: Actor | None) -> Challenge:
    return _save(challenge, "challenge", "title", data, CHALLENGE_FIELDS, actor)


def _place_state(place: Place) -> dict[str, Any]:
    return {
        "name": place.name, "street": place.street, "postcode": place.postcode, "city": place.city,
        "lat": place.lat, "lon": place.lon, "district": place.district.slug if place.district else None,
        "step_free": place.step_free, "accessibility_note": place.accessibility_note,
    }


def save_place(place: Place | None, data: Mapping[str, Any], actor: Actor | None) -> Place:
    """Create (``place`` None) or update a place from plain data (see ``apply_place_data``)."""
    created = place is None
    if place is None:
        place = Place(key=f"place-{uuid.uuid4().hex[:12]}")
    before = {} if created else _place_state(place)
    with unit_of_work():
        with db.session.no_autoflush:
            apply_place_data(place, data)
        if created:
            db.session.add(place)
        db.session.flush()
        after = _place_state(place)
        changed = [name for name in after if before.get(name) != after[name]]
        if created or changed:
            action = "create" if created else "update"
            audit(actor, action, "place", place.id, place.label, ", ".join(changed))
    return place
