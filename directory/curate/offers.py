"""Offers in the back office: list, create (with duplicate hints), edit (optimistic locking), workflow steps,
history with diffs and restore, translations, and the admin's hard delete."""

from __future__ import annotations

import uuid

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import db
from ..models import Offer
from ..models.translation import CONTENT_FIELDS, content_hash
from ..queries import curate as queries
from ..services.errors import CurationError, StaleEditError
from ..services.offers import editing, revisions
from ..services.offers.data import OfferDataError
from ..services.offers.duplicates import find_likely_duplicates
from ..services.offers.snapshots import diff_snapshots, offer_to_data
from ..web.i18n import DEFAULT_LOCALE, LOCALES
from . import bp
from .access import can, require, role_required
from .forms.filters import OfferFilterForm
from .forms.offers import ActionForm, HardDeleteForm, OfferForm, TranslationForm
from .forms.translations import ReviewForm
from .labels import ACTION_LABELS

EDITORS = ("admin", "editor")


def _actor():
    return current_user._get_current_object()


def _offer(offer_id: uuid.UUID) -> Offer:
    offer = db.session.get(Offer, offer_id)
    if offer is None:
        abort(404)
    return offer


def _page_number() -> int:
    return max(1, request.args.get("page", 1, type=int) or 1)


@bp.get("/offers")
@role_required()
def offers():
    form = OfferFilterForm(request.args, categories=[(c.slug, c.name) for c in queries.all_categories()])
    form.validate()
    page = queries.offers_page(
        state=form.state.data if not form.state.errors else "",
        category=form.category.data if not form.category.errors else "",
        text=form.q.data or "",
        page=_page_number(),
    )
    filter_args = {key: value for key, value in request.args.items() if key != "page"}
    return render_template("curate/offers.html", form=form, page=page, filter_args=filter_args)


def _render_offer_form(
    form: OfferForm, offer: Offer | None = None, duplicates=None, status: int = 200, conflict=None
):
    return (
        render_template(
            "curate/offer_form.html",
            form=form,
            offer=offer,
            duplicates=duplicates or [],
            conflict=conflict,
            latest=revisions.latest_revision(offer) if offer is not None else None,
            action_form=ActionForm(),
            transitions=editing.TRANSITIONS,
            can_do=lambda action: can(current_user, action, offer),
        ),
        status,
    )


def _wants_another_hour_row(form: OfferForm) -> bool:
    """"Weitere Zeile" without JavaScript: the form comes back as typed, with one more empty row, unsaved."""
    if "add_hour_row" not in request.form:
        return False
    form.hours.append_entry()
    return True


@bp.get("/offers/new")
@role_required()
def new_offer():
    form = OfferForm(choices=queries.offer_form_choices(), data=OfferForm.initial({}))
    return _render_offer_form(form)[0]


@bp.post("/offers/new")
@role_required()
def create_offer():
    require("create")
    form = OfferForm(choices=queries.offer_form_choices())
    if _wants_another_hour_row(form):
        return _render_offer_form(form)
    if not form.validate():
        return _render_offer_form(form, status=400)
    data = form.to_data()
    if not form.confirm_duplicates.data:
        duplicates = find_likely_duplicates(data["title"], data["organisation"], data["places"])
        if duplicates:
            # A hint, not a refusal: the form comes back with the input and a box to tick to go ahead.
            return _render_offer_form(form, duplicates=duplicates)
    try:
        offer = editing.create_offer_draft(data, _actor())
    except (OfferDataError, CurationError) as error:
        form.form_errors.append(str(error))
        return _render_offer_form(form, status=400)
    flash(_("Der Entwurf „%(title)s“ wurde angelegt.", title=offer.title), "success")
    return redirect(url_for("curate.edit_offer", offer_id=offer.id))


@bp.get("/offers/<uuid:offer_id>/edit")
@role_required()
def edit_offer(offer_id: uuid.UUID):
    offer = _offer(offer_id)
    require("edit", offer)
    form = OfferForm(choices=queries.offer_form_choices(), data=OfferForm.initial(offer_to_data(offer), offer.version))
    return _render_offer_form(form, offer)[0]


