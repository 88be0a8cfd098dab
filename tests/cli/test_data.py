"""``flask data export|import``: a seeded SQLite directory moves into an empty database (PostgreSQL in the
PostgreSQL pass) and comes out byte for byte the same; secrets and the security log only when asked for."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pyotp
import pytest
from flask import Flask
from flask_migrate import upgrade

from directory.extensions import db
from directory.models import Category, Measure, Offer
from directory.services import accounts, measure_records
from directory.services.offers.editing import update_offer
from directory.services.offers.snapshots import offer_to_data
from directory.services.portability import EXCLUDED
from directory.services.seed import seed
from tests.conftest import SEED_DIR, make_app
from tests.curate.account_steps import password_step
from tests.curate.support import DEFAULT_PASSWORD, cheap_hashing

EDITOR = "redaktion@team.example.org"


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """A SQLite directory with the real seed, an editor with two-factor log-in, an edited offer and a
    recorded measure status: revisions, the audit log and the security log all hold rows."""
    folder = tmp_path_factory.mktemp("source")
    app = make_app(f"sqlite:///{folder}/source.sqlite", folder / "index")
    cheap_hashing(app)
    with app.app_context():
        upgrade()
        seed(SEED_DIR)
        editor = accounts.create_user(EDITOR, DEFAULT_PASSWORD, "editor")
        editor.totp_secret, editor.totp_enabled = pyotp.random_base32(), True
        db.session.commit()
        offer = db.session.execute(db.select(Offer).order_by(Offer.title).limit(1)).scalar_one()
        data = offer_to_data(offer)
        data["summary"] = (data.get("summary") or "") + " Auch in den Ferien."
        update_offer(offer, data, editor, expected_version=offer.version)
        measure = db.session.execute(db.select(Measure).order_by(Measure.key).limit(1)).scalar_one()
        measure_records.set_status(measure, status="in_progress", effective_on=date(2026, 11, 2), note="", actor=editor)
    yield app
    with app.app_context():
        db.engine.dispose()


def _export(app: Flask, path: Path, *flags: str) -> dict:
    result = app.test_cli_runner().invoke(args=["data", "export", str(path), *flags])
    assert result.exit_code == 0, result.output
    return json.loads(path.read_text(encoding="utf-8"))


def test_export_import_export_is_byte_identical(source: Flask, app: Flask, tmp_path: Path):
    first = _export(source, tmp_path / "first.json")
    result = app.test_cli_runner().invoke(args=["data", "import", str(tmp_path / "first.json")])
    assert result.exit_code == 0, result.output
    second = _export(app, tmp_path / "second.json")
    assert (tmp_path / "first.json").read_bytes() == (tmp_path / "second.json").read_bytes()
    assert first == second and len(first["tables"]["offer"]) > 50 and first["tables"]["offer_revision"]
    # The index was rebuilt from the imported offers.
    listed = [o for o in first["tables"]["offer"] if o["workflow_state"] == "published"]
    title = sorted(listed, key=lambda o: o["title"])[0]["title"]
    found = app.test_client().get("/api/v1/offers", query_string={"q": f'"{title}"'}).get_json()
    assert title in [item["title"] for item in found["items"]]
    # New rows after the import get new keys (PostgreSQL's sequences were moved past the imported ones).
    with app.app_context():
        db.session.add(Category(slug="nach-dem-umzug", name="Nach dem Umzug"))
        db.session.commit()


def test_accounts_come_without_secrets_and_the_security_log_stays_out(source: Flask, app: Flask, tmp_path: Path):
    exported = _export(source, tmp_path / "plain.json")
    [editor] = [u for u in exported["tables"]["user_account"] if u["email"] == EDITOR]
    assert editor["password_hash"] == "" and editor["totp_secret"] is None and not editor["totp_enabled"]
    assert editor["recovery_codes"] == [] and "security_event" not in exported["tables"]
    assert DEFAULT_PASSWORD not in (tmp_path / "plain.json").read_text()
    cheap_hashing(app)
    assert app.test_cli_runner().invoke(args=["data", "import", str(tmp_path / "plain.json")]).exit_code == 0
    # The old password no longer opens the account; a new one set on the server does, then two-factor set-up.
    assert password_step(app.test_client(), EDITOR, DEFAULT_PASSWORD).status_code == 400
    new_password = "Neues Passwort nach dem Umzug"
    result = app.test_cli_runner().invoke(args=["users", "set-password", EDITOR, "--password-stdin"],
                                          input=new_password + "\n")
    assert result.exit_code == 0, result.output
    client = app.test_client()
    assert password_step(client, EDITOR, new_password).status_code == 302
    assert client.get("/curate/").headers["Location"] == "/curate/account/totp"


def test_secrets_and_security_log_on_request_in_a_file_only_its_owner_reads(source: Flask, tmp_path: Path):
    path = tmp_path / "full.json"
    path.write_text("an older file, readable by all")
    path.chmod(0o644)
    exported = _export(source, path, "--include-secrets", "--include-security-log")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    [editor] = [u for u in exported["tables"]["user_account"] if u["email"] == EDITOR]
    assert editor["password_hash"].startswith("$argon2id$") and editor["totp_enabled"] and editor["totp_secret"]
    assert {e["kind"] for e in exported["tables"]["security_event"]} >= {"user_created"}


def test_every_table_is_exported_or_excluded_with_a_reason(source: Flask, tmp_path: Path):
    exported = _export(source, tmp_path / "tables.json")
    tables = set(db.metadata.tables)
    assert set(exported["tables"]) | set(EXCLUDED) == tables
    assert set(EXCLUDED) <= tables and not set(exported["tables"]) & set(EXCLUDED)


def test_import_into_a_database_with_data_is_refused(source: Flask, app: Flask, tmp_path: Path):
    _export(source, tmp_path / "backup.json")
    with app.app_context():
        db.session.add(Category(slug="eigenes", name="Eigenes"))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["data", "import", str(tmp_path / "backup.json")])
    assert result.exit_code != 0 and "not empty" in result.output and "category" in result.output
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(Offer.id))).scalar_one() == 0
