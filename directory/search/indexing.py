"""From the database to the index: apply the outbox, re-index offers, rebuild, verify and reconcile."""

from __future__ import annotations

import logging
import os
import shutil
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..extensions import db
from ..models import Offer, SearchChange
from ..queries.offers import OFFER_LOADERS
from .manifest import read_position, write_manifest, write_position
from .schema import offer_document, writer_fields
from .store import IndexStore, IndexUnavailable, cancel, open_index, write_documents

log = logging.getLogger(__name__)
BATCH = 500
APPLY_BATCH = 2000  # outbox rows per index commit
# From this many offers a rebuild indexes in two worker processes (each writes its own segment).
PARALLEL_REBUILD_MIN = 5000


def rebuild_writer(ix, expected: int, timeout: float = 0.0):
    """A writer for filling a fresh index in one commit: parallel for large rebuilds, sized memory pools.

    Whoosh's multiprocessing writer forks workers that each write one segment (``multisegment``: no merge
    pass afterwards); the documents are the same, in more than one segment.
    """
    procs = min(2, os.cpu_count() or 1)
    if expected >= PARALLEL_REBUILD_MIN and procs > 1:
        return ix.writer(procs=procs, multisegment=True, batchsize=250, limitmb=128, timeout=timeout)
    return ix.writer(limitmb=256, timeout=timeout)


def commit_rebuild(writer) -> None:
    """Commit a rebuild writer: one segment from a single writer, the workers' segments as they are."""
    writer.commit(optimize=not getattr(writer, "multisegment", False))


def check_rebuild(ix, added: int) -> None:
    """Every document written must be in the index (Whoosh can drop a worker's segment without an error)."""
    found = ix.doc_count()
    if found != added:
        raise RuntimeError(f"search index rebuild: {added} documents written, {found} in the index")


def _as_uuids(ids: Iterable[str | uuid.UUID]) -> list[uuid.UUID]:
    found = []
    for value in ids:
        try:
            found.append(value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)))
        except ValueError:
            log.warning("ignoring a malformed offer id %r", value)
    return found


def documents_for(session: Session, ids: Iterable[str | uuid.UUID]) -> tuple[list[dict], list[str]]:
    """(documents to write, ids to delete) for these offers as the database has them now."""
    wanted = _as_uuids(ids)
    upserts: list[dict] = []
    seen: set[uuid.UUID] = set()
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start : start + BATCH]
        for offer in session.execute(select(Offer).where(Offer.id.in_(chunk)).options(*OFFER_LOADERS)).scalars():
            seen.add(offer.id)
            if offer.is_listed:
                upserts.append(offer_document(offer))
    searchable = {doc["id"] for doc in upserts}
    deletes = [str(i) for i in wanted if str(i) not in searchable]
    return upserts, deletes


def reindex(store: IndexStore, ids: Iterable[str | uuid.UUID]) -> None:
    """Write these offers' documents as the database has them now.

    The documents are read while holding the writer lock: a slower writer cannot overwrite a newer document
    with the older one it read before.
    """
    with store.writer() as writer:
        with Session(db.engine) as session:
            upserts, deletes = documents_for(session, ids)
        write_documents(writer, upserts, deletes)


def outbox_head(session: Session) -> int:
    return session.execute(select(func.max(SearchChange.id))).scalar() or 0


def apply_changes(store: IndexStore, limit: int = APPLY_BATCH) -> int:
    """Apply the outbox rows after the live generation's position; the number of rows applied.

    Each changed offer is read from the database now, so the document written is its current state.
    """
    applied = 0
    while True:
        if not _outbox_moved(store):  # the usual case when polling: no writer, its lock or its files
            return applied
        with store.writer() as writer:
            folder = Path(writer.storage.folder)
            position = read_position(folder)
            with Session(db.engine) as session:
                rows = session.execute(
                    select(SearchChange.id, SearchChange.offer_id)
                    .where(SearchChange.id > position)
                    .order_by(SearchChange.id)
                    .limit(limit)
                ).all()
                if not rows:
                    cancel(writer)
                    head = outbox_head(session)
                    if head < position:
                        # The outbox is younger than this index (a restored or emptied database).
                        log.warning("search index: outbox position %d is past its end %d; reconciling", position, head)
                        write_position(folder, head)
                        reconcile(store)
                    return applied
                upserts, deletes = documents_for(session, {row.offer_id for row in rows})
            write_documents(writer, upserts, deletes)
        write_position(folder, rows[-1].id)
        applied += len(rows)
        if len(rows) < limit:
            return applied


