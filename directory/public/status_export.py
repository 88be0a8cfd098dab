"""The status board's filters (focus area, changed since a date) and its CSV export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import Response, abort, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _

from ..formats.csvfile import write_csv
from ..models import Challenge, FocusArea, Measure, MeasureStatusChange, vocab
from ..queries import public as queries
from ..services.measures import changed_since
from . import bp

# The seeded measures were recorded at the Zukunftswerkstatt (18 and 19 November 2020).
WORKSHOP_DATE = date(2020, 11, 19)


@dataclass
class StatusBoard:
    focus_areas: list[FocusArea]
    selected: FocusArea | None
    since: date | None
    rows: list[tuple[Challenge, list[Measure]]]
    changes: dict[int, MeasureStatusChange]  # the latest change since ``since``, by measure id
    has_measures: dict[int, bool]  # whether a challenge has any measure for the chosen area, changed or not


def status_board_from_request() -> StatusBoard:
    """The board for ``?focus_area=<slug>&since=YYYY-MM-DD``; unknown values answer 400 with a message."""
    areas = queries.all_focus_areas()
    selected = None
    wanted = request.args.get("focus_area", "")
    if wanted:
        selected = next((area for area in areas if area.slug == wanted), None)
        if selected is None:
            abort(400, description=_("Unbekannter Schwerpunktbereich."))
    since = None
    raw = request.args.get("since", "").strip()
    if raw:
        try:
            since = date.fromisoformat(raw)
        except ValueError:
            abort(400, description=_("Ungültiges Datum bei „geändert seit“: bitte im Format JJJJ-MM-TT angeben."))
    rows = queries.status_board(selected)
    has_measures = {challenge.id: bool(measures) for challenge, measures in rows}
    changes: dict[int, MeasureStatusChange] = {}
    if since is not None:
        changed = changed_since(since)
        rows = [(challenge, [m for m in measures if m.id in changed]) for challenge, measures in rows]
        changes = {m.id: changed[m.id] for _challenge, measures in rows for m in measures}
    return StatusBoard(areas, selected, since, rows, changes, has_measures)


def _last_changed(measure: Measure, change: MeasureStatusChange | None) -> str:
    """When the status last changed: the change since the chosen date, else the latest recorded one, else the
    date the seeded status is dated, else the day the record was recorded at all (never empty)."""
    if change is None and measure.status_changes:
        change = max(measure.status_changes, key=lambda c: (c.effective_on or c.changed_at.date(), c.changed_at))
    if change is not None:
        return (change.effective_on or change.changed_at.date()).isoformat()
    return (measure.status_date or WORKSHOP_DATE).isoformat()


@bp.get("/status.csv")
def status_csv():
    board = status_board_from_request()
    header = [_("Herausforderung"), _("Maßnahme"), _("Schwerpunktbereich"), _("Stand"),
              _("laut Zukunftswerkstatt 2020"), _("Notiz des Teams"), _("Stand vom"), _("Geändert am"),
              _("Angebote"), _("Verknüpfung vorgeschlagen")]
    lines = []
    for challenge, measures in board.rows:
        for measure in measures:
            lines.append([
                challenge.title, measure.text, ", ".join(area.name for area in measure.focus_areas),
                vocab.label(vocab.MEASURE_STATUSES, measure.status), measure.document_note, measure.progress_note,
                measure.status_date.isoformat() if measure.status_date else "",
                _last_changed(measure, board.changes.get(measure.id)),
                "; ".join(o.title for o in measure.offers if o.is_published),
                "; ".join(o.title for o in measure.suggested_offers if o.is_published),
            ])
    name = "umsetzungsstand" + (f"-seit-{board.since.isoformat()}" if board.since else "") + ".csv"
    return Response(
        write_csv(header, lines),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/print/status")
def print_status():
    """The workshop view to print: the same filters as ``/status``, grouped by challenge."""
    board = status_board_from_request()
    return render_template(
        "print/status.html", board=board.rows, selected=board.selected, since=board.since, changes=board.changes,
        has_measures=board.has_measures, statuses=vocab.MEASURE_STATUSES,
        page_url=url_for("public.status", **request.args),
        printed_on=format_date(date.today(), "long"),
    )
