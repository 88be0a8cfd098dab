"""The facet and filter links of a results page: the same search with one parameter changed, in its place."""

from __future__ import annotations

from html import unescape
from urllib.parse import urlencode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directory.public.views import URL_SAFE, SearchLinks

NAMES = ["q", "category", "cost", "language", "near", "radius_km", "ignore", "page"]
VALUES = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=8)


def expected(args: dict[str, list[str]], name: str, values: list[str]) -> str:
    """What the link must be: the arguments with ``name`` replaced in its place (or added at the end)."""
    changed = {**args, name: values}
    query = urlencode([(key, value) for key, found in changed.items() for value in found], safe=URL_SAFE)
    return "/search" + (f"?{query}" if query else "")


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])  # the app only builds paths here
@given(
    args=st.dictionaries(st.sampled_from(NAMES), st.lists(VALUES, max_size=3), max_size=6),
    name=st.sampled_from(NAMES),
    values=st.lists(VALUES, max_size=3),
)
def test_a_changed_parameter_keeps_its_place_and_the_rest_stays(app, args, name, values) -> None:
    links = SearchLinks(args)
    with app.test_request_context():
        assert links.set(name, None) == expected(args, name, [])
        assert links._set(name, values) == expected(args, name, values)
        assert links._set(name, values) == expected(args, name, values)  # from what it kept the first time
        # The same search on the map: every argument, none changed.
        assert links.elsewhere("public.search_map") == expected(args, name, args.get(name, [])).replace(
            "/search", "/search/karte", 1
        )


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    args=st.dictionaries(st.sampled_from(NAMES), st.lists(VALUES, max_size=3), max_size=6),
    name=st.sampled_from(NAMES),
    values=st.lists(VALUES, max_size=4, unique=True),
)
def test_a_facet_lists_links_add_or_remove_each_value(app, args, name, values) -> None:
    """``toggled``: each value's link, escaped for an attribute, adds the value, or removes it when chosen."""
    links = SearchLinks(args)
    chosen = args.get(name, [])
    with app.test_request_context():
        hrefs = links.toggled(name, values)
    assert len(hrefs) == len(values)
    for value, href in zip(values, hrefs, strict=True):
        changed = [v for v in chosen if v != value] if value in chosen else [*chosen, value]
        assert unescape(str(href)) == expected(args, name, changed)
        assert not set('<>"') & set(str(href))
