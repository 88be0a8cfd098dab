"""Back office: measures (status and progress, dated), and CSV import and export of offers."""

from __future__ import annotations

import base64
import binascii

from flask import Response, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms.fields.choices import SelectChoice

from ..extensions import db
from ..models import Challenge, FocusArea, Measure, Offer, vocab
from ..services import measures as measure_service
from ..services.offers.csv_io import COLUMNS, REQUIRED_COLUMNS, export_offers_csv, import_offers
from . import bp
from .access import role_required
from .forms.review import ApplyImportForm, ImportForm, MeasureForm

DEFAULT_IMPORT_MAX_BYTES = 1024 * 1024


@bp.get("/measures")
@role_required("admin", "editor")
def measures():
    challenges = db.session.execute(
        select(Challenge).options(selectinload(Challenge.measures).selectinload(Measure.status_changes))
        .order_by(Challenge.position)
    ).scalars().all()
    return render_template("curate/measures.html", challenges=challenges, statuses=vocab.MEASURE_STATUSES)


def _measure_form(measure: Measure, formdata: bool) -> MeasureForm:
    data = {} if formdata else {
        "status": measure.status,
        "progress_note": measure.progress_note,
        "focus_area": str(measure.focus_area_id or ""),
        "offers": [str(offer.id) for offer in measure.offers],
    }
    form = MeasureForm(data=data) if not formdata else MeasureForm()
    form.status.choices = [SelectChoice(code, label) for code, label in vocab.MEASURE_STATUSES.items()]
    areas = db.session.execute(select(FocusArea).order_by(FocusArea.position)).scalars()
    form.focus_area.choices = [SelectChoice("", _("beide / keiner"))] + [SelectChoice(str(a.id), a.name) for a in areas]
    offers = db.session.execute(
        select(Offer).where(Offer.workflow_state != "archived").order_by(Offer.title)
    ).scalars()
    form.offers.choices = [SelectChoice(str(o.id), o.title) for o in offers]
    return form


@bp.route("/measures/<int:measure_id>", methods=["GET", "POST"])
@role_required("admin", "editor")
def edit_measure(measure_id: int):
    measure = db.get_or_404(Measure, measure_id)
    form = _measure_form(measure, formdata=False)
    if form.is_submitted():
        form = _measure_form(measure, formdata=True)
        if form.validate():
            area = db.session.get(FocusArea, int(form.focus_area.data)) if form.focus_area.data else None
            wanted = set(form.offers.data or [])
            offers = [o for o in db.session.execute(select(Offer)).scalars() if str(o.id) in wanted]
            change = measure_service.update_measure(
                measure, status=form.status.data, progress_note=form.progress_note.data or "",
                focus_area=area, offers=offers, user=current_user,
            )
            flash(_("Die Maßnahme wurde gespeichert.") if change is None else
                  _("Der neue Stand wurde mit Datum gespeichert."), "success")
            return redirect(url_for("curate.measures"))
        return render_template("curate/measure.html", measure=measure, form=form), 400
    return render_template("curate/measure.html", measure=measure, form=form)


def _max_bytes() -> int:
    return int(current_app.config.get("IMPORT_MAX_BYTES", DEFAULT_IMPORT_MAX_BYTES))


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
