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
# Upper-case words the syntax reads as operators; as words they must be quoted.
OPERATORS = ("OR", "AND", "NOT")
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


def _fits(clauses: list[Clause]) -> bool:
    """Whether the plan still renders within the length ``clean`` keeps, so that it always parses back."""
    return len(render(ParsedQuery(tuple(clauses)))) <= MAX_QUERY_CHARS


def parse_query(text: str) -> ParsedQuery:
    """Parse what a person typed into clauses. Never raises."""
    clauses: list[Clause] = []
    negate = False
    join_or = False
    for raw in _TOKEN_RE.findall(clean(text)):
        alternative: Alternative | None = None
        if raw in ("-", "!") or raw in OPERATORS:
            if raw == "OR":
                join_or = bool(clauses) and not clauses[-1].negated
            elif raw != "AND":
                negate = not negate
            continue
        if raw == "*":
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
        if alternative is not None:
            changed = list(clauses)
            if join_or and not negate:
                last = changed[-1]
                if alternative not in last.alternatives:
                    changed[-1] = Clause((*last.alternatives, alternative))
            elif len(changed) < MAX_CLAUSES:
                clause = Clause((alternative,), negated=negate)
                if clause not in changed:
                    changed.append(clause)
            # Words the text joined without a space ("ab*cd") render with one: keep only what still fits.
            if _fits(changed):
                clauses = changed
        negate = False
        join_or = False
    return ParsedQuery(tuple(clauses))


def _render_alternative(alt: Word | Phrase) -> str:
    if isinstance(alt, Phrase):
        return '"' + " ".join(alt.words) + '"'
    if alt.prefix:
        return alt.text + "*"
    return f'"{alt.text}"' if alt.text in OPERATORS else alt.text  # a quoted "OR" is the word, not the operator


def render(query: ParsedQuery) -> str:
    """Text that parses back to the same plan (used to show corrected queries)."""
    parts = []
    for clause in query.clauses:
        alts = [_render_alternative(alt) for alt in clause.alternatives if not isinstance(alt, Facet)]
        if alts:
            parts.append(("-" if clause.negated else "") + " OR ".join(alts))
    return " ".join(parts)
