"""Back-office forms for the translations of challenges, measures, categories and focus areas."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import Length

# Label and field class of every translated text of the structure (short names: one line).
FIELD_LABELS = {
    "title": (_l("Titel"), StringField),
    "name": (_l("Name"), StringField),
    "description": (_l("Beschreibung"), TextAreaField),
    "text": (_l("Maßnahme"), TextAreaField),
    "document_note": (_l("Anmerkung zum Stand (laut Zukunftswerkstatt)"), TextAreaField),
}


class StructureTranslationForm(FlaskForm):
    """One language of a challenge, measure, category or focus area: a field per German text."""

    submit = SubmitField(_l("Übersetzung speichern"))

    @classmethod
    def for_fields(cls, fields: tuple[str, ...], **kwargs: Any) -> StructureTranslationForm:
        attributes = {}
        for name in fields:
            label, field_class = FIELD_LABELS[name]
            attributes[name] = field_class(label, validators=[Length(max=300 if field_class is StringField else 5000)])
        form_class = type("StructureTranslationForm", (cls,), attributes)
        form = form_class(**kwargs)
        form.text_fields = fields
        return form

    def to_data(self) -> dict[str, str]:
        return {name: self[name].data or "" for name in self.text_fields}


class ReviewForm(FlaskForm):
    """A button that marks a translation reviewed (CSRF-protected)."""

    submit = SubmitField(_l("Als geprüft markieren"))
