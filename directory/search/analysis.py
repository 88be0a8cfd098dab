"""German text analysis for the search index.

The chain (index time): split into words → lower-case → drop stop words (matched in their real spelling,
"für", "über") → fold umlauts and ß the German way (ä→ae, ß→ss, accents stripped) → add the parts of
known compounds ("Nachhilfeangebot" also yields "nachhilfe" and "angebot") → German Snowball stemmer.

Whoosh pickles the schema, analyzers included, into the index: every class here must keep its import path
(``directory.search.analysis``) and its constructor arguments, or existing indexes stop loading.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from whoosh.analysis import BiWordFilter, Filter, LowercaseFilter, RegexTokenizer, StopFilter, Token
from whoosh.lang import stemmer_for_language
from whoosh.lang.stopwords import stoplists

from ..text import fold_german, fold_scripts

# Letters, digits and the combining marks that belong to a word (Python's \w leaves them out: Arabic harakat,
# a decomposed umlaut); a zero-width non-joiner (Persian "می‌شود") joins the parts of one word. Folding then
# removes marks and joiner, so a word matches however the reader typed it.
_WORD_CHAR = r"[\w\u0300-\u036f\u0483-\u0489\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]"
WORD_PATTERN = rf"{_WORD_CHAR}+(?:\u200c{_WORD_CHAR}+)*"
_WORD_RE = re.compile(WORD_PATTERN)
_PARTS_FILE = Path(__file__).with_name("compound_parts.txt")
# Linking elements (Fugenelemente) allowed between the parts of a compound: Beratung-s-stelle, Familie-n-zentrum.
_LINKS = ("", "s", "es", "n", "en", "e", "er")
MIN_PART = 3
BIWORD_SEP = "~"


def _stop_words() -> frozenset[str]:
    words = set(stoplists["de"])
    # Both spellings: the filter sees the real word, a user may type the folded one ("fuer").
    words |= {fold_german(w) for w in words}
    return frozenset(words)


STOP_WORDS = _stop_words()


@lru_cache(maxsize=1)
def compound_parts() -> frozenset[str]:
    """The known word parts (folded) from which compounds are split, from ``compound_parts.txt``."""
    parts = set()
    for line in _PARTS_FILE.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            parts.add(fold_german(line))
    return frozenset(parts)


@lru_cache(maxsize=65536)
def split_compound(word: str) -> tuple[str, ...]:
    """The parts of a folded compound made entirely of known parts, or ``()``.

    "nachhilfeangebot" → ("nachhilfe", "angebot"); "hausaufgabenhilfe" → ("hausaufgaben", "hilfe").
    Prefers the split into the fewest, longest parts.
    """
    lexicon = compound_parts()
    n = len(word)
    if n < 2 * MIN_PART:
        return ()
    # best[i]: the fewest parts covering word[i:], or None
    best: list[tuple[str, ...] | None] = [None] * (n + 1)
    best[n] = ()
    for i in range(n - MIN_PART, -1, -1):
        for j in range(n, i + MIN_PART - 1, -1):
            part = word[i:j]
            if part not in lexicon:
                continue
            for link in _LINKS:
                k = j + len(link)
                if k <= n and word[j:k] == link and best[k] is not None:
                    candidate = (part, *best[k])
                    if best[i] is None or len(candidate) < len(best[i]):
                        best[i] = candidate
    found = best[0]
    return found if found is not None and len(found) > 1 else ()


@lru_cache(maxsize=100000)
def fold_word(word: str) -> str:
    """German folding, then the spelling variants of the translations' scripts (no-op on German words)."""
    return fold_scripts(fold_german(word))


class GermanFoldFilter(Filter):
    """Fold umlauts, ß and accents the German way: "Straße" → "strasse", "Café" → "cafe"."""

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        for token in tokens:
            token.text = fold_word(token.text)
            yield token


class CompoundSplitFilter(Filter):
    """At index time, follow a known compound with its parts at the same position.

    At query time the whole word passes alone: the query builder decides how parts combine.
    """

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        for token in tokens:
            # Later filters change the token in place: take the word before passing it on.
            whole = token.text
            yield token
            if token.mode == "query" or token.stopped:
                continue
            for part in split_compound(whole):
                token.text = part
                yield token


class GermanStemFilter(Filter):
    """The German Snowball stemmer, after reducing feminine forms ("Dolmetscherin" → "dolmetscher")."""

    def __init__(self, cachesize: int = 50000) -> None:
        self.cachesize = cachesize

    def __getstate__(self) -> dict:
        return {"cachesize": self.cachesize}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        for token in tokens:
            if not token.stopped:
                token.text = stem_word(token.text)
            yield token


