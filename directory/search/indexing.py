"""From the database to the index: re-index offers, rebuild, verify and repair."""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from whoosh import index as whoosh_index

from ..extensions import db
from ..models import Offer
from ..queries.offers import OFFER_LOADERS
from .schema import offer_document, writer_fields
from .store import IndexStore

log = logging.getLogger(__name__)
BATCH = 500
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


def reindex(store: IndexStore, ids: Iterable[str | uuid.UUID]) -> bool:
    """Bring these offers' documents up to date, with anything pending from earlier failures.

    Never raises: on failure the ids stay in the journal and the next update or start-up retries them.
    """
    ids = {str(i) for i in ids}
    try:
        if store.rebuilding:
            # A rebuild is reading the database right now: it replays these after it swaps.
            store.add_pending(ids)
        todo = ids | store.pending()
        if not todo:
            return True
        with Session(db.engine) as session:
            upserts, deletes = documents_for(session, todo)
        store.apply(upserts, deletes)
        store.clear_pending(todo - ids if store.rebuilding else todo)
        return True
    except Exception:
        log.exception("search index update failed for %d offer(s); kept for repair", len(ids))
        try:
            store.add_pending(ids)
        except Exception:
            log.exception("could not record the offers for repair: %s", sorted(ids))
        return False


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

    Searches keep using the old generation until the swap; updates committed meanwhile are replayed.
    """
    with store.rebuild_marker():
        generation = store.new_generation()
        ix = whoosh_index.open_dir(str(generation), indexname="offers")
        count = 0
        with Session(db.engine) as session:
            writer = rebuild_writer(ix, searchable_count(session), timeout=store.writer_timeout)
            try:
                for offer in _all_searchable(session):
                    writer.add_document(**writer_fields(offer_document(offer)))
                    count += 1
                    if progress is not None:
                        progress(1)
                commit_rebuild(writer)
            except BaseException:
                writer.cancel()
                raise
        check_rebuild(ix, count)
        # Updates wait for the old generation's lock; taking it makes the swap a clean cut.
        with store.writer():
            store.swap(generation)
    reindex(store, ())  # replay what was committed during the build
    return count


@dataclass
class Drift:
    missing: list[str] = field(default_factory=list)  # searchable, not in the index
    extra: list[str] = field(default_factory=list)  # in the index, not searchable
    stale: list[str] = field(default_factory=list)  # in both, but the document differs

    @property
    def ok(self) -> bool:
        return not (self.missing or self.extra or self.stale)


def _indexed(store: IndexStore) -> dict[str, str]:
    """offer id → stamp of every live document."""
    ix = store.open()
    with ix.searcher() as searcher:
        return {fields["id"]: fields.get("stamp", "") for fields in searcher.all_stored_fields()}


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
            elif indexed[doc["id"]] != doc["stamp"]:
                drift.stale.append(doc["id"])
    drift.extra = sorted(set(indexed) - seen)
    return drift


def repair_cheaply(store: IndexStore) -> int:
    """What start-up can afford: replay the journal and fix the set of ids (not each document's content)."""
    ix = store.open()
    with ix.searcher() as searcher:
        indexed = {term.decode() if isinstance(term, bytes) else term for term in searcher.lexicon("id")}
        indexed = {i for i in indexed if searcher.document_number(id=i) is not None}
    with Session(db.engine) as session:
        stmt = select(Offer.id).where(Offer.is_listed)
        searchable = {str(i) for i in session.execute(stmt).scalars()}
    todo = (searchable ^ indexed) | store.pending()
    if todo:
        log.info("search index: repairing %d offer(s)", len(todo))
        reindex(store, todo)
    return len(todo)
