"""Back office: the multilingual vocabulary the search reads queries with (editors and admins)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..extensions import db
from ..models import VocabularyConcept
from ..search.vocabulary import LANGUAGES
from ..services import vocabulary as service
from ..services.errors import CurationError
from . import bp
from .access import role_required
from .forms.vocabulary import VocabularyConceptForm

EDITORS = ("admin", "editor")
NEW, EDIT = _l("Neuer Begriff"), _l("Begriff bearbeiten")


def _render_form(form: VocabularyConceptForm, title: str, status: int = 200):
    return render_template("curate/entity_form.html", form=form, title=title, back=url_for("curate.vocabulary"),
                           note=_("Übersetzt, nicht geprüft: die Wörter außer Deutsch sind maschinell unterstützt "
                                  "geschrieben, bis Muttersprachler sie durchgesehen haben.")), status


def _save(form: VocabularyConceptForm, title: str, save):
    if form.validate_on_submit():
        try:
            implies = service.parse_implies(form.implies.data)
            terms = service.concept_terms({lang: getattr(form, f"terms_{lang}").data for lang in LANGUAGES})
            concept = save(form.type.data, implies, terms)
        except CurationError as error:
            form.implies.errors = [*form.implies.errors, str(error)]
        else:
            flash(_("Gespeichert. Die Suche nutzt den Begriff ab sofort."), "success")
            return redirect(url_for("curate.vocabulary") + f"#row-{concept.id}")
    return _render_form(form, title, 400)


@bp.get("/vocabulary")
@role_required(*EDITORS)
def vocabulary():
    return render_template("curate/vocabulary.html", concepts=service.all_concepts(), languages=LANGUAGES)


@bp.get("/vocabulary/new")
@role_required(*EDITORS)
def new_vocabulary_concept():
    return _render_form(VocabularyConceptForm(), str(NEW))[0]


@bp.post("/vocabulary/new")
@role_required(*EDITORS)
def create_vocabulary_concept():
    form = VocabularyConceptForm()
    key = (form.key.data or "").strip()
    return _save(form, str(NEW), lambda type_, implies, terms: service.create_concept(
        key, type_, implies, terms, current_user._get_current_object()))


@bp.get("/vocabulary/<int:concept_id>/edit")
@role_required(*EDITORS)
def edit_vocabulary_concept(concept_id: int):
    concept = db.get_or_404(VocabularyConcept, concept_id)
    data = {"key": concept.key, "type": concept.type, "implies": service.format_implies(concept.implies)}
    data |= {f"terms_{lang}": ", ".join((concept.terms or {}).get(lang) or []) for lang in LANGUAGES}
    form = VocabularyConceptForm(data=data)
    form.key.render_kw = {"readonly": True}
    return _render_form(form, str(EDIT))[0]


@bp.post("/vocabulary/<int:concept_id>/edit")
@role_required(*EDITORS)
def update_vocabulary_concept(concept_id: int):
    concept = db.get_or_404(VocabularyConcept, concept_id)
    return _save(VocabularyConceptForm(), str(EDIT), lambda type_, implies, terms: service.update_concept(
        concept, type_, implies, terms, current_user._get_current_object()))
