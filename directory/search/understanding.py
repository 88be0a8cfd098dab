"""Reading a request in any of the eight languages: what it asks for, which filters it means, what to ignore.

``understand(text, vocabulary)`` is a pure function (no app, no index). In order (``seed_data/VOCABULARY.md``):

1. school level ("Klasse 7", "7. Klasse", "الصف السابع", "7-й класс") → ``school_level``;
2. at each word, the longest phrase that is a vocabulary term, a request phrase ("ich suche", "für meinen
   Sohn": dropped) or a Stadtteil or focus-area name, with a place word before it ("in", "bei") or after it
   (Turkish, Persian) → ``place``;
3. stop words of every language are dropped;
4. a word not found as it is is tried in the forms its language adds (Arabic article, Persian and Kurmanji
   endings, Turkish and Ukrainian suffixes as a prefix match, German and Russian stems, English plural).

A concept of type ``cost`` or ``language`` becomes a filter; every other concept a meaningful word searched
by its German terms. What is left is searched as typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .normalise import arabic_forms, english_forms, fold_with_offsets, kurmanji_forms, script, word_spans, words
from .vocabulary import Concept, Entry, Vocabulary, german_stem, russian_stem

# Grades 1–4 primary, 5–10 secondary I, 11–13 secondary II (Sachsen-Anhalt).
SCHOOL_LEVELS = ((1, 4, "primary"), (5, 10, "secondary_1"), (11, 13, "secondary_2"))
PREFIX_MIN = {"tr": 4, "uk": 5, "ru": 5, "ku": 4}  # shortest term that may match as a word's beginning


@dataclass(frozen=True)
class Meaning:
    """A meaningful word or phrase of the request."""

    text: str  # as typed
    concept: Concept | None = None
    corrected_from: str | None = None  # the typed word, when the term was found one typing error away
    lang: str = ""  # the language of the vocabulary term it was found as
    ambiguous: bool = False  # the word is also a stop word in some language ("der", "is", "ev")

    @property
    def search_terms(self) -> tuple[str, ...]:
        """German words to search for: the concept's German terms (with the typed word for German concepts
        typed in German), else the word as typed."""
        if self.concept is None:
            return (self.text,)
        return self.concept.german or (self.text,)


@dataclass
class Understanding:
    text: str
    meanings: list[Meaning] = field(default_factory=list)
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "cost", "language"
    filter_words: dict[str, str] = field(default_factory=dict)  # filter name → the words that meant it
    but_offered: bool = False  # a cost word was understood: offer to include offers paid under BuT
    place: str | None = None  # a Stadtteil or focus area to measure from
    place_words: str = ""
    school_level: str | None = None
    grade: int | None = None
    school_words: str = ""
    dropped: list[str] = field(default_factory=list)
    request_languages: set[str] = field(default_factory=set)  # languages of the request phrases found

    @property
    def concepts(self) -> list[str]:
        return [m.concept.key for m in self.meanings if m.concept is not None]


def school_level(grade: int) -> str | None:
    for low, high, level in SCHOOL_LEVELS:
        if low <= grade <= high:
            return level
    return None


def _grade(text: str, vocabulary: Vocabulary) -> int | None:
    if text.isdigit():
        return int(text)
    return vocabulary.number_words.get("".join(words(text)))


def _fallback(key: str, vocabulary: Vocabulary) -> Entry | None:
    """A one-word concept term the word is a form of, tried in the ways its language forms words."""
    kind = script(key)
    candidates: list[tuple[str, tuple[str, ...]]] = []  # (form, languages it may be a form in)
    if kind == "arabic":
        candidates += [(form, ("ar", "fa")) for form in arabic_forms(key)]
    elif kind == "latin":
        candidates += [(form, ("ku",)) for form in kurmanji_forms(key)]
        candidates += [(form, ("en",)) for form in english_forms(key)]
    for form, languages in candidates:
        for entry in vocabulary.single.get(form, ()):
            if entry.lang in languages:
                return entry
    if kind == "latin":
        for entry in vocabulary.stems.get(("de", german_stem(key)), ()):
            return entry
    if kind == "cyrillic":
        for entry in vocabulary.stems.get(("ru", russian_stem(key)), ()):
            return entry
    if kind in ("latin", "cyrillic"):
        # Suffixes stacked on a term ("tercümanı", "перекладачеві"): the longest term the word starts with.
        for end in range(len(key) - 1, 3, -1):
            for entry in vocabulary.single.get(key[:end], ()):
                if end >= PREFIX_MIN.get(entry.lang, 99):
                    return entry
    return None


def understand(text: str, vocabulary: Vocabulary, *, correct: bool = False) -> Understanding:
    """What a request asks for. With ``correct``, a word found nowhere may be read as the vocabulary term one
    typing error away (used only when the search found nothing)."""
    source, folded, offsets = fold_with_offsets(text)
    result = Understanding(text=source)

    def typed(start: int, end: int) -> str:
        return source[offsets[start]:offsets[end - 1] + 1] if end > start else ""

    spans = word_spans(folded)
    used = [False] * len(spans)
    combined = vocabulary.school_pattern
    patterns = [combined] if combined is not None else vocabulary.school_patterns
    for pattern in patterns if any(ch.isdigit() or ch.isalpha() for ch in folded) else ():
        for match in pattern.finditer(folded):
            group = match.group(match.lastindex) if match.lastindex else None
            grade = _grade(group, vocabulary) if group else None
            level = school_level(grade) if grade is not None else None
            if level is None:
                continue
            covered = [i for i, (s, e, _) in enumerate(spans) if s < match.end() and e > match.start() and not used[i]]
            if not covered:
                continue
            for i in covered:
                used[i] = True
            if result.school_level is None:
                result.school_level, result.grade = level, grade
                result.school_words = typed(match.start(), match.end()).strip()
    keys = [key for _, _, key in spans]
    i = 0
    while i < len(spans):
        if used[i]:
            i += 1
            continue
        step = _read_at(i, keys, used, spans, vocabulary, result, typed)
        i += step
    _resolve_ambiguous(result)
    _apply_filters(result)
    if correct:
        _correct(result, vocabulary)
    return result


def _free_run(keys: list[str], used: list[bool], start: int) -> list[str]:
    end = start
    while end < len(keys) and not used[end]:
        end += 1
    return keys[start:end]


def _read_at(i, keys, used, spans, vocabulary: Vocabulary, result: Understanding, typed) -> int:
    """Read the phrase starting at word ``i``; return how many words it took."""
    run = _free_run(keys, used, i)

    def text_of(n: int) -> str:
        return typed(spans[i][0], spans[i + n - 1][1])

    # A place word before a place name ("in Neustädter See", "li Sudenburgê"), or the name alone.
    for n_prep in vocabulary.place_word_lengths:
        if n_prep < len(run) and tuple(run[:n_prep]) in vocabulary.place_words:
            places = [e for e in vocabulary.entries_at(run, n_prep) if e.kind == "place"]
            if places:
                place = places[0]
                n = n_prep + len(place.keys)
                _set_place(result, place.value, text_of(n))
                return n
    entries = vocabulary.entries_at(run, 0)
    if entries:
        entry = entries[0]  # longest first; on a tie a place before a concept before a request phrase
        n = len(entry.keys)
        if entry.kind == "place":
            after = next((len(p) for p in vocabulary.place_after_longest_first if tuple(run[n:n + len(p)]) == p), 0)
            _set_place(result, entry.value, text_of(n + after))
            return n + after
        if entry.kind == "concept":
            ambiguous = n == 1 and vocabulary.is_stopword(entry.keys[0])
            result.meanings.append(Meaning(text_of(n), vocabulary.concepts[entry.value], lang=entry.lang,
                                           ambiguous=ambiguous))
            return n
        result.request_languages.add(entry.lang)
        result.dropped.append(text_of(n))
        return n
    key = run[0]
    if vocabulary.is_stopword(key):
        result.dropped.append(text_of(1))
        return 1
    entry = _fallback(key, vocabulary)
    if entry is not None:
        result.meanings.append(Meaning(text_of(1), vocabulary.concepts[entry.value], lang=entry.lang))
        return 1
    result.meanings.append(Meaning(text_of(1)))
    return 1


def _resolve_ambiguous(result: Understanding) -> None:
    """A word that is a term in one language and a stop word in another ("der": German article, Kurmanji
    term; "is": English, Turkish "iş") counts as the term only when the request's other words are in the
    term's language, or when it is the only word."""
    if not any(m.ambiguous for m in result.meanings):
        return
    evidence = {m.lang for m in result.meanings if m.lang and not m.ambiguous} | result.request_languages
    alone = len(result.meanings) == 1
    kept = []
    for meaning in result.meanings:
        if meaning.ambiguous and not (meaning.lang in evidence or (alone and not evidence)):
            result.dropped.append(meaning.text)
            continue
        kept.append(meaning)
    result.meanings = kept


