"""Error pages: HTML for people, JSON under /api. Never a bare 500 for bad input."""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger(__name__)


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _messages() -> dict[int, str]:
    return {
        400: _("Die Anfrage ist ungültig."),
        403: _("Sie haben keinen Zugriff auf diese Seite."),
        404: _("Diese Seite gibt es nicht."),
        405: _("Diese Methode ist hier nicht erlaubt."),
        413: _("Die Anfrage ist zu groß."),
        414: _("Die Adresse (URL) ist zu lang."),
        429: _("Zu viele Anfragen. Bitte warten Sie einen Moment."),
        500: _("Ein interner Fehler ist aufgetreten. Bitte versuchen Sie es später noch einmal."),
    }


def handle_http_exception(error: HTTPException):
    code = error.code or 500
    message = _messages().get(code, error.description or "")
    # A description we gave (abort(400, description=...)) says more than the generic text.
    if error.description and error.description != type(error).description:
        message = error.description
    # A 405 must say which methods are allowed.
    headers = {"Allow": ", ".join(error.valid_methods)} if getattr(error, "valid_methods", None) else {}
    if _wants_json():
        response = jsonify({"error": error.name.lower().replace(" ", "_"), "message": message})
        response.status_code = code
        response.headers.update(headers)
    else:
        response = render_template("errors/error.html", code=code, title=error.name, message=message), code, headers
    return response


def handle_unexpected(error: Exception):
    log.exception("unhandled error on %s", request.path)
    try:
        return handle_http_exception(InternalServerError())
    except Exception:  # the error page itself failed: answer plainly rather than not at all
        log.exception("error page failed")
        return Response("500 Internal Server Error", status=500, mimetype="text/plain")


def register(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(Exception, handle_unexpected)
