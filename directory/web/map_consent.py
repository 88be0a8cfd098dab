"""Whether the reader chose to load the map, and which tile host the Content Security Policy then allows.

Nothing names the tile server until the reader asks for the map (``karte=1``, or the remembered cookie); see
``public/maps.py`` for the map itself.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app, has_request_context, request

CONSENT_COOKIE = "karte"
CONSENT_MAX_AGE = 365 * 24 * 3600


def tile_origin(tile_url: str) -> str | None:
    """The origin a CSP must allow for the tile URL template; ``{s}`` subdomains become a wildcard.

    None when the tiles come from the app itself (a relative URL).
    """
    parts = urlsplit(tile_url)
    if not parts.scheme or not parts.netloc:
        return None
    host = parts.netloc.replace("{s}", "*")
    return f"{parts.scheme}://{host}"


def consent_from(args: Any, cookies: Any) -> bool:
    """Whether the reader asked for the map: now (``karte=1``) or remembered (cookie), unless revoked now."""
    asked = args.get(CONSENT_COOKIE)
    if asked == "0":
        return False
    return asked == "1" or cookies.get(CONSENT_COOKIE) == "1"


def map_consented() -> bool:
    return has_request_context() and consent_from(request.args, request.cookies)


def tile_origin_if_consented() -> str | None:
    if not map_consented():
        return None
    return tile_origin(current_app.config["TILE_URL"])
