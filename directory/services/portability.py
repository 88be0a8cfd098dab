"""Everything the team curated in one JSON file, and back: moving a city between databases, restoring a backup.

The tables come from the models' metadata, so a new table is exported unless it is named in ``EXCLUDED`` with a
reason. The file is deterministic (tables by name, rows by primary key, keys sorted, one row a line): exporting,
importing into an empty database of either kind and exporting again gives the same bytes.

Accounts leave without their secrets unless asked: the password hash becomes empty (no password matches it; an
admin sets a new one with ``flask users set-password``) and two-factor log-in is switched off with its secret
and recovery codes removed (editors and admins set it up anew at their next log-in).
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Date, DateTime, Table, Uuid, func, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.types import TypeDecorator

from ..extensions import db
from . import unit_of_work

FORMAT = "wegweiser-data"
VERSION = 1
SECURITY_LOG = "security_event"
# Tables left out of every export, with the reason. A table of the models that is neither exported nor named
# here fails a test.
EXCLUDED: dict[str, str] = {
    SECURITY_LOG: "the security log holds readers' and staff addresses (only with --include-security-log)",
    "user_session": "open back-office sessions: everybody logs in again on the new database",
    "search_change": "the search index's change log is derived data: the import rebuilds the index",
}
# The secret columns of accounts and what they hold in an export without secrets.
SECRET_COLUMNS: dict[str, dict[str, Any]] = {
    "user_account": {
        "password_hash": "",
        "totp_secret": None,
        "totp_enabled": False,
        "totp_last_counter": None,
        "recovery_codes": [],
    },
}
INSERT_BATCH = 1000


class PortabilityError(Exception):
    """The file cannot be imported into this database; the message says why."""


@dataclass(frozen=True)
class ExportOptions:
    include_secrets: bool = False
    include_security_log: bool = False


def exported_tables(options: ExportOptions) -> list[Table]:
    """The tables an export holds, by name."""
    left_out = set(EXCLUDED) - ({SECURITY_LOG} if options.include_security_log else set())
    return sorted((t for t in db.metadata.tables.values() if t.name not in left_out), key=lambda t: t.name)


def _plain_type(column: Column) -> Any:
    kind = column.type
    return kind.impl if isinstance(kind, TypeDecorator) else kind


def _to_json(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        # SQLite gives back the UTC it was given, without a zone; PostgreSQL the session's zone.
        aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _from_json(value: Any, column: Column) -> Any:
    if value is None:
        return None
    kind = _plain_type(column)
    if isinstance(kind, Uuid):
        return uuid.UUID(value)
    if isinstance(kind, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return date.fromisoformat(value)
    return value


def schema_revision() -> str | None:
    """The database's migration (Alembic's version), or None before the first ``flask db upgrade``."""
    try:
        with db.engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except SQLAlchemyError:
        return None


def _rows(table: Table, options: ExportOptions) -> list[dict[str, Any]]:
    secrets = {} if options.include_secrets else SECRET_COLUMNS.get(table.name, {})
    key_columns = [c.name for c in table.primary_key.columns]
    rows = []
    for row in db.session.execute(select(table)).mappings():
        values = {name: _to_json(value) for name, value in row.items()}
        values.update(secrets)
        rows.append(values)
    # Sorted here, not by the database: collations and UUID storage differ between SQLite and PostgreSQL.
    return sorted(rows, key=lambda r: tuple(r[c] for c in key_columns))


def export_lines(options: ExportOptions) -> Iterable[str]:
    """The export as lines of one JSON document: a header, then every table's rows, one row a line."""
    tables = exported_tables(options)
    header = {
        "format": FORMAT,
        "version": VERSION,
        "schema": schema_revision(),
        "secrets": options.include_secrets,
        "security_log": options.include_security_log,
    }
    yield "{" + json.dumps(header, sort_keys=True, ensure_ascii=False)[1:-1] + ',"tables":{'
    for number, table in enumerate(tables):
        rows = _rows(table, options)
        yield ("" if number == 0 else ",") + json.dumps(table.name) + ":["
        for index, row in enumerate(rows):
            comma = "," if index < len(rows) - 1 else ""
            yield json.dumps(row, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + comma
        yield "]"
    yield "}}"


def write_export(path: str | os.PathLike, options: ExportOptions) -> None:
    """Write the export to ``path``, readable by its owner only (it holds names and e-mail addresses, and
    with ``include_secrets`` password hashes and two-factor secrets)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)  # also when the file existed with a wider mode
    with open(descriptor, "w", encoding="utf-8", newline="\n") as handle:
        for line in export_lines(options):
            handle.write(line + "\n")


def read_export(path: str | os.PathLike) -> dict[str, Any]:
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise PortabilityError(f"cannot read {path}: {error}") from error
    if not isinstance(document, dict) or document.get("format") != FORMAT or document.get("version") != VERSION:
        raise PortabilityError(f"{path} is not a Wegweiser data export (format {FORMAT}, version {VERSION})")
    return document


def _non_empty_tables() -> list[str]:
    return [
        table.name
        for table in db.metadata.sorted_tables
        if db.session.execute(select(func.count()).select_from(table)).scalar_one()
    ]


def _fix_sequences() -> None:
    """PostgreSQL: integer keys were inserted as they were, so move each sequence past the highest."""
    if db.engine.dialect.name != "postgresql":
        return
    for table in db.metadata.sorted_tables:
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or keys[0].type.python_type is not int:
            continue
        name, key = table.name, keys[0].name
        db.session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence(:table, :key), COALESCE(MAX(\"{key}\"), 1), "  # noqa: S608
                f"MAX(\"{key}\") IS NOT NULL) FROM \"{name}\""
            ),
            {"table": f'"{name}"', "key": key},
        )


def import_data(document: dict[str, Any]) -> dict[str, int]:
    """Load an export into this (empty, migrated) database in one transaction. Returns rows per table."""
    here = schema_revision()
    if here is None:
        raise PortabilityError("the database has no schema yet: run `flask --app directory db upgrade` first")
    if document.get("schema") != here:
        raise PortabilityError(
            f"the file was exported at migration {document.get('schema')}, the database is at {here}: "
            "bring both to the same migration first"
        )
    filled = _non_empty_tables()
    if filled:
        raise PortabilityError(
            "the database is not empty (" + ", ".join(filled) + "): import only into a new, empty database"
        )
    tables = document.get("tables") or {}
    unknown = sorted(set(tables) - set(db.metadata.tables))
    if unknown:
        raise PortabilityError("the file holds tables this version does not know: " + ", ".join(unknown))
    counts: dict[str, int] = {}
    with unit_of_work.unit_of_work():
        for table in db.metadata.sorted_tables:  # parents before the rows that refer to them
            rows = tables.get(table.name) or []
            columns = {column.name: column for column in table.columns}
            for start in range(0, len(rows), INSERT_BATCH):
                batch = [
                    {name: _from_json(value, columns[name]) for name, value in row.items() if name in columns}
                    for row in rows[start : start + INSERT_BATCH]
                ]
                db.session.execute(table.insert(), batch)
            counts[table.name] = len(rows)
        _fix_sequences()
    return counts
