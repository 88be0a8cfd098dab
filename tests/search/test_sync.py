"""The index follows the database: after commit, never before, never on rollback, repaired after failures."""

from __future__ import annotations

import logging
import os
import threading
import time

import pytest
from sqlalchemy import select

from directory.extensions import db
from directory.models import Offer, Organisation, ZeroResultQuery
from directory.search import current_search
from directory.search.indexing import apply_changes, reindex, verify
from directory.search.params import SearchParams
from directory.search.service import search
from directory.services.search_log import search_and_count_misses
from directory.services.seed import seed
from tests.conftest import SEED_DIR


def titles(q: str) -> list[str]:
    return [offer.title for offer in search(SearchParams(q=q, per_page=50)).offers]


@pytest.fixture
def seeded(app):
    with app.test_request_context():
        seed(SEED_DIR, demo=False)
        yield app


def _sisa() -> Offer:
    return db.session.execute(select(Offer).where(Offer.title.like("SiSA%"))).scalar_one()


def test_seeded_offers_are_indexed_by_the_commit(seeded) -> None:
    assert any(title.startswith("SiSA") for title in titles("Sprachmittlung"))
    assert verify(current_search().store).ok


def test_an_edit_is_searchable_after_commit_not_before(seeded) -> None:
    offer = _sisa()
    offer.title = "Quirlige Sprachbrücke"
    db.session.flush()
    assert titles("Sprachbrücke") == []
    db.session.commit()
    assert titles("Sprachbrücke") == ["Quirlige Sprachbrücke"]


def test_an_edit_is_found_after_searches_have_trusted_the_quiet_index(seeded) -> None:
    """Searches skip Whoosh's look at the index folder while the folder is unchanged; a commit changes it."""
    folder = current_search().store.live_dir()
    an_hour_ago = time.time() - 3600
    os.utime(folder, (an_hour_ago, an_hour_ago))
    assert titles("Sprachbrücke") == []
    assert titles("Sprachbrücke") == []  # the quiet folder is trusted now
    _sisa().title = "Quirlige Sprachbrücke"
    db.session.commit()
    assert titles("Sprachbrücke") == ["Quirlige Sprachbrücke"]


def test_an_indexer_with_nothing_to_do_leaves_no_files_behind(seeded) -> None:
    store = current_search().store
    folder = store.live_dir()
    before = sorted(os.listdir(folder))
    for _ in range(3):
        assert apply_changes(store) == 0
    with pytest.raises(RuntimeError), store.writer():  # a write that fails is cancelled
        raise RuntimeError("the database went away")
    assert sorted(os.listdir(folder)) == before
    assert verify(store).ok


def test_a_rollback_leaves_the_index_untouched(seeded) -> None:
    offer = _sisa()
    offer.title = "Quirlige Sprachbrücke"
    db.session.flush()
    db.session.rollback()
    db.session.commit()
    assert titles("Sprachbrücke") == []
    assert any(title.startswith("SiSA") for title in titles("SiSA"))


def test_renaming_the_provider_reindexes_its_offers(seeded) -> None:
    offer = _sisa()
    assert offer.organisation is not None
    organisation = db.session.get(Organisation, offer.organisation_id)
    organisation.name = "Zauberhafte Vermittlungsstelle"
    db.session.commit()
    assert offer.title in titles("Vermittlungsstelle")


def test_unpublished_and_ended_offers_leave_the_search(seeded) -> None:
    offer = _sisa()
    title = offer.title
    offer.status = "ended"
    db.session.commit()
    assert title not in titles("SiSA")
    offer.status = "active"
    db.session.commit()
    assert title in titles("SiSA")
    offer.workflow_state = "draft"
    db.session.commit()
    assert title not in titles("SiSA")


def test_a_failed_index_update_is_logged_and_applied_later(seeded, monkeypatch, caplog) -> None:
    from directory.search import indexing

    original = indexing.write_documents

    def broken(writer, upserts, deletes):
        raise OSError("disk full")

    monkeypatch.setattr(indexing, "write_documents", broken)
    offer = _sisa()
    offer.title = "Quirlige Sprachbrücke"
    with caplog.at_level(logging.ERROR, logger="directory.search.indexer"):
        db.session.commit()  # the save itself succeeds
    assert "search index update failed" in caplog.text
    assert db.session.get(Offer, offer.id).title == "Quirlige Sprachbrücke"
    assert titles("Sprachbrücke") == []

    monkeypatch.setattr(indexing, "write_documents", original)
    assert current_search().indexer.catch_up()  # the next change, or the host's indexer, applies the outbox
    assert titles("Sprachbrücke") == ["Quirlige Sprachbrücke"]


def test_writers_wait_for_each_other_and_lose_nothing(seeded) -> None:
    store = current_search().store
    offers = list(db.session.execute(select(Offer).limit(2)).scalars())
    ids = [str(o.id) for o in offers]
    store.apply([], ids)
    held = threading.Event()

    def hold_the_lock() -> None:
        with store.writer():
            held.set()
            time.sleep(0.5)

    thread = threading.Thread(target=hold_the_lock)
    thread.start()
    held.wait()
    reindex(store, ids)  # waits for the other writer instead of failing
    thread.join()
    assert verify(store).ok


def test_index_verify_and_rebuild_commands(seeded) -> None:
    runner = seeded.test_cli_runner()
    assert runner.invoke(args=["index", "verify"]).exit_code == 0
    store = current_search().store
    store.apply([], [str(_sisa().id)])
    result = runner.invoke(args=["index", "verify"])
    assert result.exit_code == 1 and "missing: 1" in result.output
    before = store.current_dir()
    result = runner.invoke(args=["index", "rebuild"])
    assert result.exit_code == 0, result.output
    assert store.current_dir() != before
    assert runner.invoke(args=["index", "verify"]).exit_code == 0
    assert any(title.startswith("SiSA") for title in titles("SiSA"))


def test_parallel_rebuild_indexes_every_offer(seeded, monkeypatch) -> None:
    from directory.search import indexing

    monkeypatch.setattr(indexing, "PARALLEL_REBUILD_MIN", 1)  # the seed is small: use the workers anyway
    store = current_search().store
    before = store.current_dir()
    result = seeded.test_cli_runner().invoke(args=["index", "rebuild"])
    assert result.exit_code == 0, result.output
    assert store.current_dir() != before
    assert verify(store).ok
    assert any(title.startswith("SiSA") for title in titles("SiSA"))


def test_the_reconciler_repairs_drift_and_says_what_it_fixed(seeded, caplog) -> None:
    from directory.search.indexing import reconcile

    store = current_search().store
    sisa = str(_sisa().id)
    store.apply([], [sisa])  # drift that no change announced: the document is gone
    with caplog.at_level(logging.WARNING, logger="directory.search.indexing"):
        fixed = reconcile(store)
    assert fixed.missing == [sisa]
    assert sisa in caplog.text
    assert verify(store).ok
    assert any(title.startswith("SiSA") for title in titles("SiSA"))


def test_zero_results_are_counted_without_who_asked(seeded) -> None:
    assert search(SearchParams(q="Quxxelwort")).total == 0
    assert db.session.execute(select(ZeroResultQuery)).first() is None  # the search itself writes nothing
    result = search_and_count_misses(SearchParams(q="Quxxelwort"))
    assert result.total == 0
    rows = list(db.session.execute(select(ZeroResultQuery)).scalars())
    assert [row.query for row in rows] == ["quxxelwort"]  # counted in its normalised form
    assert set(ZeroResultQuery.__table__.columns.keys()) == {"id", "query", "created_at"}
