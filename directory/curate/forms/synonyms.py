"""The form for a group of search synonyms. Validation only."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length


class SynonymGroupForm(FlaskForm):
    terms = TextAreaField(
        _l("Begriffe"),
        description=_l("Wörter, die bei der Suche dasselbe meinen: durch Kommas getrennt oder einer je Zeile, "
                       "z. B. „Dolmetscher, Übersetzer, Sprachmittlung“"),
        validators=[DataRequired(_l("Bitte mindestens zwei Begriffe angeben.")), Length(max=5000)],
    )
    submit = SubmitField(_l("Speichern"))