@bp.post("/offers/<uuid:offer_id>/edit")
@role_required()
def update_offer(offer_id: uuid.UUID):
    offer = _offer(offer_id)
    require("edit", offer)
    form = OfferForm(choices=queries.offer_form_choices())
    form.place_unknown = not offer.places
    if _wants_another_hour_row(form):
        return _render_offer_form(form, offer)
    if not form.validate():
        return _render_offer_form(form, offer, status=400)
    try:
        revision = editing.update_offer(offer, form.to_data(), _actor(), form.expected_version)
    except StaleEditError as error:
        # Nothing is lost: the input stays on the form, with who saved in between. The form now carries the
        # current version, so saving again is a deliberate decision to replace that state, never a silent one.
        form.form_errors.append(str(error))
        current = _offer(offer_id)
        form.version.data = str(current.version)
        return _render_offer_form(form, current, status=409, conflict=revisions.latest_revision(current))
    except (OfferDataError, CurationError) as error:
        form.form_errors.append(str(error))
        return _render_offer_form(form, db.session.get(Offer, offer_id), status=400)
    if revision is None:
        flash(_("Keine Änderungen: nichts gespeichert."), "info")
    else:
        flash(_("Gespeichert (Fassung %(number)s).", number=revision.number), "success")
    return redirect(url_for("curate.edit_offer", offer_id=offer_id))


def _workflow(offer_id: uuid.UUID, step: str, action: str, done: str):
    offer = _offer(offer_id)
    require(action, offer)
    form = ActionForm()
    if not form.validate():
        abort(400)
    try:
        editing.change_workflow(offer, step, _actor())
    except CurationError as error:
        flash(str(error), "error")
    else:
        flash(done, "success")
    return redirect(url_for("curate.edit_offer", offer_id=offer_id))


@bp.post("/offers/<uuid:offer_id>/submit")
@role_required()
def submit_offer(offer_id: uuid.UUID):
    return _workflow(offer_id, "submit", "submit", _("Zur Prüfung eingereicht."))


@bp.post("/offers/<uuid:offer_id>/publish")
@role_required(*EDITORS)
def publish_offer(offer_id: uuid.UUID):
    return _workflow(offer_id, "publish", "publish", _("Veröffentlicht."))


@bp.post("/offers/<uuid:offer_id>/unpublish")
@role_required(*EDITORS)
def unpublish_offer(offer_id: uuid.UUID):
    return _workflow(offer_id, "unpublish", "publish", _("Zurück in den Entwurf gesetzt."))


@bp.post("/offers/<uuid:offer_id>/archive")
@role_required(*EDITORS)
def archive_offer(offer_id: uuid.UUID):
    return _workflow(offer_id, "archive", "archive", _("Archiviert. Nichts wurde gelöscht."))


@bp.post("/offers/<uuid:offer_id>/unarchive")
@role_required(*EDITORS)
def unarchive_offer(offer_id: uuid.UUID):
    return _workflow(offer_id, "unarchive", "unarchive", _("Aus dem Archiv geholt (als Entwurf)."))


@bp.get("/offers/<uuid:offer_id>/history")
@role_required()
def offer_history(offer_id: uuid.UUID):
    offer = _offer(offer_id)
    history = revisions.revisions_of(offer)
    names = queries.reference_names()
    # Each revision with what it changed against the one before it.
    changes = {
        rev.number: diff_snapshots(older.snapshot if older else None, rev.snapshot, names)
        for rev, older in zip(history, [*history[1:], None], strict=True)
    }
    return render_template(
        "curate/offer_history.html", offer=offer, revisions=history, changes=changes, action_labels=ACTION_LABELS,
        action_form=ActionForm(data={"version": offer.version}), can_restore=can(current_user, "restore", offer),
    )


@bp.get("/offers/<uuid:offer_id>/revisions/<int:number>")
@role_required()
def offer_revision(offer_id: uuid.UUID, number: int):
    """One revision against another (default: the one before it), or against the current state."""
    offer = _offer(offer_id)
    revision = queries.revision(offer, number)
    if revision is None:
        abort(404)
    against = request.args.get("against", "")
    if against == "current":
        base_label = _("aktueller Stand")
        old, new = revision.snapshot, offer_to_data(offer)
    else:
        base_number = request.args.get("against", number - 1, type=int)
        base = queries.revision(offer, base_number) if base_number else None
        base_label = _("Fassung %(number)s", number=base.number) if base else _("leer")
        old, new = (base.snapshot if base else None), revision.snapshot
    return render_template(
        "curate/offer_revision.html", offer=offer, revision=revision, base_label=base_label,
        changes=diff_snapshots(old, new, queries.reference_names()), against=against,
        action_form=ActionForm(data={"version": offer.version}), can_restore=can(current_user, "restore", offer),
    )


