"""Back-office forms for measures: wording and place, a dated status, and the offer search. Validation only."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ...web.fields import MultiCheckboxField


class MeasureTextForm(FlaskForm):
    text = TextAreaField(_l("Wortlaut der Maßnahme"),
                         validators=[DataRequired(_l("Bitte den Wortlaut der Maßnahme angeben.")), Length(max=2000)])
    challenge = SelectField(_l("Herausforderung"), choices=[], coerce=int)
    focus_areas = MultiCheckboxField(
        _l("Schwerpunktbereiche"), choices=[],
        description=_l("Keiner gewählt: die Maßnahme gilt für beide Schwerpunktbereiche."))


class MeasureStatusForm(FlaskForm):
    status = SelectField(_l("Stand"), choices=[], validators=[DataRequired(_l("Bitte einen Stand wählen."))])
    effective_on = DateField(_l("Gilt seit"), default=date.today,
                             validators=[DataRequired(_l("Bitte das Datum angeben, seit dem der Stand gilt."))])
    note = TextAreaField(_l("Notiz des Teams"), validators=[Optional(), Length(max=2000)])


class NewMeasureForm(MeasureTextForm, MeasureStatusForm):
    """A new measure with its first status."""


class OfferSearchForm(FlaskForm):
    """The type-ahead on a measure: a plain GET form, so it works without JavaScript."""

    class Meta:
        csrf = False

    q = StringField(_l("Angebot suchen"), validators=[Optional(), Length(max=200)])
