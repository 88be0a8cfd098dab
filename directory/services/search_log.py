"""Counting searches that found nothing, so the team sees what people look for and miss."""

from __future__ import annotations

import logging

from ..extensions import db
from ..models.search import ZeroResultQuery

log = logging.getLogger(__name__)


def record_zero_result(query: str) -> None:
    """Store the query text and the time; nothing about who asked. Never fails the search."""
    text = query.strip()[:500]
    if not text:
        return
    try:
        db.session.add(ZeroResultQuery(query=text))
        db.session.commit()
    except Exception:
        db.session.rollback()
        log.exception("could not record a zero-result query")
