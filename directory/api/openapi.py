"""The OpenAPI 3.1 description of API v1, built from the same vocabularies the API validates against.

Served at ``/api/v1/openapi.json``; the tests validate real answers against its schemas, so the description
cannot drift from what the API does.
"""

from __future__ import annotations

from typing import Any

from ..models import vocab
from ..search.params import IGNORABLE, MAX_VALUE_CHARS, SLUG_PATTERN

COST_FILTERS = list(vocab.COST_FILTERS)
SORTS = ["relevance", "distance"]
FACETS = ["category", "cost", "language", "district", "target_group", "mode", "access", "open"]


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _array(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


def _object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": list(properties) if required is None else required}


_STRING = {"type": "string"}
_BOOL = {"type": "boolean"}
_INT = {"type": "integer"}
_NUMBER = {"type": "number"}
# Categories, Stadtteile and challenges are rows the team edits: a slug of this form, listed by its endpoint.
_SLUG = {"type": "string", "pattern": SLUG_PATTERN, "maxLength": MAX_VALUE_CHARS}


def _list_parameter(name: str, description: str, values: list[str] | None = None) -> dict[str, Any]:
    items: dict[str, Any] = {"type": "string", "enum": values} if values else _SLUG
    return {
        "name": name,
        "in": "query",
        "description": description + " Repeat the parameter, or separate values with commas, to combine them.",
        "schema": {"type": "array", "items": items},
        "style": "form",
        "explode": True,
    }


def _responses(ok: dict[str, Any], description: str, not_found: bool = False, bad_request: bool = False) -> dict:
    responses: dict[str, Any] = {
        "200": {"description": description, "content": {"application/json": {"schema": ok}}},
        "405": {"$ref": "#/components/responses/Error"},
    }
    if bad_request:
        responses["400"] = {"$ref": "#/components/responses/Error"}
    if not_found:
        responses["404"] = {"$ref": "#/components/responses/Error"}
    return responses


def _schemas() -> dict[str, Any]:
    ref_schema = _object({"slug": _STRING, "name": _STRING})
    offer_item = _object(
        {
            "id": {"type": "string", "format": "uuid"},
            "slug": _STRING,
            "title": _STRING,
            "summary": _STRING,
            "category": _ref("Ref"),
            "cost": {"type": "string", "enum": list(vocab.COSTS)},
            "but_eligible": _BOOL,
            "languages": _array(_STRING),
            "modes": _array(_STRING),
            "districts": _array(_ref("Ref")),
            "challenges": _array(_ref("Ref")),
            "distance_km": _nullable(_NUMBER),
            "remote": _BOOL,
            "demo": _BOOL,
            "url": {"type": "string", "format": "uri"},
        }
    )
    place = _object(
        {
            "name": _STRING,
            "street": _STRING,
            "postcode": _STRING,
            "city": _STRING,
            "lat": _nullable(_NUMBER),
            "lon": _nullable(_NUMBER),
            "district": _nullable(_ref("Ref")),
            "step_free": _nullable(_BOOL),
            "accessibility_note": _STRING,
        }
    )
    offer_extra = {
        "description": _STRING,
        "status": {"type": "string", "enum": list(vocab.OFFER_STATUSES)},
        "price_text": _STRING,
        "target_groups": _array(_STRING),
        "age_min": _nullable(_INT),
        "age_max": _nullable(_INT),
        "settings": _array(_STRING),
        "subjects": _array(_STRING),
        "school_levels": _array(_STRING),
        "registration_required": _BOOL,
        "lead_time_days": _nullable(_INT),
        "how_to_access": _STRING,
        "limitations": _STRING,
        "opening_hours": {"type": "object"},
        "starts_at": _nullable({"type": "string", "format": "date-time"}),
        "ends_at": _nullable({"type": "string", "format": "date-time"}),
        "contact": _object({"phone": _STRING, "email": _STRING, "website": _STRING}),
        "organisation": _nullable(
            _object({"slug": _STRING, "name": _STRING, "website": _STRING, "email": _STRING, "phone": _STRING})
        ),
        "places": _array(_ref("Place")),
        "focus_areas": _array(_ref("Ref")),
        "citywide": _BOOL,
        "statewide": _BOOL,
        "source": _object({"title": _STRING, "url": _STRING}),
        "last_verified": _nullable({"type": "string", "format": "date"}),
        "updated_at": _nullable({"type": "string", "format": "date-time"}),
        "translations": {
            "type": "object",
            "additionalProperties": _object({
                "title": _STRING, "summary": _STRING, "description": _STRING, "how_to_access": _STRING,
                "limitations": _STRING, "origin": {"type": "string", "enum": ["machine-assisted", "team", "import"]},
                "reviewed": _BOOL,
            }),
        },
    }
    offer = {
        "allOf": [_ref("OfferItem"), _object(offer_extra)],
    }
    facet_value = _object({"value": _STRING, "label": _STRING, "count": {"type": "integer", "minimum": 0}})
    search_result = _object(
        {
            "total": {"type": "integer", "minimum": 0},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1},
            "origin": _nullable(_object({"lat": _NUMBER, "lon": _NUMBER, "label": _STRING})),
            "suggestion": _nullable(_STRING),
            "items": _array(_ref("OfferItem")),
            "facets": {"type": "object", "additionalProperties": _array(_ref("FacetValue"))},
            "understood": _ref("Understood"),
            "degraded": {**_BOOL, "description": "True while the search index is being rebuilt: the answer "
                         "comes from a plain database search (every word as typed, the filters and the place; "
                         "no ranking, no spelling help)."},
        }
    )
    understood = {
        **_object(
            {
                "filters": {
                    "type": "object",
                    "description": "Filters read from the words and applied (`cost`, `language`), beyond the "
                                   "parameters sent. Send `ignore=cost` (or `language`) to search without one.",
                    "additionalProperties": _array(_STRING),
                },
                "filter_words": {"type": "object", "description": "The words each filter was read from.",
                                 "additionalProperties": _STRING},
                "but_offered": {**_BOOL, "description": "A cost word asked for free offers: offers paid for under "
                                "Bildung und Teilhabe can be added with `cost=but`."},
                "place": {**_nullable(_STRING), "description": "A Stadtteil or focus area named in the words, "
                          "used as the origin for distances (as `near`; no district filter). `ignore=near` "
                          "searches without it."},
                "place_words": _nullable(_STRING),
                "school_level": {**_nullable({"type": "string", "enum": list(vocab.SCHOOL_LEVELS)}),
                                 "description": "A school level read from words such as \"Klasse 7\", applied: "
                                 "offers whose school levels leave it out are left out, offers that name none "
                                 "stay. `ignore=school` searches without it."},
                "grade": _nullable(_INT),
                "corrected_query": {**_nullable(_STRING), "description": "The query found nothing as typed and "
                                    "was corrected with confidence: the results are those of this query. "
                                    "`ignore=spelling` searches the words as typed."},
                "original_query": _nullable(_STRING),
                "partial": {**_BOOL, "description": "Few offers contain every word: results are ranked by how "
                            "many of the meaningful words they contain."},
                "concepts": {**_array(_STRING), "description": "Keys of the vocabulary concepts the words were "
                             "read as (in any of de, en, ar, uk, ru, tr, fa, ku)."},
                "words": {**_array(_STRING), "description": "The meaningful words searched."},
                "dropped": {**_array(_STRING), "description": "Words ignored: request phrases and stop words."},
            }
        ),
        "description": "What the search understood from the words of `q`. Queries using the query syntax "
                       "(quotes, OR, NOT, -word, word*) or `ignore=all` are searched as typed.",
    }
    category = _object(
        {"slug": _STRING, "name": _STRING, "description": _STRING, "offer_count": {"type": "integer", "minimum": 0}}
    )
    district = _object(
        {
            "slug": _STRING,
            "name": _STRING,
            "number": _STRING,
            "centre": _object({"lat": _NUMBER, "lon": _NUMBER}),
            "postcodes": _array(_STRING),
        }
    )
    measure = _object(
        {
            "text": _STRING,
            "status": {"type": "string", "enum": list(vocab.MEASURE_STATUSES)},
            "progress_note": _STRING,
            "document_note": _STRING,
            "status_date": _nullable({"type": "string", "format": "date"}),
        }
    )
    challenge = _object(
        {"slug": _STRING, "name": _STRING, "position": _INT, "description": _STRING, "measures": _array(measure)}
    )
    error = _object({"error": _STRING, "message": _STRING, "field": _STRING}, required=["error", "message"])
    return {
        "Ref": ref_schema,
        "OfferItem": offer_item,
        "Place": place,
        "Offer": offer,
        "FacetValue": facet_value,
        "SearchResult": search_result,
        "Understood": understood,
        "Category": category,
        "District": district,
        "Challenge": challenge,
        "Error": error,
    }


