"""What offers refer to: organisations and places (every role), categories and challenges (editors); the audit log."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..extensions import db
from ..geo.origin import locate_address
from ..models import Category, Challenge, Organisation, Place
from ..queries import curate as queries
from ..services import catalogue
from ..services.errors import CurationError
from ..services.offers.data import OfferDataError
from . import bp
from .access import role_required
from .forms.catalogue import CategoryForm, ChallengeForm, OrganisationForm, PlaceForm
from .forms.filters import AuditFilterForm
from .labels import ACTION_LABELS, OBJECT_TYPE_LABELS

EDITORS = ("admin", "editor")


def _actor():
    return current_user._get_current_object()


def _get(model: type, key: Any) -> Any:
    row = db.session.get(model, key)
    if row is None:
        abort(404)
    return row


def _render_form(form, title: str, back: str, status: int = 200, note: str = ""):
    return render_template("curate/entity_form.html", form=form, title=title, back=back, note=note), status


def _save(form, save: Callable[[dict], Any], endpoint: str, title: str, back: str):
    """Validate, call the service, and come back to the list, or show the form again with the reason."""
    if form.validate():
        try:
            row = save(form.to_data())
        except (CurationError, OfferDataError) as error:
            form.form_errors.append(str(error))
        else:
            flash(_("Gespeichert."), "success")
            return redirect(url_for(endpoint) + f"#row-{row.id}")
    return _render_form(form, title, back, 400)


# --- organisations ---------------------------------------------------------------------------------------------

ORG_NEW, ORG_EDIT = _l("Neuer Träger"), _l("Träger bearbeiten")


@bp.get("/organisations")
@role_required()
def organisations():
    return render_template(
        "curate/entity_list.html", title=_("Träger"),
        rows=[(o.id, o.name, o.website) for o in queries.all_organisations()],
        new_endpoint="curate.new_organisation", edit_endpoint="curate.edit_organisation", id_name="organisation_id",
    )


@bp.get("/organisations/new")
@role_required()
def new_organisation():
    return _render_form(OrganisationForm(), str(ORG_NEW), url_for("curate.organisations"))[0]


@bp.post("/organisations/new")
@role_required()
def create_organisation():
    return _save(OrganisationForm(), lambda data: catalogue.create_organisation(data, _actor()),
                 "curate.organisations", str(ORG_NEW), url_for("curate.organisations"))


@bp.get("/organisations/<uuid:organisation_id>/edit")
@role_required()
def edit_organisation(organisation_id: uuid.UUID):
    return _render_form(OrganisationForm(obj=_get(Organisation, organisation_id)), str(ORG_EDIT),
                        url_for("curate.organisations"))[0]


@bp.post("/organisations/<uuid:organisation_id>/edit")
@role_required()
def update_organisation(organisation_id: uuid.UUID):
    organisation = _get(Organisation, organisation_id)
    return _save(OrganisationForm(), lambda data: catalogue.update_organisation(organisation, data, _actor()),
                 "curate.organisations", str(ORG_EDIT), url_for("curate.organisations"))


# --- places ----------------------------------------------------------------------------------------------------

PLACE_NEW, PLACE_EDIT = _l("Neuer Ort"), _l("Ort bearbeiten")


def _place_form(**kwargs: Any) -> PlaceForm:
    return PlaceForm(districts=queries.district_choices(), boundary=queries.city_boundary(), **kwargs)


@bp.get("/places")
@role_required()
def places():
    rows = [
        (p.id, p.label, p.district.name if p.district else "") for p in queries.all_places()
    ]
    return render_template(
        "curate/entity_list.html", title=_("Orte"), rows=rows,
        new_endpoint="curate.new_place", edit_endpoint="curate.edit_place", id_name="place_id",
    )


@bp.get("/places/new")
@role_required()
def new_place():
    return _render_form(_place_form(), str(PLACE_NEW), url_for("curate.places"))[0]


def _save_place(place: Place | None, title: str):
    form = _place_form()
    if form.lookup.data:
        return _looked_up(form, title)
    return _save(form, lambda data: catalogue.save_place(place, data, _actor()), "curate.places", title,
                 url_for("curate.places"))


def _looked_up(form: PlaceForm, title: str):
    """Fill in coordinates (and the Stadtteil) from the gazetteer or the optional geocoder; nothing is saved.

    Only on the explicit "look up" button: the one place the back office may ask the network."""
    match = locate_address(form.street.data or "", form.postcode.data or "", form.city.data or "Magdeburg")
    if match is None:
        note = _("Die Adresse wurde im Straßenverzeichnis nicht gefunden. Bitte Koordinaten eintragen.")
    else:
        form.lat.data, form.lon.data = match.lat, match.lon
        form.lat.raw_data = form.lon.raw_data = None  # show the found values, not the empty input
        district = queries.district_by_number(match.district_number) if match.district_number else None
        if district is not None:
            form.district.data = district.slug
        if not form.postcode.data and match.postcode:
            form.postcode.data = match.postcode
        note = {
            "street": _("Koordinaten der Straßenmitte übernommen. Bitte prüfen und speichern."),
            "geocoder": _("Koordinaten vom Geocoder übernommen. Bitte prüfen und speichern."),
        }.get(match.kind, _("Nur die Postleitzahl wurde gefunden: Koordinaten der Gebietsmitte übernommen. "
                            "Bitte prüfen."))
    return _render_form(form, title, url_for("curate.places"), note=note)


@bp.post("/places/new")
@role_required()
def create_place():
    return _save_place(None, str(PLACE_NEW))


@bp.get("/places/<uuid:place_id>/edit")
@role_required()
def edit_place(place_id: uuid.UUID):
    place = _get(Place, place_id)
    return _render_form(_place_form(data=PlaceForm.initial(place)), str(PLACE_EDIT), url_for("curate.places"))[0]


@bp.post("/places/<uuid:place_id>/edit")
@role_required()
def update_place(place_id: uuid.UUID):
    return _save_place(_get(Place, place_id), str(PLACE_EDIT))


# --- categories and challenges (editors) --------------------------------------------------------------------

CAT_NEW, CAT_EDIT = _l("Neue Kategorie"), _l("Kategorie bearbeiten")
CH_NEW, CH_EDIT = _l("Neue Herausforderung"), _l("Herausforderung bearbeiten")


@bp.get("/categories")
@role_required(*EDITORS)
def categories():
    return render_template(
        "curate/entity_list.html", title=_("Kategorien"),
        rows=[(c.id, c.name, c.slug) for c in queries.all_categories()],
        new_endpoint="curate.new_category", edit_endpoint="curate.edit_category", id_name="category_id",
    )


@bp.get("/categories/new")
@role_required(*EDITORS)
def new_category():
    return _render_form(CategoryForm(), str(CAT_NEW), url_for("curate.categories"))[0]


@bp.post("/categories/new")
@role_required(*EDITORS)
def create_category():
    return _save(CategoryForm(), lambda data: catalogue.create_category(data, _actor()), "curate.categories",
                 str(CAT_NEW), url_for("curate.categories"))


@bp.get("/categories/<int:category_id>/edit")
@role_required(*EDITORS)
def edit_category(category_id: int):
    return _render_form(CategoryForm(obj=_get(Category, category_id)), str(CAT_EDIT), url_for("curate.categories"))[0]


@bp.post("/categories/<int:category_id>/edit")
@role_required(*EDITORS)
def update_category(category_id: int):
    category = _get(Category, category_id)
    return _save(CategoryForm(), lambda data: catalogue.update_category(category, data, _actor()),
                 "curate.categories", str(CAT_EDIT), url_for("curate.categories"))


@bp.get("/challenges")
@role_required(*EDITORS)
def challenges():
    return render_template(
        "curate/entity_list.html", title=_("Herausforderungen"),
        rows=[(c.id, c.title, c.slug) for c in queries.all_challenges()],
        new_endpoint="curate.new_challenge", edit_endpoint="curate.edit_challenge", id_name="challenge_id",
    )


@bp.get("/challenges/new")
@role_required(*EDITORS)
def new_challenge():
    return _render_form(ChallengeForm(), str(CH_NEW), url_for("curate.challenges"))[0]


@bp.post("/challenges/new")
@role_required(*EDITORS)
def create_challenge():
    return _save(ChallengeForm(), lambda data: catalogue.create_challenge(data, _actor()), "curate.challenges",
                 str(CH_NEW), url_for("curate.challenges"))


@bp.get("/challenges/<int:challenge_id>/edit")
@role_required(*EDITORS)
def edit_challenge(challenge_id: int):
    return _render_form(ChallengeForm(obj=_get(Challenge, challenge_id)), str(CH_EDIT),
                        url_for("curate.challenges"))[0]


@bp.post("/challenges/<int:challenge_id>/edit")
@role_required(*EDITORS)
def update_challenge(challenge_id: int):
    challenge = _get(Challenge, challenge_id)
    return _save(ChallengeForm(), lambda data: catalogue.update_challenge(challenge, data, _actor()),
                 "curate.challenges", str(CH_EDIT), url_for("curate.challenges"))


# --- audit log ---------------------------------------------------------------------------------------------------


@bp.get("/audit")
@role_required(*EDITORS)
def audit_log():
    form = AuditFilterForm(request.args, people=queries.audit_people())
    valid = form.validate()
    page = queries.audit_page(
        person=form.person.data if valid else "",
        since=form.since.data if valid else None,
        until=form.until.data if valid else None,
        page=max(1, request.args.get("page", 1, type=int) or 1),
    )
    filter_args = {key: value for key, value in request.args.items() if key != "page"}
    return render_template(
        "curate/audit.html", form=form, page=page, filter_args=filter_args,
        action_labels=ACTION_LABELS, type_labels=OBJECT_TYPE_LABELS,
    ), (200 if valid else 400)
