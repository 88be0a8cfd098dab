"""The search engine over an open Whoosh index: matching, ranking, facets and distance on cached columns.

Whoosh keeps the index on disk (analysis, postings, locking, the term dictionary for spelling). Ranking
and filtering a whole state's offers through Whoosh's own collectors takes 70–750 ms; here every step is an
array operation instead:

- posting lists are read once per segment and term into numpy arrays (cached; a new segment after an
  update leaves the older segments' caches valid);
- a query word becomes the union of its stems, synonyms and compound parts over the text fields; the
  words' masks are intersected and their BM25 contributions summed (title > summary > rest);
- phrases are look-ups of adjacent-word terms ("nachhilf~mathe") in their own field, not position checks;
- facets are one boolean column per value, counted with the other facets' filters applied;
- distance: a lat/lon box over an in-memory array of all places, then the exact haversine only for the
  points in the box; offers without coordinates are kept and marked remote.
"""

from __future__ import annotations

import math
import threading
from typing import Any

import numpy as np
from whoosh.searching import Searcher

from ..geo.shapes import EARTH_RADIUS_KM
from .analysis import analyse, biwords, fold_word, split_compound, stem_word
from .columns import (
    EMPTY_IDS,
    EMPTY_W,
    LRU,
    SegmentColumns,
    both,
    bounding_box,
    grouped,
    haversine_km_array,
    segment_columns,
)
from .filters import OPEN_FACET, OPEN_NOW, EngineResult, Filters, Geo
from .nearest import nearest_first
from .query import Clause, Facet, ParsedQuery, Phrase, Word
from .schema import FACET_FIELDS, PHRASE_FIELD, SPELL_FIELD, TEXT_FIELDS
from .synonyms import Synonyms

K1 = 1.2
PHRASE_BOOST = 2.0
FACET_SCORE = 1.0  # an offer in a concept's category scores like a weak text match of the word
PARTIAL_WEIGHT = 1000.0  # partial matching: one more matching word outranks any score
MAX_PREFIX_TERMS = 64
SPELLING_MEMO = 4096  # misspelt words whose spelling candidates an engine remembers


