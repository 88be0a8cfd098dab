"""The multilingual vocabulary, compiled once into the look-ups that reading a query needs.

The concepts (``seed_data/vocabulary.yaml``, then the team's ``vocabulary_concept`` rows) and the query
words (``seed_data/query_words.yaml``) are normalised here, once per version of the data, never per query:
every term becomes a tuple of word keys (``normalise.words``), indexed by its first word; single words also
by their German and Russian stems and by their one-letter deletions (for typing errors).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..yamlfiles import read_yaml
from .normalise import deletions, fold_pattern, words

log = logging.getLogger(__name__)

LANGUAGES = ("de", "en", "ar", "uk", "ru", "tr", "fa", "ku")
TYPES = ("service", "subject", "setting", "target_group", "cost", "language", "topic")
MAX_GERMAN_TERMS = 6  # German terms searched for one concept
FUZZY_MIN = 5  # words shorter than this are not corrected


@dataclass(frozen=True)
class Concept:
    key: str
    type: str
    terms: Mapping[str, tuple[str, ...]]  # language → terms as written; the first German one is preferred
    implies: Mapping[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        german = self.terms.get("de") or ()
        return german[0] if german else self.key

    @property
    def german(self) -> tuple[str, ...]:
        return tuple(self.terms.get("de") or ())[:MAX_GERMAN_TERMS]


@dataclass(frozen=True)
class Entry:
    """One phrase of the vocabulary or the query words, as word keys."""

    keys: tuple[str, ...]
    kind: str  # "concept" | "request" | "place" | "place_word"
    value: str  # concept key, place name, or the language of a request phrase
    lang: str = ""


def concept_from_mapping(data: Mapping[str, Any]) -> Concept:
    """A concept from a YAML entry (``concept``, ``type``, ``implies``, one list per language) or a row's
    fields (``key``, ``type``, ``implies``, ``terms``)."""
    terms = data.get("terms") or {lang: data.get(lang) for lang in LANGUAGES}
    return Concept(
        key=str(data.get("key") or data.get("concept")),
        type=str(data.get("type") or "topic"),
        terms={lang: tuple(str(t) for t in (terms.get(lang) or ()) if str(t).strip()) for lang in LANGUAGES},
        implies=dict(data.get("implies") or {}),
    )


def read_concepts(path: Path | str) -> list[Concept]:
    """The concepts of the vocabulary file; an empty list when it is missing or unreadable."""
    try:
        data = read_yaml(path, [])
    except (OSError, yaml.YAMLError):
        log.exception("could not read the vocabulary file %s", path)
        return []
    return [concept_from_mapping(item) for item in data if isinstance(item, dict) and item.get("concept")]


def read_query_words(path: Path | str) -> dict[str, Any]:
    try:
        return read_yaml(path, {})
    except (OSError, yaml.YAMLError):
        log.exception("could not read the query words file %s", path)
        return {}


@lru_cache(maxsize=1)
def _stemmers() -> tuple[Any, Any]:
    from whoosh.lang.snowball import RussianStemmer

    from .analysis import stem_word

    return stem_word, RussianStemmer().stem


def german_stem(key: str) -> str:
    return _stemmers()[0](key)


def russian_stem(key: str) -> str:
    return _stemmers()[1](key)


class Vocabulary:
    """Everything needed to read a query, normalised. Built once per version; read-only afterwards."""

    def __init__(
        self,
        concepts: Iterable[Concept],
        query_words: Mapping[str, Any] | None = None,
        places: Iterable[str] = (),
    ) -> None:
        self.concepts: dict[str, Concept] = {}
        self.phrases: dict[str, list[Entry]] = {}  # first key → entries, longest first
        self.single: dict[str, list[Entry]] = {}  # one-word concept terms
        self.stems: dict[tuple[str, str], list[Entry]] = {}  # (language, stem) → one-word concept terms
        self.fuzzy: dict[str, set[str]] = {}  # a word or a deletion of it → one-word concept term keys
        self.stopwords: dict[str, set[str]] = {}  # key → languages
        self.place_words: set[tuple[str, ...]] = set()
        self.place_after: set[tuple[str, ...]] = set()
        self.school_patterns: list[re.Pattern[str]] = []
        self.number_words: dict[str, int] = {}
        for concept in concepts:
            self.concepts[concept.key] = concept
            for lang, terms in concept.terms.items():
                for term in terms:
                    self._add(Entry(words(term), "concept", concept.key, lang))
        for name in places:
            self._add(Entry(words(name), "place", name))
        for lang, section in (query_words or {}).items():
            self._add_query_words(str(lang), section or {})
        self.place_word_lengths = sorted({len(p) for p in self.place_words}, reverse=True)
        self.place_after_longest_first = sorted(self.place_after, key=len, reverse=True)
        # Per first word: the phrase lengths, longest first, each with its phrases (one dict look-up per length).
        self._by_length: dict[str, list[tuple[int, dict[tuple[str, ...], list[Entry]]]]] = {}
        for first, entries in self.phrases.items():
            entries.sort(key=lambda e: (-len(e.keys), e.kind != "place", e.kind != "concept"))
            tables: dict[int, dict[tuple[str, ...], list[Entry]]] = {}
            for entry in entries:
                tables.setdefault(len(entry.keys), {}).setdefault(entry.keys, []).append(entry)
            self._by_length[first] = sorted(tables.items(), reverse=True)
        # The school-level patterns as one alternation: one pass over the text instead of one per pattern.
        combined = re.compile("|".join(f"(?:{p.pattern})" for p in self.school_patterns), re.IGNORECASE)
        self.school_pattern = combined if combined.groups == len(self.school_patterns) else None

    def _add(self, entry: Entry) -> None:
        if not entry.keys:
            return
        self.phrases.setdefault(entry.keys[0], []).append(entry)
        if entry.kind != "concept" or len(entry.keys) != 1:
            return
        key = entry.keys[0]
        self.single.setdefault(key, []).append(entry)
        if entry.lang in ("de", "ru"):
            stem = german_stem(key) if entry.lang == "de" else russian_stem(key)
            self.stems.setdefault((entry.lang, stem), []).append(entry)
        if len(key) >= FUZZY_MIN and not key.isdigit():
            for variant in (key, *deletions(key)):
                self.fuzzy.setdefault(variant, set()).add(key)

    def _add_query_words(self, lang: str, section: Mapping[str, Any]) -> None:
        for word in section.get("stopwords") or ():
            for key in words(str(word)):
                self.stopwords.setdefault(key, set()).add(lang)
        for phrase in section.get("request_phrases") or ():
            self._add(Entry(words(str(phrase)), "request", lang, lang))
        for phrase in section.get("place_prepositions") or ():
            self.place_words.add(words(str(phrase)))
        for phrase in section.get("place_postpositions") or ():
            self.place_after.add(words(str(phrase)))
        for pattern in section.get("school_level_patterns") or ():
            try:
                self.school_patterns.append(re.compile(fold_pattern(str(pattern)), re.IGNORECASE))
            except re.error:
                log.warning("school level pattern of %s does not compile: %s", lang, pattern)
        for word, value in (section.get("number_words") or {}).items():
            key = "".join(words(str(word)))
            if key:
                self.number_words[key] = int(value)
        self.place_words.discard(())
        self.place_after.discard(())

    def entries_at(self, keys: list[str], start: int) -> list[Entry]:
        """The entries whose words appear at ``keys[start:]``, longest first."""
        found: list[Entry] = []
        for length, table in self._by_length.get(keys[start], ()):
            if start + length <= len(keys):
                found.extend(table.get(tuple(keys[start:start + length]), ()))
        return found

    def is_stopword(self, key: str) -> bool:
        return key in self.stopwords

    def close_terms(self, key: str) -> set[str]:
        """One-word concept terms about one typing error away from ``key`` (candidates; check the distance)."""
        if len(key) < FUZZY_MIN:
            return set()
        found: set[str] = set()
        for variant in (key, *deletions(key)):
            found |= self.fuzzy.get(variant, set())
        found.discard(key)
        return found


__all__ = [
    "Concept",
    "Entry",
    "LANGUAGES",
    "TYPES",
    "Vocabulary",
    "concept_from_mapping",
    "german_stem",
    "read_concepts",
    "read_query_words",
    "russian_stem",
]
