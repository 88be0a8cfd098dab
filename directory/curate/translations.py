"""Back office: translation coverage per language and content type, and the translations of the structure
(challenges, measures, categories, focus areas). Offers' translations are edited on the offer's own page."""

from __future__ import annotations

import uuid

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..extensions import db
from ..models import Offer
from ..models.translation import content_hash, german_fields
from ..queries import translations as queries
from ..services import translations as service
from ..services.errors import CurationError
from ..web.i18n import LOCALES, TRANSLATED_LOCALES
from . import bp
from .access import role_required
from .forms.translations import ReviewForm, StructureTranslationForm

TYPE_LABELS = {
    "offer": _l("Angebote"),
    "challenge": _l("Herausforderungen"),
    "measure": _l("Maßnahmen"),
    "category": _l("Kategorien"),
    "focus_area": _l("Schwerpunktbereiche"),
}
STATE_LABELS = {
    "missing": _l("fehlt"),
    "outdated": _l("veraltet"),
    "machine-assisted": _l("übersetzt, nicht geprüft"),
    "reviewed": _l("geprüft"),
    "team": _l("vom Team übersetzt"),
}


def _locale(locale: str) -> str:
    if locale not in TRANSLATED_LOCALES:
        abort(404)
    return locale


def _structure_object(content_type: str, object_id: int):
    if content_type not in service.STRUCTURE_MODELS:
        abort(404)
    return db.get_or_404(service.STRUCTURE_MODELS[content_type], object_id)


@bp.get("/translations")
@role_required("admin", "editor")
def translation_coverage():
    return render_template(
        "curate/translation_coverage.html", coverage=queries.coverage(), type_labels=TYPE_LABELS, locales=LOCALES
    )


@bp.get("/translations/<locale>/<content_type>")
@role_required("admin", "editor")
def translation_items(locale: str, content_type: str):
    if content_type not in queries.CONTENT_TYPES:
        abort(404)
    show = request.args.get("show", "")
    cov = queries.coverage([_locale(locale)], [content_type])[locale][content_type]
    items = [item for item in cov.items if not show or item.state == show]
    return render_template(
        "curate/translation_items.html", coverage=cov, items=items, show=show, locale=locale,
        type_label=TYPE_LABELS[content_type], state_labels=STATE_LABELS, locales=LOCALES,
    )


def _forms(content_type: str, obj, posted: tuple[str, StructureTranslationForm] | None = None):
    fields = service.translatable_fields(content_type, obj)
    forms = {}
    for locale in TRANSLATED_LOCALES:
        if posted and posted[0] == locale:
            forms[locale] = posted[1]
            continue
        row = service.structure_translation(content_type, obj.id, locale)
        data = {name: row.text(name) for name in fields} if row else {}
        forms[locale] = StructureTranslationForm.for_fields(fields, prefix=locale, data=data, formdata=None)
    return forms


def _render(content_type: str, obj, posted=None, status: int = 200):
    current = content_hash(content_type, obj)
    rows = {
        locale: service.structure_translation(content_type, obj.id, locale) for locale in TRANSLATED_LOCALES
    }
    return render_template(
        "curate/structure_translations.html", obj=obj, content_type=content_type,
        type_label=TYPE_LABELS[content_type], german=german_fields(content_type, obj),
        forms=_forms(content_type, obj, posted), rows=rows, current_hash=current, locales=LOCALES,
        review_form=ReviewForm(), state_labels=STATE_LABELS,
    ), status


@bp.get("/translations/<content_type>/<int:object_id>")
@role_required("admin", "editor")
def structure_translations(content_type: str, object_id: int):
    return _render(content_type, _structure_object(content_type, object_id))


@bp.post("/translations/<content_type>/<int:object_id>/<locale>")
@role_required("admin", "editor")
def save_structure_translation(content_type: str, object_id: int, locale: str):
    obj = _structure_object(content_type, object_id)
    fields = service.translatable_fields(content_type, obj)
    form = StructureTranslationForm.for_fields(fields, prefix=_locale(locale))
    if not form.validate():
        return _render(content_type, obj, (locale, form), 400)
    if service.save_structure_translation(content_type, obj, locale, form.to_data(), current_user):
        flash(_("Übersetzung (%(language)s) gespeichert.", language=LOCALES[locale]), "success")
    else:
        flash(_("Keine Änderungen: nichts gespeichert."), "info")
    return redirect(url_for("curate.structure_translations", content_type=content_type, object_id=object_id)
                    + f"#lang-{locale}")


@bp.post("/translations/<content_type>/<int:object_id>/<locale>/review")
@role_required("admin", "editor")
def review_structure_translation(content_type: str, object_id: int, locale: str):
    obj = _structure_object(content_type, object_id)
    if ReviewForm().validate():
        try:
            service.review_structure_translation(content_type, obj, _locale(locale), current_user)
        except CurationError as error:
            flash(str(error), "error")
        else:
            flash(_("Übersetzung (%(language)s) als geprüft markiert.", language=LOCALES[locale]), "success")
    return redirect(url_for("curate.structure_translations", content_type=content_type, object_id=object_id)
                    + f"#lang-{locale}")


@bp.post("/offers/<uuid:offer_id>/translations/<locale>/review")
@role_required("admin", "editor")
def review_offer_translation(offer_id: uuid.UUID, locale: str):
    offer = db.get_or_404(Offer, offer_id)
    if ReviewForm().validate():
        try:
            service.review_offer_translation(offer, _locale(locale), current_user)
        except CurationError as error:
            flash(str(error), "error")
        else:
            flash(_("Übersetzung (%(language)s) als geprüft markiert.", language=LOCALES[locale]), "success")
    return redirect(url_for("curate.offer_translations", offer_id=offer_id) + f"#lang-{locale}")

