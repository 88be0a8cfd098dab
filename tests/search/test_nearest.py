"""The nearest-first sort step: full matches by distance, offers without a place after them, then partial ones."""

from __future__ import annotations

import numpy as np

from directory.search.nearest import nearest_first

INF = np.inf


def test_located_offers_by_distance_then_remote_ones_by_relevance():
    km = np.array([8.9, 0.3, INF, 2.0, INF])
    has_point = np.array([True, True, False, True, False])
    rank = np.array([0, 1, 2, 3, 4])
    score = np.array([5.0, 1.0, 0.5, 3.0, 2.0])
    order = nearest_first(np.arange(5), km=km, has_point=has_point, rank=rank, score=score)
    assert order.tolist() == [1, 3, 0, 4, 2]


def test_partial_matches_follow_full_matches_each_by_distance():
    km = np.array([0.2, 5.0, 1.0, 0.1])
    has_point = np.ones(4, dtype=bool)
    tier = np.array([1, 0, 0, 1])  # 0: every meaningful word matched; 1: only some
    order = nearest_first(np.arange(4), km=km, has_point=has_point, rank=np.arange(4), tier=tier)
    assert order.tolist() == [2, 1, 3, 0]


def test_ties_keep_the_index_order_and_limit_cuts_the_page():
    km = np.array([1.0, 1.0, 1.0])
    order = nearest_first(np.array([0, 1, 2]), km=km, has_point=np.ones(3, dtype=bool), rank=np.array([2, 0, 1]),
                          limit=2)
    assert order.tolist() == [1, 2]
    assert nearest_first(np.array([], dtype=np.int64), km=km, has_point=np.ones(3, dtype=bool),
                         rank=np.arange(3)).tolist() == []
