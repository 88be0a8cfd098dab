"""The user's query text → a small query plan. Never raises, whatever the text.

Understood: words (all must match), "quoted phrases", ``OR`` between words or phrases, ``NOT``/``-`` before a
word or phrase to exclude it, and ``word*`` for words starting with "word". Everything else (brackets, lone
operators, a bare ``*``, control characters) is read as a word separator. Upper-case ``AND`` is accepted and
ignored (it is the default). Lower-case "und", "oder", "nicht" are ordinary (stop) words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..text import fold_german
from .analysis import STOP_WORDS

MAX_QUERY_CHARS = 500
MAX_CLAUSES = 16
MAX_PHRASE_WORDS = 12

MAX_WORD_CHARS = 64
# A minus or "!" excludes only at the start of a word: "Peer-to-peer" is three words, not two exclusions.
_TOKEN_RE = re.compile(r'"[^"]*"?|(?<!\S)[-!]|[^\W_]+(?:\*)?|\*', re.UNICODE)


@dataclass(frozen=True)
class Word:
    text: str  # as typed (a single word)
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]


@dataclass(frozen=True)
class Facet:
    """Offers with this facet value (a concept's category): built from understood words, never typed."""

    name: str
    value: str


Alternative = Word | Phrase | Facet


@dataclass(frozen=True)
class Clause:
    alternatives: tuple[Alternative, ...]  # any of them matches
    negated: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    clauses: tuple[Clause, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.clauses

    @property
    def positive(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if not c.negated)

    @property
    def negative(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if c.negated)


def clean(text: str) -> str:
    """Bounded, printable text: control and format characters become spaces; at most 500 characters."""
    if not isinstance(text, str):
        return ""
    text = unicodedata.normalize("NFC", text[: MAX_QUERY_CHARS * 4])
    text = "".join(" " if unicodedata.category(ch)[0] in "CZ" else ch for ch in text)
    return " ".join(text.split())[:MAX_QUERY_CHARS]


def _is_stop(word: str) -> bool:
    return word.lower() in STOP_WORDS or fold_german(word) in STOP_WORDS


def parse_query(text: str) -> ParsedQuery:
    """Parse what a person typed into clauses. Never raises."""
    clauses: list[Clause] = []
    negate = False
    join_or = False
    for raw in _TOKEN_RE.findall(clean(text)):
        alternative: Alternative | None = None
        if raw in ("-", "!") or raw == "NOT":
            negate = not negate
            continue
        if raw == "OR":
            join_or = bool(clauses) and not clauses[-1].negated
            continue
        if raw == "AND" or raw == "*":
            continue
        if raw.startswith('"'):
            found = tuple(w[:MAX_WORD_CHARS] for w in re.findall(r"[^\W_]+", raw, re.UNICODE) if not _is_stop(w))
            if len(found) > 1:
                alternative = Phrase(found[:MAX_PHRASE_WORDS])
            elif found:
                alternative = Word(found[0])
        else:
            prefix = raw.endswith("*")
            word = raw.rstrip("*")[:MAX_WORD_CHARS]
            if prefix and len(fold_german(word)) >= 2:
                alternative = Word(word, prefix=True)
            elif word and not _is_stop(word):
                alternative = Word(word)
        if alternative is None:
            negate = False
            join_or = False
            continue
        if join_or and not negate:
            last = clauses[-1]
            if alternative not in last.alternatives:
                clauses[-1] = Clause((*last.alternatives, alternative))
        elif len(clauses) < MAX_CLAUSES:
            clause = Clause((alternative,), negated=negate)
            if clause not in clauses:
                clauses.append(clause)
        negate = False
        join_or = False
    return ParsedQuery(tuple(clauses))


def render(query: ParsedQuery) -> str:
    """Text that parses back to the same plan (used to show corrected queries)."""
    parts = []
    for clause in query.clauses:
        alts = []
        for alt in clause.alternatives:
            if isinstance(alt, Facet):
                continue
            if isinstance(alt, Phrase):
                alts.append('"' + " ".join(alt.words) + '"')
            else:
                alts.append(alt.text + ("*" if alt.prefix else ""))
        if not alts:
            continue
        text = " OR ".join(alts)
        parts.append(("-" if clause.negated else "") + text)
    return " ".join(parts)
