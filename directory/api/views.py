from __future__ import annotations

from flask import jsonify

from .. import queries
from . import bp


@bp.get("/districts")
def districts():
    return jsonify(
        [
            {"slug": d.slug, "name": d.name, "number": d.number, "centre": {"lat": d.centre_lat, "lon": d.centre_lon}}
            for d in queries.all_districts()
        ]
    )
