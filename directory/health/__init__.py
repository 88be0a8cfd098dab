"""Probes for the production server and its load balancer: ``/healthz`` (alive) and ``/readyz`` (can serve).

Both answer small JSON and are cheap: a load balancer asks every few seconds. ``/readyz`` counts the listed
offers in the database and the documents of the live index, without reading a single document.
"""

from __future__ import annotations

import logging

from flask import Blueprint, Response, jsonify
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from ..search import current_search
from ..search.indexing import outbox_head, searchable_count
from ..search.manifest import read_position
from ..search.store import IndexStore

log = logging.getLogger(__name__)

bp = Blueprint("health", __name__)


def _answer(body: dict, status: int) -> Response:
    response = jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/healthz")
def healthz() -> Response:
    """The process answers requests; nothing else is looked at."""
    return _answer({"status": "ok"}, 200)


def _listed_offers() -> int | None:
    try:
        return searchable_count(db.session)
    except SQLAlchemyError:
        log.warning("readiness: the database is not reachable", exc_info=True)
        db.session.rollback()
        return None


def _indexed_offers(store: IndexStore) -> int | None:
    """The live index's document count; None when there is none, its files fail the manifest, or it cannot
    be read."""
    if store.current_dir() is None:  # checked first: opening would create an empty index
        return None
    try:
        store.check()
        return store.open().doc_count()
    except Exception:  # Whoosh raises many kinds on damaged files; any of them means "not ready"
        log.warning("readiness: the search index cannot be read", exc_info=True)
        return None


def _changes_waiting(store: IndexStore) -> bool:
    """Whether the database's change log holds changes this host's index has not applied yet."""
    folder = store.current_dir()
    return folder is not None and outbox_head(db.session) > read_position(folder)


def index_check(store: IndexStore, listed: int | None) -> str:
    """``ok``, ``missing`` (no readable index), ``stale`` (counts differ or changes wait in the change log) or
    ``unknown``."""
    indexed = _indexed_offers(store)
    if indexed is None:
        return "missing"
    if listed is None:
        return "unknown"
    if indexed != listed or _changes_waiting(store):
        return "stale"
    return "ok"


@bp.get("/readyz")
def readyz() -> Response:
    """Ready when the database answers and the index holds as many documents as there are listed offers."""
    listed = _listed_offers()
    index = index_check(current_search().store, listed)
    database = "ok" if listed is not None else "unreachable"
    ready = database == "ok" and index == "ok"
    body = {"status": "ready" if ready else "unavailable", "database": database, "index": index}
    return _answer(body, 200 if ready else 503)
