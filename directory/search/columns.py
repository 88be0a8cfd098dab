"""The index as numpy columns: posting lists and per-segment stored values read once and cached, and the
vectorised distance the engine filters and sorts with."""

from __future__ import annotations

import itertools
import math
import threading
from collections import OrderedDict
from typing import Any

import numpy as np

from ..geo.shapes import EARTH_RADIUS_KM
from .schema import FACET_FIELDS

KM_PER_DEGREE_LAT = 111.2
EMPTY_IDS = np.zeros(0, dtype=np.int64)
EMPTY_W = np.zeros(0, dtype=np.float32)
_serials = itertools.count()


def haversine_km_array(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """``geo.shapes.haversine_km`` from one point to many, vectorised."""
    phi1 = math.radians(lat)
    phi2 = np.radians(lats)
    dphi = phi2 - phi1
    dlmb = np.radians(lons - lon)
    a = np.sin(dphi / 2) ** 2 + math.cos(phi1) * np.cos(phi2) * np.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))


def bounding_box(lat: float, lon: float, radius_km: float) -> tuple[float, float, float, float]:
    """(min lat, max lat, min lon, max lon) of a box that contains the circle."""
    dlat = radius_km / KM_PER_DEGREE_LAT
    dlon = radius_km / (KM_PER_DEGREE_LAT * max(0.01, math.cos(math.radians(lat))))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


class LRU(OrderedDict):
    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def get_or(self, key: Any, make: Any) -> Any:
        try:
            self.move_to_end(key)
            return self[key]
        except KeyError:
            value = make()
            self[key] = value
            if len(self) > self.size:
                self.popitem(last=False)
            return value


def read_postings(leaf_reader: Any, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    """All (docnum, weight) postings of a term in one segment, deleted documents included."""
    if (fieldname, text) not in leaf_reader:
        return EMPTY_IDS, EMPTY_W
    btext = leaf_reader.schema[fieldname].to_bytes(text)
    matcher = leaf_reader._terms.matcher(fieldname, btext, leaf_reader.schema[fieldname].format, scorer=None)
    ids: list[int] = []
    weights: list[float] = []
    if hasattr(matcher, "_read_ids") and hasattr(matcher, "_next_block"):
        # Whole blocks at a time: the codec decodes each block into arrays anyway.
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_weights()
            ids.extend(matcher._ids)
            weights.extend(matcher._weights)
            matcher._next_block()
    else:  # another codec: the public, slower way
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
    return np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float32)


