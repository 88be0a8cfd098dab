"""One JSON line per request: request id, method, path, status and duration, and nothing personal.

The line carries no address and no query string (search words stay out of the log at INFO). The request id is
taken from ``X-Request-ID`` when a proxy sent a sane one, otherwise made here, and echoed in the response, so a
line can be matched with what the proxy or the reader saw. ``JsonLines`` formats every record of the process
(the production server's logging configuration uses it) and adds the request id to records made in a request.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from flask import Flask, Response, g, has_request_context, request, request_started

REQUEST_ID_HEADER = "X-Request-ID"
# Letters, digits and a few separators, as proxies and tracing systems make them; anything else is replaced.
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")
MAX_LOGGED_PATH = 500

log = logging.getLogger("directory.requests")


def request_id_from(header: str | None) -> str:
    """The caller's request id when it is sane, else a new one."""
    if header and _SANE_REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


def _start(sender: Flask, **extra: Any) -> None:
    g.request_started = time.perf_counter()
    g.request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))


def _finish(response: Response) -> Response:
    request_id = g.get("request_id") or request_id_from(None)
    response.headers[REQUEST_ID_HEADER] = request_id
    started = g.get("request_started")
    duration_ms = round((time.perf_counter() - started) * 1000, 1) if started is not None else None
    fields = {
        "request_id": request_id,
        "method": request.method,
        "path": request.path[:MAX_LOGGED_PATH],
        "status": response.status_code,
        "duration_ms": duration_ms,
    }
    log.info("request", extra={"request_fields": fields})
    return response


class JsonLines(logging.Formatter):
    """A log record as one line of JSON: time, level, logger, and the request's fields or the message."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
        }
        fields = getattr(record, "request_fields", None)
        if fields:
            line.update(fields)
        else:
            line["message"] = record.getMessage()
            if has_request_context() and "request_id" in g:
                line["request_id"] = g.request_id
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, separators=(",", ":"))


def register(app: Flask) -> None:
    # ``request_started`` comes before any ``before_request`` function, so a request the rate limiter or
    # another early check answers is timed and logged too.
    request_started.connect(_start, app)
    app.after_request(_finish)
