"""Back office: the start page's to-do counts and the yearly reminder list per provider."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..extensions import db
from ..models import Organisation
from ..services import dashboard, freshness
from . import bp
from .access import can, role_required
from .forms.suggestions import ConfirmForm

# (count field, label, endpoint, URL arguments, action the user needs to follow the link)
ITEMS = [
    ("new_suggestions", _l("neue Vorschläge"), "curate.suggestions", {}, "review"),
    ("open_reports", _l("offene Fehlermeldungen"), "curate.reports", {}, "review"),
    ("offers_in_review", _l("Angebote in Prüfung"), "curate.offers", {"state": "review"}, "view"),
    ("overdue_checks", _l("Angebote seit über 12 Monaten oder nie mit dem Anbieter geprüft"), "curate.reminders", {},
     "verify"),
    ("zero_result_searches", _l("Suchen ohne Ergebnis in diesem Monat"), "curate.zero_result_searches", None,
     "verify"),
    ("stale_measures", _l("Maßnahmen ohne Änderung des Stands seit 6 Monaten"), "curate.measures", {"stale": "1"},
     "measures"),
    ("translations", _l("Übersetzungen veraltet oder fehlend"), "curate.translation_coverage", {}, "measures"),
]


def dashboard_items() -> list[tuple[int, str, str]]:
    """(count, label, link) for each to-do the user may act on; counts not tracked yet are left out."""
    today = date.today()
    counts = dashboard.counts(today)
    items = []
    for name, label, endpoint, args, action in ITEMS:
        count = getattr(counts, name)
        if count is None or not can(current_user, action):
            continue
        if args is None:
            args = {"since": dashboard.month_start(today).isoformat()}
        items.append((count, str(label), url_for(endpoint, **args)))
    return items


@bp.get("/reminders")
@role_required("admin", "editor")
def reminders():
    return render_template("curate/reminders.html", groups=freshness.yearly_reminders(date.today()),
                           form=ConfirmForm())


@bp.post("/reminders/<uuid:organisation_id>")
@role_required("admin", "editor")
def confirm_provider(organisation_id):
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    overdue = next((g.offers for g in freshness.yearly_reminders(date.today())
                    if g.organisation is not None and g.organisation.id == organisation.id), [])
    count = freshness.confirm_provider(organisation, overdue, current_user._get_current_object())
    flash(_("%(count)d Angebote von „%(name)s“ sind als heute mit dem Anbieter geprüft vermerkt.", count=count,
            name=organisation.name), "success")
    return redirect(url_for("curate.reminders"))
