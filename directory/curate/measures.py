"""Back office: the measures of the Zukunftswerkstatt and their implementation status."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms.fields.choices import SelectChoice

from ..extensions import db
from ..models import Challenge, FocusArea, Measure, Offer, vocab
from ..services import measures as measure_service
from . import bp
from .access import role_required
from .forms.measures import MeasureForm


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
