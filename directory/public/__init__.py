"""The public site: home, browsing by category, challenge, Stadtteil and focus area, offers, status board."""

from flask import Blueprint

bp = Blueprint("public", __name__)

from . import feedback, status_export, views  # noqa: E402,F401
