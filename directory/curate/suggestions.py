"""Back office: review what the public sent in, the check list ("Prüfliste"), zero-result searches."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms.fields.choices import SelectChoice

from ..extensions import db
from ..models import Category, Offer, ProblemReport, Suggestion
from ..models.suggestion import PROBLEM_KINDS
from ..services import suggestions as suggestion_service
from ..services.offers.data import OfferDataError
from . import bp
from .access import role_required
from .forms.suggestions import AcceptSuggestionForm, RejectSuggestionForm, ResolveReportForm

# B's offer editor, when present; else a report links to the public page.
OFFER_EDIT_ENDPOINT = "curate.edit_offer"


def offer_link(offer: Offer) -> str:
    if OFFER_EDIT_ENDPOINT in current_app.view_functions:
        return url_for(OFFER_EDIT_ENDPOINT, offer_id=offer.id)
    return url_for("public.offer", slug=offer.slug)


def _category_choices() -> list[SelectChoice]:
    categories = db.session.execute(select(Category).order_by(Category.position)).scalars()
    return [SelectChoice("", "–")] + [SelectChoice(c.slug, c.name) for c in categories]


def _suggestion(suggestion_id: int) -> Suggestion:
    return db.get_or_404(Suggestion, suggestion_id)


@bp.get("/suggestions")
@role_required("admin", "editor")
def suggestions():
    rows = db.session.execute(
        select(Suggestion).options(selectinload(Suggestion.category), selectinload(Suggestion.offer))
        .order_by(Suggestion.state != "new", Suggestion.created_at.desc())
    ).scalars().all()
    return render_template("curate/suggestions.html", suggestions=rows, offer_link=offer_link)


def _render_suggestion(suggestion: Suggestion, accept: AcceptSuggestionForm, reject: RejectSuggestionForm,
                       status: int = 200):
    return render_template("curate/suggestion.html", suggestion=suggestion, accept_form=accept,
                           reject_form=reject, offer_link=offer_link), status


@bp.get("/suggestions/<int:suggestion_id>")
@role_required("admin", "editor")
def suggestion(suggestion_id: int):
    item = _suggestion(suggestion_id)
    accept = AcceptSuggestionForm(category=item.category.slug if item.category else "")
    accept.category.choices = _category_choices()
    return _render_suggestion(item, accept, RejectSuggestionForm())


@bp.post("/suggestions/<int:suggestion_id>/accept")
@role_required("admin", "editor")
def accept_suggestion(suggestion_id: int):
    item = _suggestion(suggestion_id)
    form = AcceptSuggestionForm()
    form.category.choices = _category_choices()
    if not form.validate_on_submit():
        return _render_suggestion(item, form, RejectSuggestionForm(), 400)
    try:
        offer = suggestion_service.accept_suggestion(item, form.category.data, current_user)
    except (suggestion_service.ReviewError, OfferDataError) as exc:
        flash(str(exc), "error")
        return redirect(url_for("curate.suggestion", suggestion_id=suggestion_id))
    flash(_("Der Entwurf „%(title)s“ wurde angelegt.", title=offer.title), "success")
    return redirect(offer_link(offer))


@bp.post("/suggestions/<int:suggestion_id>/reject")
@role_required("admin", "editor")
def reject_suggestion(suggestion_id: int):
    item = _suggestion(suggestion_id)
    form = RejectSuggestionForm()
    if not form.validate_on_submit():
        accept = AcceptSuggestionForm(category=item.category.slug if item.category else "")
        accept.category.choices = _category_choices()
        return _render_suggestion(item, accept, form, 400)
    try:
        suggestion_service.reject_suggestion(item, form.reason.data, current_user)
    except suggestion_service.ReviewError as exc:
        flash(str(exc), "error")
    else:
        flash(_("Der Vorschlag wurde abgelehnt."), "success")
    return redirect(url_for("curate.suggestions"))


@bp.get("/reports")
@role_required("admin", "editor")
def reports():
    rows = db.session.execute(
        select(ProblemReport).options(selectinload(ProblemReport.offer))
        .order_by(ProblemReport.state != "open", ProblemReport.created_at.desc())
    ).scalars().all()
    return render_template("curate/reports.html", reports=rows, kinds=PROBLEM_KINDS, form=ResolveReportForm(),
                           offer_link=offer_link)


@bp.post("/reports/<int:report_id>/resolve")
@role_required("admin", "editor")
def resolve_report(report_id: int):
    report = db.get_or_404(ProblemReport, report_id)
    form = ResolveReportForm()
    if not form.validate_on_submit():
        abort(400, description=_("Die Notiz ist zu lang."))
    try:
        suggestion_service.resolve_report(report, form.note.data or "", current_user)
    except suggestion_service.ReviewError as exc:
        flash(str(exc), "error")
    else:
        flash(_("Die Meldung ist als erledigt markiert."), "success")
    return redirect(url_for("curate.reports"))
