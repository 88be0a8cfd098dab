"""Back-office forms for reviewing feedback, checking offers, the CSV import and synonyms. Validation only."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class AcceptSuggestionForm(FlaskForm):
    category = SelectField(_l("Kategorie des Entwurfs"), choices=[],
                           validators=[DataRequired(_l("Bitte eine Kategorie wählen."))])


class RejectSuggestionForm(FlaskForm):
    reason = TextAreaField(_l("Grund der Ablehnung"),
                           validators=[DataRequired(_l("Bitte einen Grund angeben.")), Length(max=2000)])


class ResolveReportForm(FlaskForm):
    note = TextAreaField(_l("Was wurde getan?"), validators=[Optional(), Length(max=2000)])


class ConfirmForm(FlaskForm):
    """A button that only needs the CSRF token (e.g. "geprüft")."""


class ImportForm(FlaskForm):
    file = FileField(_l("CSV-Datei mit Angeboten"), validators=[FileRequired(_l("Bitte eine CSV-Datei wählen."))])


class ApplyImportForm(FlaskForm):
    """The checked file travels back with the button, so what is applied is exactly what was checked."""

    content = HiddenField(validators=[DataRequired()])
    filename = StringField(validators=[Optional(), Length(max=300)])


class SynonymGroupForm(FlaskForm):
    terms = TextAreaField(
        _l("Begriffe"),
        description=_l("Wörter, die bei der Suche dasselbe meinen: durch Kommas getrennt oder einer je Zeile, "
                       "z. B. „Dolmetscher, Übersetzer, Sprachmittlung“"),
        validators=[DataRequired(_l("Bitte mindestens zwei Begriffe angeben.")), Length(max=5000)],
    )
    submit = SubmitField(_l("Speichern"))
