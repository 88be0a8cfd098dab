"""The map view of a result set: the same search as ``/search``, shown on the opt-in map instead of a list.

On a phone the results page lists offers first and links here for the map, so the list never waits for it.
"""

from __future__ import annotations

from flask import render_template, request

from . import bp


@bp.get("/search/karte")
def search_map():
    from ..queries.public import taxonomy_slugs
    from ..search.params import InvalidSearchParam, parse_params
    from ..search.service import search as run_search
    from ..web.i18n import keep_in_language_links

    try:
        params = parse_params(request.args, known=taxonomy_slugs(), drop_unknown=True)
        keep_in_language_links(params.query_args())
    except InvalidSearchParam as exc:
        return render_template("public/search_map.html", params=None, result=None, error=exc), 400
    return render_template("public/search_map.html", params=params, result=run_search(params), error=None)
