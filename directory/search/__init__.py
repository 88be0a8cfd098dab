"""Search: German full-text search with synonyms, facets and distance over a Whoosh index.

``register_search(app)`` is the one line the app factory calls: it keeps the index in sync with the
database and adds the ``flask index`` commands.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from flask import Flask, current_app

from .engine import Engine
from .store import IndexStore
from .synonyms import load_synonyms

log = logging.getLogger(__name__)


class SearchState:
    """The index of one app and the engine over its newest searcher."""

    def __init__(self, app: Flask) -> None:
        self.store = IndexStore(app.config["INDEX_DIR"], float(app.config.get("SEARCH_WRITER_TIMEOUT", 60)))
        self.synonyms_path = Path(app.config.get("SYNONYMS_FILE") or Path(app.config["SEED_DIR"]) / "synonyms.csv")
        self.sync_enabled = bool(app.config.get("SEARCH_SYNC", True))
        self.repair_on_start = bool(app.config.get("SEARCH_REPAIR_ON_START", True))
        self._engine: Engine | None = None
        self._generation: Path | None = None
        self._lock = threading.Lock()
        self._repaired = False

    def engine(self) -> Engine:
        """The engine over the newest committed index; a new searcher only when the index changed."""
        if not self._repaired:
            self._repair_once()
        synonyms = load_synonyms(self.synonyms_path)
        engine = self._engine
        generation = self.store.current_dir()
        if (
            engine is not None
            and generation == self._generation
            and engine.synonyms is synonyms
            and engine.searcher.up_to_date()
        ):
            return engine
        with self._lock:
            ix = self.store.open()
            self._generation = Path(ix.storage.folder)
            self._engine = Engine(ix.searcher(), synonyms)
            return self._engine

    def _repair_once(self) -> None:
        """At start-up, fix the drift that is cheap to see: offers missing or extra, and failed updates."""
        with self._lock:
            if self._repaired:
                return
            self._repaired = True
            if not self.repair_on_start:
                return
            from .indexing import repair_cheaply

            try:
                repair_cheaply(self.store)
            except Exception:
                log.exception("search index repair at start-up failed; `flask index rebuild` fixes it")


def current_search() -> SearchState:
    return current_app.extensions["search"]


def register_search(app: Flask) -> None:
    """Index sync after commits, and the ``flask index rebuild|verify`` commands."""
    from .cli import index_cli
    from .sync import listen

    app.extensions["search"] = SearchState(app)
    listen()
    app.cli.add_command(index_cli)


__all__ = ["SearchState", "current_search", "register_search"]
