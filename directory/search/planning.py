"""From a request read by ``understanding`` to the clauses the engine runs. Pure: no app, no index.

Each meaningful word is one clause (all must match, unless the search falls back to ranking by how many
match). A word read as a concept matches any of the concept's German terms, the word as typed when it is in
Latin script (the offers' text may hold it), and any offer in the concept's category.
"""

from __future__ import annotations

import re

from .filters import ANY_SCHOOL_LEVEL, SCHOOL_FACET
from .query import Clause, Facet, ParsedQuery, Phrase, Word
from .understanding import Meaning, Understanding

_SYNTAX = re.compile(r'"|\bOR\b|\bNOT\b|\bAND\b|(?<!\S)[-!]|\*')


def has_syntax(text: str) -> bool:
    """Whether the reader used the query syntax (quotes, OR, NOT, -word, word*): then the words are taken as
    written, not read as a request."""
    return bool(_SYNTAX.search(text or ""))


def meaning_clause(meaning: Meaning) -> Clause:
    alternatives: list[Word | Phrase | Facet] = []
    for term in meaning.search_terms:
        parts = term.split()
        alternatives.append(Word(parts[0]) if len(parts) == 1 else Phrase(tuple(parts)))
    concept = meaning.concept
    if concept is not None:
        typed = meaning.text.split()
        if len(typed) == 1 and typed[0].isascii():
            alternatives.append(Word(typed[0]))
        category = (concept.implies or {}).get("category")
        if category:
            alternatives.append(Facet("category", str(category)))
    return Clause(tuple(dict.fromkeys(alternatives)))


def reading_query(reading: Understanding) -> ParsedQuery:
    clauses: list[Clause] = []
    for meaning in reading.meanings:
        clause = meaning_clause(meaning)
        if clause.alternatives and clause not in clauses:
            clauses.append(clause)
    return ParsedQuery(tuple(clauses))


def school_filter(reading: Understanding | None) -> dict[str, tuple[str, ...]]:
    """The school level read from the words as a facet filter: the offers for that level, and the offers
    that name no level (most do not say; leaving them out would hide them for a wish they may well meet)."""
    if reading is None or reading.school_level is None:
        return {}
    return {SCHOOL_FACET: (reading.school_level, ANY_SCHOOL_LEVEL)}


__all__ = ["has_syntax", "meaning_clause", "reading_query", "school_filter"]