def pairs_column(leaf_reader: Any, name: str, dtype: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A column of packed value pairs per document, as (document, first, second) arrays; empty if absent."""
    docs, first, second = [], [], []
    if leaf_reader is not None and name in leaf_reader.schema.names():
        for docnum, raw in enumerate(leaf_reader.column_reader(name)):
            if raw:
                values = np.frombuffer(raw, dtype=dtype)
                first.extend(values[0::2])
                second.extend(values[1::2])
                docs.extend([docnum] * (len(values) // 2))
    return np.asarray(docs, dtype=np.int64), np.asarray(first, dtype=dtype), np.asarray(second, dtype=dtype)


def comparable_keys(keys: list[bytes]) -> np.ndarray:
    """Sort keys as an array that numpy compares as Python compares bytes: fixed-width bytes, unless a key ends
    in a NUL byte (numpy pads with NULs, so it would equal the key without it); then Python objects."""
    if any(key.endswith(b"\0") for key in keys):
        array = np.empty(len(keys), dtype=object)
        array[:] = keys
        return array
    return np.array(keys, dtype=bytes)


def preceding(other: np.ndarray, keys: np.ndarray, first: bool) -> np.ndarray:
    """For each of the sorted ``keys``: how many of the sorted ``other`` keys sort before it; an equal key too
    when ``first`` (its segment comes first). O(fewer · log more) comparisons plus O(len(keys)) additions."""
    if other.dtype == object or keys.dtype == object:
        other, keys = other.astype(object), keys.astype(object)
    if len(other) >= len(keys):
        return np.searchsorted(other, keys, side="right" if first else "left").astype(np.int64)
    # Fewer others: the first of the keys each one precedes, counted up along the keys.
    starts = np.searchsorted(keys, other, side="left" if first else "right")
    return np.cumsum(np.bincount(starts, minlength=len(keys) + 1))[: len(keys)]


def merged_ranks(segments: list[tuple[SegmentColumns, int]], n: int) -> np.ndarray:
    """Every document's position when all segments' documents are sorted by key, ties in docnum order: what
    ``sorted(range(n), key=sortkeys)`` gives, from each segment's own order (``segments`` in docnum order)."""
    rank = np.empty(n, dtype=np.int64)
    for s, (columns, offset) in enumerate(segments):
        position = np.arange(columns.n, dtype=np.int64)
        for t, (other, _) in enumerate(segments):
            if t != s:
                position += columns.preceded_by(other, first=t < s)
        rank[columns.order + offset] = position
    return rank


class SegmentColumns:
    """What one Whoosh segment holds, as arrays. Segments never change, so this is cached by segment id."""

    def __init__(self, leaf_reader: Any) -> None:
        self.serial = next(_serials)  # tells this segment's columns apart from any other's, in this process
        self.reader = leaf_reader
        self.n = leaf_reader.doc_count_all()
        ids = list(leaf_reader.column_reader("id")) if self.n else []
        self.ids = np.empty(self.n, dtype=object)  # an engine concatenates the segments' ids
        self.ids[:] = [i.decode() if isinstance(i, bytes) else i for i in ids]
        # The documents in sort-key order (ties in docnum order) and the keys in that order: an engine merges
        # the segments' orders into its rank (``merged_ranks``).
        sortkeys: list[bytes] = list(leaf_reader.column_reader("sortkey")) if self.n else []
        order = sorted(range(self.n), key=sortkeys.__getitem__)
        self.order = np.asarray(order, dtype=np.int64)
        self.sorted_keys = comparable_keys([sortkeys[i] for i in order])
        self.p_doc, lat, lon = pairs_column(leaf_reader if self.n else None, "points", "<f8")
        self.p_lat = lat.astype(np.float64)
        self.p_lon = lon.astype(np.float64)
        # Opening slots as minutes of the week (an index built before they were indexed has none).
        self.h_doc, start, end = pairs_column(leaf_reader if self.n else None, "hours", "<u2")
        self.h_start = start.astype(np.int32)
        self.h_end = end.astype(np.int32)
        self.versions = np.zeros(self.n, dtype=np.int64)
        if self.n and "version_column" in leaf_reader.schema.names():
            self.versions[:] = list(leaf_reader.column_reader("version_column"))
        self.facets: dict[str, dict[str, np.ndarray]] = {}
        for name in (*FACET_FIELDS,):
            values = {}
            if self.n and name in leaf_reader.indexed_field_names():
                for term in leaf_reader.lexicon(name):
                    value = term.decode("utf-8") if isinstance(term, bytes) else term
                    values[value] = read_postings(leaf_reader, name, value)[0]
            self.facets[name] = values
        self._postings = LRU(4096)
        # (other segment, whether it comes first) → ``preceding`` counts; twice the segments an index keeps
        self._preceding = LRU(16)
        self._lock = threading.Lock()

    def preceded_by(self, other: SegmentColumns, first: bool) -> np.ndarray:
        """Per document in key order: how many of the other segment's documents sort before it (``preceding``).
        Kept for the segments it was asked about: after an edit only the pairs with the new segment are new."""
        key = (other.serial, first)
        with self._lock:
            cached = self._preceding.get(key)
            if cached is not None:
                self._preceding.move_to_end(key)
                return cached
        if not self.n or not other.n:
            counts = np.zeros(self.n, dtype=np.int32)
        else:
            counts = preceding(other.sorted_keys, self.sorted_keys, first).astype(np.int32)
        with self._lock:
            self._preceding[key] = counts
            if len(self._preceding) > self._preceding.size:
                self._preceding.popitem(last=False)
        return counts

    def postings(self, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        with self._lock:
            return self._postings.get_or((fieldname, text), lambda: read_postings(self.reader, fieldname, text))


_segment_cache: LRU = LRU(256)
_segment_lock = threading.Lock()


def segment_columns(leaf_reader: Any) -> SegmentColumns:
    segment = leaf_reader.segment()
    storage = leaf_reader.storage() if callable(leaf_reader.storage) else leaf_reader.storage
    # A compound segment's reader has an overlay over the index folder's storage (``b``): key by the folder,
    # so that a new reader of the same segment (after a deletion) finds the columns.
    folder = getattr(storage, "folder", None) or getattr(getattr(storage, "b", None), "folder", None)
    key = (folder or id(storage), segment.segment_id())
    with _segment_lock:
        cached = _segment_cache.get(key)
        if cached is not None:
            # A segment's files never change: read further postings through the newest reader of it (its
            # deletions may differ; the engine takes those from its own reader). Older readers get closed.
            cached.reader = leaf_reader
            _segment_cache.move_to_end(key)
            return cached
    columns = SegmentColumns(leaf_reader)
    with _segment_lock:
        _segment_cache[key] = columns
        if len(_segment_cache) > _segment_cache.size:
            _segment_cache.popitem(last=False)
    return columns


def grouped(docs: np.ndarray, scores: np.ndarray, combine: Any) -> tuple[np.ndarray, np.ndarray]:
    """Sorted unique docnums with their scores combined (``np.add`` or ``np.maximum``)."""
    if not len(docs):
        return EMPTY_IDS, EMPTY_W
    order = np.argsort(docs, kind="stable")
    docs, scores = docs[order], scores[order].astype(np.float32, copy=False)
    starts = np.flatnonzero(np.concatenate(([True], docs[1:] != docs[:-1])))
    return docs[starts], combine.reduceat(scores, starts)


def both(
    found: tuple[np.ndarray, np.ndarray] | None, more: tuple[np.ndarray, np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """Documents in both sparse results (the first may be None: nothing yet), their scores added."""
    if found is None:
        return more
    common, left, right = np.intersect1d(found[0], more[0], assume_unique=True, return_indices=True)
    return common, found[1][left] + more[1][right]
