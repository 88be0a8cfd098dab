"""Security headers on every response, above all a Content Security Policy that keeps the page on its origin.

Nothing loads from another host: scripts, styles, fonts and images come from the app itself. The one
exception is the map's tile server, and only once the reader has asked for the map (see ``map_consent.py``).
"""

from __future__ import annotations

from flask import Flask, Response

from . import map_consent


def content_security_policy(tile_origin: str | None = None) -> str:
    """The policy; ``tile_origin`` (e.g. ``https://tile.openstreetmap.org``) is allowed for images when given."""
    img_src = "'self' data:" + (f" {tile_origin}" if tile_origin else "")
    directives = [
        "default-src 'self'",
        f"img-src {img_src}",
        "style-src 'self'",
        "script-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
    return "; ".join(directives)


def set_security_headers(response: Response) -> Response:
    tile_origin = map_consent.tile_origin_if_consented()
    response.headers["Content-Security-Policy"] = content_security_policy(tile_origin)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Permissions-Policy"] = (
        "geolocation=(self), camera=(), microphone=(), payment=(), usb=()"
    )
    return response


def register(app: Flask) -> None:
    app.after_request(set_security_headers)
