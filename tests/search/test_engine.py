"""The engine on small in-memory indexes: ranking, phrases, synonyms, operators, facets, distance."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directory.geo.shapes import haversine_km
from directory.search import engine as engine_module
from directory.search.columns import haversine_km_array
from directory.search.engine import Filters, Geo
from directory.search.query import parse_query, render
from tests.search.helpers import doc, ids, tiny_engine

HASSELBACHPLATZ = (52.1210, 11.6317)
NEUSTAEDTER_SEE = (52.1555, 11.6432)


@pytest.fixture(scope="module")
def engine():
    return tiny_engine(
        doc("title", title="Nachhilfe Mathematik", body="Lernen", category="lernfoerderung", cost=["free"],
            language=["de", "ar"], district=["altstadt"], mode=["in_person"], points=[HASSELBACHPLATZ]),
        doc("summary", title="Lerntreff", summary="Nachhilfe für alle", category="lernfoerderung",
            cost=["paid", "but"], language=["de", "ku"], district=["neustaedter-see"], mode=["in_person"],
            points=[NEUSTAEDTER_SEE]),
        doc("body", title="Familienzentrum", body="Auch Nachhilfe am Nachmittag", category="begegnung",
            cost=["free"], language=["de"], district=["neustaedter-see"], mode=["in_person"],
            points=[(52.1560, 11.6440)]),
        doc("phone", title="Sprachmittlung am Telefon", summary="Dolmetschen in vielen Sprachen",
            category="sprachmittlung", cost=["free"], language=["ar", "ku", "fa"], mode=["phone", "video"]),
        doc("phrase", title="Hilfe bei den Hausaufgaben", body="Mathe und Deutsch", category="hausaufgabenhilfe",
            cost=["reduced"], language=["de"], district=["altstadt"], mode=["in_person"],
            points=[(52.1300, 11.6300)]),
    )


def test_title_ranks_above_summary_above_the_rest(engine) -> None:
    assert ids(engine, "Nachhilfe") == ["title", "summary", "body"]


def test_synonyms_from_the_data_file_apply_at_query_time(engine) -> None:
    assert ids(engine, "Dolmetscher") == ["phone"]
    assert "title" in ids(engine, "tutoring")
    assert "phrase" in ids(engine, "homework")


def test_quoted_phrase_needs_the_words_in_order(engine) -> None:
    assert ids(engine, '"Hilfe bei den Hausaufgaben"') == ["phrase"]
    assert ids(engine, '"Hausaufgaben Hilfe"') == []


def test_operators(engine) -> None:
    assert set(ids(engine, "Nachhilfe -Familienzentrum")) == {"title", "summary"}
    assert set(ids(engine, "Familienzentrum OR Lerntreff")) == {"summary", "body"}
    assert "title" in ids(engine, "Mathem*")


@pytest.mark.parametrize("gathered", [True, False], ids=["few matches", "many matches"])
def test_facet_counts_apply_the_other_facets_filters(engine, monkeypatch, gathered) -> None:
    # Both ways of counting (the matches' columns gathered, or a pass over each value's row) agree.
    monkeypatch.setattr(engine_module, "SPARSE_DOCS", 1000 if gathered else 0)
    monkeypatch.setattr(engine_module, "SPARSE_SHARE", 16 if gathered else 10**9)
    result = engine.run(parse_query("Nachhilfe"), Filters({"cost": ("free",)}), limit=10)
    assert result.total == 2
    # Within cost, the counts ignore the cost filter itself, so the other choices stay visible.
    assert result.facets["cost"] == {"free": 2, "paid": 1, "but": 1, "reduced": 0}
    assert result.facets["category"] == {"lernfoerderung": 1, "begegnung": 1, "sprachmittlung": 0,
                                         "hausaufgabenhilfe": 0}


def test_filters_combine_or_within_and_across_facets(engine) -> None:
    both = Filters({"language": ("ar", "ku"), "district": ("neustaedter-see",)})
    assert ids(engine, "", filters=both) == ["summary"]
    # Without text to rank by, offers come in title order.
    assert ids(engine, "", filters=Filters({"language": ("ar", "ku")})) == ["summary", "title", "phone"]
    assert ids(engine, "", filters=Filters({"language": ("xx",)})) == []


def test_radius_keeps_offers_without_a_place_and_sorts_them_last(engine) -> None:
    geo = Geo(*NEUSTAEDTER_SEE, radius_km=1.0, by_distance=True)
    result = engine.run(parse_query(""), Filters(), geo, limit=10)
    assert result.ids == ["summary", "body", "phone"]
    assert result.remote == {"phone"}
    assert result.distances["summary"] == pytest.approx(0.0, abs=1e-6)
    assert result.distances["body"] == pytest.approx(haversine_km(*NEUSTAEDTER_SEE, 52.1560, 11.6440))
    assert result.distances["phone"] is None


def test_sort_by_distance_without_radius_orders_all_located_offers(engine) -> None:
    geo = Geo(*HASSELBACHPLATZ, by_distance=True)
    result = engine.run(parse_query(""), Filters(), geo, limit=10)
    assert result.ids == ["title", "phrase", "summary", "body", "phone"]
    page2 = engine.run(parse_query(""), Filters(), geo, offset=2, limit=2)
    assert page2.ids == ["summary", "body"]


def test_vectorised_haversine_equals_the_scalar_one() -> None:
    import numpy as np

    lats, lons = np.array([52.0, 52.2, 51.9]), np.array([11.5, 11.7, 11.6])
    expected = [haversine_km(52.13, 11.62, a, b) for a, b in zip(lats, lons, strict=True)]
    assert haversine_km_array(52.13, 11.62, lats, lons).tolist() == pytest.approx(expected)


def test_deleted_documents_are_not_found() -> None:
    from whoosh.filedb.filestore import RamStorage

    from directory.search.engine import Engine
    from directory.search.schema import make_schema
    from directory.search.synonyms import load_synonyms
    from tests.search.helpers import SYNONYMS

    ix = RamStorage().create_index(make_schema(), indexname="offers")
    with ix.writer() as writer:
        writer.add_document(**doc("a", title="Nachhilfe alt", category="x"))
        writer.add_document(**doc("b", title="Nachhilfe", category="x"))
    with ix.writer() as writer:
        writer.update_document(**doc("a", title="Sprachcafé", category="y"))
    engine = Engine(ix.searcher(), load_synonyms(SYNONYMS))
    assert ids(engine, "Nachhilfe") == ["b"]
    assert engine.run(parse_query(""), Filters(), limit=5).facets["category"] == {"x": 1, "y": 1}


# --- whatever people type never breaks the search -------------------------------------------------------

REGRESSIONS = [
    "a NOT NOT b",
    "NOT",
    "OR",
    "AND OR NOT",
    '"unbalanced quote',
    '""',
    "((nachhilfe",
    "nachhilfe))",
    "[{(<",
    "*",
    "**",
    "*nachhilfe",
    "- - -",
    "x" * 10000,
    "nachhilfe " * 2000,
    "\x00\x01\x02nachhilfe\x7f",
    "Nachhilfe\u200b\u202eمساعدة Дети 子供 😀",
    "title:nachhilfe",
    "nachhilfe^5 ~2",
    "NOT nachhilfe",
    "Peer-to-peer",
    "\\",
]


@pytest.mark.parametrize("text", REGRESSIONS)
def test_odd_queries_are_searched_not_raised(engine, text: str) -> None:
    result = engine.run(parse_query(text), Filters(), None, limit=5)
    assert result.total >= 0
    assert len(render(parse_query(text))) <= 600


def test_double_not_cancels_out(engine) -> None:
    assert ids(engine, "Nachhilfe NOT NOT Lerntreff") == ids(engine, "Nachhilfe Lerntreff") == ["summary"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(), max_size=300))
def test_any_text_parses_and_searches(engine, text: str) -> None:
    query = parse_query(text)
    assert parse_query(render(query)) == query
    engine.run(query, Filters(), Geo(*HASSELBACHPLATZ, radius_km=2.0, by_distance=True), limit=5)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["nachhilfe", "OR", "NOT", "AND", "-", '"', "(", ")", "*", "mathe", "kita*", " "]),
                max_size=12))
def test_operator_soup_never_raises(engine, parts: list[str]) -> None:
    engine.run(parse_query(" ".join(parts)), Filters(), None, limit=5)
