"""The CSV import forms: upload, then apply. Validation only."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, Length, Optional


class ImportForm(FlaskForm):
    file = FileField(_l("CSV-Datei mit Angeboten"), validators=[FileRequired(_l("Bitte eine CSV-Datei wählen."))])


class ApplyImportForm(FlaskForm):
    """The checked file travels back with the button, so what is applied is exactly what was checked."""

    content = HiddenField(validators=[DataRequired()])
    filename = StringField(validators=[Optional(), Length(max=300)])
