"""Nearest first: the sort step of a search with a place. Pure numpy over the engine's arrays, no index needed.

The order, from the top:

1. offers that match the query fully (tier 0), those with a place by distance, then those without a place
   (phone, online, statewide) by relevance;
2. then each further tier (e.g. offers that match only some of the query's words), in the same way.

Ties keep the index's stable order (``rank``: real offers before examples, then by title). The matching step
decides the tiers; this step only sorts, so a new kind of match needs no change here.
"""

from __future__ import annotations

import numpy as np


def nearest_first(
    docnums: np.ndarray,
    *,
    km: np.ndarray,
    has_point: np.ndarray,
    rank: np.ndarray,
    score: np.ndarray | None = None,
    tier: np.ndarray | None = None,
    limit: int | None = None,
) -> np.ndarray:
    """``docnums`` ordered nearest first within each tier; ``km`` per document (inf: unknown or too far).

    Only the first ``limit`` are returned (all when None).
    """
    if not len(docnums):
        return docnums
    tiers = tier[docnums] if tier is not None else np.zeros(len(docnums), dtype=np.int64)
    located = has_point[docnums]
    dist = np.where(located, km[docnums], 0.0)
    relevance = np.where(located, 0.0, -score[docnums]) if score is not None else np.zeros(len(docnums))
    order = np.lexsort((rank[docnums], relevance, dist, ~located, tiers))
    ordered = docnums[order]
    return ordered if limit is None else ordered[:limit]
