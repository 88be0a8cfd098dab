"""Counting searches that found nothing, so the team sees what people look for and miss."""

from __future__ import annotations

import logging

from ..extensions import db
from ..models.search import ZeroResultQuery
from ..search.params import SearchParams
from ..search.service import SearchResult, search

log = logging.getLogger(__name__)


def normalise_query(query: str) -> str:
    """How a query is counted: printable characters, single spaces, lower case, at most 500 characters.

    "Dolmetscher  Kurdisch" and "dolmetscher kurdisch" are one question people keep asking.
    """
    printable = "".join(ch if ch.isprintable() else " " for ch in query)
    return " ".join(printable.split()).lower()[:500]


def record_zero_result(query: str) -> None:
    """Store the query text and the time; nothing about who asked. Never fails the search."""
    text = normalise_query(query)
    if not text:
        return
    try:
        db.session.add(ZeroResultQuery(query=text))
        db.session.commit()
    except Exception:
        db.session.rollback()
        log.exception("could not record a zero-result query")


def search_and_count_misses(params: SearchParams) -> SearchResult:
    """A reader's search: run it, and count the query when it found nothing. The views call this."""
    result = search(params)
    # Answered from the database while the index is rebuilt: a miss then says nothing about the directory.
    if result.total == 0 and params.q and not result.degraded:
        record_zero_result(params.q)
    return result