class Engine:
    """Arrays over one open searcher. Create through ``EngineCache``; shared read-only between threads."""

    def __init__(self, searcher: Searcher, synonyms: Synonyms) -> None:
        self.searcher = searcher
        self.synonyms = synonyms
        self._spellings: dict[tuple[str, int], list[tuple[int, str]]] = {}
        leaves = searcher.leaf_searchers() if not searcher.is_atomic() else [(searcher, 0)]
        self.segments: list[tuple[SegmentColumns, int]] = []
        live_parts, ids, sortkeys = [], [], []
        p_doc, p_lat, p_lon = [], [], []
        h_doc, h_start, h_end = [], [], []
        for leaf, offset in leaves:
            if leaf.reader().segment() is None:  # an index with no documents yet has no segment
                continue
            columns = segment_columns(leaf.reader())
            self.segments.append((columns, offset))
            live = np.ones(columns.n, dtype=bool)
            if leaf.reader().has_deletions():
                live[:] = False
                live[np.fromiter(leaf.reader().all_doc_ids(), dtype=np.int64)] = True
            live_parts.append(live)
            ids.extend(columns.ids)
            sortkeys.extend(columns.sortkeys)
            p_doc.append(columns.p_doc + offset)
            p_lat.append(columns.p_lat)
            p_lon.append(columns.p_lon)
            h_doc.append(columns.h_doc + offset)
            h_start.append(columns.h_start)
            h_end.append(columns.h_end)
        self.n = sum(c.n for c, _ in self.segments)
        self.live = np.concatenate(live_parts) if live_parts else np.zeros(0, dtype=bool)
        self.doc_count = int(self.live.sum())
        self.ids = ids
        self.docnum = {offer_id: i for i, offer_id in enumerate(ids) if self.live[i]}
        order = sorted(range(self.n), key=lambda i: sortkeys[i])
        self.rank = np.empty(self.n, dtype=np.int64)
        self.rank[np.asarray(order, dtype=np.int64)] = np.arange(self.n, dtype=np.int64)
        self.p_doc = np.concatenate(p_doc) if p_doc else EMPTY_IDS
        self.p_lat = np.concatenate(p_lat) if p_lat else np.zeros(0)
        self.p_lon = np.concatenate(p_lon) if p_lon else np.zeros(0)
        self.has_point = np.zeros(self.n, dtype=bool)
        self.has_point[self.p_doc] = True
        self.h_doc = np.concatenate(h_doc) if h_doc else EMPTY_IDS
        self.h_start = np.concatenate(h_start) if h_start else np.zeros(0, dtype=np.int32)
        self.h_end = np.concatenate(h_end) if h_end else np.zeros(0, dtype=np.int32)
        self.facets: dict[str, dict[str, np.ndarray]] = {}
        for name in FACET_FIELDS:
            columns: dict[str, np.ndarray] = {}
            for segment, offset in self.segments:
                for value, local in segment.facets[name].items():
                    column = columns.get(value)
                    if column is None:
                        column = columns[value] = np.zeros(self.n, dtype=bool)
                    column[local + offset] = True
            for column in columns.values():
                column &= self.live
            self.facets[name] = columns
        self._terms = LRU(8192)
        self._lock = threading.Lock()
        self._alternatives = LRU(1024)  # Word / Phrase / Facet / a clause's alternatives → sparse results
        self._alternatives_lock = threading.Lock()

    # --- text ---------------------------------------------------------------------------------------------

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
        found = self._spellings.get((word, maxdist))
        if found is None:
            reader = self.searcher.reader()
            found = []
            for term in reader.terms_within(SPELL_FIELD, word, maxdist, prefix=1):
                text = term.decode("utf-8") if isinstance(term, bytes) else term
                if text != word:
                    found.append((reader.doc_frequency(SPELL_FIELD, text), text))
            if len(self._spellings) >= SPELLING_MEMO:
                self._spellings = {}
            self._spellings[(word, maxdist)] = found
        return list(found)

    # --- filters, distance, ranking, facets ----------------------------------------------------------------

    def open_mask(self, minute: int) -> np.ndarray:
        """The live documents with an opening slot around this minute of the week."""
        mask = np.zeros(self.n, dtype=bool)
        mask[self.h_doc[(self.h_start <= minute) & (minute < self.h_end)]] = True
        return mask & self.live

    def _columns(self, filters: Filters) -> dict[str, dict[str, np.ndarray]]:
        """The stored facets' columns, plus "open now" when the filters name a moment."""
        if filters.open_at is None:
            return self.facets
        return {**self.facets, OPEN_FACET: {OPEN_NOW: self.open_mask(filters.open_at)}}

    def facet_mask(
        self, name: str, values: tuple[str, ...], facets: dict[str, dict[str, np.ndarray]] | None = None
    ) -> np.ndarray:
        mask = np.zeros(self.n, dtype=bool)
        columns = (self.facets if facets is None else facets).get(name, {})
        for value in values:
            column = columns.get(value)
            if column is not None:
                mask |= column
        return mask

    def _filter_masks(self, filters: Filters, facets: dict[str, dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
        return {name: self.facet_mask(name, values, facets) for name, values in filters.values.items() if values}

    def distances(self, geo: Geo, candidates: np.ndarray, radius_km: float) -> np.ndarray:
        """Per document: the km to its nearest place within ``radius_km`` (inf elsewhere), via the box."""
        min_lat, max_lat, min_lon, max_lon = bounding_box(geo.lat, geo.lon, radius_km)
        in_box = (self.p_lat >= min_lat) & (self.p_lat <= max_lat) & (self.p_lon >= min_lon) & (self.p_lon <= max_lon)
        points = np.flatnonzero(in_box)
        points = points[candidates[self.p_doc[points]]]
        result = np.full(self.n, np.inf)
        if len(points):
            d = haversine_km_array(geo.lat, geo.lon, self.p_lat[points], self.p_lon[points])
            near = d <= radius_km
            np.minimum.at(result, self.p_doc[points[near]], d[near])
        return result

    def page_distances(self, geo: Geo, docnums: np.ndarray) -> dict[int, float]:
        out: dict[int, float] = {}
        if not len(docnums) or not len(self.p_doc):
            return out
        wanted = np.zeros(self.n, dtype=bool)
        wanted[docnums] = True
        points = np.flatnonzero(wanted[self.p_doc])
        if len(points):
            d = haversine_km_array(geo.lat, geo.lon, self.p_lat[points], self.p_lon[points])
            for doc, km in zip(self.p_doc[points].tolist(), d.tolist(), strict=True):
                if km < out.get(doc, math.inf):
                    out[doc] = km
        return out

    def _top(self, docnums: np.ndarray, score: np.ndarray | None, k: int) -> np.ndarray:
        """The first ``k`` documents by score (descending), ties and unscored by rank."""
        if not len(docnums) or k <= 0:
            return docnums[:0]
        if score is None:
            ranks = self.rank[docnums]
            if len(docnums) > k:
                keep = np.argpartition(ranks, k - 1)[:k]
                docnums, ranks = docnums[keep], ranks[keep]
            return docnums[np.argsort(ranks, kind="stable")]
        scores = score[docnums]
        if len(docnums) > k:
            threshold = -np.partition(-scores, k - 1)[k - 1]
            keep = scores >= threshold
            docnums, scores = docnums[keep], scores[keep]
        order = np.lexsort((self.rank[docnums], -scores))
        return docnums[order][:k]

    def run(
        self,
        query: ParsedQuery,
        filters: Filters,
        geo: Geo | None = None,
        *,
        offset: int = 0,
        limit: int = 20,
        facets: bool = True,
        partial: bool = False,
    ) -> EngineResult:
        text_mask, score = self.match(query, partial)
        base = text_mask
        local_km = None
        if geo is not None and geo.radius_km is not None:
            local_km = self.distances(geo, base, geo.radius_km)
            # Offers with a place must lie within the radius; offers without one are available anywhere.
            base = base & ((local_km <= geo.radius_km) | ~self.has_point)
        columns = self._columns(filters)
        masks = self._filter_masks(filters, columns)
        final = base.copy()
        for mask in masks.values():
            final &= mask
        docnums = np.flatnonzero(final)
        total = len(docnums)
        want = offset + limit
        if geo is not None and geo.by_distance:
            located = docnums[self.has_point[docnums]]
            remote = docnums[~self.has_point[docnums]]
            if local_km is None:
                local_km = self._nearest(geo, final, min(want, len(located)))
            # Only the candidates that can reach the page go to the sort step: the nearest located ones and
            # the best of those without a place.
            if len(located) > want:
                located = located[np.argpartition(local_km[located], want - 1)[:want]]
            candidates = np.concatenate([located, self._top(remote, score, want)])
            ordered = nearest_first(
                candidates, km=local_km, has_point=self.has_point, rank=self.rank, score=score, limit=want
            )
        else:
            ordered = self._top(docnums, score, want)
        page = ordered[offset:want]
        distances: dict[str, float | None] = {}
        remote_ids: set[str] = set()
        page_km = self.page_distances(geo, page) if geo is not None else {}
        for doc in page.tolist():
            offer_id = self.ids[doc]
            distances[offer_id] = page_km.get(doc)
            if not self.has_point[doc]:
                remote_ids.add(offer_id)
        counts: dict[str, dict[str, int]] = {}
        if facets:
            for name, values in columns.items():
                mask = base.copy()
                for other, other_mask in masks.items():
                    if other != name:
                        mask &= other_mask
                counts[name] = {value: int(np.count_nonzero(column & mask)) for value, column in values.items()}
        return EngineResult(total, [self.ids[d] for d in page.tolist()], distances, remote_ids, counts)

    def _nearest(self, geo: Geo, candidates: np.ndarray, needed: int) -> np.ndarray:
        """Distances good enough to order the ``needed`` nearest candidates: widen the box until it holds them."""
        radius = 2.0
        while True:
            km = self.distances(geo, candidates, radius)
            if np.count_nonzero(np.isfinite(km)) >= needed or radius > 2 * math.pi * EARTH_RADIUS_KM:
                return km
            radius *= 4

    def count(self, query: ParsedQuery, filters: Filters, geo: Geo | None = None, partial: bool = False) -> int:
        return self.run(query, filters, geo, offset=0, limit=0, facets=False, partial=partial).total
