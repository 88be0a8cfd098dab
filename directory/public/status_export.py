"""The status board's filters (focus area, changed since a date) and its CSV export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import Response, abort, request
from flask_babel import gettext as _

from ..formats.csvfile import write_csv
from ..models import Challenge, FocusArea, Measure, MeasureStatusChange, vocab
from ..queries import public as queries
from ..services.measures import changed_since
from . import bp


@dataclass
class StatusBoard:
    focus_areas: list[FocusArea]
    selected: FocusArea | None
    since: date | None
    rows: list[tuple[Challenge, list[Measure]]]
    changes: dict[int, MeasureStatusChange]  # the latest change since ``since``, by measure id


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
    changes: dict[int, MeasureStatusChange] = {}
    if since is not None:
        changes = changed_since(since)
        rows = [(challenge, [m for m in measures if m.id in changes]) for challenge, measures in rows]
    return StatusBoard(areas, selected, since, rows, changes)


@bp.get("/status.csv")
def status_csv():
    board = status_board_from_request()
    header = [_("Herausforderung"), _("Maßnahme"), _("Schwerpunktbereich"), _("Stand"), _("Fortschritt"),
              _("Stand vom"), _("Geändert am")]
    lines = []
    for challenge, measures in board.rows:
        for measure in measures:
            change = board.changes.get(measure.id)
            lines.append([
                challenge.title, measure.text, measure.focus_area.name if measure.focus_area else "",
                vocab.label(vocab.MEASURE_STATUSES, measure.status), measure.progress_note,
                measure.status_date.isoformat() if measure.status_date else "",
                change.changed_at.date().isoformat() if change else "",
            ])
    name = "umsetzungsstand" + (f"-seit-{board.since.isoformat()}" if board.since else "") + ".csv"
    return Response(
        write_csv(header, lines),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