def _search_parameters() -> list[dict[str, Any]]:
    return [
        {"name": "q", "in": "query",
         "description": "Free text in any of de, en, ar, uk, ru, tr, fa, ku: read as a request (request phrases "
                        "and stop words ignored, words mapped to the directory's German concepts, cost and "
                        "language words as filters, a Stadtteil as the origin; see `understood`). Quotes, OR, "
                        "NOT, -word and word* search the words as typed. Longer than 500 characters: 400.",
         "schema": {"type": "string", "maxLength": 500}},
        _list_parameter("category", "Category slug, one of those listed by `GET /categories` (an unknown slug "
                        "answers 400)."),
        _list_parameter(
            "cost", "Cost: free, reduced, paid, unknown (ask the provider), or but (accepts BuT Lernförderung).",
            COST_FILTERS,
        ),
        _list_parameter("language", "ISO 639 code of a language the offer is given in.", list(vocab.LANGUAGES)),
        _list_parameter("district", "Stadtteil slug, one of those listed by `GET /districts` (an unknown slug "
                        "answers 400)."),
        _list_parameter("challenge", "Challenge slug, one of those listed by `GET /challenges` (an unknown "
                        "slug answers 400)."),
        _list_parameter("target_group", "Target group code.", list(vocab.TARGET_GROUPS)),
        _list_parameter("mode", "How the offer is given.", list(vocab.MODES)),
        _list_parameter("access", "step_free: at least one of the offer's places is reachable without steps.",
                        ["step_free"]),
        _list_parameter("open", "now: open at this moment by its weekly hours, in Magdeburg's time (offers only "
                        "'by appointment' are not counted).", ["now"]),
        {"name": "near", "in": "query",
         "description": "Origin for distances: Stadtteil, postcode, street, focus area or 'lat,lon' "
                        "(e.g. 52.13,11.62). Unknown places answer 400.",
         "schema": {"type": "string", "maxLength": 200}},
        {"name": "radius_km", "in": "query",
         "description": "Only offers within this distance of `near` (offers without a place are kept).",
         "schema": {"type": "number", "minimum": 0, "maximum": 1000}},
        {"name": "sort", "in": "query", "schema": {"type": "string", "enum": SORTS},
         "description": "relevance, or distance (needs `near`: without it the answer is 400; offers without a "
                        "place come after the local ones). Default: distance with `near`, else relevance."},
        _list_parameter("ignore", "Undo what was read from the words of `q`: a filter (cost, language), the "
                        "place (near), the school level (school), the spelling correction (spelling), or all.",
                        list(IGNORABLE)),
        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 10000, "default": 1}},
        {"name": "per_page", "in": "query", "description": "Items per page (larger values are capped).",
         "schema": {"type": "integer", "minimum": 1, "default": 20}},
    ]


