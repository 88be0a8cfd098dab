"""Back office: the workshop's challenges and measures as living records, and their links to offers."""

from __future__ import annotations

import uuid
from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ..extensions import db
from ..models import Challenge, FocusArea, Measure, Offer, vocab
from ..queries import measures as queries
from ..services import measure_records as records
from ..services import record_revisions
from ..services.dashboard import stale_measure_ids
from ..services.errors import CurationError
from . import bp
from .access import role_required
from .forms.measures import MeasureStatusForm, MeasureTextForm, NewMeasureForm, OfferSearchForm
from .forms.suggestions import ConfirmForm

EDITORS = ("admin", "editor")


def _actor():
    return current_user._get_current_object()


def _get(model: type, key) -> object:
    row = db.session.get(model, key)
    if row is None:
        abort(404)
    return row


def _csrf_or_400() -> None:
    if not ConfirmForm().validate_on_submit():
        abort(400, description=_("Das Formular ist abgelaufen. Bitte laden Sie die Seite neu."))


def _fill_choices(form) -> None:
    if hasattr(form, "challenge"):
        form.challenge.choices = [SelectChoice(c.id, c.title) for c in queries.challenges_with_measures()
                                  if c.archived_at is None or c.id == form.challenge.data]
        form.focus_areas.choices = [SelectChoice(str(area.id), area.name) for area in queries.focus_areas()]
    if hasattr(form, "status"):
        form.status.choices = [SelectChoice(code, label) for code, label in vocab.MEASURE_STATUSES.items()]


def _areas(ids) -> list[FocusArea]:
    return [area for area in queries.focus_areas() if str(area.id) in set(ids or [])]


@bp.get("/measures")
@role_required(*EDITORS)
def measures():
    """All challenges and measures; ``?stale=1``: only measures whose status has not changed for 6 months."""
    stale = stale_measure_ids(date.today()) if request.args.get("stale") == "1" else None
    return render_template("curate/measures.html", challenges=queries.challenges_with_measures(),
                           statuses=vocab.MEASURE_STATUSES, action_form=ConfirmForm(), stale=stale)


@bp.route("/measures/new", methods=["GET", "POST"])
@role_required(*EDITORS)
def new_measure():
    form = NewMeasureForm()
    if not form.is_submitted():
        form.challenge.data = request.args.get("challenge", type=int)
    _fill_choices(form)
    if form.validate_on_submit():
        try:
            measure = records.create_measure(
                _get(Challenge, form.challenge.data), form.text.data, _areas(form.focus_areas.data),
                form.status.data, form.effective_on.data, form.note.data or "", _actor())
        except CurationError as error:
            form.form_errors.append(str(error))
        else:
            flash(_("Die Maßnahme wurde angelegt."), "success")
            return redirect(url_for("curate.edit_measure", measure_id=measure.id))
    status = 400 if form.is_submitted() else 200
    return render_template("curate/measure_new.html", form=form), status


def _measure_page(measure: Measure, text_form=None, status_form=None, code: int = 200):
    if text_form is None:
        text_form = MeasureTextForm(formdata=None, text=measure.text, challenge=measure.challenge_id,
                                    focus_areas=[str(area.id) for area in measure.focus_areas])
    if status_form is None:
        status_form = MeasureStatusForm(formdata=None, status=measure.status, effective_on=date.today())
    _fill_choices(text_form)
    _fill_choices(status_form)
    search = OfferSearchForm(request.args)
    linked = {offer.id for offer in measure.offers}
    found = queries.find_offers(search.q.data or "", exclude=linked) if search.q.data else []
    return render_template(
        "curate/measure.html", measure=measure, text_form=text_form, status_form=status_form, search=search,
        found=found, action_form=ConfirmForm(), revisions=record_revisions.revisions("measure", measure),
        statuses=vocab.MEASURE_STATUSES,
    ), code


@bp.route("/measures/<int:measure_id>", methods=["GET", "POST"])
@role_required(*EDITORS)
def edit_measure(measure_id: int):
    measure = _get(Measure, measure_id)
    if request.method == "GET":
        return _measure_page(measure)
    form = MeasureTextForm()
    _fill_choices(form)
    if form.validate():
        try:
            records.update_measure(measure, text=form.text.data, challenge=_get(Challenge, form.challenge.data),
                                   focus_areas=_areas(form.focus_areas.data), actor=_actor())
        except CurationError as error:
            form.form_errors.append(str(error))
        else:
            flash(_("Die Maßnahme wurde gespeichert."), "success")
            return redirect(url_for("curate.edit_measure", measure_id=measure.id))
    return _measure_page(measure, text_form=form, code=400)


@bp.post("/measures/<int:measure_id>/status")
@role_required(*EDITORS)
def set_measure_status(measure_id: int):
    measure = _get(Measure, measure_id)
    form = MeasureStatusForm()
    _fill_choices(form)
    if form.validate():
        try:
            records.set_status(measure, status=form.status.data, effective_on=form.effective_on.data,
                               note=form.note.data or "", actor=_actor())
        except CurationError as error:
            form.effective_on.errors = [*form.effective_on.errors, str(error)]
        else:
            flash(_("Der neue Stand wurde mit Datum gespeichert."), "success")
            return redirect(url_for("curate.edit_measure", measure_id=measure.id))
    return _measure_page(measure, status_form=form, code=400)


