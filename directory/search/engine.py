"""The search engine over an open Whoosh index: matching, ranking, facets and distance on cached columns.

Whoosh keeps the index on disk (analysis, postings, locking, the term dictionary for spelling). Ranking
and filtering a whole state's offers through Whoosh's own collectors takes 70–750 ms; here every step is an
array operation instead:

- text: words, phrases and clauses as arrays (``matching``);
- facets are one boolean column per value, counted with the other facets' filters applied;
- distance: a lat/lon box over an in-memory array of all places, then the exact haversine only for the
  points in the box; offers without coordinates are kept and marked remote.
"""

from __future__ import annotations

import math

import numpy as np
from whoosh.searching import Searcher

from ..geo.shapes import EARTH_RADIUS_KM
from .columns import EMPTY_IDS, SegmentColumns, bounding_box, haversine_km_array, merged_ranks, segment_columns
from .filters import OPEN_FACET, OPEN_NOW, EngineResult, Filters, Geo
from .matching import TextMatcher
from .nearest import nearest_first
from .query import ParsedQuery
from .schema import FACET_FIELDS
from .synonyms import Synonyms

# Facet counts gather the matching documents' columns when they are at most one in SPARSE_SHARE of the index or
# at most SPARSE_DOCS (measured: the gathering wins below about one in twenty at 100,000 offers).
SPARSE_SHARE = 16
SPARSE_DOCS = 1000


class Engine(TextMatcher):
    """Arrays over one open searcher. Create through ``EngineCache``; shared read-only between threads."""

    def __init__(self, searcher: Searcher, synonyms: Synonyms) -> None:
        leaves = searcher.leaf_searchers() if not searcher.is_atomic() else [(searcher, 0)]
        segments: list[tuple[SegmentColumns, int]] = []
        live_parts = []
        for leaf, offset in leaves:
            reader = leaf.reader()
            if reader.segment() is None:  # an index with no documents yet has no segment
                continue
            columns = segment_columns(reader)
            segments.append((columns, offset))
            live = np.ones(columns.n, dtype=bool)
            if reader.has_deletions():
                live[np.fromiter(reader.segment().deleted_docs(), dtype=np.int64)] = False
            live_parts.append(live)
        super().__init__(
            searcher, synonyms, segments, np.concatenate(live_parts) if live_parts else np.zeros(0, dtype=bool)
        )
        # Everything below combines what each segment's cached columns hold: nothing walks the documents in
        # Python, so a new searcher after an edit (one small segment more) costs a few array operations.
        self.ids = np.concatenate([c.ids for c, _ in segments]) if segments else np.zeros(0, dtype=object)
        self.rank = merged_ranks(segments, self.n)
        self.p_doc = np.concatenate([c.p_doc + offset for c, offset in segments]) if segments else EMPTY_IDS
        self.versions = np.concatenate([c.versions for c, _ in segments]) if segments else EMPTY_IDS
        self.p_lat = np.concatenate([c.p_lat for c, _ in segments]) if segments else np.zeros(0)
        self.p_lon = np.concatenate([c.p_lon for c, _ in segments]) if segments else np.zeros(0)
        self.has_point = np.zeros(self.n, dtype=bool)
        self.has_point[self.p_doc] = True
        self.h_doc = np.concatenate([c.h_doc + offset for c, offset in segments]) if segments else EMPTY_IDS
        self.h_start = np.concatenate([c.h_start for c, _ in segments]) if segments else np.zeros(0, np.int32)
        self.h_end = np.concatenate([c.h_end for c, _ in segments]) if segments else np.zeros(0, np.int32)
        # Each stored facet as one boolean matrix (a row per value), so that its counts are one operation;
        # ``facets`` maps each value to its row. The matrices are parts of one, ``stacked``, for the facets a
        # search counts among the same documents (those it does not filter by): their counts are then one
        # operation too. ``stacked_rows`` gives each facet's rows.
        names = {
            name: list(dict.fromkeys(value for segment, _ in self.segments for value in segment.facets[name]))
            for name in FACET_FIELDS
        }
        self.stacked = np.zeros((sum(len(values) for values in names.values()), self.n), dtype=bool)
        self.stacked_rows: dict[str, tuple[list[str], int, int]] = {}
        self.facet_rows: dict[str, tuple[list[str], np.ndarray]] = {}
        start = 0
        for name, values in names.items():
            row = {value: start + i for i, value in enumerate(values)}
            for segment, offset in self.segments:
                for value, local in segment.facets[name].items():
                    self.stacked[row[value], local + offset] = True
            self.stacked_rows[name] = (values, start, start + len(values))
            start += len(values)
        self.stacked &= self.live
        for name, (values, first, end) in self.stacked_rows.items():
            self.facet_rows[name] = (values, self.stacked[first:end])
            self.facets[name] = dict(zip(values, self.stacked[first:end], strict=True))

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
        counts = self._all_counts(columns, masks, base, final, docnums) if facets else {}
        ids = [self.ids[d] for d in page.tolist()]
        versions = dict(zip(ids, self.versions[page].tolist(), strict=True))
        return EngineResult(total, ids, distances, remote_ids, counts, versions)

    def _all_counts(
        self,
        columns: dict[str, dict[str, np.ndarray]],
        masks: dict[str, np.ndarray],
        base: np.ndarray,
        final: np.ndarray,
        docnums: np.ndarray,
    ) -> dict[str, dict[str, int]]:
        """Each facet's counts among the matches when the other facets' filters apply (not its own, so that the
        other choices of a facet stay visible)."""
        counts: dict[str, dict[str, int]] = {}
        # The facets the search does not filter by count among the final matches, together when those are few.
        together = [name for name in columns if name not in masks and name in self.stacked_rows]
        if together and self._few(docnums):
            totals = np.count_nonzero(self.stacked[:, docnums], axis=1).tolist()
            for name in together:
                values, start, stop = self.stacked_rows[name]
                counts[name] = dict(zip(values, totals[start:stop], strict=True))
        for name, values in columns.items():
            if name in counts:
                continue
            mask = final
            if name in masks:
                mask = base.copy()
                for other, other_mask in masks.items():
                    if other != name:
                        mask &= other_mask
            counts[name] = self._counts(name, values, mask)
        return counts

    def _few(self, docs: np.ndarray) -> bool:
        return len(docs) <= max(self.n // SPARSE_SHARE, SPARSE_DOCS)

    def _counts(self, name: str, columns: dict[str, np.ndarray], mask: np.ndarray) -> dict[str, int]:
        """How many of the ``mask`` documents each value of a facet has."""
        docs = np.flatnonzero(mask)
        if columns is self.facets.get(name) and self._few(docs):
            # Few documents: their columns of the facet's matrix, counted in one operation. For many, this
            # gathering costs more than a pass over each value's row (ten times more at 100,000 offers).
            values, matrix = self.facet_rows[name]
            return dict(zip(values, np.count_nonzero(matrix[:, docs], axis=1).tolist(), strict=True))
        return {value: int(np.count_nonzero(column & mask)) for value, column in columns.items()}

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
