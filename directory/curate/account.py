"""The own account: password, two-factor log-in, recovery codes."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..services import accounts, errors, logins, two_factor, user_sessions
from . import bp, sessions
from .access import role_required
from .forms.accounts import CodeForm, ConfirmForm, PasswordChangeForm, PasswordConfirmForm


def _me():
    return current_user._get_current_object()


def _page(password_form: PasswordChangeForm) -> str:
    user = _me()
    return render_template(
        "curate/account.html",
        password_form=password_form,
        confirm_form=ConfirmForm(),
        sessions_form=PasswordConfirmForm(),
        user=user,
        session_count=user_sessions.count(user),
    )


@bp.get("/account")
@role_required()
def account():
    return _page(PasswordChangeForm())


@bp.post("/account/sessions/end")
@role_required(enrolment=True)
def logout_everywhere():
    """End every session of the account (a lost or shared device), this one included, after the password."""
    form = PasswordConfirmForm()
    if form.validate_on_submit():
        try:
            logins.logout_everywhere(_me(), form.password.data)
        except errors.AccountError as error:
            flash(str(error), "error")
        else:
            sessions.end()
            flash(_("Alle Ihre Sitzungen sind beendet. Bitte melden Sie sich erneut an."), "info")
            return redirect(url_for("curate.login"))
    return redirect(url_for("curate.account"))


@bp.post("/account/password")
@role_required()
def change_password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(_me(), form.current.data, form.new.data, keep_session=sessions.current_token())
        except errors.AccountError as error:
            form.new.errors = [*form.new.errors, str(error)]
        else:
            sessions.renew_identity(_me())
            flash(_("Ihr Passwort wurde geändert. Andere Sitzungen Ihres Kontos sind beendet."), "success")
            return redirect(url_for("curate.account"))
    return _page(form), 400


@bp.route("/account/totp", methods=["GET", "POST"])
@role_required(enrolment=True)
def totp_enrol():
    user = _me()
    if user.totp_enabled:
        return redirect(url_for("curate.account"))
    form = CodeForm()
    if form.validate_on_submit():
        try:
            codes = two_factor.confirm_totp(user, form.code.data)
        except errors.AccountError as error:
            form.code.errors = [*form.code.errors, str(error)]
        else:
            # Shown once, in this response only: never stored in plain text, never in the session.
            return render_template("curate/recovery_codes.html", codes=codes, first_time=True)
    elif not user.totp_secret:
        two_factor.start_totp_enrolment(user)
    return render_template(
        "curate/totp_enrol.html",
        form=form,
        qr_svg=two_factor.totp_qr_svg(user),
        secret=user.totp_secret,
        required=user.needs_totp,
    ), 400 if form.errors else 200


@bp.post("/account/recovery-codes")
@role_required()
def recovery_codes():
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            codes = two_factor.regenerate_recovery_codes(_me())
        except errors.AccountError as error:
            flash(str(error), "error")
        else:
            return render_template("curate/recovery_codes.html", codes=codes, first_time=False)
    return redirect(url_for("curate.account"))
