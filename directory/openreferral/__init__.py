"""Open Referral HSDS 3.0 export: the directory's offers as HSDS services, for other services to read."""

from flask import Blueprint

bp = Blueprint("openreferral", __name__)

from . import views  # noqa: E402,F401
