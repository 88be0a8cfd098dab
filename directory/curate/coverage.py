"""Back office: where the real directory is thin, as a to-do list for the team's outreach."""

from __future__ import annotations

from datetime import datetime

from flask import Response, render_template

from ..clock import CITY_TIME
from ..formats.csvfile import write_csv
from ..queries.coverage import FEW_OFFERS, OLD_SOURCE_YEARS, coverage, coverage_rows
from . import bp
from .access import role_required

CSV_HEADER = ["Bereich", "Name", "veröffentlicht", "in Arbeit", "vorgeschlagene Verknüpfungen", "neueste Quelle"]


@bp.get("/coverage")
@role_required("admin", "editor")
def coverage_report():
    data = coverage(datetime.now(CITY_TIME).date())
    return render_template("curate/coverage.html", data=data, few=FEW_OFFERS, old_years=OLD_SOURCE_YEARS)


@bp.get("/coverage.csv")
@role_required("admin", "editor")
def coverage_csv():
    return Response(
        write_csv(CSV_HEADER, coverage_rows(coverage(datetime.now(CITY_TIME).date()))),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="abdeckung.csv"'},
    )
