"""Back-office forms for reviewing feedback, checking offers, measures, the CSV import and synonyms. Validation only."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from .offers import options


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


class MeasureForm(FlaskForm):
    status = SelectField(_l("Stand"), choices=[], validators=[DataRequired(_l("Bitte einen Stand wählen."))])
    progress_note = TextAreaField(_l("Fortschritt"), validators=[Optional(), Length(max=2000)])
    focus_area = SelectField(_l("Schwerpunktbereich"), choices=[], validators=[Optional()])
    offers = SelectMultipleField(_l("Verknüpfte Angebote"), choices=[], validators=[Optional()])


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


VOCABULARY_TYPES = [
    ("service", _l("Angebot, Leistung")),
    ("subject", _l("Schulfach")),
    ("setting", _l("Ort, Stelle, Behörde")),
    ("target_group", _l("Zielgruppe")),
    ("cost", _l("Kosten (wird zum Filter)")),
    ("language", _l("Sprache (wird zum Filter)")),
    ("topic", _l("Thema")),
]
VOCABULARY_LANGUAGES = [
    ("de", _l("Deutsch (das erste Wort wird gesucht)")),
    ("en", _l("Englisch")),
    ("ar", _l("Arabisch")),
    ("uk", _l("Ukrainisch")),
    ("ru", _l("Russisch")),
    ("tr", _l("Türkisch")),
    ("fa", _l("Persisch")),
    ("ku", _l("Kurdisch (Kurmandschi)")),
]


class VocabularyConceptForm(FlaskForm):
    """A concept of the search vocabulary: its kind, what it means as a filter, its words per language."""

    key = StringField(_l("Schlüssel"), description=_l("Kleinbuchstaben, Ziffern und _; später nicht änderbar."),
                      validators=[Optional(), Length(max=80)])
    type = SelectField(_l("Art"), choices=options(VOCABULARY_TYPES))
    implies = StringField(
        _l("Bedeutung als Filter"),
        description=_l("Optional, z. B. „category: lernfoerderung“ oder „cost: free“ oder „language: ar“."),
        validators=[Optional(), Length(max=300)],
    )
    submit = SubmitField(_l("Speichern"))


def _add_language_fields() -> None:
    for code, label in VOCABULARY_LANGUAGES:
        field = TextAreaField(label, description=_l("Durch Kommas getrennt oder eins je Zeile."),
                              validators=[Length(max=5000)])
        setattr(VocabularyConceptForm, f"terms_{code}", field)
    # the button last
    VocabularyConceptForm.submit = SubmitField(_l("Speichern"))


_add_language_fields()
