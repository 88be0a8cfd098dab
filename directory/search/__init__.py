"""Search: German full-text search with synonyms, facets and distance over a Whoosh index.

``register_search(app)`` is the one line the app factory calls: it keeps the index in sync with the
database and adds the ``flask index`` commands.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import weakref
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from ..extensions import db
from ..models import SynonymGroup
from .engine import Engine
from .indexer import Indexer
from .manifest import Damaged, InProgress
from .store import IndexStore, IndexUnavailable, open_index, refreshed_searcher
from .sync import listen
from .synonyms import Synonyms, load_synonyms
from .vocabulary import Vocabulary, concept_from_mapping, read_concepts, read_query_words

log = logging.getLogger(__name__)
RETIRE_SECONDS = 30.0  # longer than any search takes
RACY_SECONDS = 2.0  # well above any file system's time stamp granularity


class SearchState:
    """The index of one app and the engine over its newest searcher."""

    def __init__(self, app: Flask) -> None:
        self.store = IndexStore(app.config["INDEX_DIR"], float(app.config["SEARCH_WRITER_TIMEOUT"]))
        self.synonyms_path = Path(app.config["SYNONYMS_FILE"] or Path(app.config["SEED_DIR"]) / "synonyms.csv")
        self.indexer = Indexer(app, self.store)
        self.check_seconds = float(app.config["SEARCH_CHECK_SECONDS"])
        self._checked: tuple[float, str | None] = (-float("inf"), None)
        self._retired: list[tuple[float, Any]] = []
        self._live: list[Any] = []  # the segment readers of the current engine
        # Readers still open when the app goes away (retired or live) are closed then, not left to the collector.
        self.close = weakref.finalize(self, _close_readers, self._retired, self._live)  # close(): done with it
        # Another process's synonym edit reaches this one after at most this many seconds.
        self.synonyms_max_age = float(app.config["SYNONYMS_MAX_AGE"])
        self._synonyms: tuple[float, tuple[tuple[str, ...], ...], Synonyms] | None = None
        seed_dir = Path(app.config["SEED_DIR"])
        self.vocabulary_path = Path(app.config.get("VOCABULARY_FILE") or seed_dir / "vocabulary.yaml")
        self.query_words_path = Path(app.config.get("QUERY_WORDS_FILE") or seed_dir / "query_words.yaml")
        self._vocabulary: tuple[float, object, Vocabulary] | None = None
        self._vocabulary_lock = threading.Lock()
        self._app = app
        self._engine: Engine | None = None
        self._generation: Path | None = None
        self._stamp: tuple[int, int] | None = None  # the generation folder when the engine was last up to date
        self._lock = threading.Lock()

    def engine(self) -> Engine | None:
        """The engine over the newest committed index, or None while there is no usable one (missing, written
        by an older version, or damaged): the search then answers from the database, and the indexer rebuilds.

        A new commit refreshes the searcher incrementally (the readers of unchanged segments are kept, and
        so are their cached columns); the index files are checked against the manifest at most every
        ``SEARCH_CHECK_SECONDS``.
        """
        if not self._usable():
            self.indexer.heal()
            if not self._usable(force=True):
                return None
        synonyms = self.synonyms()
        engine = self._engine
        generation = self.store.current_dir()
        try:
            if (
                engine is not None
                and generation == self._generation
                and engine.synonyms is synonyms
                and self._up_to_date(engine, generation)
            ):
                return engine
            with self._lock:
                engine = self._engine
                if engine is not None and generation == self._generation:
                    searcher, unused = refreshed_searcher(engine.searcher, generation)
                else:
                    searcher = open_index(generation).searcher()
                    unused = [r for r, _ in engine.searcher.reader().leaf_readers()] if engine is not None else []
                self._engine = Engine(searcher, synonyms)
                self._stamp = None
                self._live[:] = [reader for reader, _ in searcher.reader().leaf_readers()]
                self._generation = generation
                self._retire(unused)
                return self._engine
        except Exception:
            log.exception("search index unreadable; answering from the database until it is rebuilt")
            self.index_failed()
            return None

    def _up_to_date(self, engine: Engine, generation: Path) -> bool:
        """Whether no commit followed the engine's searcher. A commit adds files to the generation's folder, so
        an unchanged folder (modification time and inode) needs no look at Whoosh's table of contents, which
        lists the folder. A folder time within ``RACY_SECONDS`` of now is not trusted: a second commit in the
        same clock tick would leave it as it is."""
        try:
            folder = os.stat(generation)
        except OSError:
            return False
        stamp = (folder.st_mtime_ns, folder.st_ino)
        if stamp == self._stamp:
            return True
        if not engine.searcher.up_to_date():
            return False
        if time.time_ns() - folder.st_mtime_ns > RACY_SECONDS * 1e9:
            self._stamp = stamp
        return True

    def _retire(self, readers: list) -> None:
        """Close the readers no engine uses any more once the searches that may still read them are done."""
        now = time.monotonic()
        self._retired.extend((now, reader) for reader in readers)
        while self._retired and now - self._retired[0][0] > RETIRE_SECONDS:
            _close(self._retired.pop(0)[1])

    def index_failed(self) -> None:
        """A search could not read the index: check it again at once, and have it rebuilt if it is damaged."""
        self._checked = (-float("inf"), None)
        engine, self._engine, self._generation = self._engine, None, None
        if engine is not None:
            self._retire(list(self._live))  # closed once the searches still reading them are done
            self._live.clear()
        self.indexer.heal()

    def _usable(self, force: bool = False) -> bool:
        """Whether the live generation exists and matches its manifest (re-checked every few seconds)."""
        now = time.monotonic()
        last, problem = self._checked
        if not force and now - last < self.check_seconds:
            return problem is None
        try:
            self.store.check()
            problem = None
        except InProgress:
            problem = None
        except (IndexUnavailable, Damaged) as exc:
            problem = str(exc)
            if problem != self._checked[1]:
                log.warning("search index unusable: %s", problem)
        self._checked = (now, problem)
        return problem is None

    def synonyms(self) -> Synonyms:
        """The team's synonym groups (the seed file while the database has none), cached until a commit changes
        them (``synonyms_changed``, called after the commit) or ``synonyms_max_age`` passes."""
        cached = self._synonyms
        now = time.monotonic()
        if cached is not None and now - cached[0] < self.synonyms_max_age:
            return cached[2]
        groups = self._synonym_groups()
        if cached is not None and cached[1] == groups:
            synonyms = cached[2]  # unchanged: keep the engine built on it
        elif groups:
            synonyms = Synonyms([list(group) for group in groups])
        else:
            synonyms = load_synonyms(self.synonyms_path)
        self._synonyms = (now, groups, synonyms)
        return synonyms

    def synonyms_changed(self) -> None:
        """Forget the cached synonyms: the next search reads them again."""
        self._synonyms = None

    def vocabulary(self) -> Vocabulary:
        """The vocabulary compiled for reading queries: the team's concepts (the seed file while the database
        has none), the query words and the gazetteer's place names. Compiled once per version of the concepts
        (their count and newest change), looked at again after a commit that changes one
        (``vocabulary_changed``) or when ``synonyms_max_age`` passes."""
        cached = self._vocabulary
        now = time.monotonic()
        if cached is not None and now - cached[0] < self.synonyms_max_age:
            return cached[2]
        with self._vocabulary_lock:
            cached = self._vocabulary
            if cached is not None and now - cached[0] < self.synonyms_max_age:
                return cached[2]
            version = self._vocabulary_version()
            unchanged = cached is not None and cached[1] == version
            vocabulary = cached[2] if unchanged else self._compile_vocabulary(version)
            self._vocabulary = (now, version, vocabulary)
            return vocabulary

    def vocabulary_changed(self) -> None:
        """Forget when the vocabulary was last checked: the next search compares its version again."""
        cached = self._vocabulary
        if cached is not None:
            self._vocabulary = (-float("inf"), cached[1], cached[2])

    def _vocabulary_version(self) -> object:
        from sqlalchemy import func, select
        from sqlalchemy.exc import SQLAlchemyError
        from sqlalchemy.orm import Session

        from ..extensions import db
        from ..models import VocabularyConcept

        try:
            with Session(db.engine) as session:
                count, newest = session.execute(
                    select(func.count(VocabularyConcept.id), func.max(VocabularyConcept.updated_at))
                ).one()
        except SQLAlchemyError:
            log.exception("could not read the vocabulary; using the vocabulary file")
            count, newest = 0, None
        if count:
            return ("db", count, str(newest))
        try:
            return ("file", self.vocabulary_path.stat().st_mtime)
        except OSError:
            return ("file", None)

    def _compile_vocabulary(self, version: object) -> Vocabulary:
        concepts = None
        if isinstance(version, tuple) and version[0] == "db":
            from sqlalchemy import select
            from sqlalchemy.orm import Session

            from ..extensions import db
            from ..models import VocabularyConcept

            with Session(db.engine) as session:
                rows = session.execute(select(VocabularyConcept).order_by(VocabularyConcept.id)).scalars().all()
                concepts = [
                    concept_from_mapping({"key": r.key, "type": r.type, "implies": r.implies, "terms": r.terms})
                    for r in rows
                ]
        if concepts is None:
            concepts = read_concepts(self.vocabulary_path)
        from ..geo.origin import get_gazetteer

        try:
            places = get_gazetteer(self._app).area_names()
        except OSError:
            log.exception("no gazetteer: place names in queries are not understood")
            places = []
        return Vocabulary(concepts, read_query_words(self.query_words_path), places)

    def _synonym_groups(self) -> tuple[tuple[str, ...], ...]:
        try:
            # A session of its own: the request's transaction is not touched, whatever happens here.
            with Session(db.engine) as session:
                rows = session.execute(select(SynonymGroup.terms).order_by(SynonymGroup.id)).scalars().all()
        except SQLAlchemyError:
            log.exception("could not read the synonym groups; using the synonyms file")
            return ()
        return tuple(tuple(terms) for terms in rows if terms)


def _close(reader: Any) -> None:
    if not getattr(reader, "is_closed", True):  # (an empty index's reader holds no file)
        reader.close()


def _close_readers(retired: list[tuple[float, Any]], live: list[Any]) -> None:
    for reader in [*(reader for _, reader in retired), *live]:
        _close(reader)


def current_search() -> SearchState:
    return current_app.extensions["search"]


def register_search(app: Flask) -> None:
    """The search state and the index sync after commits (the ``flask index`` commands live in ``cli``)."""
    state = app.extensions["search"] = SearchState(app)
    listen()
    # The background indexer starts with the first request: not in CLI commands, not before a server forks.
    app.before_request(state.indexer.start)


__all__ = ["SearchState", "current_search", "register_search"]
