"""User management for admins: list, create, change role, disable and enable, reset two-factor log-in."""

from __future__ import annotations

import uuid

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..services import accounts, errors, two_factor
from . import bp
from .access import role_required
from .forms.accounts import ROLE_LABELS, ConfirmForm, RoleForm, UserCreateForm


def _render(form: UserCreateForm, status: int = 200):
    return render_template(
        "curate/users.html",
        users=accounts.list_users(),
        form=form,
        confirm_form=ConfirmForm(),
        role_form=RoleForm(),
        role_labels=ROLE_LABELS,
    ), status


def _target(user_id: uuid.UUID):
    user = accounts.get_user(user_id)
    if user is None:
        abort(404)
    return user


@bp.get("/users")
@role_required("admin")
def users():
    return _render(UserCreateForm())


@bp.post("/users")
@role_required("admin")
def create_user():
    form = UserCreateForm()
    if form.validate_on_submit():
        try:
            user = accounts.create_user(form.email.data, form.password.data, form.role.data, actor=current_user)
        except errors.AccountError as error:
            form.email.errors = [*form.email.errors, str(error)]
        else:
            flash(_("Das Konto %(email)s wurde angelegt.", email=user.email), "success")
            return redirect(url_for("curate.users"))
    return _render(form, 400)


@bp.post("/users/<uuid:user_id>/role")
@role_required("admin")
def change_role(user_id: uuid.UUID):
    user = _target(user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        abort(400, description=_("Bitte wählen Sie eine gültige Rolle."))
    try:
        accounts.change_role(current_user, user, form.role.data)
    except errors.AccountError as error:
        flash(str(error), "error")
    else:
        flash(_("Die Rolle von %(email)s wurde geändert.", email=user.email), "success")
    return redirect(url_for("curate.users"))


def _set_active(user_id: uuid.UUID, active: bool):
    user = _target(user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        accounts.set_active(current_user, user, active)
    except errors.AccountError as error:
        flash(str(error), "error")
    else:
        if active:
            flash(_("%(email)s ist wieder aktiv.", email=user.email), "success")
        else:
            flash(_("%(email)s ist deaktiviert und überall abgemeldet.", email=user.email), "success")
    return redirect(url_for("curate.users"))


@bp.post("/users/<uuid:user_id>/disable")
@role_required("admin")
def disable_user(user_id: uuid.UUID):
    return _set_active(user_id, False)


@bp.post("/users/<uuid:user_id>/enable")
@role_required("admin")
def enable_user(user_id: uuid.UUID):
    return _set_active(user_id, True)


@bp.post("/users/<uuid:user_id>/reset-totp")
@role_required("admin")
def reset_totp(user_id: uuid.UUID):
    user = _target(user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    two_factor.reset_totp(current_user, user)
    flash(_("Die Zwei-Faktor-Anmeldung von %(email)s wurde zurückgesetzt.", email=user.email), "success")
    return redirect(url_for("curate.users"))


@bp.get("/security-log")
@role_required("admin")
def security_log():
    return render_template("curate/security_log.html", events=accounts.recent_events())
