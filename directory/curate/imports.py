"""Back office: import offers from CSV (check, then apply) and export them."""

from __future__ import annotations

import base64
import binascii

from flask import Response, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..config import PROJECT_ROOT
from ..services.offers.csv_export import export_offers_csv
from ..services.offers.csv_import import import_offers
from ..services.offers.csv_io import COLUMNS, REQUIRED_COLUMNS
from . import bp
from .access import role_required
from .forms.imports import ApplyImportForm, ImportForm


def _max_bytes() -> int:
    return int(current_app.config["IMPORT_MAX_BYTES"])


def _import_page(form: ImportForm, report=None, apply_form: ApplyImportForm | None = None, status: int = 200):
    return render_template(
        "curate/import.html", form=form, report=report, apply_form=apply_form, columns=COLUMNS,
        required=REQUIRED_COLUMNS, max_kb=_max_bytes() // 1024,
    ), status


@bp.route("/import", methods=["GET", "POST"], endpoint="import_offers")
@role_required("admin", "editor")
def import_offers_page():
    """Upload a file: a dry run, always. Applying is a second step with the very same content."""
    form = ImportForm()
    if not form.is_submitted():
        return _import_page(form)
    if not form.validate():
        return _import_page(form, status=400)
    raw = form.file.data.read(_max_bytes() + 1)
    report = import_offers(raw, apply=False, max_bytes=_max_bytes())
    apply_form = None
    if report.ok:
        apply_form = ApplyImportForm(formdata=None, content=base64.b64encode(raw).decode("ascii"),
                                     filename=form.file.data.filename or "")
    return _import_page(form, report, apply_form, 200 if report.ok else 422)


@bp.post("/import/apply")
@role_required("admin", "editor")
def apply_import():
    form = ApplyImportForm()
    if not form.validate_on_submit():
        abort(400, description=_("Die geprüfte Datei fehlt. Bitte laden Sie sie erneut hoch."))
    try:
        raw = base64.b64decode(form.content.data, validate=True)
    except (binascii.Error, ValueError):
        abort(400, description=_("Die geprüfte Datei ist beschädigt. Bitte laden Sie sie erneut hoch."))
    report = import_offers(raw, apply=True, max_bytes=_max_bytes(), actor=current_user)
    if report.applied:
        flash(_("Import übernommen: %(created)d neu, %(updated)d geändert, %(unchanged)d unverändert.",
                created=report.count("created"), updated=report.count("updated"),
                unchanged=report.count("unchanged")), "success")
        return redirect(url_for("curate.import_offers"))
    return _import_page(ImportForm(formdata=None), report, None, 422)


@bp.get("/export.csv")
@role_required("admin", "editor")
def export_offers():
    return Response(
        export_offers_csv(),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="angebote.csv"'},
    )


@bp.get("/import/csv-import.md")
@role_required("admin", "editor")
def import_help():
    """The column documentation (docs/csv-import.md) as it stands in the repository, readable as plain text."""
    text = (PROJECT_ROOT / "docs" / "csv-import.md").read_text(encoding="utf-8")
    return Response(text, mimetype="text/markdown")
