"""Forms for log-in, the own account and user management. They validate only."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from ...models.user import ROLES
from ...services.passwords import MAX_PASSWORD_LENGTH

ROLE_LABELS = {"admin": _l("Admin"), "editor": _l("Redaktion"), "contributor": _l("Mitarbeit")}


class LoginForm(FlaskForm):
    email = EmailField(_l("E-Mail-Adresse"), validators=[DataRequired(), Length(max=320)])
    password = PasswordField(_l("Passwort"), validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)])
    next = HiddenField()


class CodeForm(FlaskForm):
    code = StringField(
        _l("Code"),
        validators=[DataRequired(), Length(max=40)],
        description=_l("Der sechsstellige Code aus Ihrer Authenticator-App oder ein Wiederherstellungscode."),
    )


class PasswordConfirmForm(FlaskForm):
    """The own password again, before a step that affects every session of the account."""

    password = PasswordField(_l("Passwort"), validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)])


class PasswordChangeForm(FlaskForm):
    current = PasswordField(_l("Bisheriges Passwort"), validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)])
    new = PasswordField(
        _l("Neues Passwort"),
        validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)],
        description=_l("Mindestens 12 Zeichen. Ein Satz aus mehreren Wörtern ist gut zu merken."),
    )
    repeat = PasswordField(
        _l("Neues Passwort wiederholen"),
        validators=[DataRequired(), EqualTo("new", message=_l("Die Passwörter stimmen nicht überein."))],
    )


def _role_choices() -> list[tuple[str, str]]:
    return [(role, ROLE_LABELS[role]) for role in ROLES]


class UserCreateForm(FlaskForm):
    email = EmailField(_l("E-Mail-Adresse"), validators=[DataRequired(), Length(max=320)])
    role = SelectField(_l("Rolle"), choices=_role_choices, validators=[DataRequired()])
    password = PasswordField(
        _l("Vorläufiges Passwort"),
        validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)],
        description=_l("Mindestens 12 Zeichen; geben Sie es der Person auf sicherem Weg weiter."),
    )


class RoleForm(FlaskForm):
    role = SelectField(_l("Rolle"), choices=_role_choices, validators=[DataRequired()])


class ConfirmForm(FlaskForm):
    """A bare POST with its CSRF token (buttons such as log-out, disable, new recovery codes)."""
