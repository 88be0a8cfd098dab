"""Importing offers from CSV: check every row first, then write all of them or none (``apply``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ...extensions import db
from ...formats.csvfile import SURPLUS, CsvError, read_csv
from ...models import Offer
from ...models.base import utcnow
from ..unit_of_work import commit
from .csv_export import offer_to_row
from .csv_io import (
    COLUMNS,
    REQUIRED_COLUMNS,
    SERVICE_AREA_COLUMNS,
    References,
    apply_translations,
    row_to_data,
)
from .data import OfferDataError, apply_offer_data
from .revisions import ensure_baseline, record_offer_change
from .snapshots import offer_to_data


@dataclass
class RowResult:
    """What an import did (or would do) with one row of the file."""

    number: int  # as a spreadsheet counts: the header is row 1
    external_id: str
    title: str
    action: str = "refused"  # created, updated, unchanged, refused
    problems: list[tuple[str, str]] = field(default_factory=list)  # (column, message)
    changed: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    applied: bool = False
    file_errors: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    rows: list[RowResult] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def ok(self) -> bool:
        return not self.file_errors and self.count("refused") == 0


def _check_header(header: list[str], report: ImportReport) -> None:
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        report.file_errors.append(f"Pflichtspalten fehlen: {', '.join(missing)}")
    known = set(COLUMNS)
    report.ignored_columns = [c for c in header if c not in known]
    partial = [c for c in SERVICE_AREA_COLUMNS if c not in header]
    if partial and len(partial) < len(SERVICE_AREA_COLUMNS):
        report.file_errors.append(
            "Die Spalten citywide, statewide, districts und focus_areas gehören zusammen; es fehlen: "
            + ", ".join(partial)
        )


def import_offers(
    raw: bytes, *, apply: bool, max_bytes: int | None = None, today: date | None = None, actor: Any = None
) -> ImportReport:
    """Check a CSV file of offers and, with ``apply``, save it (all rows or none). Returns the report.

    Every created or changed offer gets a revision and an audit entry by ``actor``, in the same transaction.

    Raises nothing for bad files: what cannot be read ends up in ``report.file_errors``.
    """
    report = ImportReport()
    try:
        header, rows = read_csv(raw, max_bytes)
    except CsvError as exc:
        report.file_errors.append(str(exc))
        return report
    _check_header(header, report)
    if report.file_errors:
        return report

    refs = References.load()
    today = today or date.today()
    planned: list[tuple[RowResult, dict[str, Any]]] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, start=2):
        if not row:
            continue
        result = RowResult(number, row.get("external_id", ""), row.get("title", ""))
        report.rows.append(result)
        data, result.problems = row_to_data(row, refs, today)
        if SURPLUS in row:
            result.problems.append(("", "mehr Zellen als Spalten in der Kopfzeile"))
        if result.external_id in seen:
            result.problems.append(("external_id", f"kommt schon in Zeile {seen[result.external_id]} vor"))
        seen.setdefault(result.external_id, number)
        if not result.problems:
            planned.append((result, data))

    # Write in one transaction; a row that still fails is refused and the rest is run again without it.
    while True:
        failed = _write(planned, header, actor)
        if failed is None:
            break
        db.session.rollback()
        planned = [(r, d) for r, d in planned if r is not failed]

    if apply and report.ok:
        commit()
        report.applied = True
    else:
        db.session.rollback()
    return report


def _write(planned: list[tuple[RowResult, dict[str, Any]]], header: list[str], actor: Any) -> RowResult | None:
    """Apply every planned row in the open transaction; the first row that fails is returned, refused."""
    columns = [c for c in COLUMNS if c in header]
    for result, data in planned:
        result.action, result.changed = "refused", []
        offer = db.session.execute(
            select(Offer).where(Offer.external_id == result.external_id)
        ).scalar_one_or_none()
        try:
            if offer is None:
                offer = Offer(workflow_state="draft")
                db.session.add(offer)
                apply_offer_data(offer, data)
                apply_translations(offer, data.get("translations", {}))
                db.session.flush()
                record_offer_change(offer, actor, "import")
                result.action = "created"
                continue
            if len(offer.places) > 1 and "places" in data:
                raise OfferDataError("places: Das Angebot hat mehrere Orte; bitte im Formular bearbeiten")
            before, snapshot = offer_to_row(offer), offer_to_data(offer)
            apply_offer_data(offer, data)
            apply_translations(offer, data.get("translations", {}))
            db.session.flush()
            after = offer_to_row(offer)
            result.changed = [c for c in columns if before.get(c) != after.get(c)]
            result.action = "updated" if result.changed else "unchanged"
            if result.changed:
                offer.updated_at = utcnow()  # translations are child rows: the offer's version moves too
                ensure_baseline(offer, snapshot)  # only now do we know the offer changes: keep its old state
                record_offer_change(offer, actor, "import")
        except OfferDataError as exc:
            column, _, message = str(exc).partition(": ")
            result.problems.append((column if message else "", message or str(exc)))
            return result
        except IntegrityError as exc:
            result.problems.append(("", f"widerspricht einem bestehenden Eintrag ({exc.orig.__class__.__name__})"))
            return result
    return None
