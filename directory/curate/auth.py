"""Log-in (password, then the second factor), log-out and the back-office start page."""

from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user

from ..extensions import limiter
from ..services import accounts, logins, two_factor
from . import bp, sessions
from .access import role_required
from .forms.accounts import CodeForm, ConfirmForm, LoginForm

PENDING = "pending_login"
PENDING_SECONDS = 300  # time allowed between the password and the code


# A plain back-office path: "/curate", then "/", "?" or "#" and visible ASCII only. No control characters
# (CR/LF would split the Location header), no backslash (browsers read "/\\host" as "//host").
_BACK_OFFICE_PATH = re.compile(r"/curate(?:[/?#][\x21-\x5b\x5d-\x7e]*)?")


def safe_next(target: str | None) -> str:
    """Only a path inside the back office; anything else (other hosts, //evil, CR/LF) goes to the start page."""
    if target and _BACK_OFFICE_PATH.fullmatch(target):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("curate.dashboard")


def _address_limit() -> str:
    return current_app.config["LOGIN_LIMIT_PER_ADDRESS"]


def _account_limit() -> str:
    return current_app.config["LOGIN_LIMIT_PER_ACCOUNT"]


def _account_key() -> str:
    email = accounts.normalise_email(request.form.get("email", ""))
    pending = session.get(PENDING) or {}
    return "login-account:" + (email or pending.get("user", "") or get_remote_address())


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_address_limit, methods=["POST"], key_func=get_remote_address, scope="login-address")
@limiter.limit(_account_limit, methods=["POST"], key_func=_account_key, scope="login-account")
def login():
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
        if sessions.pop_expired():
            flash(_("Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an."), "info")
    if form.validate_on_submit():
        result = logins.authenticate(form.email.data, form.password.data)
        if result.error:
            form.password.errors = [*form.password.errors, result.error]
        elif result.needs_totp:
            user = result.user
            session.clear()
            session[PENDING] = {
                "user": str(user.id),
                "epoch": user.session_epoch,
                "at": time.time(),
                "next": safe_next(form.next.data),
            }
            return redirect(url_for("curate.login_totp"))
        else:
            sessions.start(result.user, logins.complete_login(result.user))
            return redirect(safe_next(form.next.data))
    return render_template("curate/login.html", form=form), 400 if form.errors else 200


def _pending_user():
    pending = session.get(PENDING)
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None, None
    user = accounts.get_user(pending.get("user", ""))
    if user is None or user.session_epoch != pending.get("epoch") or not user.active:
        return None, None
    return user, pending


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(_address_limit, methods=["POST"], key_func=get_remote_address, scope="login-address")
@limiter.limit(_account_limit, methods=["POST"], key_func=_account_key, scope="login-account")
def login_totp():
    user, pending = _pending_user()
    if user is None:
        session.pop(PENDING, None)
        flash(_("Bitte melden Sie sich erneut an."), "info")
        return redirect(url_for("curate.login"))
    form = CodeForm()
    if form.validate_on_submit():
        if two_factor.verify_second_factor(user, form.code.data):
            target = pending["next"]
            sessions.start(user, logins.complete_login(user, method="totp"))
            return redirect(safe_next(target))
        form.code.errors = [*form.code.errors, _("Der Code ist falsch oder abgelaufen.")]
    return render_template("curate/login_totp.html", form=form), 400 if form.errors else 200


@bp.post("/logout")
@role_required(enrolment=True)
def logout():
    form = ConfirmForm()
    if form.validate_on_submit():
        logins.logout(current_user._get_current_object(), sessions.current_token())
        sessions.end()
        flash(_("Sie sind abgemeldet."), "info")
    return redirect(url_for("curate.login"))


@bp.get("/")
@role_required()
def dashboard():
    from .work import dashboard_items

    return render_template("curate/dashboard.html", items=dashboard_items())
