"""Test fixtures: a fresh app per test on SQLite (default) or PostgreSQL.

Set ``DIRECTORY_TEST_DATABASE_URL`` to run the suite against another database, e.g.
``postgresql://127.0.0.1:5432/test``. The schema is built once per run by the real migrations.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import text

from directory import create_app
from directory.config import PROJECT_ROOT
from directory.extensions import db

SEED_DIR = PROJECT_ROOT / "seed_data"
SHARED_DIR = PROJECT_ROOT.parent / "shared"
IN_CI = os.environ.get("CI", "").lower() == "true"
pytest_plugins = ["tests.curate.support"]  # back-office users and log-in: make_user, login, logged_in_client

# The database holds the full seed until a test that writes tears it down.
_state = {"seeded": False}


def shared_dir() -> Path:
    """The shared material beside the repo; missing is a failure under CI, a skip elsewhere."""
    if not SHARED_DIR.is_dir():
        if IN_CI:
            pytest.fail(f"{SHARED_DIR.name}/ is missing beside the repository")
        pytest.skip("shared material not available")
    return SHARED_DIR


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("DIRECTORY_TEST_DATABASE_URL")
    if url:
        return url
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite")


@pytest.fixture(scope="session")
def index_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("index")


def make_app(database_url: str, index_dir: Path, **extra) -> Flask:
    config = {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "INDEX_DIR": str(index_dir),
        "SECRET_KEY": "test-secret-key-not-for-production",
        "SEED_DIR": str(SEED_DIR),
        "SHARED_DIR": str(SHARED_DIR),
        "RATELIMIT_STORAGE_URI": "memory://",
    }
    config.update(extra)
    return create_app(config)


def _reset_schema(app: Flask) -> None:
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    else:
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


def truncate_all() -> None:
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
    else:
        with db.engine.begin() as conn:
            for table in tables:
                conn.execute(text(f'DELETE FROM "{table}"'))
    _state["seeded"] = False


@pytest.fixture(scope="session")
def migrated(database_url: str, index_root: Path) -> str:
    """The test database, emptied and brought to the newest migration once per run."""
    app = make_app(database_url, index_root / "migrate")
    with app.app_context():
        _reset_schema(app)
        upgrade()
        db.engine.dispose()
    return database_url


@pytest.fixture
def app(migrated: str, tmp_path: Path) -> Iterator[Flask]:
    """An app on an empty database; whatever the test writes is removed afterwards."""
    app = make_app(migrated, tmp_path / "index")
    with app.app_context():
        if _state["seeded"]:
            truncate_all()
    yield app
    with app.app_context():
        db.session.remove()
        truncate_all()
        db.engine.dispose()


@pytest.fixture
def seeded_app(migrated: str, index_root: Path) -> Iterator[Flask]:
    """An app on the full seed (with demo offers). Tests using it must not write."""
    from directory.services.seed import seed

    app = make_app(migrated, index_root / "seeded")
    with app.app_context():
        if not _state["seeded"]:
            truncate_all()
            seed(SEED_DIR, demo=True)
            _state["seeded"] = True
            # The index is derived: rebuild it so it holds exactly this seed (ids change on re-seeding).
            from directory.search import current_search
            from directory.search.indexing import rebuild

            rebuild(current_search().store)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def seeded_client(seeded_app: Flask):
    """A client of the shared seeded app: it must only read (the seed is built once for many tests)."""
    return seeded_app.test_client()


@pytest.fixture(scope="session", autouse=True)
def compiled_translations() -> None:
    """Compile the UI catalogs (.po → .mo) if a fresh clone has not done so yet (`make install` does)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po_path in (PROJECT_ROOT / "directory" / "translations").glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parent.parent.name)
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog)