_stem = stemmer_for_language("de")


@lru_cache(maxsize=100000)
def stem_word(folded: str) -> str:
    """Stem one folded, lower-case word."""
    if len(folded) > 6 and folded.endswith("erinnen"):
        folded = folded[:-5]
    elif len(folded) > 5 and folded.endswith("erin"):
        folded = folded[:-2]
    return _stem(folded)


# --- pre-analysed text for the index writer ---------------------------------------------------------------
#
# Every filter of the index-time chains above works on one token at a time, so the terms a word yields are a
# pure function of the word. Whoosh indexes a list of strings as given (the field's analyzer is bypassed and
# term frequencies and field lengths are counted from the list), so passing these lists to the writer builds
# exactly the index the analyzers would, while each distinct word is analysed once per process.


@lru_cache(maxsize=200000)
def _word_index_terms(word: str) -> tuple[str, ...]:
    """The terms ``german_analyzer`` yields for one word at index time (the stem, then the stems of its parts)."""
    lower = word.lower()
    if not lower or lower in STOP_WORDS:
        return ()
    folded = fold_word(lower)
    return (stem_word(folded), *(stem_word(part) for part in split_compound(folded)))


@lru_cache(maxsize=200000)
def _word_stem(word: str) -> str | None:
    """The term ``phrase_analyzer`` stems one word to, or None for a stop word."""
    lower = word.lower()
    if not lower or lower in STOP_WORDS:
        return None
    return stem_word(fold_word(lower))


def index_terms(text: str) -> list[str]:
    """The terms ``german_analyzer`` yields for a text at index time, in order."""
    return [term for word in _WORD_RE.findall(text) for term in _word_index_terms(word)]


def phrase_index_terms(text: str) -> list[str]:
    """The terms ``phrase_analyzer`` yields for a text: adjacent stems joined, a lone stem by itself."""
    found = _WORD_RE.findall(text)
    stems = [stem for stem in map(_word_stem, found) if stem is not None]
    if not stems:
        return []  # (Whoosh's BiWordFilter raises on a stream without any word)
    if len(stems) == 1:
        # BiWordFilter then emits its shared token as the last filter left it: after a trailing stop word
        # that is the stop word, lower-cased ("Nachhilfeangebot für" → "für"). Same index, same quirk.
        last = found[-1]
        return [_word_stem(last) or last.lower()]
    return [f"{a}{BIWORD_SEP}{b}" for a, b in zip(stems, stems[1:], strict=False)]


def spelling_terms(text: str) -> list[str]:
    """The terms ``spelling_analyzer`` yields for a text."""
    return [word.lower() for word in _WORD_RE.findall(text)]


def german_analyzer():
    """Full-text analyzer for title, summary and body."""
    return (
        RegexTokenizer(WORD_PATTERN)
        | LowercaseFilter()
        | StopFilter(stoplist=STOP_WORDS, minsize=1)
        | GermanFoldFilter()
        | CompoundSplitFilter()
        | GermanStemFilter()
    )


def phrase_analyzer():
    """Adjacent stemmed words joined ("nachhilf~mathe"): a phrase query becomes plain term look-ups."""
    return (
        RegexTokenizer(WORD_PATTERN)
        | LowercaseFilter()
        | StopFilter(stoplist=STOP_WORDS, minsize=1)
        | GermanFoldFilter()
        | GermanStemFilter()
        | BiWordFilter(sep=BIWORD_SEP)
    )


def spelling_analyzer():
    """Surface words, lower-cased but neither folded nor stemmed: the vocabulary for "Did you mean …?"."""
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter()


def words(text: str) -> list[str]:
    """The words of a text as the tokenizer sees them (unfolded)."""
    return _WORD_RE.findall(text)


def analyse(text: str) -> list[str]:
    """Query-time terms of a text: stop words dropped, folded, stemmed; compounds kept whole."""
    return [t.text for t in _query_analyzer()(text, mode="query") if not t.stopped]


def biwords(text: str) -> list[str]:
    """The phrase-field terms of a text (a single word stays a single stem)."""
    return [t.text for t in _phrase_analyzer()(text, mode="query")]


@lru_cache(maxsize=1)
def _query_analyzer():
    return german_analyzer()


@lru_cache(maxsize=1)
def _phrase_analyzer():
    return phrase_analyzer()