@bp.post("/measures/<int:measure_id>/offers/<uuid:offer_id>")
@role_required(*EDITORS)
def measure_offer_link(measure_id: int, offer_id: uuid.UUID):
    """Link, unlink, or dismiss a suggested link (``action``: link, unlink, dismiss)."""
    measure = _get(Measure, measure_id)
    offer = _get(Offer, offer_id)
    _csrf_or_400()
    action = request.form.get("action", "")
    if action == "dismiss":
        records.dismiss_suggested_offer(measure, offer, _actor())
    elif action in ("link", "unlink"):
        records.set_offer_link(measure, offer, action == "link", _actor())
    else:
        abort(400)
    flash(_("Gespeichert."), "success")
    back = request.form.get("back", "")
    if back == "offer":
        return redirect(url_for("curate.edit_offer", offer_id=offer.id) + "#suggested-links")
    return redirect(url_for("curate.edit_measure", measure_id=measure.id) + "#offers")


@bp.post("/offers/<uuid:offer_id>/challenges/<int:challenge_id>")
@role_required(*EDITORS)
def offer_challenge_suggestion(offer_id: uuid.UUID, challenge_id: int):
    """Confirm or remove a challenge that research suggested for an offer (``action``: link, dismiss)."""
    offer = _get(Offer, offer_id)
    challenge = _get(Challenge, challenge_id)
    _csrf_or_400()
    action = request.form.get("action", "")
    if action not in ("link", "dismiss"):
        abort(400)
    records.resolve_suggested_challenge(offer, challenge, action == "link", _actor())
    flash(_("Gespeichert."), "success")
    return redirect(url_for("curate.edit_offer", offer_id=offer.id) + "#suggested-links")


def _step() -> int:
    step = request.form.get("step", type=int)
    if step not in (-1, 1):
        abort(400)
    return step


@bp.post("/measures/<int:measure_id>/move")
@role_required(*EDITORS)
def move_measure(measure_id: int):
    measure = _get(Measure, measure_id)
    _csrf_or_400()
    records.move_measure(measure, _step(), _actor())
    return redirect(url_for("curate.measures") + f"#measure-{measure.id}")


@bp.post("/measures/<int:measure_id>/archive")
@role_required(*EDITORS)
def archive_measure(measure_id: int):
    measure = _get(Measure, measure_id)
    _csrf_or_400()
    archived = request.form.get("archived") == "1"
    records.set_measure_archived(measure, archived, _actor())
    flash(_("Die Maßnahme wurde archiviert.") if archived else _("Die Maßnahme ist wieder aktiv."), "success")
    return redirect(url_for("curate.edit_measure", measure_id=measure.id))


@bp.post("/measures/<int:measure_id>/revisions/<int:number>/restore")
@role_required(*EDITORS)
def restore_measure(measure_id: int, number: int):
    measure = _get(Measure, measure_id)
    revision = queries.record_revision("measure", measure.id, number)
    if revision is None:
        abort(404)
    _csrf_or_400()
    records.restore_measure(measure, revision, _actor())
    flash(_("Fassung %(number)s wiederhergestellt", number=number), "success")
    return redirect(url_for("curate.edit_measure", measure_id=measure.id))


@bp.post("/challenges/<int:challenge_id>/move")
@role_required(*EDITORS)
def move_challenge(challenge_id: int):
    challenge = _get(Challenge, challenge_id)
    _csrf_or_400()
    records.move_challenge(challenge, _step(), _actor())
    return redirect(url_for("curate.measures") + f"#challenge-{challenge.id}")


@bp.post("/challenges/<int:challenge_id>/archive")
@role_required(*EDITORS)
def archive_challenge(challenge_id: int):
    challenge = _get(Challenge, challenge_id)
    _csrf_or_400()
    records.set_challenge_archived(challenge, request.form.get("archived") == "1", _actor())
    flash(_("Gespeichert."), "success")
    return redirect(url_for("curate.measures") + f"#challenge-{challenge.id}")


@bp.get("/challenges/<int:challenge_id>/history")
@role_required(*EDITORS)
def challenge_history(challenge_id: int):
    challenge = _get(Challenge, challenge_id)
    return render_template("curate/challenge_history.html", challenge=challenge,
                           revisions=record_revisions.revisions("challenge", challenge), action_form=ConfirmForm())


@bp.post("/challenges/<int:challenge_id>/revisions/<int:number>/restore")
@role_required(*EDITORS)
def restore_challenge(challenge_id: int, number: int):
    challenge = _get(Challenge, challenge_id)
    revision = queries.record_revision("challenge", challenge.id, number)
    if revision is None:
        abort(404)
    _csrf_or_400()
    records.restore_challenge(challenge, revision, _actor())
    flash(_("Fassung %(number)s wiederhergestellt", number=number), "success")
    return redirect(url_for("curate.challenge_history", challenge_id=challenge.id))
