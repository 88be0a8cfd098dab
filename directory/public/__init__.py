"""The public site: home, browsing by category, challenge, Stadtteil and focus area, offers, status board."""

from flask import Blueprint

bp = Blueprint("public", __name__)

from . import pages  # noqa: E402,F401,I001  (information pages)
from . import views  # noqa: E402,F401
from . import paths, printing, structured  # noqa: E402,F401
from . import status_export, suggestions  # noqa: E402,F401
from . import app_shell, events, search_map  # noqa: E402,F401
