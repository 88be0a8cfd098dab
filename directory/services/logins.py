"""Logging in: the password step, lock-out after failed attempts, and the session's start and end."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from flask import current_app
from flask_babel import gettext as _

from ..models.user import User
from ..text import normalise_email
from . import user_sessions
from .accounts import find_user, record_event
from .errors import AccountError
from .passwords import MAX_PASSWORD_LENGTH, check_password, spend_hash_time
from .unit_of_work import commit


@dataclass
class LoginResult:
    user: User | None = None
    needs_totp: bool = False  # the password was right; the second factor is still to come
    error: str = ""
    locked: bool = False
    detail: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.user is not None and not self.error


def utc_now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime | None) -> datetime | None:
    # SQLite hands back naive datetimes even for timezone-aware columns.
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def is_locked(user: User) -> bool:
    until = _aware(user.locked_until)
    return until is not None and until > utc_now()


def register_failure(user: User, kind: str) -> None:
    """Count a failed password or code; lock the account after too many in a row."""
    config = current_app.config
    user.failed_logins = (user.failed_logins or 0) + 1
    record_event(kind, user=user, detail=f"consecutive={user.failed_logins}", commit=False)
    if user.failed_logins >= config["LOGIN_LOCKOUT_THRESHOLD"]:
        user.locked_until = utc_now() + timedelta(minutes=config["LOGIN_LOCKOUT_MINUTES"])
        user.failed_logins = 0
        record_event("locked", user=user, detail=f"until={user.locked_until.isoformat()}", commit=False)
    commit()


def _generic_failure() -> str:
    # One message for wrong address, wrong password, disabled and locked: no account enumeration.
    return _("E-Mail-Adresse oder Passwort ist falsch, oder das Konto ist vorübergehend gesperrt.")


def authenticate(email: str, password: str) -> LoginResult:
    """First step of the log-in: the password. Records success and failure."""
    email = normalise_email(email)
    user = find_user(email) if email else None
    if user is None:
        spend_hash_time(password)
        record_event("login_failed", email=email, detail="unknown account")
        return LoginResult(error=_generic_failure())
    if is_locked(user):
        spend_hash_time(password)
        record_event("login_failed", user=user, detail="locked")
        return LoginResult(error=_generic_failure(), locked=True)
    if not check_password(user, password[:MAX_PASSWORD_LENGTH]):
        register_failure(user, "login_failed")
        return LoginResult(error=_generic_failure(), locked=is_locked(user))
    if not user.active:
        record_event("login_failed", user=user, detail="disabled")
        return LoginResult(error=_generic_failure())
    if user.totp_enabled:
        commit()  # a rehashed password is kept
        return LoginResult(user=user, needs_totp=True)
    return LoginResult(user=user)


def complete_login(user: User, method: str = "password") -> str:
    """The log-in succeeded (all factors): reset the failure count, note the time, open a session.

    Returns the new session's token for the cookie.
    """
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = utc_now()
    token = user_sessions.add(user)
    record_event("login_ok", user=user, detail=method, commit=False)
    commit()
    return token


def logout(user: User, token: str | None) -> None:
    """End this session on the server; the account's other sessions go on."""
    user_sessions.drop(user, token)
    record_event("logout", user=user, commit=False)
    commit()


def logout_everywhere(user: User, password: str) -> None:
    """End every session of the account, this one included, once the password was entered again.

    A wrong password counts like a failed log-in (lock-out), so a taken-over session cannot guess it here.
    """
    if not check_password(user, password[:MAX_PASSWORD_LENGTH]):
        register_failure(user, "password_check_failed")
        raise AccountError(_("Das Passwort ist falsch."))
    user_sessions.end_all(user)
    record_event("logout_everywhere", user=user, commit=False)
    commit()
