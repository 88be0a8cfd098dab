"""Where a search measures distances from: the offline gazetteer first, then the optional geocoder."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app

from .gazetteer import Gazetteer, Origin, PlaceLookup
from .geocoder import Geocoder, geocoder_from_config

_GAZETTEER = "directory.gazetteer"
_GEOCODER = "directory.geocoder"


def get_gazetteer(app: Flask | None = None) -> Gazetteer:
    """The app's gazetteer, loaded from ``SEED_DIR`` on first use and kept for the app's lifetime."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    gazetteer = app.extensions.get(_GAZETTEER)
    if gazetteer is None:
        gazetteer = Gazetteer.load(Path(app.config["SEED_DIR"]), app.config.get("STREETS_FILE") or None)
        app.extensions[_GAZETTEER] = gazetteer
    return gazetteer


def get_geocoder(app: Flask | None = None) -> Geocoder | None:
    """The app's online geocoder, or None when none is configured (the default)."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    if _GEOCODER not in app.extensions:
        app.extensions[_GEOCODER] = geocoder_from_config(app.config)
    return app.extensions[_GEOCODER]


def resolve_origin(text: str) -> Origin | None:
    """The place ``text`` names (Stadtteil, focus area, postcode, street, "lat,lon"), or None.

    Needs an app context. Asks the network only if a geocoder is configured and the gazetteer does not know
    the text; never raises for any input.
    """
    return lookup_place(text).origin


def lookup_place(text: str) -> PlaceLookup:
    """Like ``resolve_origin``, and when nothing is found, what to tell the reader: a street known without a
    position, or names close to what was typed. Only exact names are ever used."""
    if not isinstance(text, str) or not text.strip():
        return PlaceLookup(None)
    lookup = get_gazetteer().lookup(text)
    if lookup.origin is not None:
        return lookup
    geocoder = get_geocoder()
    located = geocoder.geocode(text) if geocoder is not None else None
    return PlaceLookup(located) if located is not None else lookup


def locate_address(street: str, postcode: str, city: str = "Magdeburg") -> Origin | None:
    """Coordinates for a place's address in the back office, only on an explicit "look up" (never while
    validating a form): the gazetteer's street, else the optional geocoder (cached, when configured), else the
    postcode's centre. ``kind`` tells which ("street", "geocoder", "postcode"). Needs an app context."""
    gazetteer = get_gazetteer()
    found = gazetteer.locate_address(street, postcode)
    if found is not None and found.kind == "street":
        return found
    geocoder = get_geocoder()
    if geocoder is not None and (street or "").strip():
        address = ", ".join(part for part in (street.strip(), f"{postcode or ''} {city or ''}".strip()) if part)
        located = geocoder.geocode(address)
        if located is not None:
            return located
    return found


__all__ = ["Origin", "PlaceLookup", "get_gazetteer", "get_geocoder", "locate_address", "lookup_place", "resolve_origin"]
