"""Search parameters: what is accepted, what is a clear error."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
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


_NAMES = st.sampled_from(["q", "category", "cost", "language", "district", "challenge", "target_group", "mode",
                          "access", "open", "near", "radius_km", "sort", "page", "per_page", "ignore", "other"])
_VALUES = st.one_of(st.text(max_size=60), st.sampled_from(["", ",", "ar,,de", "1e309", "-0", "nan", "distance",
                                                            "Sudenburg", "52.13,11.62", "\x00", "ü" * 200]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pairs=st.lists(st.tuples(_NAMES, _VALUES), max_size=8), drop=st.booleans())
def test_any_query_string_parses_or_names_the_field(app, pairs: list[tuple[str, str]], drop: bool) -> None:
    """Fuzz: whatever the query string, the parser answers with bounded parameters or a clear error."""
    with app.test_request_context():
        try:
            params = parse_params(MultiDict(pairs), known={"category": {"lernfoerderung"}}, drop_unknown=drop)
        except InvalidSearchParam as invalid:
            assert invalid.field in {name for name, _value in pairs} and invalid.message
            return
        assert len(params.q) <= 500 and len(params.near) <= 200
        assert all(len(values) <= 50 for values in params.filters.values())
        assert all(value == "lernfoerderung" for value in params.category)
        again = parse_params(MultiDict(list(_flat(params.query_args()))), known={"category": {"lernfoerderung"}})
        assert again.query_args() == params.query_args()  # the links' arguments read back as the same search


def _flat(args: dict[str, list[str]]):
    return ((name, value) for name, values in args.items() for value in values)
