"""The engine after edits: built from the previous engine's cached segments, it answers exactly like an engine
over the same index opened for the first time."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from directory.search.columns import comparable_keys, preceding
from directory.search.engine import Engine, Filters, Geo
from directory.search.query import parse_query
from directory.search.store import IndexStore, open_index, refreshed_searcher
from directory.search.synonyms import Synonyms
from tests.search.helpers import doc

# Equal titles tie on the sort key; one ends in a NUL byte, which must sort after the same title without it.
TITLES = ["Nachhilfe", "Nachhilfe Mathe", "Sprachcafé", "Beratung", "Beratung\x00", "Ärztliche Beratung"]
CATEGORIES = ["lernen", "sprache", "beratung"]
PLACES = [None, (52.1210, 11.6317), (52.1555, 11.6432)]
HERE = Geo(52.13, 11.63, by_distance=True)

put = st.tuples(
    st.just("put"),
    st.integers(0, 9),
    st.integers(0, len(TITLES) - 1),
    st.integers(0, len(CATEGORIES) - 1),
    st.integers(0, len(PLACES) - 1),
)
delete = st.tuples(st.just("delete"), st.integers(0, 9))
commits = st.lists(st.lists(st.one_of(put, put, delete), min_size=1, max_size=4), min_size=1, max_size=11)


def _document(action: tuple) -> dict:
    _, number, title, category, place = action
    points = [PLACES[place]] if PLACES[place] else []
    return doc(f"o{number}", title=TITLES[title], category=CATEGORIES[category], points=points)


def _answers(engine: Engine) -> list:
    """What a user sees: pages in title order and by distance, a word's results, filtered, with counts."""
    out = []
    for text, filters, geo in [
        ("", Filters(), None),
        ("Beratung", Filters(), None),
        ("", Filters({"category": ("lernen", "beratung")}), None),
        ("", Filters(), HERE),
    ]:
        result = engine.run(parse_query(text), filters, geo, limit=50)
        out.append(
            (
                result.total,
                result.ids,
                result.distances,
                sorted(result.remote),
                [(name, list(counts.items())) for name, counts in result.facets.items()],
            )
        )
    return out


def _title_order(engine: Engine) -> list[str]:
    """The live offers by sort key, ties in index order, read from the index itself."""
    reader = engine.searcher.reader()
    keys = list(reader.column_reader("sortkey"))
    ids = list(reader.column_reader("id"))
    return [ids[i] for i in sorted(range(len(keys)), key=keys.__getitem__) if not reader.is_deleted(i)]


@settings(max_examples=40, deadline=None)
@given(commits)
def test_an_engine_after_edits_answers_like_one_opened_afresh(history: list[list[tuple]]) -> None:
    synonyms = Synonyms([])
    root = Path(tempfile.mkdtemp())
    store = IndexStore(root / "index")
    generation = store.new_generation()
    store.swap(generation)
    store.apply([doc("o0", title="Nachhilfe", category="lernen")], [])
    searcher = open_index(generation).searcher()
    try:
        engine = Engine(searcher, synonyms)
        for number, commit in enumerate(history):
            upserts = {a[1]: _document(a) for a in commit if a[0] == "put"}
            deletes = [f"o{a[1]}" for a in commit if a[0] == "delete" and a[1] not in upserts]
            store.apply(list(upserts.values()), deletes)
            searcher, unused = refreshed_searcher(engine.searcher, generation)
            for reader in unused:
                reader.close()
            engine = Engine(searcher, synonyms)  # reuses the cached columns of the segments that stayed
            copy = root / f"copy-{number}"  # another folder: nothing cached for it
            shutil.copytree(generation, copy)
            with open_index(copy).searcher() as fresh_searcher:
                fresh = Engine(fresh_searcher, synonyms)
                assert _answers(engine) == _answers(fresh)
                assert engine.run(parse_query(""), Filters(), limit=50).ids == _title_order(fresh)
    finally:
        searcher.close()
        shutil.rmtree(root)


keys = st.lists(st.binary(max_size=3), max_size=12).map(sorted)


@settings(max_examples=200, deadline=None)
@given(keys, keys, st.booleans())
def test_preceding_counts_as_python_compares_bytes(other: list[bytes], mine: list[bytes], first: bool) -> None:
    expected = [sum(1 for o in other if o < k or (first and o == k)) for k in mine]
    found = preceding(comparable_keys(other), comparable_keys(mine), first) if other and mine else []
    assert list(np.asarray(found)) == (expected if other and mine else [])
