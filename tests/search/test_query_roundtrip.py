"""The query renderer round trip: what ``render`` shows ("Meinten Sie …?", corrected queries) searches the same."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from directory.search.query import MAX_QUERY_CHARS, Phrase, Word, parse_query, render

# Regressions: quoted operator words rendered bare, which then parsed as operators (an empty query).
REGRESSIONS = ['"OR"', '"NOT"', '"AND"', '- "- NOT', '"OR', 'Nachhilfe "OR"', '-"AND" Mathe', 'a OR "NOT"',
               '"NOT" OR "AND"', "ab*cd*ef*", "x" * 64 + "*" + "y" * 64]

_PIECES = st.sampled_from(['"', "-", "!", "*", "OR", "AND", "NOT", "or", "und", "der", " ", "  ", "(", ")", "Nachhilfe",
                           "mathe", "kita*", "ab", "a", "Ü", "١٢٣", "\u0301", "\u200b", "_", "ß"])
_TEXT = st.one_of(
    st.lists(_PIECES, max_size=40).map("".join),
    st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=30).map(" ".join),
    st.text(max_size=600),
)


def test_quoted_operator_words_stay_words() -> None:
    assert parse_query('"OR"').clauses[0].alternatives == (Word("OR"),)
    assert render(parse_query('"OR"')) == '"OR"'
    assert render(parse_query('- "- NOT')) == '-"NOT"'
    assert parse_query(render(parse_query('Nachhilfe "AND"'))) == parse_query('Nachhilfe "AND"')


@pytest.mark.parametrize("text", REGRESSIONS)
def test_regressions_render_to_the_same_search(text: str) -> None:
    query = parse_query(text)
    assert not query.is_empty
    assert parse_query(render(query)) == query


def test_a_rendered_query_is_never_cut_by_the_length_limit() -> None:
    # Words joined without a space render with one: the plan keeps only what renders within the limit.
    text = "".join(f"{chr(ord('a') + i)}{'x' * 60}*" for i in range(8))
    assert len(text) <= MAX_QUERY_CHARS
    query = parse_query(text)
    assert len(render(query)) <= MAX_QUERY_CHARS
    assert parse_query(render(query)) == query


def test_phrases_and_prefixes_render_as_typed() -> None:
    query = parse_query('"Deutsch lernen" OR kita* -Mathe')
    assert query.clauses[0].alternatives == (Phrase(("Deutsch", "lernen")), Word("kita", prefix=True))
    assert render(query) == '"Deutsch lernen" OR kita* -Mathe'


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_render_parses_back_to_the_same_plan(text: str) -> None:
    query = parse_query(text)
    rendered = render(query)
    assert len(rendered) <= MAX_QUERY_CHARS
    assert parse_query(rendered) == query
