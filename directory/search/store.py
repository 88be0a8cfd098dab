"""The on-disk index: generations swapped atomically, one writer at a time, each with a manifest and the
position in the outbox it has applied.

Layout of the index folder::

    CURRENT          name of the live generation (replaced atomically with os.replace)
    INDEXER.lock     held by this host's indexer (see ``indexer``)
    gen-<stamp>/     a Whoosh index, its MANIFEST.json and POSITION

Whoosh reads the files without mmap: a damaged file raises an error the search can catch instead of killing
the process with SIGBUS.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.index import Index
from whoosh.reading import EmptyReader, IndexReader, MultiReader, SegmentReader
from whoosh.searching import Searcher
from whoosh.writing import IndexWriter

from .manifest import ManifestChecker, write_manifest
from .schema import make_schema, writer_fields

log = logging.getLogger(__name__)

CURRENT = "CURRENT"
INDEX_NAME = "offers"
MAX_SEGMENTS = 8


class IndexUnavailable(Exception):
    """There is no live generation to search (none yet, or ``CURRENT`` lost or pointing nowhere)."""


def open_index(folder: Path) -> Index:
    return FileStorage(str(folder), supports_mmap=False).open_index(INDEX_NAME)


class IndexStore:
    """One index folder. Cheap to create; holds no open files."""

    def __init__(self, root: str | os.PathLike, writer_timeout: float = 60.0) -> None:
        self.root = Path(root)
        self.writer_timeout = writer_timeout
        self.checker = ManifestChecker()
        self._current: tuple[tuple[int, int, int] | None, str] = (None, "")  # CURRENT's stat and its content

    # --- generations -------------------------------------------------------------------------------------

    def current_dir(self) -> Path | None:
        """The live generation's folder, or None. ``CURRENT`` is read again only when its file changed (a swap
        replaces it): every search asks."""
        try:
            stat = os.stat(self.root / CURRENT)
            stamp = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
            if self._current[0] != stamp:
                self._current = (stamp, (self.root / CURRENT).read_text().strip())
        except (FileNotFoundError, NotADirectoryError):
            return None
        name = self._current[1]
        path = self.root / name
        return path if name and path.is_dir() else None

    def live_dir(self) -> Path:
        """The live generation; ``IndexUnavailable`` when there is none."""
        path = self.current_dir()
        if path is None:
            raise IndexUnavailable("no live index generation")
        return path

    def check(self) -> Path:
        """The live generation, after checking its files against the manifest (``Damaged``, ``InProgress``)."""
        path = self.live_dir()
        self.checker.check(path)
        return path

    def new_generation(self) -> Path:
        self.root.mkdir(parents=True, exist_ok=True)
        path = self.root / f"gen-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}"
        path.mkdir()
        FileStorage(str(path), supports_mmap=False).create_index(make_schema(), indexname=INDEX_NAME)
        write_manifest(path)
        return path

    def swap(self, generation: Path) -> None:
        """Make ``generation`` the live one in one atomic step; keep the previous one for open searchers."""
        tmp = self.root / f"{CURRENT}.{uuid.uuid4().hex}"
        tmp.write_text(generation.name)
        os.replace(tmp, self.root / CURRENT)
        self._remove_old_generations(keep={generation.name})

    def _remove_old_generations(self, keep: set[str]) -> None:
        generations = sorted(
            (p for p in self.root.glob("gen-*") if p.is_dir() and p.name not in keep),
            key=lambda p: p.stat().st_mtime,
        )
        # The newest replaced generation may still be read by a searcher opened just before the swap.
        for old in generations[:-1]:
            shutil.rmtree(old, ignore_errors=True)

    def open(self) -> Index:
        """The live index (``IndexUnavailable`` when there is none)."""
        return open_index(self.live_dir())

    # --- the host's indexer ------------------------------------------------------------------------------

    @contextmanager
    def indexer_lock(self, wait: bool = False) -> Iterator[bool]:
        """The host's indexer lock, yielding whether it was had (without waiting unless ``wait``)."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / "INDEXER.lock", "w") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    # --- writing -----------------------------------------------------------------------------------------

    @contextmanager
    def writer(self) -> Iterator[IndexWriter]:
        """The one writer of the live generation; waits for the lock instead of failing or losing updates.

        Nothing to write: the writer is cancelled. Otherwise the commit is followed by the manifest.
        """
        while True:
            ix = self.open()
            writer = ix.writer(timeout=self.writer_timeout)
            # A rebuild may have swapped generations while we waited for the lock.
            if self.current_dir() == Path(ix.storage.folder):
                break
            cancel(writer)
        try:
            yield writer
        except BaseException:
            cancel(writer)
            raise
        if not writer.is_closed:
            writer.commit(mergetype=merge_small_segments)
            write_manifest(Path(ix.storage.folder))

    def apply(self, upserts: Iterable[dict[str, Any]], deletes: Iterable[str]) -> None:
        """Add or replace these documents and delete these ids, in one commit."""
        with self.writer() as writer:
            write_documents(writer, upserts, deletes)


def cancel(writer: IndexWriter) -> None:
    """Cancel a writer and remove the files of the segment it had begun. Whoosh leaves them until the next
    commit: an indexer that looks for changes every second would otherwise add three files a second."""
    storage, segment = writer.storage, writer.newsegment
    writer.cancel()
    for name in segment.list_files(storage):
        storage.delete_file(name)


def merge_small_segments(writer: IndexWriter, segments: list) -> list:
    """Whoosh's merge policy for an edit: leave the large segments alone (their cached columns stay valid, and
    an edit does not rewrite the index); once there are more than ``MAX_SEGMENTS``, fold the smallest ones,
    together at most a quarter of the largest, into one."""
    if len(segments) <= MAX_SEGMENTS:
        return segments
    ordered = sorted(segments, key=lambda s: s.doc_count_all())
    budget = ordered[-1].doc_count_all() // 4
    merge, total = [], 0
    for segment in ordered[:-1]:
        if len(merge) >= 2 and total + segment.doc_count_all() > budget:
            break
        merge.append(segment)
        total += segment.doc_count_all()
    for segment in merge:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [s for s in segments if s not in merge]


def refreshed_searcher(searcher: Searcher, folder: Path) -> tuple[Searcher, list[IndexReader]]:
    """A searcher over the newest commit of this generation that keeps the open readers of the segments that
    did not change, and the readers it no longer uses (to be closed once no search reads them).

    Whoosh's own ``Searcher.refresh()`` looks up reusable readers by the wrong key: it opens every segment
    again and closes the readers other threads are still searching.
    """
    ix = open_index(folder)
    toc = ix._read_toc()
    old = {reader.segment().segment_id(): reader for reader, _ in searcher.reader().leaf_readers()
           if reader.segment() is not None}
    readers = []
    for segment in toc.segments:
        reader = old.get(segment.segment_id())
        if reader is not None and reader.segment().deleted_count() == segment.deleted_count():
            del old[segment.segment_id()]
        else:
            reader = SegmentReader(ix.storage, toc.schema, segment, generation=toc.generation)
        readers.append(reader)
    if not readers:
        combined = EmptyReader(toc.schema)
    elif len(readers) == 1:
        combined = readers[0]
    else:
        combined = MultiReader(readers, generation=toc.generation)
    return Searcher(combined, fromindex=ix), list(old.values())


def write_documents(writer: IndexWriter, upserts: Iterable[dict[str, Any]], deletes: Iterable[str]) -> None:
    for offer_id in deletes:
        writer.delete_by_term("id", offer_id)
    for doc in upserts:
        writer.update_document(**writer_fields(doc))
