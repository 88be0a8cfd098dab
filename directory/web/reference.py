"""What nearly every public page reads, kept per process instead of per request.

- Reference data: the names of categories and Stadtteile (the facet labels) and the translations of the
  structure (categories, challenges, measures, focus areas), a few dozen rows that change a few times a year.
  Reading them on every request cost a search page up to three of its queries.
- The offers of result pages, by id and version: loading twenty offers with what a card shows was most of
  a search request's time. A page takes its offers' versions from the search index (the database fallback
  asks the database for them) and loads only the offers not kept, or kept at another version.
- Fragments derived from those offers: a result card's HTML per language, an API list item. Rendering twenty
  cards was most of a results page's time.

Everything is read in a session of its own (the objects are detached, so no request's commit expires them)
and reused for ``REFERENCE_MAX_AGE`` seconds at most. An edit of an offer changes its version, so every
process shows it as soon as its index has applied the change (the indexer's poll interval at most). A commit
in this process that changes anything else a page shows (a place, a translation, a category, a Stadtteil …)
drops everything at once; another worker process sees such a change after at most that many seconds, like the
synonym groups.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from itertools import chain
from typing import Any, TypeVar

from flask import Flask, current_app, has_app_context
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import event
from sqlalchemy.orm import Session

from ..extensions import db
from ..models import Category, Challenge, District, FocusArea, Measure, Offer, OfferTranslation, Organisation, Place
from ..models.translation import ContentTranslation

EXTENSION = "reference_data"
INFO_KEY = "reference_data_changed"
# A change to one of these rows changes what the cached entries hold.
REFERENCE_TYPES = (
    Category, Challenge, District, FocusArea, Measure, ContentTranslation, Offer, OfferTranslation, Organisation,
    Place,
)
MAX_OFFERS = 5000  # offers kept at most; then all are forgotten together
MAX_FRAGMENTS = 20000  # derived fragments (cards, list items) kept at most; then all are forgotten together

T = TypeVar("T")


class ReferenceCache:
    """Entries by key, each with the moment it was read; all dropped by ``clear``."""

    def __init__(self, max_age: float) -> None:
        self.max_age = max_age
        self._entries: dict[Hashable, tuple[float, Any]] = {}
        self._offers: dict[Any, tuple[float, Offer]] = {}
        self._fragments: dict[Hashable, tuple[float, Any]] = {}

    def get(self, key: Hashable, load: Callable[[Session], T]) -> T:
        """The entry for ``key``, read with ``load(session)`` when missing or older than ``max_age``."""
        now = time.monotonic()
        entry = self._entries.get(key)
        if entry is not None and now - entry[0] < self.max_age:
            return entry[1]
        with Session(db.engine) as session:
            value = load(session)
            session.expunge_all()
        self._entries[key] = (now, value)
        return value

    def offer(self, offer_id: Any, version: int) -> Offer | None:
        """The kept offer with this id at this version, if it is not older than ``max_age``."""
        entry = self._offers.get(offer_id)
        if entry is None or entry[1].version != version or time.monotonic() - entry[0] >= self.max_age:
            return None
        return entry[1]

    def keep_offers(self, load: Callable[[Session], list[Offer]]) -> list[Offer]:
        """Load offers with ``load(session)`` (everything a page reads must be loaded up front) and keep them."""
        now = time.monotonic()
        with Session(db.engine) as session:
            offers = load(session)
            session.expunge_all()
        if len(self._offers) + len(offers) > MAX_OFFERS:
            self._offers = {}
        for offer in offers:
            self._offers[offer.id] = (now, offer)
        return offers

    def fragment(self, key: Hashable, make: Callable[[], T]) -> T:
        """What ``make()`` derives from kept data, such as an offer's result card as HTML, kept under ``key``.

        The key names the data's version (an offer's id and version, the reader's language): a new version is
        a new key. Like the kept offers, a fragment is made again after ``max_age`` and on ``clear``, since it
        also shows reference data (a category's or a Stadtteil's name).
        """
        now = time.monotonic()
        entry = self._fragments.get(key)
        if entry is not None and now - entry[0] < self.max_age:
            return entry[1]
        value = make()
        if len(self._fragments) >= MAX_FRAGMENTS:
            self._fragments = {}
        self._fragments[key] = (now, value)
        return value

    def clear(self) -> None:
        self._entries = {}
        self._offers = {}
        self._fragments = {}


def reference_data(key: Hashable, load: Callable[[Session], T]) -> T:
    """The cached entry for ``key`` of this app (see ``ReferenceCache.get``)."""
    return current_app.extensions[EXTENSION].get(key, load)


def reference_cache() -> ReferenceCache:
    return current_app.extensions[EXTENSION]


def _after_flush(session: Session, flush_context: Any) -> None:
    if any(isinstance(obj, REFERENCE_TYPES) for obj in chain(session.new, session.dirty, session.deleted)):
        session.info[INFO_KEY] = True


def _after_commit(session: Session) -> None:
    if session.info.pop(INFO_KEY, False) and has_app_context():
        cache = current_app.extensions.get(EXTENSION)
        if cache is not None:
            cache.clear()


def _after_rollback(session: Session) -> None:
    session.info.pop(INFO_KEY, None)


_registered = {"done": False}


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = ReferenceCache(float(app.config["REFERENCE_MAX_AGE"]))
    if not _registered["done"]:  # the hooks are on the session class: once per process
        event.listen(FlaskSession, "after_flush", _after_flush)
        event.listen(FlaskSession, "after_commit", _after_commit)
        event.listen(FlaskSession, "after_rollback", _after_rollback)
        _registered["done"] = True


__all__ = ["ReferenceCache", "init_app", "reference_cache", "reference_data"]
