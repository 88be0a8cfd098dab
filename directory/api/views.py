"""JSON API v1: the site's search and taxonomies for other services. Read-only; errors are JSON too."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from flask import Response, abort, jsonify, request, url_for
from flask_babel import gettext as _

from ..formats.serialisers import (
    category_data,
    challenge_data,
    district_data,
    offer_data,
    offer_item,
    search_result_data,
)
from ..models import Offer
from ..queries import public as queries
from ..search.params import InvalidSearchParam, parse_params
from ..search.query import MAX_QUERY_CHARS
from ..services.search_log import search_and_count_misses
from ..web.reference import reference_cache
from . import bp
from .openapi import openapi_document

MAX_PER_PAGE = 100

# Seconds a client or proxy may reuse an answer: results change when curators publish, taxonomies seldom.
SEARCH_MAX_AGE = 60
OFFER_MAX_AGE = 300
TAXONOMY_MAX_AGE = 3600


def offer_url(offer: Offer) -> str:
    return url_for("public.offer", slug=offer.slug, _external=True)


def _kept_items() -> Callable[[Offer], dict[str, Any]]:
    """An offer's list item, made once per offer version and host name (``web.reference``)."""
    cache, host = reference_cache(), request.host_url

    def item(offer: Offer) -> dict[str, Any]:
        key = ("api item", offer.id, offer.version, host)
        return cache.fragment(key, lambda: offer_item(offer, offer_url=offer_url))

    return item


# The request headers that make an answer conditional (a client revalidating what it keeps).
CONDITIONAL = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")


def _json(data: Any, max_age: int) -> Response:
    """A cacheable JSON answer with an ETag, so a repeated request can be answered with 304."""
    response = jsonify(data)
    response.headers["Cache-Control"] = f"public, max-age={max_age}"
    response.add_etag()
    if any(header in request.environ for header in CONDITIONAL):
        return response.make_conditional(request)
    return response


def _error(status: int, error: str, message: str, **extra: Any) -> Response:
    response = jsonify({"error": error, "message": message, **extra})
    response.status_code = status
    response.cache_control.no_store = True
    return response


@bp.get("/offers")
def offers():
    if len(request.args.get("q", "")) > MAX_QUERY_CHARS:  # the web page cuts it; a client is told (maxLength)
        message = _("Die Suche darf höchstens %(max)d Zeichen lang sein.", max=MAX_QUERY_CHARS)
        return _error(400, "invalid_parameter", message, field="q")
    try:
        params = parse_params(request.args, max_per_page=MAX_PER_PAGE, known=queries.taxonomy_slugs())
    except InvalidSearchParam as invalid:
        extra = {"suggestions": list(invalid.suggestions)} if invalid.suggestions else {}
        return _error(400, "invalid_parameter", str(invalid.message), field=invalid.field, **extra)
    result = search_and_count_misses(params)
    return _json(search_result_data(result, offer_url=offer_url, item=_kept_items()), SEARCH_MAX_AGE)


@bp.get("/offers/<slug:ident>")  # an id (UUID) or a slug; both fit the slug pattern
def offer(ident: str):
    try:
        offer_id = uuid.UUID(ident)
    except ValueError:
        found = queries.published_offer_by_slug(ident)
    else:
        found = queries.published_offer_by_id(offer_id)
    if found is None:
        abort(404, description=_("Dieses Angebot gibt es nicht."))
    return _json(offer_data(found, offer_url=offer_url), OFFER_MAX_AGE)


@bp.get("/categories")
def categories():
    return _json(
        [category_data(category, count) for category, count in queries.categories_with_counts()], TAXONOMY_MAX_AGE
    )


@bp.get("/districts")
def districts():
    return _json([district_data(district) for district in queries.all_districts()], TAXONOMY_MAX_AGE)


@bp.get("/challenges")
def challenges():
    return _json([challenge_data(challenge) for challenge in queries.all_challenges()], TAXONOMY_MAX_AGE)


@bp.get("/openapi.json")
def openapi():
    return _json(openapi_document(server_url=url_for("api.offers", _external=True).rsplit("/", 1)[0]), 3600)
