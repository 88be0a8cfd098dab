"""Forms of the public feedback: suggest an offer, report a problem. Validation only; no account needed."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, DataRequired, Length, Optional, Regexp

from ..models import vocab
from ..models.suggestion import PROBLEM_KINDS
from ..web.fields import MultiCheckboxField

# A plausibility check only (no network, no extra package): something@domain.tld without spaces.
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
EMAIL_HINT = _l(
    "Freiwillig. Wir nutzen sie nur für Rückfragen zu Ihrer Nachricht und löschen sie, sobald wir Ihre "
    "Nachricht bearbeitet haben. Sie wird nicht veröffentlicht und nicht weitergegeben."
)


def contact_email_field() -> EmailField:
    """The optional e-mail address of the sender, with what happens to it as the hint."""
    return EmailField(
        _l("Ihre E-Mail-Adresse (freiwillig)"),
        description=EMAIL_HINT,
        validators=[
            Optional(),
            Regexp(EMAIL_PATTERN, message=_l("Bitte eine gültige E-Mail-Adresse angeben.")),
            Length(max=300),
        ],
    )


class HoneypotMixin:
    """A field people never see (hidden by CSS, skipped by keyboard and screen readers); bots fill it in."""

    homepage = StringField(_l("Bitte dieses Feld leer lassen"), validators=[Optional()])

    def is_bot(self) -> bool:
        return bool((self.homepage.data or "").strip())


class SuggestionForm(HoneypotMixin, FlaskForm):
    title = StringField(
        _l("Name des Angebots"),
        validators=[DataRequired(_l("Bitte geben Sie den Namen des Angebots an.")), Length(max=300)],
    )
    description = TextAreaField(
        _l("Was bietet es, für wen?"),
        validators=[DataRequired(_l("Bitte beschreiben Sie das Angebot kurz.")), Length(max=4000)],
    )
    provider = StringField(_l("Wer bietet es an? (Verein, Einrichtung)"), validators=[Optional(), Length(max=300)])
    address = StringField(_l("Wo? (Adresse oder Stadtteil)"), validators=[Optional(), Length(max=300)])
    phone = StringField(_l("Telefon des Angebots"), validators=[Optional(), Length(max=100)])
    website = StringField(
        _l("Website des Angebots"),
        validators=[Optional(), URL(message=_l("Bitte eine vollständige Adresse mit https:// angeben.")),
                    Length(max=500)],
    )
    category = SelectField(_l("Art des Angebots"), choices=[], validators=[Optional()])
    languages = MultiCheckboxField(
        _l("Sprachen"),
        choices=[SelectChoice(code, name) for code, name in vocab.LANGUAGES.items()],
        validators=[Optional()],
    )
    contact_email = contact_email_field()


class ProblemReportForm(HoneypotMixin, FlaskForm):
    kind = RadioField(
        _l("Was stimmt nicht?"),
        choices=[SelectChoice(code, name) for code, name in PROBLEM_KINDS.items()],
        validators=[DataRequired(_l("Bitte wählen Sie aus, was nicht stimmt."))],
    )
    message = TextAreaField(
        _l("Was sollten wir wissen? (z. B. die richtige Telefonnummer)"),
        validators=[Optional(), Length(max=4000, message=_l("Bitte höchstens 4000 Zeichen."))],
    )
    contact_email = contact_email_field()
