"""Accounts: create, authenticate, passwords, two-factor log-in, roles, disabling, the security log.

Every function here is one use case and commits once. Views and the CLI call these; nothing else writes users.
"""

from __future__ import annotations

import logging
import re
import uuid

from flask import has_request_context, request
from flask_babel import gettext as _

from ..extensions import db
from ..models.user import ROLES, SecurityEvent, User
from ..text import normalise_email
from . import unit_of_work, user_sessions
from .errors import AccountError
from .passwords import MAX_PASSWORD_LENGTH, check_password, hash_password, password_problems

log = logging.getLogger(__name__)


def _request_facts() -> tuple[str, str]:
    if not has_request_context():
        return "", ""
    return (request.remote_addr or "")[:64], request.path[:500]


def record_event(kind: str, user: User | None = None, email: str = "", detail: str = "", commit: bool = True) -> None:
    """Write one security event (and log it). Commits unless the caller commits with its own change."""
    remote_addr, path = _request_facts()
    email = _printable(user.email if user is not None else normalise_email(email))[:320]
    path, detail = _printable(path), _printable(detail)
    db.session.add(
        SecurityEvent(
            kind=kind,
            user_id=user.id if user is not None else None,
            email=email,
            remote_addr=remote_addr,
            path=path,
            detail=detail[:500],
        )
    )
    level = logging.WARNING if kind in {"login_failed", "locked", "denied", "totp_failed"} else logging.INFO
    # The process log names the account by id and leaves the address out: both are in the security log.
    log.log(level, "security event %s: user=%s path=%s", kind, user.id if user is not None else "-", path)
    if commit:
        unit_of_work.commit()


def record_denied(user: User | None, detail: str = "") -> None:
    """A signed-in user asked for something their role does not allow."""
    record_event("denied", user=user, detail=detail)


def recent_events(limit: int = 200) -> list[SecurityEvent]:
    return list(
        db.session.execute(
            db.select(SecurityEvent).order_by(SecurityEvent.created_at.desc(), SecurityEvent.id.desc()).limit(limit)
        ).scalars()
    )


_EMAIL = re.compile(r"^[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+\.[^@\s\x00-\x1f\x7f]+$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _printable(text: str) -> str:
    """Control characters (a NUL cannot even be stored in PostgreSQL) shown as "?" in the log."""
    return _CONTROL.sub("?", text)


def find_user(email: str) -> User | None:
    email = normalise_email(email)
    if _CONTROL.search(email):
        return None  # no account has such an address
    return db.session.execute(db.select(User).filter_by(email=email)).scalar_one_or_none()


def get_user(user_id: uuid.UUID | str) -> User | None:
    """The account with this id, or None (also for an id that is not a UUID)."""
    if not isinstance(user_id, uuid.UUID):
        try:
            user_id = uuid.UUID(str(user_id))
        except ValueError:
            return None
    return db.session.get(User, user_id)


def list_users() -> list[User]:
    return list(db.session.execute(db.select(User).order_by(User.email)).scalars())


def create_user(email: str, password: str, role: str, actor: User | None = None) -> User:
    """A new active account. Raises AccountError with the reason when it cannot be created."""
    email = normalise_email(email)
    if not _EMAIL.match(email) or len(email) > 320:
        raise AccountError(_("Bitte geben Sie eine gültige E-Mail-Adresse an."))
    if role not in ROLES:
        raise AccountError(_("Unbekannte Rolle: %(role)s", role=role))
    if find_user(email) is not None:
        raise AccountError(_("Es gibt bereits ein Konto mit dieser E-Mail-Adresse."))
    problems = password_problems(password, email)
    if problems:
        raise AccountError(" ".join(problems))
    user = User(email=email, password_hash=hash_password(password), role=role, active=True, recovery_codes=[])
    db.session.add(user)
    db.session.flush()
    record_event("user_created", user=user, detail=f"role={role} by={actor.email if actor else 'cli'}", commit=False)
    unit_of_work.commit()
    return user


def change_password(user: User, current: str, new: str, keep_session: str | None = None) -> None:
    """Change one's own password; every other session of the account ends (``keep_session``: this one's token)."""
    if not check_password(user, current[:MAX_PASSWORD_LENGTH]):
        record_event("password_change_failed", user=user)
        raise AccountError(_("Das bisherige Passwort ist falsch."))
    problems = password_problems(new, user.email)
    if problems:
        raise AccountError(" ".join(problems))
    user.password_hash = hash_password(new)
    user_sessions.end_all(user, keep=keep_session)
    record_event("password_changed", user=user, commit=False)
    unit_of_work.commit()


def set_password(user: User, new: str, actor: User | None = None) -> None:
    """Give an account a new password without the old one (an admin on the server, e.g. after an import
    without secrets); every session of the account ends and a lock-out is lifted."""
    problems = password_problems(new, user.email)
    if problems:
        raise AccountError(" ".join(problems))
    user.password_hash = hash_password(new)
    user_sessions.end_all(user)
    user.failed_logins = 0
    user.locked_until = None
    record_event("password_set", user=user, detail=f"by={actor.email if actor else 'cli'}", commit=False)
    unit_of_work.commit()


def _active_admins() -> int:
    return len(db.session.execute(db.select(User.id).filter_by(role="admin", active=True)).all())


def set_active(actor: User | None, user: User, active: bool) -> None:
    """Disable (logged out everywhere at once) or re-enable an account."""
    if not active and actor is not None and actor.id == user.id:
        raise AccountError(_("Sie können Ihr eigenes Konto nicht deaktivieren."))
    if not active and user.role == "admin" and user.active and _active_admins() <= 1:
        raise AccountError(_("Das letzte aktive Admin-Konto kann nicht deaktiviert werden."))
    if user.active == active:
        return
    user.active = active
    if not active:
        user_sessions.end_all(user)
    else:
        user.failed_logins = 0
        user.locked_until = None
    kind = "user_enabled" if active else "user_disabled"
    record_event(kind, user=user, detail=f"by={actor.email if actor else 'cli'}", commit=False)
    unit_of_work.commit()


def change_role(actor: User | None, user: User, role: str) -> None:
    """Give an account another role; it takes effect on the account's next request."""
    if role not in ROLES:
        raise AccountError(_("Unbekannte Rolle: %(role)s", role=role))
    if user.role == role:
        return
    if user.role == "admin" and user.active and _active_admins() <= 1:
        raise AccountError(_("Das letzte aktive Admin-Konto muss Admin bleiben."))
    old = user.role
    user.role = role
    record_event("role_changed", user=user, detail=f"{old}->{role} by={actor.email if actor else 'cli'}", commit=False)
    unit_of_work.commit()
