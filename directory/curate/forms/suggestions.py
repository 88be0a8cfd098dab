"""Back-office forms for suggestions, problem reports and checks. Validation only."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
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
