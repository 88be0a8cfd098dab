"""Search parameters: what is accepted, what is a clear error."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from directory.search.params import InvalidSearchParam, SearchParams, parse_params


def parse(**kwargs) -> SearchParams:
    return parse_params(MultiDict(kwargs))


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ({"radius_km": "-1"}, "radius_km"),
        ({"radius_km": "zwei"}, "radius_km"),
        ({"radius_km": "1e9"}, "radius_km"),
        ({"radius_km": "nan"}, "radius_km"),
        ({"radius_km": "inf"}, "radius_km"),
        ({"sort": "price"}, "sort"),
        ({"sort": "distance"}, "sort"),  # no origin to measure from
        ({"page": "0"}, "page"),
        ({"page": "-3"}, "page"),
        ({"page": "x"}, "page"),
        ({"per_page": "many"}, "per_page"),
        ({"cost": "cheap"}, "cost"),
    ],
)
def test_invalid_parameters_name_the_field(app, args: dict, field: str) -> None:
    with app.test_request_context(), pytest.raises(InvalidSearchParam) as caught:
        parse(**args)
    assert caught.value.field == field
    assert caught.value.message


def test_unknown_place_is_an_error(app) -> None:
    with app.test_request_context(), pytest.raises(InvalidSearchParam) as caught:
        parse(near="Atlantis am Meer")
    assert caught.value.field == "near"


def test_known_place_resolves_and_allows_sorting_by_distance(app) -> None:
    with app.test_request_context():
        params = parse(near="neustaedter see", sort="distance", radius_km="2,5")
    assert params.origin is not None and params.sort == "distance"
    assert params.radius_km == 2.5


def test_lists_repeat_or_use_commas_and_per_page_is_capped() -> None:
    params = parse_params(MultiDict([("language", "ar,ku"), ("language", "fa"), ("per_page", "500"), ("q", " a ")]))
    assert params.language == ("ar", "ku", "fa")
    assert params.per_page == 50
    assert params.q == "a"
    assert params.page == 1 and params.sort == "relevance"


def test_plain_dicts_work_too() -> None:
    assert parse_params({"q": "Nachhilfe", "district": ["altstadt"]}).district == ("altstadt",)
