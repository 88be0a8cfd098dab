"""The results map: opt-in to the tile server, the data the map shows, and Leaflet served from its package.

Privacy by default: a page never names the tile server to the browser until the reader chooses "Karte laden"
(query ``karte=1``). Only then does the page carry the map, the tile URL and Leaflet, and only then does the
Content Security Policy allow images from the tile host. "Auswahl merken" (``merken=1``) keeps the choice in a
cookie; ``karte=0`` forgets it. Without JavaScript nothing changes but a note: the list is the primary view.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

import xstatic.pkg.leaflet as xstatic_leaflet
from flask import Blueprint, Flask, Response, current_app, has_request_context, request, send_from_directory, url_for

from ..web.map_consent import CONSENT_COOKIE, CONSENT_MAX_AGE, map_consented

# Where the map opens when there is nothing to show: the centre of Magdeburg.
CITY_CENTRE = (52.1306, 11.6290)


bp = Blueprint("maps", __name__)


@bp.get("/vendor/leaflet/<path:filename>")
def leaflet(filename: str):
    """Leaflet's files straight from the installed XStatic package (never copied into the repo, never a CDN)."""
    return send_from_directory(xstatic_leaflet.BASE_DIR, filename, max_age=7 * 24 * 3600)


def _coordinates(origin: Any) -> dict[str, Any] | None:
    """An origin given as a mapping or an object with ``lat``, ``lon`` and (optionally) ``label``."""
    if origin is None:
        return None
    get = origin.get if isinstance(origin, dict) else (lambda key, default=None: getattr(origin, key, default))
    lat, lon = get("lat"), get("lon")
    if lat is None or lon is None:
        return None
    return {"lat": float(lat), "lon": float(lon), "label": str(get("label", "") or "")}


def map_data(
    offers: Iterable[Any],
    offer_url: Callable[[Any], str],
    origin: Any = None,
    radius_km: float | None = None,
) -> dict[str, Any]:
    """What the map shows: one marker per place with coordinates, the origin and the radius. Pure."""
    markers = []
    for offer in offers:
        for place in offer.places:
            if place.lat is None or place.lon is None:
                continue
            where = ", ".join(part for part in (place.name, place.street) if part)
            markers.append(
                {"lat": place.lat, "lon": place.lon, "title": offer.title, "url": offer_url(offer), "place": where}
            )
    centre = _coordinates(origin)
    return {
        "markers": markers,
        "origin": centre,
        "radius_km": float(radius_km) if centre is not None and radius_km else None,
        "centre": {"lat": CITY_CENTRE[0], "lon": CITY_CENTRE[1]},
    }


def _template_map_data(offers: Iterable[Any], origin: Any = None, radius_km: float | None = None) -> dict[str, Any]:
    return map_data(offers, lambda offer: url_for("public.offer", slug=offer.slug), origin, radius_km)


def remember_choice(response: Response) -> Response:
    """Keep or forget the reader's map choice, only when they asked for that."""
    if not has_request_context():
        return response
    asked = request.args.get(CONSENT_COOKIE)
    if asked == "1" and request.args.get("merken") == "1":
        response.set_cookie(CONSENT_COOKIE, "1", max_age=CONSENT_MAX_AGE, httponly=True, samesite="Lax",
                            secure=current_app.config.get("SESSION_COOKIE_SECURE", False))
    elif asked == "0" and CONSENT_COOKIE in request.cookies:
        response.delete_cookie(CONSENT_COOKIE, httponly=True, samesite="Lax")
    return response


def register(app: Flask) -> None:
    app.register_blueprint(bp)
    app.after_request(remember_choice)
    app.jinja_env.globals.update(
        map_data=_template_map_data,
        map_consented=map_consented,
        tile_host=lambda: urlsplit(current_app.config["TILE_URL"]).hostname or "",
    )
