"""Offers as CSV rows: the export, and the row form the import compares before and after a change."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select

from ...clock import CITY_TIME
from ...extensions import db
from ...formats.csvfile import write_csv
from ...models import Offer
from ...queries.offers import OFFER_LOADERS
from .csv_io import (
    COLUMNS,
    EXPORT_ONLY_COLUMNS,
    INT_COLUMNS,
    LIST_COLUMNS,
    TEXT_COLUMNS,
    TRANSLATED_FIELDS,
    TRANSLATION_LOCALES,
)


def _when(value: datetime | None) -> str:
    """A stored point in time as local wall time, the same whether the database kept the zone or not."""
    if value is None:
        return ""
    if value.tzinfo:
        value = value.astimezone(CITY_TIME).replace(tzinfo=None)
    return value.isoformat(timespec="minutes")


def _join(codes: list[str] | None) -> str:
    return "|".join(codes or [])


def _flag(value: bool | None) -> str:
    return "" if value is None else ("ja" if value else "nein")


def offer_to_row(offer: Offer) -> dict[str, str]:
    """An offer as a CSV row of ``COLUMNS`` plus ``EXPORT_ONLY_COLUMNS`` (the inverse of ``row_to_data``)."""
    place = offer.places[0] if offer.places else None
    row = {
        "external_id": offer.external_id or "",
        "title": offer.title,
        "category": offer.category.slug if offer.category else "",
        "status": offer.status,
        "cost": offer.cost,
        "but_eligible": _flag(offer.but_eligible),
        "registration_required": _flag(offer.registration_required),
        "organisation": offer.organisation.slug if offer.organisation else "",
        "citywide": _flag(offer.citywide),
        "statewide": _flag(offer.statewide),
        "districts": _join([d.slug for d in offer.districts]),
        "focus_areas": _join([a.slug for a in offer.focus_areas]),
        "challenges": _join([c.slug for c in offer.challenges]),
        "last_verified": offer.last_verified.isoformat() if offer.last_verified else "",
        "starts_at": _when(offer.starts_at),
        "ends_at": _when(offer.ends_at),
        "place_key": (place.key or "") if place else "",
        "place_name": place.name if place else "",
        "street": place.street if place else "",
        "postcode": place.postcode if place else "",
        "place_district": place.district.slug if place and place.district else "",
        "lat": "" if place is None or place.lat is None else repr(place.lat),
        "lon": "" if place is None or place.lon is None else repr(place.lon),
        "step_free": _flag(place.step_free) if place else "",
        "slug": offer.slug,
        "workflow_state": offer.workflow_state,
        **_hours_cells(offer.opening_hours or {}),
    }
    for locale in TRANSLATION_LOCALES:
        translation = offer.translation(locale)
        for name in TRANSLATED_FIELDS:
            row[f"{name}_{locale}"] = (getattr(translation, name) or "") if translation else ""
    for column in TEXT_COLUMNS:
        row[column] = getattr(offer, column) or ""
    for column in LIST_COLUMNS:
        row[column] = _join(getattr(offer, column))
    for column in INT_COLUMNS:
        value = getattr(offer, column)
        row[column] = "" if value is None else str(value)
    return row


def _hours_cells(hours: Mapping[str, Any]) -> dict[str, str]:
    slots = [f"{slot['day']} {slot['opens']}-{slot['closes']}" for slot in hours.get("weekly") or []]
    return {"opening_hours": " | ".join(slots), "by_appointment": _flag(bool(hours.get("by_appointment"))),
            "hours_note": hours.get("note", "") or ""}


def export_offers_csv() -> str:
    """Every offer (drafts and archived ones included) as a CSV document with safe cells."""
    offers = db.session.execute(
        select(Offer)
        .options(*OFFER_LOADERS)
        .order_by(Offer.title, Offer.id)
    ).scalars()
    header = (*COLUMNS, *EXPORT_ONLY_COLUMNS)
    return write_csv(header, ([offer_to_row(offer).get(c, "") for c in header] for offer in offers))


__all__ = ["export_offers_csv", "offer_to_row"]
