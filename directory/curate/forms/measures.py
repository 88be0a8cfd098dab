"""The form for a measure's implementation status. Validation only."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class MeasureForm(FlaskForm):
    status = SelectField(_l("Stand"), choices=[], validators=[DataRequired(_l("Bitte einen Stand wählen."))])
    progress_note = TextAreaField(_l("Fortschritt"), validators=[Optional(), Length(max=2000)])
    focus_area = SelectField(_l("Schwerpunktbereich"), choices=[], validators=[Optional()])
    offers = SelectMultipleField(_l("Verknüpfte Angebote"), choices=[], validators=[Optional()])
