"""Text matching over an open Whoosh index: postings as cached numpy arrays, query words and phrases as
sparse (docnums, BM25 scores), clauses as dense masks.

- posting lists are read once per segment and term into numpy arrays (cached; a new segment after an
  update leaves the older segments' caches valid);
- a query word becomes the union of its stems, synonyms and compound parts over the text fields; the
  words' masks are intersected and their BM25 contributions summed (title > summary > rest);
- phrases are look-ups of adjacent-word terms ("nachhilf~mathe") in their own field, not position checks;
- a word's matching documents do not depend on the rest of the query: they are computed once, sparse, and
  cached; only each clause becomes a dense column.
"""

from __future__ import annotations

import math
import threading
from typing import Any

import numpy as np
from whoosh.searching import Searcher

from .analysis import analyse, biwords, fold_word, split_compound, stem_word
from .columns import EMPTY_IDS, EMPTY_W, LRU, SegmentColumns, both, grouped
from .query import Clause, Facet, ParsedQuery, Phrase, Word
from .schema import PHRASE_FIELD, SPELL_FIELD, TEXT_FIELDS
from .synonyms import Synonyms

K1 = 1.2
PHRASE_BOOST = 2.0
FACET_SCORE = 1.0  # an offer in a concept's category scores like a weak text match of the word
PARTIAL_WEIGHT = 1000.0  # partial matching: one more matching word outranks any score
MAX_PREFIX_TERMS = 64
SPELLING_MEMO = 4096  # misspelt words whose spelling candidates an engine remembers


