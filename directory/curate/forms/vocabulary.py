"""The form for a concept of the search vocabulary. Validation only."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import Length, Optional

from .fields import options

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
