"""The index as numpy columns: posting lists and per-segment stored values read once and cached, and the
vectorised distance the engine filters and sorts with."""

from __future__ import annotations

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


class SegmentColumns:
    """What one Whoosh segment holds, as arrays. Segments never change, so this is cached by segment id."""

    def __init__(self, leaf_reader: Any) -> None:
        self.reader = leaf_reader
        self.n = leaf_reader.doc_count_all()
        self.ids: list[str] = list(leaf_reader.column_reader("id")) if self.n else []
        self.ids = [i.decode() if isinstance(i, bytes) else i for i in self.ids]
        self.sortkeys: list[bytes] = list(leaf_reader.column_reader("sortkey")) if self.n else []
        p_doc, p_lat, p_lon = [], [], []
        if self.n:
            for docnum, raw in enumerate(leaf_reader.column_reader("points")):
                if raw:
                    values = np.frombuffer(raw, dtype="<f8")
                    p_lat.extend(values[0::2])
                    p_lon.extend(values[1::2])
                    p_doc.extend([docnum] * (len(values) // 2))
        self.p_doc = np.asarray(p_doc, dtype=np.int64)
        self.p_lat = np.asarray(p_lat, dtype=np.float64)
        self.p_lon = np.asarray(p_lon, dtype=np.float64)
        self.facets: dict[str, dict[str, np.ndarray]] = {}
        for name in (*FACET_FIELDS,):
            values = {}
            if self.n and name in leaf_reader.indexed_field_names():
                for term in leaf_reader.lexicon(name):
                    value = term.decode("utf-8") if isinstance(term, bytes) else term
                    values[value] = read_postings(leaf_reader, name, value)[0]
            self.facets[name] = values
        self._postings = LRU(4096)
        self._lock = threading.Lock()

    def postings(self, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        with self._lock:
            return self._postings.get_or((fieldname, text), lambda: read_postings(self.reader, fieldname, text))


_segment_cache: LRU = LRU(256)
_segment_lock = threading.Lock()


def segment_columns(leaf_reader: Any) -> SegmentColumns:
    segment = leaf_reader.segment()
    key = (leaf_reader.storage.folder if hasattr(leaf_reader.storage, "folder") else id(leaf_reader.storage),
           segment.segment_id())
    with _segment_lock:
        cached = _segment_cache.get(key)
        # The cached columns must read from a reader that is still open.
        if cached is not None and not getattr(cached.reader, "is_closed", False):
            _segment_cache.move_to_end(key)
            return cached
    columns = SegmentColumns(leaf_reader)
    with _segment_lock:
        _segment_cache[key] = columns
        if len(_segment_cache) > _segment_cache.size:
            _segment_cache.popitem(last=False)
    return columns
