"""Back-office forms for offers, organisations, places, categories, challenges and translations.

Forms validate only: no writes, no network. Choices that come from the database are passed in by the view.
The offer form produces the plain data ``apply_offer_data`` takes (``OfferForm.to_data``), and starts from the
plain data ``offer_to_data`` gives (``OfferForm.initial``), so there is one mapping between form and offer.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from ...models import vocab
from ...web.fields import MultiCheckboxField
from .fields import EMAIL, TIME, Choices, check_website, options, to_local, to_utc, vocabulary_choices

EXTRA_HOUR_ROWS = 3  # empty weekday rows offered below the filled ones


class OpeningSlotForm(Form):
    """One weekday row of the opening hours; a row without a day is ignored."""

    class Meta:
        def get_translations(self, form: Any) -> Any:
            # Nested forms are plain WTForms forms: borrow Flask-WTF's German messages.
            return FlaskForm.Meta.get_translations(self, form)

    day = SelectField(_l("Wochentag"), choices=options([("", "–")]) + vocabulary_choices(vocab.WEEKDAYS), default="")
    opens = StringField(_l("von"), render_kw={"placeholder": "09:00", "inputmode": "numeric"})
    closes = StringField(_l("bis"), render_kw={"placeholder": "12:00", "inputmode": "numeric"})

    def validate_opens(self, field: Any) -> None:
        if self.day.data and not TIME.match(field.data or ""):
            raise ValidationError(_l("Uhrzeit bitte als SS:MM angeben, z. B. 09:00."))

    def validate_closes(self, field: Any) -> None:
        if not self.day.data:
            return
        if not TIME.match(field.data or ""):
            raise ValidationError(_l("Uhrzeit bitte als SS:MM angeben, z. B. 17:30."))
        if TIME.match(self.opens.data or "") and field.data <= self.opens.data:
            raise ValidationError(_l("Das Ende muss nach dem Beginn liegen."))


class OfferForm(FlaskForm):
    # What
    title = StringField(
        _l("Titel"), validators=[DataRequired(_l("Bitte einen Titel angeben.")), Length(max=300)]
    )
    summary = TextAreaField(_l("Kurzbeschreibung"), validators=[Length(max=600)],
                            description=_l("Ein bis zwei Sätze: was, für wen."))
    description = TextAreaField(_l("Beschreibung"))
    category = SelectField(_l("Kategorie"), validators=[DataRequired(_l("Bitte eine Kategorie wählen."))])
    organisation = SelectField(_l("Träger"), default="")
    status = SelectField(_l("Status des Angebots"), choices=vocabulary_choices(vocab.OFFER_STATUSES))
    # Cost
    cost = RadioField(_l("Kosten"), choices=vocabulary_choices(vocab.COSTS), default="free")
    price_text = StringField(_l("Preis"), validators=[Length(max=500)],
                             description=_l("z. B. „10 € pro Stunde, ermäßigt 5 €“"))
    but_eligible = BooleanField(_l("Lernförderung über Bildung und Teilhabe (BuT) möglich"))
    # Who and how
    languages = MultiCheckboxField(_l("Sprachen"), choices=vocabulary_choices(vocab.LANGUAGES))
    target_groups = MultiCheckboxField(_l("Zielgruppen"), choices=vocabulary_choices(vocab.TARGET_GROUPS))
    age_min = IntegerField(_l("Mindestalter"), validators=[Optional(), NumberRange(0, 120)])
    age_max = IntegerField(_l("Höchstalter"), validators=[Optional(), NumberRange(0, 120)])
    modes = MultiCheckboxField(_l("Form"), choices=vocabulary_choices(vocab.MODES))
    settings = MultiCheckboxField(_l("Einsatzbereiche (Sprachmittlung)"), choices=vocabulary_choices(vocab.SETTINGS))
    subjects = MultiCheckboxField(_l("Fächer (Nachhilfe)"), choices=vocabulary_choices(vocab.SUBJECTS))
    school_levels = MultiCheckboxField(_l("Schulstufen (Nachhilfe)"), choices=vocabulary_choices(vocab.SCHOOL_LEVELS))
    registration_required = BooleanField(_l("Anmeldung nötig"))
    lead_time_days = IntegerField(_l("Vorlauf in Werktagen"), validators=[Optional(), NumberRange(0, 365)])
    how_to_access = TextAreaField(_l("So nehmen Sie teil"), description=_l("Buchung, Anmeldung, Ablauf"))
    limitations = TextAreaField(_l("Was das Angebot nicht umfasst"))
    # When
    hours = FieldList(FormField(OpeningSlotForm), label=_l("Öffnungszeiten"), min_entries=EXTRA_HOUR_ROWS)
    by_appointment = BooleanField(_l("nach Vereinbarung"))
    hours_note = StringField(_l("Hinweis zu den Zeiten"), validators=[Length(max=500)])
    starts_at = DateTimeLocalField(_l("Beginn (bei Terminen)"), validators=[Optional()], format="%Y-%m-%dT%H:%M")
    ends_at = DateTimeLocalField(_l("Ende (bei Terminen)"), validators=[Optional()], format="%Y-%m-%dT%H:%M")
    # Contact
    phone = StringField(_l("Telefon"), validators=[Length(max=100)])
    email = StringField(_l("E-Mail"), validators=[Length(max=300), EMAIL])
    website = StringField(_l("Website"), validators=[Length(max=500), check_website])
    # Where
    places = SelectMultipleField(_l("Orte"),
                                 description=_l("Mehrfachauswahl mit Strg/Cmd. Neue Orte unter „Orte“ anlegen."))
    districts = MultiCheckboxField(_l("Stadtteile"))
    focus_areas = MultiCheckboxField(_l("Schwerpunktbereiche"))
    citywide = BooleanField(_l("für die ganze Stadt"))
    statewide = BooleanField(_l("landesweit (Sachsen-Anhalt)"))
    challenges = MultiCheckboxField(_l("Herausforderungen"))
    measures = MultiCheckboxField(_l("Maßnahmen, auf die das Angebot antwortet"))
    # Source
    source_title = StringField(_l("Quelle"), validators=[Length(max=500)])
    source_url = StringField(_l("Quelle (Adresse)"), validators=[Length(max=500), check_website])
    demo = BooleanField(_l("Beispieleintrag (kein echtes Angebot)"))

    version = HiddenField()
    confirm_duplicates = BooleanField(_l("Ich habe die ähnlichen Einträge geprüft: trotzdem anlegen"))
    submit = SubmitField(_l("Speichern"))

    def __init__(self, *args: Any, choices: dict[str, Choices] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices = choices or {}
        self.category.choices = options([("", "–"), *choices.get("categories", [])])
        self.organisation.choices = options([("", _l("– kein Träger –")), *choices.get("organisations", [])])
        self.places.choices = options(choices.get("places", []))
        self.districts.choices = options(choices.get("districts", []))
        self.focus_areas.choices = options(choices.get("focus_areas", []))
        self.challenges.choices = options(choices.get("challenges", []))
        self.measures.choices = options(choices.get("measures", []))

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if self.age_min.data is not None and self.age_max.data is not None and self.age_min.data > self.age_max.data:
            self.age_max.errors.append(_l("Das Höchstalter muss mindestens so hoch sein wie das Mindestalter."))
            valid = False
        if self.starts_at.data and self.ends_at.data and self.ends_at.data < self.starts_at.data:
            self.ends_at.errors.append(_l("Das Ende muss nach dem Beginn liegen."))
            valid = False
        # Readers need a place to find an offer that still runs; an ended one stays on record as it was. An
        # offer recorded without a place (its source names none; never invented) can still be edited: asking
        # for a place there would block every other correction.
        needs_place = self.status.data != "ended" and "in_person" in (self.modes.data or [])
        if needs_place and not self.places.data and not self.statewide.data and not self.place_unknown:
            self.places.errors.append(
                _l("Für Angebote vor Ort bitte mindestens einen Ort wählen (landesweite Angebote brauchen keinen).")
            )
            valid = False
        return valid

    place_unknown = False  # set for an edit of an offer that has no place on record

    @property
    def expected_version(self) -> int | None:
        try:
            return int(self.version.data)
        except (TypeError, ValueError):
            return None

    def to_data(self) -> dict[str, Any]:
        """The plain data ``apply_offer_data`` takes."""
        weekly = [
            {"day": row.day.data, "opens": row.opens.data, "closes": row.closes.data}
            for row in self.hours
            if row.day.data
        ]
        return {
            "title": self.title.data,
            "summary": self.summary.data,
            "description": self.description.data,
            "category": self.category.data,
            "organisation": self.organisation.data or None,
            "status": self.status.data,
            "cost": self.cost.data,
            "price_text": self.price_text.data,
            "but_eligible": self.but_eligible.data,
            "languages": self.languages.data or [],
            "target_groups": self.target_groups.data or [],
            "age_min": self.age_min.data,
            "age_max": self.age_max.data,
            "modes": self.modes.data or [],
            "settings": self.settings.data or [],
            "subjects": self.subjects.data or [],
            "school_levels": self.school_levels.data or [],
            "registration_required": self.registration_required.data,
            "lead_time_days": self.lead_time_days.data,
            "how_to_access": self.how_to_access.data,
            "limitations": self.limitations.data,
            "opening_hours": {
                "weekly": weekly, "by_appointment": self.by_appointment.data, "note": self.hours_note.data,
            },
            "starts_at": to_utc(self.starts_at.data),
            "ends_at": to_utc(self.ends_at.data),
            "phone": self.phone.data,
            "email": (self.email.data or "").strip(),
            "website": (self.website.data or "").strip(),
            "places": list(self.places.data or []),
            "service_area": {
                "districts": self.districts.data or [],
                "focus_areas": self.focus_areas.data or [],
                "citywide": self.citywide.data,
                "statewide": self.statewide.data,
            },
            "challenges": self.challenges.data or [],
            "measures": self.measures.data or [],
            "source_title": self.source_title.data,
            "source_url": (self.source_url.data or "").strip(),
            "demo": self.demo.data,
        }

    @staticmethod
    def initial(data: dict[str, Any], version: int | None = None) -> dict[str, Any]:
        """Form field values from an offer's plain data (``offer_to_data``)."""
        hours = data.get("opening_hours") or {}
        area = data.get("service_area") or {}
        values = {
            name: data.get(name)
            for name in (
                "title", "summary", "description", "category", "status", "cost", "price_text", "but_eligible",
                "languages", "target_groups", "age_min", "age_max", "modes", "settings", "subjects",
                "school_levels", "registration_required", "lead_time_days", "how_to_access", "limitations",
                "phone", "email", "website", "places", "challenges", "measures", "source_title", "source_url", "demo",
            )
        }
        values["status"] = data.get("status") or "active"
        values["cost"] = data.get("cost") or "free"
        values["organisation"] = data.get("organisation") or ""
        values["hours"] = list(hours.get("weekly", [])) + [{}] * EXTRA_HOUR_ROWS
        values["by_appointment"] = bool(hours.get("by_appointment"))
        values["hours_note"] = hours.get("note", "")
        values["districts"] = area.get("districts", [])
        values["focus_areas"] = area.get("focus_areas", [])
        values["citywide"] = bool(area.get("citywide"))
        values["statewide"] = bool(area.get("statewide"))
        for name in ("starts_at", "ends_at"):
            values[name] = to_local(datetime.fromisoformat(data[name])) if data.get(name) else None
        values["version"] = "" if version is None else str(version)
        return values


