"""Back office: the synonym groups the search applies to queries (editors and admins)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..extensions import db
from ..models import SynonymGroup
from ..services import synonyms as service
from ..services.errors import CurationError
from . import bp
from .access import role_required
from .forms.suggestions import ConfirmForm
from .forms.synonyms import SynonymGroupForm

EDITORS = ("admin", "editor")
NEW, EDIT = _l("Neue Synonymgruppe"), _l("Synonymgruppe bearbeiten")


def _render_form(form: SynonymGroupForm, title: str, status: int = 200):
    return render_template("curate/entity_form.html", form=form, title=title,
                           back=url_for("curate.synonyms")), status


def _save(form: SynonymGroupForm, title: str, save):
    if form.validate_on_submit():
        try:
            group = save(service.parse_terms(form.terms.data))
        except CurationError as error:
            form.terms.errors = [*form.terms.errors, str(error)]
        else:
            flash(_("Gespeichert. Die Suche nutzt die Gruppe ab sofort."), "success")
            return redirect(url_for("curate.synonyms") + f"#row-{group.id}")
    return _render_form(form, title, 400)


@bp.get("/synonyms")
@role_required(*EDITORS)
def synonyms():
    return render_template("curate/synonyms.html", groups=service.all_groups())


@bp.get("/synonyms/new")
@role_required(*EDITORS)
def new_synonym_group():
    return _render_form(SynonymGroupForm(), str(NEW))[0]


@bp.post("/synonyms/new")
@role_required(*EDITORS)
def create_synonym_group():
    return _save(SynonymGroupForm(), str(NEW),
                 lambda terms: service.create_synonym_group(terms, current_user._get_current_object()))


@bp.get("/synonyms/<int:group_id>/edit")
@role_required(*EDITORS)
def edit_synonym_group(group_id: int):
    group = db.get_or_404(SynonymGroup, group_id)
    return _render_form(SynonymGroupForm(data={"terms": ", ".join(group.terms)}), str(EDIT))[0]


@bp.post("/synonyms/<int:group_id>/edit")
@role_required(*EDITORS)
def update_synonym_group(group_id: int):
    group = db.get_or_404(SynonymGroup, group_id)
    return _save(SynonymGroupForm(), str(EDIT),
                 lambda terms: service.update_synonym_group(group, terms, current_user._get_current_object()))


@bp.get("/synonyms/<int:group_id>/delete")
@role_required(*EDITORS)
def confirm_delete_synonym_group(group_id: int):
    group = db.get_or_404(SynonymGroup, group_id)
    return render_template("curate/synonym_delete.html", group=group, form=ConfirmForm())


@bp.post("/synonyms/<int:group_id>/delete")
@role_required(*EDITORS)
def delete_synonym_group(group_id: int):
    group = db.get_or_404(SynonymGroup, group_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render_template("curate/synonym_delete.html", group=group, form=form), 400
    service.delete_synonym_group(group, current_user._get_current_object())
    flash(_("Die Synonymgruppe wurde gelöscht."), "success")
    return redirect(url_for("curate.synonyms"))
