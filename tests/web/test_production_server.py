"""The production server as ``make serve`` starts it: gunicorn with the checked-in ``gunicorn.conf.py``.

One test, one process tree, a temporary SQLite database: it starts, answers the probes and a search, writes
JSON request lines without addresses or search words, lets the app answer a long request line, and stops
cleanly on SIGTERM.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from flask_migrate import upgrade

from directory.config import PROJECT_ROOT
from directory.extensions import db
from directory.search import current_search
from directory.search.indexing import rebuild
from tests import factories
from tests.conftest import make_app

# The whole start-up (importing the app in a fresh worker) may be slow on a busy machine; this is not a timing.
START_DEADLINE_S = 60
# Below the config's graceful_timeout (20 s): a worker that blocks its exit would be killed only after that.
STOP_DEADLINE_S = 15

pytestmark = pytest.mark.once  # the server and its own SQLite file: the PostgreSQL pass deselects it


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _prepare(database_url: str, index_dir: Path) -> None:
    """Migrate a fresh database, add one offer and build the index, as `make serve` expects to find them."""
    app = make_app(database_url, index_dir)
    with app.app_context():
        upgrade()
        factories.category()
        factories.make_offer("Hausaufgabenhilfe im Stadtteiltreff")
        rebuild(current_search().store)
        db.session.remove()
        db.engine.dispose()


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (loopback)
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def _wait_until_up(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_DEADLINE_S
    while time.monotonic() < deadline:
        assert server.poll() is None, "gunicorn exited during start-up"
        try:
            if _get(base + "/healthz")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("gunicorn did not answer /healthz")


def test_gunicorn_serves_logs_json_lines_and_stops_on_sigterm(tmp_path: Path):
    database_url = f"sqlite:///{tmp_path}/wegweiser.sqlite"
    _prepare(database_url, tmp_path / "index")
    port = _free_port()
    env = {
        **os.environ,
        "DIRECTORY_DATABASE_URL": database_url,
        "DIRECTORY_INDEX_DIR": str(tmp_path / "index"),
        "DIRECTORY_SECRET_KEY": "a-test-key-that-is-long-enough-0123456789",
        "DIRECTORY_BIND": f"127.0.0.1:{port}",
        "DIRECTORY_WORKERS": "1",
    }
    log_path = tmp_path / "server.log"
    with open(log_path, "wb") as log_file:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
            cwd=PROJECT_ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_until_up(base, server)
            status, _, body = _get(base + "/readyz")
            assert (status, json.loads(body)["status"]) == (200, "ready")
            status, headers, body = _get(base + "/api/v1/offers?q=Hausaufgabenhilfe")
            assert status == 200 and json.loads(body)["total"] == 1
            search_id = headers["X-Request-ID"]
            # A request line of 6,000 bytes is the app's to answer (gunicorn's default limit is 4,094): its JSON
            # error naming the over-long field, not the server's HTML page.
            status, headers, body = _get(base + "/api/v1/offers?q=" + "x" * 6000)
            assert status == 400 and headers["Content-Type"] == "application/json"
            assert json.loads(body)["field"] == "q"
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                exit_code = server.wait(timeout=STOP_DEADLINE_S)
            except subprocess.TimeoutExpired:
                server.kill()
                raise
    assert exit_code == 0
    lines = [json.loads(line) for line in log_path.read_text().splitlines() if line.startswith("{")]
    requests = [line for line in lines if line["logger"] == "directory.requests"]
    [search] = [line for line in requests if line["request_id"] == search_id]
    assert (search["method"], search["path"], search["status"]) == ("GET", "/api/v1/offers", 200)
    assert search["duration_ms"] >= 0
    assert not any("127.0.0.1" in json.dumps(line) for line in requests)
    assert "Hausaufgabenhilfe" not in log_path.read_text()


def test_gunicorn_refuses_to_start_without_a_secret_key(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if k != "DIRECTORY_SECRET_KEY"}
    env["DIRECTORY_BIND"] = f"127.0.0.1:{_free_port()}"
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode != 0 and "DIRECTORY_SECRET_KEY is not set" in result.stderr
