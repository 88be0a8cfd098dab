"""Synonyms a family would use, from an editable data file, applied when a query is built."""

from __future__ import annotations

import csv
import logging
import os
import threading
from pathlib import Path

from ..text import fold_german
from .analysis import analyse

log = logging.getLogger(__name__)

Variant = tuple[str, ...]  # the stems of one synonym (several for a phrase such as "language mediation")


class Synonyms:
    """Groups of equivalent words. Looked up by the stem of a single query word."""

    def __init__(self, groups: list[list[str]]) -> None:
        self._by_key: dict[str, tuple[Variant, ...]] = {}
        self._words: dict[str, list[str]] = {}
        for group in groups:
            variants = tuple(dict.fromkeys(v for v in (tuple(analyse(word)) for word in group) if v))
            for word, variant in zip(group, (tuple(analyse(w)) for w in group), strict=True):
                if len(variant) == 1:
                    merged = self._by_key.get(variant[0], ()) + variants
                    self._by_key[variant[0]] = tuple(dict.fromkeys(merged))
                self._words.setdefault(fold_german(word), group)

    @classmethod
    def from_csv(cls, path: str | os.PathLike) -> Synonyms:
        groups = []
        try:
            with open(path, encoding="utf-8", newline="") as handle:
                for row in csv.reader(handle):
                    if not row or row[0].lstrip().startswith("#"):
                        continue
                    words = [w.strip() for w in row if w.strip()]
                    if len(words) > 1:
                        groups.append(words)
        except FileNotFoundError:
            log.warning("no synonyms file at %s", path)
        return cls(groups)

    def variants(self, stem: str) -> tuple[Variant, ...]:
        """Every way to say the word with this stem, itself included first."""
        found = self._by_key.get(stem, ())
        return ((stem,), *(v for v in found if v != (stem,)))

    def vocabulary(self) -> set[str]:
        """The folded single words of the file (candidates for spelling suggestions)."""
        return {w for w in self._words if " " not in w}


_cache: dict[str, tuple[float, Synonyms]] = {}
_lock = threading.Lock()


def load_synonyms(path: str | os.PathLike) -> Synonyms:
    """The synonyms in ``path``, re-read when the file changes."""
    key = str(path)
    try:
        mtime = Path(path).stat().st_mtime
    except OSError:
        mtime = -1.0
    with _lock:
        cached = _cache.get(key)
        if cached is None or cached[0] != mtime:
            cached = (mtime, Synonyms.from_csv(path))
            _cache[key] = cached
        return cached[1]