def _outbox_moved(store: IndexStore) -> bool:
    """Whether the outbox's newest row differs from the live generation's position (read without the lock)."""
    try:
        position = read_position(store.live_dir())
    except (IndexUnavailable, OSError):
        return True  # the writer's path finds out what is wrong
    with Session(db.engine) as session:
        return outbox_head(session) != position


def _all_searchable(session: Session) -> Iterator[Offer]:
    stmt = select(Offer.id).where(Offer.is_listed).order_by(Offer.id)
    ids = list(session.execute(stmt).scalars())
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        yield from session.execute(select(Offer).where(Offer.id.in_(chunk)).options(*OFFER_LOADERS)).scalars()
        session.expunge_all()


def searchable_count(session: Session) -> int:
    stmt = select(func.count(Offer.id)).where(Offer.is_listed)
    return session.execute(stmt).scalar_one()


def rebuild(store: IndexStore, progress: Callable[[int], None] | None = None) -> int:
    """Build a fresh generation from the database and swap it in atomically. Returns the number indexed.

    Works whatever state the old generation is in: it is not read. Searches keep using the old generation
    (or the fallback) until the swap; the new generation starts at the outbox position read before the
    offers, so changes committed meanwhile are applied after it.
    """
    generation = store.new_generation()
    ix = open_index(generation)
    count = 0
    with Session(db.engine) as session:
        position = outbox_head(session)
        writer = rebuild_writer(ix, searchable_count(session), timeout=store.writer_timeout)
        try:
            for offer in _all_searchable(session):
                writer.add_document(**writer_fields(offer_document(offer)))
                count += 1
                if progress is not None:
                    progress(1)
            commit_rebuild(writer)
        except BaseException:
            cancel(writer)
            shutil.rmtree(generation, ignore_errors=True)
            raise
    check_rebuild(ix, count)
    write_manifest(generation)
    write_position(generation, position)
    store.swap(generation)
    return count


@dataclass
class Drift:
    missing: list[str] = field(default_factory=list)  # searchable, not in the index
    extra: list[str] = field(default_factory=list)  # in the index, not searchable
    stale: list[str] = field(default_factory=list)  # in both, but the document differs

    @property
    def ok(self) -> bool:
        return not (self.missing or self.extra or self.stale)


def _indexed(store: IndexStore) -> dict[str, dict]:
    """offer id → stored fields of every live document."""
    ix = store.open()
    with ix.searcher() as searcher:
        return {fields["id"]: fields for fields in searcher.all_stored_fields()}


def verify(store: IndexStore) -> Drift:
    """Compare every searchable offer's document with the index."""
    indexed = _indexed(store)
    drift = Drift()
    seen = set()
    with Session(db.engine) as session:
        for offer in _all_searchable(session):
            doc = offer_document(offer)
            seen.add(doc["id"])
            if doc["id"] not in indexed:
                drift.missing.append(doc["id"])
            elif indexed[doc["id"]].get("stamp") != doc["stamp"]:
                drift.stale.append(doc["id"])
    drift.extra = sorted(set(indexed) - seen)
    return drift


def reconcile(store: IndexStore) -> Drift:
    """Compare (id, version) of the searchable offers with the index and re-index whatever differs.

    Cheap enough to run every few minutes: no document is built unless it differs. Returns what was fixed.
    """
    indexed = {offer_id: fields.get("version") for offer_id, fields in _indexed(store).items()}
    with Session(db.engine) as session:
        listed = {str(i): v for i, v in session.execute(select(Offer.id, Offer.version).where(Offer.is_listed))}
    drift = Drift(
        missing=sorted(set(listed) - set(indexed)),
        extra=sorted(set(indexed) - set(listed)),
        stale=sorted(i for i in set(listed) & set(indexed) if listed[i] != indexed[i]),
    )
    if not drift.ok:
        reindex(store, [*drift.missing, *drift.extra, *drift.stale])
        log.warning(
            "search index drift repaired: %d missing, %d extra, %d outdated: %s",
            len(drift.missing), len(drift.extra), len(drift.stale),
            ", ".join([*drift.missing, *drift.extra, *drift.stale][:20]),
        )
    return drift