class TranslationForm(FlaskForm):
    title = StringField(_l("Titel"), validators=[Length(max=300)])
    summary = TextAreaField(_l("Kurzbeschreibung"), validators=[Length(max=600)])
    description = TextAreaField(_l("Beschreibung"))
    how_to_access = TextAreaField(_l("So nehmen Sie teil"))
    limitations = TextAreaField(_l("Was das Angebot nicht umfasst"))
    version = HiddenField()
    submit = SubmitField(_l("Übersetzung speichern"))

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        others = (self.summary, self.description, self.how_to_access, self.limitations)
        if not (self.title.data or "").strip() and any((f.data or "").strip() for f in others):
            self.title.errors.append(_l("Bitte auch den Titel übersetzen."))
            valid = False
        return valid

    def to_data(self) -> dict[str, str]:
        return {name: self[name].data for name in ("title", "summary", "description", "how_to_access", "limitations")}


class ActionForm(FlaskForm):
    """A button that changes something (workflow step, restore): CSRF-protected, carries the version seen."""

    version = HiddenField()


class HardDeleteForm(FlaskForm):
    confirmation = StringField(
        _l("Titel des Angebots zur Bestätigung"),
        validators=[DataRequired(_l("Bitte den Titel zur Bestätigung eingeben."))],
    )
    understood = BooleanField(
        _l("Ich weiß, dass das Angebot mit seinem Verlauf endgültig gelöscht wird."),
        validators=[DataRequired(_l("Bitte bestätigen."))],
    )
    submit = SubmitField(_l("Endgültig löschen"))
