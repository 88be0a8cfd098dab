"""The on-disk index: generations swapped atomically, one writer at a time, a journal of pending updates.

Layout of the index folder::

    CURRENT          name of the live generation (replaced atomically with os.replace)
    gen-<stamp>/     a Whoosh index
    PENDING          offer ids whose update is not yet known to be in the live generation
    REBUILDING       present while `index rebuild` builds a new generation
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

from whoosh import index as whoosh_index
from whoosh.index import Index
from whoosh.writing import IndexWriter

from .schema import make_schema, writer_fields

log = logging.getLogger(__name__)

CURRENT = "CURRENT"
PENDING = "PENDING"
REBUILDING = "REBUILDING"
INDEX_NAME = "offers"


class IndexStore:
    """One index folder. Cheap to create; holds no open files."""

    def __init__(self, root: str | os.PathLike, writer_timeout: float = 60.0) -> None:
        self.root = Path(root)
        self.writer_timeout = writer_timeout

    # --- generations -------------------------------------------------------------------------------------

    def current_dir(self) -> Path | None:
        try:
            name = (self.root / CURRENT).read_text().strip()
        except FileNotFoundError:
            return None
        path = self.root / name
        return path if name and whoosh_index.exists_in(str(path), indexname=INDEX_NAME) else None

    def new_generation(self) -> Path:
        path = self.root / f"gen-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}"
        path.mkdir(parents=True)
        whoosh_index.create_in(str(path), make_schema(), indexname=INDEX_NAME)
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
        """The live index, created empty if there is none yet."""
        path = self.current_dir()
        if path is None:
            with self._folder_lock():
                path = self.current_dir()
                if path is None:
                    path = self.new_generation()
                    self.swap(path)
        return whoosh_index.open_dir(str(path), indexname=INDEX_NAME)

    @contextmanager
    def _folder_lock(self) -> Iterator[None]:
        """A short lock on the folder itself, for creating the first generation."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".folder.lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    # --- writing -----------------------------------------------------------------------------------------

    @contextmanager
    def writer(self) -> Iterator[IndexWriter]:
        """The one writer of the live generation; waits for the lock instead of failing or losing updates."""
        while True:
            ix = self.open()
            writer = ix.writer(timeout=self.writer_timeout)
            # A rebuild may have swapped generations while we waited for the lock.
            if self.current_dir() == Path(ix.storage.folder):
                break
            writer.cancel()
        try:
            yield writer
        except BaseException:
            writer.cancel()
            raise
        else:
            writer.commit()

    def apply(self, upserts: Iterable[dict[str, Any]], deletes: Iterable[str]) -> None:
        """Add or replace these documents and delete these ids, in one commit."""
        with self.writer() as writer:
            for offer_id in deletes:
                writer.delete_by_term("id", offer_id)
            for doc in upserts:
                writer.update_document(**writer_fields(doc))

    # --- the journal of pending updates ------------------------------------------------------------------

    def add_pending(self, offer_ids: Iterable[str]) -> None:
        ids = sorted(set(offer_ids))
        if not ids:
            return
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / PENDING, "a", encoding="utf-8") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            handle.write("".join(f"{i}\n" for i in ids))
            handle.flush()
            os.fsync(handle.fileno())
            fcntl.flock(handle, fcntl.LOCK_UN)

    def pending(self) -> set[str]:
        try:
            return {line.strip() for line in (self.root / PENDING).read_text().splitlines() if line.strip()}
        except FileNotFoundError:
            return set()

    def clear_pending(self, done: set[str]) -> None:
        """Forget the ids that are done; ids added meanwhile stay."""
        path = self.root / PENDING
        if not path.exists():
            return
        with open(path, "r+", encoding="utf-8") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            left = [line.strip() for line in handle if line.strip() and line.strip() not in done]
            handle.seek(0)
            handle.truncate()
            handle.write("".join(f"{i}\n" for i in dict.fromkeys(left)))
            fcntl.flock(handle, fcntl.LOCK_UN)

    @property
    def rebuilding(self) -> bool:
        return (self.root / REBUILDING).exists()

    @contextmanager
    def rebuild_marker(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        marker = self.root / REBUILDING
        marker.write_text(str(os.getpid()))
        try:
            yield
        finally:
            marker.unlink(missing_ok=True)
