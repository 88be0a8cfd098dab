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
from sqlalchemy import create_engine, make_url, text

from directory import create_app
from directory.config import PROJECT_ROOT
from directory.extensions import db

SEED_DIR = PROJECT_ROOT / "seed_data"
SHARED_DIR = PROJECT_ROOT.parent / "shared"
IN_CI = os.environ.get("CI", "").lower() == "true"
pytest_plugins = ["tests.curate.support"]  # back-office users and log-in: make_user, login, logged_in_client

def shared_dir() -> Path:
    """The shared material beside the repo; missing is a failure under CI, a skip elsewhere."""
    if not SHARED_DIR.is_dir():
        if IN_CI:
            pytest.fail(f"{SHARED_DIR.name}/ is missing beside the repository")
        pytest.skip("shared material not available")
    return SHARED_DIR


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> str:
    """The run's test database; with several workers (pytest-xdist) each has its own beside the given one."""
    url = os.environ.get("DIRECTORY_TEST_DATABASE_URL")
    if not url:
        return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite")
    return url if worker_id == "master" else _sibling_database(url, f"_{worker_id}")


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
    """Empty every table and restart the ids, as after the migrations.

    Row deletes, not ``TRUNCATE``: on PostgreSQL a ``TRUNCATE`` of every table costs about a second (it replaces
    each table's files), a ``DELETE`` of the few rows a test wrote a few milliseconds.
    """
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    with db.engine.begin() as conn:
        for table in tables:
            conn.execute(text(f'DELETE FROM "{table}"'))
        if db.engine.dialect.name == "postgresql":
            conn.execute(
                text(
                    "SELECT setval(c.oid, 1, false) FROM pg_class c "
                    "WHERE c.relkind = 'S' AND c.relnamespace = 'public'::regnamespace"
                )
            )


def _migrate(database_url: str, index_dir: Path) -> None:
    app = make_app(database_url, index_dir)
    with app.app_context():
        _reset_schema(app)
        upgrade()
        db.engine.dispose()


def _sibling_database(database_url: str, suffix: str) -> str:
    """A second database beside the test database: a file next to it (SQLite) or a new database (PostgreSQL)."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        path = Path(url.database)
        return "sqlite:///" + str(path.with_name(path.stem + suffix + path.suffix))
    name = f"{url.database}{suffix}"
    engine = create_engine(url.set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def migrated(database_url: str, index_root: Path) -> str:
    """The test database, emptied and brought to the newest migration once per run."""
    _migrate(database_url, index_root / "migrate")
    return database_url


@pytest.fixture
def app(migrated: str, tmp_path: Path) -> Iterator[Flask]:
    """An app on an empty database; whatever the test writes is removed afterwards."""
    app = make_app(migrated, tmp_path / "index")
    yield app
    app.extensions["search"].close()
    with app.app_context():
        db.session.remove()
        truncate_all()
        db.engine.dispose()


@pytest.fixture(scope="session")
def seeded_database(database_url: str, index_root: Path) -> str:
    """A database of its own with the full seed (with demo offers) and its index, built once per run.

    It sits beside the test database, so the tests that write never force a new seed.
    """
    from directory.search import current_search
    from directory.search.indexing import rebuild
    from directory.services.seed import seed

    url = _sibling_database(database_url, "_seeded")
    _migrate(url, index_root / "migrate-seeded")
    app = make_app(url, index_root / "seeded")
    with app.app_context():
        seed(SEED_DIR, demo=True)
        rebuild(current_search().store)  # exactly this seed, whatever the commit hooks indexed on the way
        db.session.remove()
        db.engine.dispose()
    return url


@pytest.fixture
def seeded_app(seeded_database: str, index_root: Path) -> Iterator[Flask]:
    """An app on the full seed (with demo offers). Tests using it must not write."""
    app = make_app(seeded_database, index_root / "seeded")
    yield app
    app.extensions["search"].close()
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
        partial = mo_path.with_name(f"{mo_path.name}.{os.getpid()}")  # several workers may compile at once
        with partial.open("wb") as mo_file:
            write_mo(mo_file, catalog)
        os.replace(partial, mo_path)
