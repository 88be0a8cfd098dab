"""Light over the wire: gzip for text responses, and long caching of static files whose URL names their version.

- Compression: HTML, CSS, JavaScript, JSON, SVG and the like are sent gzip-compressed when the browser accepts
  it (``Vary: Accept-Encoding`` always). Strong ETags become weak, so conditional requests keep answering 304.
- Versioned static URLs: ``url_for('static', filename=…)`` gains ``?v=<hash of the file's size and mtime>``;
  a request carrying it may be cached for a year, since a changed file gets a new URL. Without ``v`` the
  default stays (revalidate with ETag / Last-Modified).
"""

from __future__ import annotations

import gzip
import hashlib
import os
from collections import OrderedDict
from typing import Any

from flask import Flask, Response, current_app, request

COMPRESSIBLE = frozenset(
    {
        "text/html",
        "text/css",
        "text/plain",
        "text/csv",
        "text/calendar",
        "text/javascript",
        "application/javascript",
        "application/json",
        "application/ld+json",
        "application/manifest+json",
        "image/svg+xml",
    }
)
MIN_SIZE = 512  # below this, the gzip header costs more than it saves
LEVEL = 6
STATIC_MAX_AGE = 365 * 24 * 3600
_CACHE_SIZE = 64

# Compressed static files, by path and ETag: a file is compressed once, not on every request.
_static_cache: OrderedDict[tuple[str, str], bytes] = OrderedDict()


def accepts_gzip() -> bool:
    return request.accept_encodings["gzip"] > 0


def gzip_bytes(data: bytes) -> bytes:
    """Deterministic gzip (no timestamp), so the same content always yields the same bytes."""
    return gzip.compress(data, compresslevel=LEVEL, mtime=0)


def _compressed_static(key: tuple[str, str], data: bytes) -> bytes:
    cached = _static_cache.get(key)
    if cached is None:
        cached = gzip_bytes(data)
        _static_cache[key] = cached
        while len(_static_cache) > _CACHE_SIZE:
            _static_cache.popitem(last=False)
    else:
        _static_cache.move_to_end(key)
    return cached


def compress_response(response: Response) -> Response:
    if response.mimetype not in COMPRESSIBLE or "Content-Encoding" in response.headers:
        return response
    response.vary.add("Accept-Encoding")
    if response.status_code != 200 or not accepts_gzip():
        return response
    passthrough = response.direct_passthrough  # a file from send_file
    if response.is_streamed and not passthrough:
        return response  # a generator streamed by a view: leave it as it is
    response.direct_passthrough = False
    source = response.response
    data = response.get_data()
    if passthrough and hasattr(source, "close"):
        source.close()  # the file is read whole: close it now, not when the garbage collector gets to it
    if len(data) < MIN_SIZE:
        return response
    etag, weak = response.get_etag()
    # A static file is compressed once per version; a rendered page every time.
    body = _compressed_static((request.path, etag), data) if passthrough and etag else gzip_bytes(data)
    response.set_data(body)
    response.headers["Content-Encoding"] = "gzip"
    if etag and not weak:
        response.set_etag(etag, weak=True)
    return response


def static_version(filename: str) -> str | None:
    """A short hash of a static file's size and modification time; None if there is no such file."""
    folder = current_app.static_folder
    if not folder:
        return None
    try:
        stat = os.stat(os.path.join(folder, filename))
    except (OSError, ValueError):
        return None
    return hashlib.sha256(f"{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[:12]


def add_static_version(endpoint: str, values: dict[str, Any]) -> None:
    if endpoint == "static" and "v" not in values and values.get("filename"):
        version = static_version(values["filename"])
        if version:
            values["v"] = version


def cache_versioned_static(response: Response) -> Response:
    if (
        request.endpoint == "static"
        and response.status_code in (200, 304)
        and request.args.get("v")
        and request.args["v"] == static_version((request.view_args or {}).get("filename", ""))
    ):
        response.cache_control.no_cache = None
        response.cache_control.public = True
        response.cache_control.max_age = STATIC_MAX_AGE
        response.cache_control.immutable = True
    return response


def register(app: Flask) -> None:
    app.url_defaults(add_static_version)
    # after_request hooks run last-registered first: the cache headers are set, then the body is compressed.
    app.after_request(compress_response)
    app.after_request(cache_versioned_static)