class TextMatcher:
    """The text side of the engine over the segments of one searcher (``Engine`` adds filters, distance,
    ranking and facets). ``facets`` maps facet names to their boolean columns, for clauses that match a
    category."""

    def __init__(self, searcher: Searcher, synonyms: Synonyms, segments: list[tuple[SegmentColumns, int]],
                 live: np.ndarray) -> None:
        self.searcher = searcher
        self.synonyms = synonyms
        self.segments = segments
        self.live = live
        self.n = len(live)
        self.doc_count = int(live.sum())
        self.facets: dict[str, dict[str, np.ndarray]] = {}
        self._spellings: dict[Any, Any] = {}
        self._terms = LRU(8192)
        self._lock = threading.Lock()
        self._alternatives = LRU(1024)  # Word / Phrase / Facet / a clause's alternatives → sparse results
        self._alternatives_lock = threading.Lock()

    def postings(self, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Global docnums and BM25 contributions of a term (without field boost), live documents only."""

        def make() -> tuple[np.ndarray, np.ndarray]:
            ids, weights = [], []
            for segment, offset in self.segments:
                local, w = segment.postings(fieldname, text)
                if len(local):
                    ids.append(local + offset)
                    weights.append(w)
            if not ids:
                return EMPTY_IDS, EMPTY_W
            all_ids = np.concatenate(ids)
            tf = np.concatenate(weights)
            keep = self.live[all_ids]
            all_ids, tf = all_ids[keep], tf[keep]
            df = len(all_ids)
            idf = math.log(1 + (self.doc_count - df + 0.5) / (df + 0.5))
            return all_ids, (idf * tf * (K1 + 1) / (tf + K1)).astype(np.float32)

        with self._lock:
            return self._terms.get_or((fieldname, text), make)

    def _terms_in_fields(self, stems: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
        """(docnums, scores) of the documents having all these stems, each in any text field; sparse."""
        found = None
        for stem in stems:
            ids_parts, weight_parts = [], []
            for fieldname, boost in TEXT_FIELDS.items():
                ids, contribution = self.postings(fieldname, stem)
                if len(ids):
                    ids_parts.append(ids)
                    weight_parts.append(boost * contribution / len(stems))
            if not ids_parts:
                return EMPTY_IDS, EMPTY_W
            found = both(found, grouped(np.concatenate(ids_parts), np.concatenate(weight_parts), np.add))
        return found if found is not None else (EMPTY_IDS, EMPTY_W)

    def word_variants(self, word: Word) -> list[tuple[str, ...]]:
        """The stem tuples a word stands for: itself, its synonyms, its compound parts, or a prefix's terms."""
        folded = fold_word(word.text)
        if word.prefix:
            found: list[str] = []
            for fieldname in TEXT_FIELDS:
                for term in self.searcher.reader().expand_prefix(fieldname, folded):
                    text = term.decode("utf-8") if isinstance(term, bytes) else term
                    if text not in found:
                        found.append(text)
                    if len(found) >= MAX_PREFIX_TERMS:
                        break
            return [(t,) for t in found] or [(stem_word(folded),)]
        stems = analyse(word.text)
        if not stems:
            return []
        variants: list[tuple[str, ...]] = []
        for stem in stems[:1]:
            variants.extend(self.synonyms.variants(stem))
        parts = split_compound(folded)
        if parts:
            variants.append(tuple(stem_word(p) for p in parts))
        return list(dict.fromkeys(variants))

    def _cached(self, key: Any, make: Any) -> tuple[np.ndarray, np.ndarray]:
        """A sparse result that does not depend on the rest of the query, from the cache or ``make()``."""
        with self._alternatives_lock:
            cached = self._alternatives.get(key)
            if cached is not None:
                self._alternatives.move_to_end(key)
                return cached
        found = make()  # outside the lock: it reads postings, which take the engine's own lock
        with self._alternatives_lock:
            self._alternatives[key] = found
            if len(self._alternatives) > self._alternatives.size:
                self._alternatives.popitem(last=False)
        return found

    def _alternative(self, alternative: Word | Phrase | Facet) -> tuple[np.ndarray, np.ndarray]:
        """(docnums, scores) of one alternative of a clause, sparse."""
        return self._cached(alternative, lambda: self._compute_alternative(alternative))

    def _compute_alternative(self, alternative: Word | Phrase | Facet) -> tuple[np.ndarray, np.ndarray]:
        if isinstance(alternative, Facet):
            column = self.facets.get(alternative.name, {}).get(alternative.value)
            if column is None:
                return EMPTY_IDS, EMPTY_W
            docs = np.flatnonzero(column)
            return docs, np.full(len(docs), FACET_SCORE, dtype=np.float32)
        if isinstance(alternative, Phrase):
            terms = biwords(" ".join(alternative.words))
            found = None
            for term in terms:
                ids, contribution = self.postings(PHRASE_FIELD, term)
                found = both(found, grouped(ids, PHRASE_BOOST * contribution, np.add))
            return found if found is not None else (EMPTY_IDS, EMPTY_W)
        parts = [self._terms_in_fields(variant) for variant in self.word_variants(alternative)]
        parts = [part for part in parts if len(part[0])]
        if not parts:
            return EMPTY_IDS, EMPTY_W
        # A document matching several variants counts its best one.
        return grouped(np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts]), np.maximum)

    def _clause(self, clause: Clause) -> tuple[np.ndarray, np.ndarray]:
        """Dense (mask, score) of a clause: any alternative matches, their scores add up."""
        docs, scores = self._cached(("clause", clause.alternatives), lambda: self._clause_sparse(clause))
        mask = np.zeros(self.n, dtype=bool)
        score = np.zeros(self.n, dtype=np.float32)
        mask[docs] = True
        score[docs] = scores
        return mask, score

    def _clause_sparse(self, clause: Clause) -> tuple[np.ndarray, np.ndarray]:
        if len(clause.alternatives) == 1:
            return self._alternative(clause.alternatives[0])
        parts = [self._alternative(alternative) for alternative in clause.alternatives]
        parts = [part for part in parts if len(part[0])]
        if not parts:
            return EMPTY_IDS, EMPTY_W
        return grouped(np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts]), np.add)

    def match(self, query: ParsedQuery, partial: bool = False) -> tuple[np.ndarray, np.ndarray | None]:
        """(mask of matching live documents, scores or None when there is no text to rank by).

        ``partial``: a document matches when any positive clause does; it ranks by how many match, then by score.
        """
        mask = self.live.copy()
        score = None
        matched = np.zeros(self.n, dtype=np.float32) if partial else None
        for clause in query.positive:
            clause_mask, clause_score = self._clause(clause)
            if matched is not None:
                matched += clause_mask
            else:
                mask &= clause_mask
            score = clause_score if score is None else score + clause_score
        if matched is not None and query.positive:
            mask &= matched > 0
            score = matched * PARTIAL_WEIGHT + score
        for clause in query.negative:
            clause_mask, _ = self._clause(clause)
            mask &= ~clause_mask
        return mask, score

    def known_word(self, word: str) -> bool:
        """Whether a (folded) word occurs in the index as typed."""
        return self.searcher.doc_frequency(SPELL_FIELD, word) > 0

    def spelling_candidates(self, word: str, maxdist: int) -> list[tuple[int, str]]:
        """(document frequency, word) of indexed words within ``maxdist`` edits of a folded word.

        Remembered per word for this searcher (the walk over the word list is the slow part of a search
        that finds little); at most ``SPELLING_MEMO`` words, then forgotten together.
        """
        def walk() -> list[tuple[int, str]]:
            reader = self.searcher.reader()
            found = []
            for term in reader.terms_within(SPELL_FIELD, word, maxdist, prefix=1):
                text = term.decode("utf-8") if isinstance(term, bytes) else term
                if text != word:
                    found.append((reader.doc_frequency(SPELL_FIELD, text), text))
            return found

        return list(self.remembered_spelling(("candidates", word, maxdist), walk))

    def remembered_spelling(self, key: Any, make: Any) -> Any:
        """What ``make()`` finds about a word's spelling, remembered for this searcher under ``key`` (it depends
        on the index and the synonyms only); at most ``SPELLING_MEMO`` entries, then forgotten together."""
        if key not in self._spellings:
            if len(self._spellings) >= SPELLING_MEMO:
                self._spellings = {}
            self._spellings[key] = make()
        return self._spellings[key]


__all__ = ["FACET_SCORE", "K1", "PARTIAL_WEIGHT", "TextMatcher"]
