"""Public feedback: "Angebot vorschlagen" and "Fehler melden". No account; CSRF, a honeypot and rate limits."""

from __future__ import annotations

import logging

from flask import abort, current_app, render_template
from flask_babel import gettext as _
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from ..extensions import db, limiter
from ..models import Category
from ..queries import public as queries
from ..services import suggestions as suggestion_service
from . import bp
from .suggestion_forms import ProblemReportForm, SuggestionForm

log = logging.getLogger(__name__)



def feedback_rate_limit() -> str:
    """Sent forms per address (config ``FEEDBACK_RATE_LIMIT``); reading the forms is not limited."""
    return current_app.config["FEEDBACK_RATE_LIMIT"]


def _thanks(kind: str):
    return render_template("public/feedback_thanks.html", kind=kind)


@bp.route("/suggest", methods=["GET", "POST"])
@limiter.limit(feedback_rate_limit, methods=["POST"])
def suggest():
    form = SuggestionForm()
    categories = db.session.execute(select(Category).order_by(Category.position)).scalars().all()
    form.category.choices = [SelectChoice("", _("weiß nicht"))] + [SelectChoice(c.slug, c.name) for c in categories]
    if form.validate_on_submit():
        if form.is_bot():
            log.info("suggestion dropped: honeypot filled")
            return _thanks("suggestion")
        category = next((c for c in categories if c.slug == form.category.data), None)
        suggestion_service.submit_suggestion(
            {
                "title": form.title.data, "description": form.description.data, "provider": form.provider.data,
                "address": form.address.data, "phone": form.phone.data, "website": form.website.data,
                "category": category, "languages": form.languages.data, "contact_email": form.contact_email.data,
            }
        )
        return _thanks("suggestion")
    return render_template("public/suggest.html", form=form), 400 if form.errors else 200


@bp.route("/offers/<slug>/report", methods=["GET", "POST"])
@limiter.limit(feedback_rate_limit, methods=["POST"])
def report_problem(slug: str):
    offer = queries.published_offer_by_slug(slug)
    if offer is None:
        abort(404)
    form = ProblemReportForm()
    if form.validate_on_submit():
        if form.is_bot():
            log.info("problem report dropped: honeypot filled")
            return _thanks("report")
        suggestion_service.submit_problem_report(
            offer, form.kind.data, form.message.data or "", form.contact_email.data or ""
        )
        return _thanks("report")
    return render_template("public/report_problem.html", form=form, offer=offer), 400 if form.errors else 200
