"""Each host's indexer: it applies the outbox to the host's own index, heals a missing, old or damaged index
by rebuilding it, and reconciles the index with the database every few minutes.

One indexer per host, whichever process holds ``INDEXER.lock`` in the index folder (``SEARCH_INDEXER``):

- ``thread``: a background thread of the app. Every app process starts one at its first request; the one that
  gets the lock indexes, the others keep trying, so another worker takes over when that one ends.
- ``inline``: no thread; a commit applies the outbox at once, in the committing thread, when the lock is free
  (the tests' default). A search that finds no usable index rebuilds it at once too.
- ``off``: this process only searches; ``flask index follow`` (the same loop) runs beside it.

The follower wakes on ``NOTIFY search_change`` on PostgreSQL, polls on SQLite, and is woken by commits of its
own process. In the process that holds the lock a commit applies the outbox before the request ends, so an
editor finds their change at once; other processes and hosts follow within the notification (PostgreSQL) or
the poll interval (SQLite).
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta
from typing import Any

from flask import Flask
from sqlalchemy import delete

from ..extensions import db
from ..models import SearchChange
from ..models.base import utcnow
from .indexing import apply_changes, rebuild, reconcile
from .manifest import Damaged, InProgress
from .store import IndexStore, IndexUnavailable
from .sync import CHANNEL

log = logging.getLogger(__name__)
MODES = ("thread", "inline", "off")
LOCK_RETRY_SECONDS = 5.0
NOTIFY_IDLE_SECONDS = 5.0  # with LISTEN, look anyway this often


class Indexer:
    """This process's part in keeping the host's index true."""

    def __init__(self, app: Flask, store: IndexStore) -> None:
        self.app = app
        self.store = store
        self.mode = app.config["SEARCH_INDEXER"]
        if self.mode not in MODES:
            raise ValueError(f"SEARCH_INDEXER must be one of {', '.join(MODES)}, not {self.mode!r}")
        self.poll_seconds = float(app.config["SEARCH_POLL_SECONDS"])
        self.reconcile_seconds = float(app.config["SEARCH_RECONCILE_SECONDS"])
        self.outbox_days = float(app.config["SEARCH_OUTBOX_DAYS"])
        self._lock = threading.Lock()  # one applier at a time within the process
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self.owner = False  # this process holds the host's indexer lock

    # --- called by the app ---------------------------------------------------------------------------------

    def start(self) -> None:
        """Start the background follower (``thread`` mode), once per process."""
        if self.mode != "thread" or self._thread is not None:
            return
        with self._start_lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self.follow, name="search-indexer", daemon=True)
                self._thread.start()

    def committed(self) -> None:
        """A commit wrote outbox rows: apply them now if this process indexes, and wake the follower."""
        if self.mode == "inline":
            self.catch_up()
        elif self.owner:
            self.catch_up(wait=False)  # not while the follower rebuilds: it applies this change next
        self._wake.set()

    def heal(self) -> None:
        """A search found no usable index: rebuild at once (``inline``) or have the follower do it."""
        if self.mode == "inline":
            self.catch_up()
        self._wake.set()

    def catch_up(self, wait: bool = True) -> bool:
        """Bring the index up to date now, if this process may write it (``wait``: after another thread of this
        process that is at it). Never raises: a failure is logged and the next commit, the follower or the
        reconciler retries."""
        if not self._lock.acquire(blocking=wait):
            return False
        try:
            if self.owner:
                return self._step()
            with self.store.indexer_lock() as had:
                return self._step() if had else False
        finally:
            self._lock.release()

    # --- the follower --------------------------------------------------------------------------------------

    def follow(self, stop: threading.Event | None = None) -> None:
        """Follow the outbox until ``stop`` is set: take the host's lock when free, then apply, heal, reconcile."""
        stop = stop or threading.Event()
        with self.app.app_context():
            while not stop.is_set():
                with self.store.indexer_lock() as had:
                    if had:
                        log.info("search indexer: this process indexes %s", self.store.root)
                        self.owner = True
                        try:
                            self._follow_owned(stop)
                        finally:
                            self.owner = False
                        continue
                stop.wait(LOCK_RETRY_SECONDS)

    def _follow_owned(self, stop: threading.Event) -> None:
        listener = _listener()
        next_reconcile = time.monotonic() + self.reconcile_seconds
        while not stop.is_set():
            with self._lock:
                self._step()
                if time.monotonic() >= next_reconcile:
                    self._reconcile()
                    next_reconcile = time.monotonic() + self.reconcile_seconds
            self._wake.clear()
            listener = self._wait(listener, stop)
        if listener is not None:
            listener.close()

    def _wait(self, listener: Any, stop: threading.Event) -> Any:
        if listener is None:
            self._wake.wait(self.poll_seconds)
            return None
        try:
            for _ in listener.notifies(timeout=NOTIFY_IDLE_SECONDS, stop_after=1):
                pass
            return listener
        except Exception:
            log.exception("search indexer: lost the notification connection; polling until it is back")
            listener.close()
            stop.wait(self.poll_seconds)
            return _listener()

    # --- one round -----------------------------------------------------------------------------------------

    def _step(self) -> bool:
        """Rebuild a missing, old or damaged index, then apply the outbox. True when the index is current."""
        try:
            try:
                self.store.check()
            except InProgress:
                pass
            except (IndexUnavailable, Damaged) as exc:
                log.log(logging.INFO if isinstance(exc, IndexUnavailable) else logging.WARNING,
                        "search index unusable (%s): rebuilding from the database", exc)
                count = rebuild(self.store)
                log.info("search index rebuilt: %d offers", count)
            apply_changes(self.store)
            return True
        except Exception:
            log.exception("search index update failed; retried by the next change or round")
            return False

    def _reconcile(self) -> None:
        try:
            reconcile(self.store)
            cutoff = utcnow() - timedelta(days=self.outbox_days)
            with db.engine.begin() as connection:
                connection.execute(delete(SearchChange).where(SearchChange.created_at < cutoff))
        except Exception:
            log.exception("search index reconciliation failed; tried again next round")


def _listener() -> Any:
    """A connection that listens for ``search_change`` (PostgreSQL), or None (poll)."""
    url = db.engine.url
    if url.get_backend_name() != "postgresql":
        return None
    try:
        import psycopg

        connection = psycopg.connect(url.set(drivername="postgresql").render_as_string(hide_password=False),
                                     autocommit=True)
        connection.execute(f"LISTEN {CHANNEL}")
        return connection
    except Exception:
        log.exception("search indexer: cannot LISTEN; polling instead")
        return None
