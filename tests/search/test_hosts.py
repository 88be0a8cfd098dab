"""Several app hosts on one database, each with its own index: the database is the truth for every index.

Each host is a process of its own (``host_process.py``) with its background indexer; the test process edits
the database as a further host would.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.config import PROJECT_ROOT
from directory.extensions import db
from directory.models import Offer
from directory.search.indexing import outbox_head, verify
from directory.search.manifest import Damaged, InProgress, read_position
from directory.search.store import IndexStore, IndexUnavailable
from tests.conftest import make_app
from tests.factories import category, make_offer

SEEN_WITHIN = 2.0  # seconds: an edit through one host is found through every other host
SETTLES_WITHIN = 60.0  # seconds: generous, for a rebuild or a restart on a busy machine


class Host:
    def __init__(self, database_url: str, index_dir: Path) -> None:
        self.database_url, self.index_dir = database_url, index_dir
        self.process: subprocess.Popen | None = None
        self.port = 0

    def start(self) -> Host:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.search.host_process", self.database_url, str(self.index_dir)],
            cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
            env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
        )
        self.port = int(self.process.stdout.readline())
        self.process.stdout.close()
        self.get("/api/v1/categories")  # the first request starts the host's indexer
        return self

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()
        self.process = None

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    def search(self, q: str) -> dict:
        status, body = self.get(f"/api/v1/offers?q={urllib.parse.quote(q)}&per_page=50")
        assert status == 200, body
        return json.loads(body)

    def titles(self, q: str) -> list[str]:
        return [item["title"] for item in self.search(q)["items"]]

    @property
    def store(self) -> IndexStore:
        return IndexStore(self.index_dir)


def eventually(check: Callable[[], bool], within: float = SETTLES_WITHIN) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return check()


def caught_up(host: Host) -> bool:
    """The host's index is whole and has applied every change (seen without opening it while it is written)."""
    try:
        folder = host.store.check()
    except (IndexUnavailable, Damaged, InProgress):
        return False
    with Session(db.engine) as session:
        return read_position(folder) >= outbox_head(session)


def clean(host: Host) -> bool:
    return eventually(lambda: caught_up(host)) and verify(host.store).ok


@pytest.fixture
def offers(app) -> Iterator[list[uuid.UUID]]:
    with app.app_context():
        category()
        ids = [make_offer(f"Lernwerkstatt Nummer {n}").id for n in range(10)]
        yield ids


@pytest.fixture
def start_host(app, offers, tmp_path) -> Iterator[Callable[[str], Host]]:
    hosts: list[Host] = []

    def start(name: str) -> Host:
        host = Host(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / name).start()
        hosts.append(host)
        assert host.search("Lernwerkstatt")["total"] == len(offers)  # from the database, until it has an index
        assert clean(host)  # it builds its index by itself
        return host

    yield start
    for host in hosts:
        host.kill()


@pytest.fixture
def writer(app, tmp_path) -> Iterator[Flask]:
    """The app of a host that saves offers: its own indexer is elsewhere (``off``), the hosts follow."""
    writer = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "writer", SEARCH_INDEXER="off")
    yield writer
    with writer.app_context():
        db.session.remove()
        db.engine.dispose()


def rename(app: Flask, offer_id: uuid.UUID, title: str) -> None:
    with app.app_context():
        for _ in range(20):
            offer = db.session.get(Offer, offer_id)
            offer.title = title
            try:
                db.session.commit()
                return
            except Exception:  # a concurrent save of the same offer: try again on the new version
                db.session.rollback()
        raise AssertionError(f"could not save {offer_id}")


def test_edits_reach_every_host_and_a_killed_indexer_catches_up(writer, offers, start_host) -> None:
    a, b = start_host("a"), start_host("b")
    rename(writer, offers[0], "Schachclub Rösselsprung")
    for host in (a, b):
        assert eventually(lambda h=host: h.titles("Rösselsprung") == ["Schachclub Rösselsprung"], SEEN_WITHIN)
        assert eventually(lambda h=host: h.titles("Nummer") and "Lernwerkstatt Nummer 0" not in h.titles("Nummer"),
                          SEEN_WITHIN)

    def edit_many(start: int) -> None:  # 8 editors saving 7 times each, at once
        def editor(n: int) -> None:
            for i in range(7):
                rename(writer, offers[(n + i) % len(offers)], f"Lernort {start + n}-{i}")

        threads = [threading.Thread(target=editor, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    edit_many(0)
    b.kill()  # kill -9: the indexer dies wherever it is
    edit_many(100)
    b.start()
    assert clean(a) and clean(b)
    with writer.app_context():
        title = db.session.execute(select(Offer.title).where(Offer.id == offers[3])).scalar_one()
    assert title in a.titles(title)
    assert a.titles(title) == b.titles(title)


def _toc_garbage(folder: Path) -> None:
    toc = max(folder.glob("_offers_*.toc"))
    toc.write_bytes(b"\x00garbage" * (toc.stat().st_size // 8 + 1))


def _truncated_segment(folder: Path) -> None:
    segment = max(folder.glob("*.seg"), key=lambda p: p.stat().st_size)
    with open(segment, "r+b") as handle:
        handle.truncate(segment.stat().st_size // 2)


def _current_deleted(folder: Path) -> None:
    (folder.parent / "CURRENT").unlink()


@pytest.mark.parametrize("damage", [_toc_garbage, _truncated_segment, _current_deleted])
def test_a_damaged_index_is_answered_from_the_database_and_heals(app, offers, start_host, damage) -> None:
    host = start_host("a")
    damaged = host.store.current_dir()
    damage(damaged)
    answers = [host.search("Lernwerkstatt") for _ in range(5)]
    assert all(answer["total"] == 10 for answer in answers)  # never an error, never an empty page
    assert eventually(lambda: caught_up(host) and host.store.current_dir() != damaged)
    assert verify(host.store).ok
    assert not host.search("Lernwerkstatt")["degraded"]