def openapi_document(server_url: str = "/api/v1") -> dict[str, Any]:
    """The OpenAPI 3.1 document of API v1."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Wegweiser Magdeburg API",
            "version": "1.0.0",
            "description": "Support offers for people with a migration history in Magdeburg: search with facets "
            "and distance, offers, categories, Stadtteile and the workshop's challenges. Read-only JSON; errors "
            "are JSON objects with `error` and `message` (and `field`, the parameter at fault). Unknown values "
            "of any parameter answer 400. Codes (cost, languages, modes) are stable; labels are "
            "German.",
            "license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"},
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/offers": {
                "get": {
                    "operationId": "searchOffers",
                    "summary": "Search published offers",
                    "parameters": _search_parameters(),
                    "responses": _responses(_ref("SearchResult"), "One page of results", bad_request=True),
                }
            },
            "/offers/{ident}": {
                "get": {
                    "operationId": "getOffer",
                    "summary": "One published offer by id (UUID) or slug",
                    "parameters": [{"name": "ident", "in": "path", "required": True, "schema": _STRING}],
                    "responses": _responses(_ref("Offer"), "The offer", not_found=True),
                }
            },
            "/categories": {
                "get": {
                    "operationId": "listCategories",
                    "summary": "Categories with the number of published offers",
                    "responses": _responses(_array(_ref("Category")), "All categories"),
                }
            },
            "/districts": {
                "get": {
                    "operationId": "listDistricts",
                    "summary": "The 40 official Stadtteile",
                    "responses": _responses(_array(_ref("District")), "All Stadtteile"),
                }
            },
            "/challenges": {
                "get": {
                    "operationId": "listChallenges",
                    "summary": "The workshop's ten challenges with their measures and status",
                    "responses": _responses(_array(_ref("Challenge")), "All challenges"),
                }
            },
        },
        "components": {
            "schemas": _schemas(),
            "responses": {
                "Error": {
                    "description": "An error, as JSON",
                    "content": {"application/json": {"schema": _ref("Error")}},
                }
            },
        },
    }


__all__ = ["COST_FILTERS", "FACETS", "SORTS", "openapi_document"]
