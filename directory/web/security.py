"""Security headers on every response, above all a Content Security Policy that keeps the page on its origin.

Nothing loads from another host: scripts, styles, fonts and images come from the app itself. The one
exception is the map's tile server, and only once the reader has asked for the map (see ``map_consent.py``).
"""

from __future__ import annotations

from flask import Flask, Response, abort, current_app, request

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
        "base-uri 'none'",
        "form-action 'self'",
    ]
    return "; ".join(directives)


def strict_transport_security(max_age: int, include_subdomains: bool) -> str | None:
    """The HSTS header's value; None when switched off (a max-age of 0 or less)."""
    if max_age <= 0:
        return None
    return f"max-age={max_age}" + ("; includeSubDomains" if include_subdomains else "")


def set_security_headers(response: Response) -> Response:
    tile_origin = map_consent.tile_origin_if_consented()
    response.headers["Content-Security-Policy"] = content_security_policy(tile_origin)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Permissions-Policy"] = (
        "geolocation=(self), camera=(), microphone=(), payment=(), usb=()"
    )
    # Only over HTTPS: browsers ignore it on plain HTTP, and a development server must stay reachable there.
    hsts = strict_transport_security(current_app.config["HSTS_MAX_AGE"], current_app.config["HSTS_INCLUDE_SUBDOMAINS"])
    if hsts and request.is_secure:
        response.headers["Strict-Transport-Security"] = hsts
    return response


def refuse_overlong_urls() -> None:
    """414 for a request target longer than ``MAX_URL_LENGTH``, answered by the app (JSON under /api/).

    The limit sits below the front server's (nginx and Apache allow about 8 KB), so the app's own error
    answers rather than the server's HTML page; it also bounds what a page can copy from its URL into links.
    """
    limit = current_app.config["MAX_URL_LENGTH"]
    target = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI") or request.full_path
    if limit and len(target) > limit:
        abort(414)


def register(app: Flask) -> None:
    app.before_request(refuse_overlong_urls)
    app.after_request(set_security_headers)