def _set_place(result: Understanding, name: str, words_typed: str) -> None:
    if result.place is None:
        result.place, result.place_words = name, words_typed
    else:
        result.dropped.append(words_typed)


def _apply_filters(result: Understanding) -> None:
    """Cost and language concepts become filters and leave the words to search."""
    kept: list[Meaning] = []
    for meaning in result.meanings:
        concept = meaning.concept
        implies = concept.implies if concept is not None else {}
        if concept is not None and concept.type in ("cost", "language") and implies:
            if implies.get("cost"):
                _add_filter(result, "cost", str(implies["cost"]), meaning.text)
                result.but_offered = result.but_offered or implies["cost"] == "free"
            if implies.get("but"):
                _add_filter(result, "cost", "but", meaning.text)
            if implies.get("language"):
                _add_filter(result, "language", str(implies["language"]), meaning.text)
            continue
        kept.append(meaning)
    result.meanings = kept
    if "but" in result.filters.get("cost", ()):
        result.but_offered = False


def _add_filter(result: Understanding, name: str, value: str, typed: str) -> None:
    values = result.filters.get(name, ())
    if value not in values:
        result.filters[name] = (*values, value)
    words_before = result.filter_words.get(name)
    result.filter_words[name] = f"{words_before} {typed}" if words_before and typed not in words_before else typed


def _correct(result: Understanding, vocabulary: Vocabulary) -> None:
    """Free words one typing error away from exactly one concept become that concept."""
    from .normalise import edit_distance

    for index, meaning in enumerate(result.meanings):
        if meaning.concept is not None:
            continue
        key = "".join(words(meaning.text))
        close = [term for term in vocabulary.close_terms(key) if edit_distance(key, term, 2) <= 1]
        concepts = {entry.value for term in close for entry in vocabulary.single.get(term, ())}
        if len(concepts) == 1:
            concept = vocabulary.concepts[concepts.pop()]
            term = sorted(close)[0]
            result.meanings[index] = Meaning(_term_as_written(concept, term), concept, corrected_from=meaning.text)
    _apply_filters(result)


def _term_as_written(concept: Concept, key: str) -> str:
    for terms in concept.terms.values():
        for term in terms:
            if words(term) == (key,):
                return term
    return key


__all__ = ["Meaning", "Understanding", "school_level", "understand"]
