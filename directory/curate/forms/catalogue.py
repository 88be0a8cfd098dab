"""Back-office forms for places, organisations, categories and challenges. Validation only."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from ...geo.shapes import inside_any
from .fields import EMAIL, Choices, DecimalField, check_website, options


class PlaceForm(FlaskForm):
    name = StringField(_l("Name des Ortes"), validators=[Length(max=300)],
                       description=_l("z. B. „Stadtteiltreff Oase“ (freiwillig)"))
    street = StringField(_l("Straße und Hausnummer"), validators=[Length(max=300)])
    postcode = StringField(
        _l("Postleitzahl"),
        validators=[Optional(), Regexp(r"^\d{5}$", message=_l("Die Postleitzahl hat fünf Ziffern."))],
    )
    city = StringField(_l("Ort"), default="Magdeburg", validators=[Length(max=100)])
    district = SelectField(_l("Stadtteil"), default="")
    lat = DecimalField(_l("Breite (Latitude)"), validators=[Optional(), NumberRange(-90, 90)],
                       description=_l("z. B. 52,1301 — oder „Koordinaten nachschlagen“ nutzen"))
    lon = DecimalField(_l("Länge (Longitude)"), validators=[Optional(), NumberRange(-180, 180)],
                       description=_l("z. B. 11,6400"))
    step_free = SelectField(
        _l("Stufenloser Zugang"),
        default="",
        choices=options([("", _l("nicht bekannt")), ("yes", _l("ja")), ("no", _l("nein"))]),
    )
    accessibility_note = TextAreaField(_l("Hinweise zur Barrierefreiheit"))
    confirm_outside = BooleanField(_l("Der Ort liegt wirklich außerhalb Magdeburgs"))
    lookup = SubmitField(_l("Koordinaten nachschlagen"))
    submit = SubmitField(_l("Speichern"))

    def __init__(self, *args: Any, districts: Choices = (), boundary: Sequence[dict] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.district.choices = options([("", _l("– nicht zugeordnet –")), *districts])
        self._boundary = list(boundary)

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if not (self.street.data or "").strip() and not (self.name.data or "").strip():
            self.street.errors.append(_l("Bitte eine Straße oder einen Namen angeben."))
            valid = False
        if (self.lat.data is None) != (self.lon.data is None):
            (self.lon if self.lon.data is None else self.lat).errors.append(
                _l("Breite und Länge bitte zusammen angeben.")
            )
            valid = False
        elif (
            self.lat.data is not None
            and self._boundary
            and not inside_any(self.lat.data, self.lon.data, self._boundary)
            and not self.confirm_outside.data
        ):
            self.confirm_outside.errors.append(
                _l("Diese Koordinaten liegen außerhalb Magdeburgs. Bitte prüfen und bestätigen.")
            )
            valid = False
        return valid

    def to_data(self) -> dict[str, Any]:
        return {
            "name": self.name.data,
            "street": self.street.data,
            "postcode": self.postcode.data,
            "city": self.city.data or "Magdeburg",
            "lat": self.lat.data,
            "lon": self.lon.data,
            "district": self.district.data or None,
            "step_free": {"yes": True, "no": False}.get(self.step_free.data),
            "accessibility_note": self.accessibility_note.data,
        }

    @staticmethod
    def initial(place: Any) -> dict[str, Any]:
        return {
            "name": place.name, "street": place.street, "postcode": place.postcode, "city": place.city,
            "lat": place.lat, "lon": place.lon, "district": place.district.slug if place.district else "",
            "step_free": {True: "yes", False: "no"}.get(place.step_free, ""),
            "accessibility_note": place.accessibility_note,
        }


class OrganisationForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Bitte einen Namen angeben.")), Length(max=300)])
    description = TextAreaField(_l("Beschreibung"))
    website = StringField(_l("Website"), validators=[Length(max=500), check_website])
    email = StringField(_l("E-Mail"), validators=[Length(max=300), EMAIL])
    phone = StringField(_l("Telefon"), validators=[Length(max=100)])
    demo = BooleanField(_l("Beispieleintrag"))
    submit = SubmitField(_l("Speichern"))

    def to_data(self) -> dict[str, Any]:
        return {name: getattr(self, name).data for name in ("name", "description", "website", "email", "phone",
                                                            "demo")}


class CategoryForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Bitte einen Namen angeben.")), Length(max=200)])
    description = TextAreaField(_l("Beschreibung"))
    position = IntegerField(_l("Reihenfolge"), default=0, validators=[Optional(), NumberRange(0, 1000)])
    submit = SubmitField(_l("Speichern"))

    def to_data(self) -> dict[str, Any]:
        return {"name": self.name.data, "description": self.description.data, "position": self.position.data or 0}


class ChallengeForm(FlaskForm):
    title = StringField(_l("Titel"), validators=[DataRequired(_l("Bitte einen Titel angeben.")), Length(max=300)])
    description = TextAreaField(_l("Beschreibung"))
    position = IntegerField(_l("Reihenfolge"), default=0, validators=[Optional(), NumberRange(0, 1000)])
    submit = SubmitField(_l("Speichern"))

    def to_data(self) -> dict[str, Any]:
        return {"title": self.title.data, "description": self.description.data, "position": self.position.data or 0}
