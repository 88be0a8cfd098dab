"""Serving in production, in-process: the health probes, the request log and the reverse-proxy setting."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask, request_started

from directory.extensions import db
from directory.search import current_search
from directory.search.indexing import rebuild
from directory.web.request_log import JsonLines
from tests import factories
from tests.conftest import make_app
from tests.curate.account_steps import events, password_step


def _closed(app: Flask) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


# --- /healthz and /readyz -------------------------------------------------------------------------------


def test_healthz_answers_without_the_database(tmp_path: Path):
    down = make_app(f"sqlite:///{tmp_path}/no-such-folder/db.sqlite", tmp_path / "index")
    response = down.test_client().get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}
    ready = down.test_client().get("/readyz")
    assert ready.status_code == 503
    assert ready.get_json()["database"] == "unreachable" and ready.get_json()["status"] == "unavailable"


def test_readyz_wants_an_index_that_holds_every_listed_offer(app: Flask):
    client = app.test_client()
    missing = client.get("/readyz")
    assert missing.status_code == 503 and missing.get_json() == {
        "status": "unavailable", "database": "ok", "index": "missing"}
    with app.app_context():
        factories.category()
        factories.make_offer("Hausaufgabenhilfe am Nachmittag")
        rebuild(current_search().store)
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.get_json() == {"status": "ready", "database": "ok", "index": "ok"}
    assert ready.headers["Cache-Control"] == "no-store"
    # An offer committed while this host's indexer does not run: not ready until it has applied the change.
    with app.app_context():
        current_search().indexer.mode = "off"
        factories.make_offer("Sprachcafé am Abend")
    stale = client.get("/readyz")
    assert stale.status_code == 503 and stale.get_json()["index"] == "stale"


def test_readyz_is_not_ready_when_the_live_index_is_gone(app: Flask):
    with app.app_context():
        rebuild(current_search().store)
        root = current_search().store.root
    assert app.test_client().get("/readyz").status_code == 200
    (root / "CURRENT").unlink()  # searches would answer with no results at all
    response = app.test_client().get("/readyz")
    assert response.status_code == 503 and response.get_json()["index"] == "missing"
    assert not (root / "CURRENT").exists()  # asking did not create an empty index


# --- the request log and the request id -----------------------------------------------------------------


def _request_lines(caplog: pytest.LogCaptureFixture) -> list[dict]:
    formatter = JsonLines()
    return [json.loads(formatter.format(r)) for r in caplog.records if r.name == "directory.requests"]


def test_each_request_is_one_json_line_without_address_or_query(app, caplog):
    with caplog.at_level(logging.INFO, logger="directory.requests"):
        response = app.test_client().get(
            "/search?q=Hausaufgabenhilfe+Schilfbreite", environ_base={"REMOTE_ADDR": "203.0.113.45"}
        )
    assert response.status_code == 200
    [line] = _request_lines(caplog)
    assert line["request_id"] == response.headers["X-Request-ID"]
    assert (line["method"], line["path"], line["status"]) == ("GET", "/search", 200)
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    text = json.dumps(line)
    assert "203.0.113.45" not in text and "Hausaufgabenhilfe" not in text and "Schilfbreite" not in text


def test_a_sane_request_id_is_kept_and_anything_else_replaced(app, caplog):
    client = app.test_client()
    kept = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a.2026:11"})
    assert kept.headers["X-Request-ID"] == "lb-7f3a.2026:11"
    for bad in ("two words", "x" * 65, "<script>", "-leading-dash"):
        with caplog.at_level(logging.INFO, logger="directory.requests"):
            replaced = client.get("/healthz", headers={"X-Request-ID": bad})
        made = replaced.headers["X-Request-ID"]
        assert made != bad and len(made) == 32 and int(made, 16) >= 0
        assert _request_lines(caplog)[-1]["request_id"] == made
    first = client.get("/healthz").headers["X-Request-ID"]
    assert first != client.get("/healthz").headers["X-Request-ID"]


def test_an_error_answer_is_logged_with_its_status_and_without_the_query(app, caplog):
    with caplog.at_level(logging.INFO, logger="directory.requests"):
        response = app.test_client().get("/api/v1/no-such-thing?q=geheim")
    [line] = _request_lines(caplog)
    assert response.status_code == 404
    assert (line["path"], line["status"]) == ("/api/v1/no-such-thing", 404) and "geheim" not in json.dumps(line)


def test_other_records_in_a_request_carry_its_id(app):
    with app.test_request_context("/x", headers={"X-Request-ID": "abc123"}):
        request_started.send(app)
        record = logging.LogRecord("directory.search", logging.WARNING, __file__, 1, "index slow", None, None)
        line = json.loads(JsonLines().format(record))
    assert line["request_id"] == "abc123" and line["message"] == "index slow" and line["level"] == "warning"


# --- behind a reverse proxy -----------------------------------------------------------------------------


@pytest.fixture
def proxied(app: Flask, migrated: str, tmp_path: Path) -> Iterator[Flask]:
    """The app behind one proxy (``PROXY_HOPS=1``), on the same empty database as ``app``."""
    behind = make_app(migrated, tmp_path / "proxied-index", PROXY_HOPS=1, LOGIN_LIMIT_PER_ADDRESS="2 per minute")
    yield behind
    _closed(behind)


def _failed_login(app: Flask, forwarded_for: str | None):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return password_step(app.test_client(), "niemand@example.org", "irgendein passwort", headers=headers)


def test_with_one_proxy_hop_the_forwarded_address_is_logged_and_rate_limited(proxied: Flask):
    # The proxy appends the address it saw; anything a client put in front of it is not believed.
    assert _failed_login(proxied, "10.9.9.9, 198.51.100.7").status_code == 400
    assert _failed_login(proxied, "198.51.100.7").status_code == 400
    assert _failed_login(proxied, "198.51.100.7").status_code == 429
    assert _failed_login(proxied, "198.51.100.8").status_code == 400  # another reader behind the same proxy
    assert {e.remote_addr for e in events(proxied, "login_failed")} == {"198.51.100.7", "198.51.100.8"}


def test_without_proxy_hops_forwarded_headers_are_ignored(app: Flask):
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "2 per minute"
    assert _failed_login(app, "198.51.100.7").status_code == 400
    assert _failed_login(app, "198.51.100.8").status_code == 400
    assert _failed_login(app, "198.51.100.9").status_code == 429  # all from the one peer that sent them
    assert {e.remote_addr for e in events(app, "login_failed")} == {"127.0.0.1"}