@bp.post("/offers/<uuid:offer_id>/revisions/<int:number>/restore")
@role_required(*EDITORS)
def restore_offer_revision(offer_id: uuid.UUID, number: int):
    offer = _offer(offer_id)
    require("restore", offer)
    revision = queries.revision(offer, number)
    if revision is None:
        abort(404)
    form = ActionForm()
    if not form.validate():
        abort(400)
    try:
        version = int(form.version.data) if form.version.data else None
        restored = editing.restore_revision(offer, revision, _actor(), version)
    except (ValueError, OfferDataError, CurationError) as error:
        flash(str(error), "error")
        return redirect(url_for("curate.offer_history", offer_id=offer_id))
    if restored is None:
        flash(_("Fassung %(number)s entspricht dem aktuellen Stand.", number=number), "info")
    else:
        flash(_("Fassung %(number)s wiederhergestellt (neue Fassung %(new)s).", number=number, new=restored.number),
              "success")
    return redirect(url_for("curate.offer_history", offer_id=offer_id))


def _translation_forms(offer: Offer, posted: tuple[str, TranslationForm] | None = None) -> dict[str, TranslationForm]:
    forms = {}
    for locale in LOCALES:
        if locale == DEFAULT_LOCALE:
            continue
        if posted and posted[0] == locale:
            forms[locale] = posted[1]
            continue
        existing = offer.translation(locale)
        data = {"version": offer.version}
        if existing is not None:
            data.update({name: getattr(existing, name) for name in CONTENT_FIELDS["offer"]})
        forms[locale] = TranslationForm(prefix=locale, data=data, formdata=None)
    return forms


def _render_translations(offer: Offer, posted=None, status: int = 200):
    return render_template(
        "curate/offer_translations.html", offer=offer, forms=_translation_forms(offer, posted), locales=LOCALES,
        can_edit=can(current_user, "edit", offer), can_review=can(current_user, "translations"),
        review_form=ReviewForm(), current_hash=content_hash("offer", offer),
    ), status


@bp.get("/offers/<uuid:offer_id>/translations")
@role_required()
def offer_translations(offer_id: uuid.UUID):
    return _render_translations(_offer(offer_id))


@bp.post("/offers/<uuid:offer_id>/translations/<locale>")
@role_required()
def save_offer_translation(offer_id: uuid.UUID, locale: str):
    offer = _offer(offer_id)
    if locale not in LOCALES or locale == DEFAULT_LOCALE:
        abort(404)
    require("edit", offer)
    form = TranslationForm(prefix=locale)
    if not form.validate():
        return _render_translations(offer, (locale, form), 400)
    try:
        version = int(form.version.data) if form.version.data else None
        revision = editing.save_translation(offer, locale, form.to_data(), _actor(), version)
    except StaleEditError as error:
        form.form_errors.append(str(error))
        current = _offer(offer_id)
        form.version.data = str(current.version)
        return _render_translations(current, (locale, form), 409)
    except (ValueError, CurationError) as error:
        form.form_errors.append(str(error))
        return _render_translations(db.session.get(Offer, offer_id), (locale, form), 400)
    if revision is None:
        flash(_("Keine Änderungen: nichts gespeichert."), "info")
    else:
        flash(_("Übersetzung (%(language)s) gespeichert.", language=LOCALES[locale]), "success")
    return redirect(url_for("curate.offer_translations", offer_id=offer_id) + f"#lang-{locale}")


@bp.get("/offers/<uuid:offer_id>/delete")
@role_required("admin")
def confirm_delete_offer(offer_id: uuid.UUID):
    offer = _offer(offer_id)
    require("hard_delete", offer)
    return render_template("curate/offer_delete.html", offer=offer, form=HardDeleteForm())


@bp.post("/offers/<uuid:offer_id>/delete")
@role_required("admin")
def delete_offer(offer_id: uuid.UUID):
    offer = _offer(offer_id)
    require("hard_delete", offer)
    form = HardDeleteForm()
    if form.validate():
        title = offer.title
        try:
            editing.hard_delete_offer(offer, _actor(), form.confirmation.data)
        except CurationError as error:
            form.confirmation.errors.append(str(error))
        else:
            flash(_("„%(title)s“ wurde endgültig gelöscht. Der Vorgang steht im Protokoll.", title=title), "success")
            return redirect(url_for("curate.offers"))
    return render_template("curate/offer_delete.html", offer=_offer(offer_id), form=form), 400

