"""Back office: the list of offers due for a check, and marking one as checked."""

from __future__ import annotations

from datetime import date

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import db
from ..models import Offer
from ..models.suggestion import PROBLEM_KINDS
from ..services import checks
from . import bp
from .access import role_required
from .forms.suggestions import ConfirmForm
from .suggestions import offer_link


@bp.get("/checks")
@role_required("admin", "editor")
def checklist():
    days = current_app.config["STALE_AFTER_DAYS"]
    return render_template("curate/checks.html", items=checks.needs_checking(date.today(), days), days=days,
                           kinds=PROBLEM_KINDS, form=ConfirmForm(), offer_link=offer_link)


@bp.post("/checks/<uuid:offer_id>/verified")
@role_required("admin", "editor")
def mark_verified(offer_id):
    offer = db.get_or_404(Offer, offer_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    checks.mark_verified(offer, current_user)
    flash(_("„%(title)s“ ist als heute geprüft vermerkt.", title=offer.title), "success")
    return redirect(url_for("curate.checklist"))
