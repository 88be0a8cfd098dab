"""Installable and offline: the web app manifest, the service worker and the bookmark list ("Merkliste").

The service worker is served from ``/sw.js`` so that its scope is the whole site. It caches the shell (the
bookmark page, the stylesheet, the script, the icon), the pages of offers the reader bookmarked and the last
results page, and nothing else: no page is fetched ahead of the reader. Bookmarks live in the browser's
``localStorage`` only; the server never learns them (no account, no cookie).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from flask import Response, current_app, render_template, url_for

from ..formats.offer_links import first_located_place, geo_uri, osm_directions_url
from ..opening import state_now
from . import bp

THEME_COLOUR = "#00508c"
ICONS = (
    ("img/icon.svg", "any", "image/svg+xml"),
    ("img/icon-192.png", "192x192", "image/png"),
    ("img/icon-512.png", "512x512", "image/png"),
)


def shell_urls() -> list[str]:
    """What the service worker stores at installation: the bookmark page and the assets every page uses."""
    return [
        url_for("public.bookmarks"),
        url_for("static", filename="css/site.css"),
        url_for("static", filename="js/app.js"),
        url_for("static", filename="img/icon.svg"),
    ]


@bp.get("/manifest.webmanifest")
def manifest():
    site_name = current_app.config["SITE_NAME"]
    data = {
        "name": site_name,
        "short_name": "Wegweiser",
        "description": "Unterstützungsangebote für Menschen mit Zuwanderungsgeschichte in Magdeburg",
        "lang": "de",
        "start_url": url_for("public.home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOUR,
        "icons": [
            {"src": url_for("static", filename=path), "sizes": sizes, "type": kind, "purpose": "any"}
            for path, sizes, kind in ICONS
        ],
    }
    return Response(json.dumps(data, ensure_ascii=False, separators=(",", ":")), mimetype="application/manifest+json")


@bp.get("/sw.js")
def service_worker():
    """The worker script with the current shell URLs (static versions change, so the worker updates)."""
    source = (Path(current_app.static_folder or "") / "js" / "sw.js").read_text(encoding="utf-8")
    shell = json.dumps(shell_urls(), separators=(",", ":"))
    version = hashlib.sha256(shell.encode()).hexdigest()[:12]
    source = source.replace("[/*SHELL*/]", shell).replace("/*VERSION*/", version)
    response = Response(source, mimetype="text/javascript")
    response.cache_control.no_cache = True
    return response


@bp.get("/merkliste")
def bookmarks():
    return render_template("public/bookmarks.html")


bp.add_app_template_global(geo_uri, "geo_uri")
bp.add_app_template_global(osm_directions_url, "osm_directions_url")
bp.add_app_template_global(first_located_place, "first_located_place")
bp.add_app_template_global(state_now, "opening_state_now")
