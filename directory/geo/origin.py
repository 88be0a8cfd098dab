"""Where a search measures distances from: the offline gazetteer first, then the optional geocoder."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app

from .gazetteer import Gazetteer, Origin
from .geocoder import Geocoder, geocoder_from_config

_GAZETTEER = "directory.gazetteer"
_GEOCODER = "directory.geocoder"


def get_gazetteer(app: Flask | None = None) -> Gazetteer:
    """The app's gazetteer, loaded from ``SEED_DIR`` on first use and kept for the app's lifetime."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    gazetteer = app.extensions.get(_GAZETTEER)
    if gazetteer is None:
        gazetteer = Gazetteer.load(Path(app.config["SEED_DIR"]))
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
    if not isinstance(text, str) or not text.strip():
        return None
    origin = get_gazetteer().resolve(text)
    if origin is not None:
        return origin
    geocoder = get_geocoder()
    if geocoder is None:
        return None
    return geocoder.geocode(text)


__all__ = ["Origin", "get_gazetteer", "get_geocoder", "resolve_origin"]
