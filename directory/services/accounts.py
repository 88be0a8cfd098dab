"""Accounts: create, authenticate, passwords, two-factor log-in, roles, disabling, the security log.

Every function here is one use case and commits once. Views and the CLI call these; nothing else writes users.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from importlib import resources

import pyotp
import segno
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app, has_request_context, request
from flask_babel import gettext as _

from ..extensions import db
from ..models.user import ROLES, SecurityEvent, User

log = logging.getLogger(__name__)

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256  # hashing megabytes of "password" is a denial of service, not security
RECOVERY_CODE_COUNT = 10
TOTP_ISSUER = "Wegweiser Magdeburg"


class AccountError(ValueError):
    """A request about an account that cannot be carried out; the message is for the user."""


# --- passwords ------------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords, lower-cased."""
    text = resources.files("directory.data").joinpath("common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _is_monotonous(password: str) -> bool:
    """One repeated character, or a run like 123456789012 / abcdefghijkl (either direction)."""
    if len(set(password)) <= 2:
        return True
    steps = {ord(b) - ord(a) for a, b in zip(password, password[1:], strict=False)}
    return steps <= {1} or steps <= {-1}


def password_problems(password: str, email: str = "") -> list[str]:
    """What is wrong with a new password, as messages for the user (empty: acceptable).

    Length and a list of common passwords, no composition rules (as NIST SP 800-63B recommends).
    """
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(_("Das Passwort muss mindestens %(n)d Zeichen lang sein.", n=MIN_PASSWORD_LENGTH))
    elif len(password) > MAX_PASSWORD_LENGTH:
        problems.append(_("Das Passwort darf höchstens %(n)d Zeichen lang sein.", n=MAX_PASSWORD_LENGTH))
    else:
        lowered = password.lower()
        local_part = normalise_email(email).split("@")[0] if email else ""
        if lowered in common_passwords() or _is_monotonous(password):
            problems.append(_("Dieses Passwort ist zu verbreitet. Bitte wählen Sie ein anderes."))
        elif local_part and len(local_part) >= 4 and local_part in lowered:
            problems.append(_("Das Passwort darf die E-Mail-Adresse nicht enthalten."))
    return problems


def _hasher() -> PasswordHasher:
    """Argon2id; the cost can be lowered in tests through the configuration."""
    config = current_app.config
    return PasswordHasher(
        time_cost=config.get("ARGON2_TIME_COST", 3),
        memory_cost=config.get("ARGON2_MEMORY_COST", 65536),
        parallelism=config.get("ARGON2_PARALLELISM", 4),
    )


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def _check_password(user: User, password: str) -> bool:
    hasher = _hasher()
    try:
        hasher.verify(user.password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
    return True


@lru_cache(maxsize=4)
def _dummy_hash(time_cost: int, memory_cost: int, parallelism: int) -> str:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism).hash(
        secrets.token_hex(16)
    )


def _spend_hash_time(password: str) -> None:
    """Verify against a throw-away hash, so an unknown or locked account answers as slowly as a real one."""
    hasher = _hasher()
    with contextlib.suppress(VerificationError):
        hasher.verify(_dummy_hash(hasher.time_cost, hasher.memory_cost, hasher.parallelism), password)


# --- the security log -----------------------------------------------------------------------------------------


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
    log.log(level, "security event %s: user=%s addr=%s path=%s %s", kind, email or "-", remote_addr, path, detail)
    if commit:
        db.session.commit()


def record_denied(user: User | None, detail: str = "") -> None:
    """A signed-in user asked for something their role does not allow."""
    record_event("denied", user=user, detail=detail)


def recent_events(limit: int = 200) -> list[SecurityEvent]:
    return list(
        db.session.execute(
            db.select(SecurityEvent).order_by(SecurityEvent.created_at.desc(), SecurityEvent.id.desc()).limit(limit)
        ).scalars()
    )


# --- users ------------------------------------------------------------------------------------------------------


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


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
    db.session.commit()
    return user


# --- log-in -----------------------------------------------------------------------------------------------------


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


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime | None) -> datetime | None:
    # SQLite hands back naive datetimes even for timezone-aware columns.
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def is_locked(user: User) -> bool:
    until = _aware(user.locked_until)
    return until is not None and until > _now()


def _register_failure(user: User, kind: str) -> None:
    """Count a failed password or code; lock the account after too many in a row."""
    config = current_app.config
    user.failed_logins = (user.failed_logins or 0) + 1
    record_event(kind, user=user, detail=f"consecutive={user.failed_logins}", commit=False)
    if user.failed_logins >= config["LOGIN_LOCKOUT_THRESHOLD"]:
        user.locked_until = _now() + timedelta(minutes=config["LOGIN_LOCKOUT_MINUTES"])
        user.failed_logins = 0
        record_event("locked", user=user, detail=f"until={user.locked_until.isoformat()}", commit=False)
    db.session.commit()


def _generic_failure() -> str:
    # One message for wrong address, wrong password, disabled and locked: no account enumeration.
    return _("E-Mail-Adresse oder Passwort ist falsch, oder das Konto ist vorübergehend gesperrt.")


def authenticate(email: str, password: str) -> LoginResult:
    """First step of the log-in: the password. Records success and failure."""
    email = normalise_email(email)
    user = find_user(email) if email else None
    if user is None:
        _spend_hash_time(password)
        record_event("login_failed", email=email, detail="unknown account")
        return LoginResult(error=_generic_failure())
    if is_locked(user):
        _spend_hash_time(password)
        record_event("login_failed", user=user, detail="locked")
        return LoginResult(error=_generic_failure(), locked=True)
    if not _check_password(user, password[:MAX_PASSWORD_LENGTH]):
        _register_failure(user, "login_failed")
        return LoginResult(error=_generic_failure(), locked=is_locked(user))
    if not user.active:
        record_event("login_failed", user=user, detail="disabled")
        return LoginResult(error=_generic_failure())
    if user.totp_enabled:
        db.session.commit()  # a rehashed password is kept
        return LoginResult(user=user, needs_totp=True)
    return LoginResult(user=user)


def complete_login(user: User, method: str = "password") -> None:
    """The log-in succeeded (all factors): reset the failure count and note the time."""
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = _now()
    record_event("login_ok", user=user, detail=method, commit=False)
    db.session.commit()


def logout(user: User) -> None:
    record_event("logout", user=user)


# --- two-factor log-in ------------------------------------------------------------------------------------------


def _totp(secret: str) -> pyotp.TOTP:
    return pyotp.TOTP(secret)


def _verify_totp(user: User, code: str) -> bool:
    """The current code (±1 step for clock drift), each time step used at most once."""
    if not user.totp_secret:
        return False
    code = re.sub(r"\s", "", code or "")
    if not re.fullmatch(r"\d{6}", code):
        return False
    totp = _totp(user.totp_secret)
    now = _now()
    for offset in (0, -1, 1):
        moment = now + timedelta(seconds=offset * totp.interval)
        counter = totp.timecode(moment)
        if secrets.compare_digest(totp.at(moment), code):
            if user.totp_last_counter is not None and counter <= user.totp_last_counter:
                return False  # replayed
            user.totp_last_counter = counter
            return True
    return False


def _hash_recovery_code(code: str) -> str:
    # Recovery codes are long random strings, so a fast hash is enough (no dictionary to guess from).
    normalised = re.sub(r"[\s-]", "", code or "").lower()
    return hashlib.sha256(normalised.encode()).hexdigest()


def _new_recovery_codes(user: User) -> list[str]:
    codes = [f"{secrets.token_hex(4)}-{secrets.token_hex(4)}" for _ in range(RECOVERY_CODE_COUNT)]
    user.recovery_codes = [_hash_recovery_code(code) for code in codes]
    return codes


def verify_second_factor(user: User, code: str) -> bool:
    """Second log-in step: a TOTP code or an unused recovery code (which is then used up)."""
    if is_locked(user) or not user.active:
        record_event("totp_failed", user=user, detail="locked or disabled")
        return False
    if _verify_totp(user, code):
        db.session.commit()
        return True
    hashed = _hash_recovery_code(code)
    if len(re.sub(r"[\s-]", "", code or "")) == 16 and hashed in (user.recovery_codes or []):
        user.recovery_codes = [h for h in user.recovery_codes if h != hashed]
        record_event("recovery_code_used", user=user, detail=f"left={len(user.recovery_codes)}", commit=False)
        db.session.commit()
        return True
    _register_failure(user, "totp_failed")
    return False


def start_totp_enrolment(user: User) -> str:
    """A fresh secret for the account (not active until confirmed with a code). Returns the secret."""
    if user.totp_enabled:
        raise AccountError(_("Die Zwei-Faktor-Anmeldung ist bereits eingerichtet."))
    user.totp_secret = pyotp.random_base32()
    db.session.commit()
    return user.totp_secret


def totp_uri(user: User) -> str:
    return _totp(user.totp_secret or "").provisioning_uri(name=user.email, issuer_name=TOTP_ISSUER)


def totp_qr_svg(user: User) -> str:
    """The enrolment QR code as inline SVG, rendered here (the secret never leaves the server otherwise)."""
    return segno.make(totp_uri(user), error="m").svg_inline(scale=4, title=_("QR-Code für die Authenticator-App"))


def confirm_totp(user: User, code: str) -> list[str]:
    """Switch on two-factor log-in once the app shows the right code. Returns the recovery codes (shown once)."""
    if user.totp_enabled:
        raise AccountError(_("Die Zwei-Faktor-Anmeldung ist bereits eingerichtet."))
    if not _verify_totp(user, code):
        record_event("totp_failed", user=user, detail="enrolment")
        raise AccountError(_("Der Code stimmt nicht. Bitte geben Sie den aktuellen Code aus der App ein."))
    user.totp_enabled = True
    codes = _new_recovery_codes(user)
    record_event("totp_enabled", user=user, commit=False)
    db.session.commit()
    return codes


def regenerate_recovery_codes(user: User) -> list[str]:
    """New recovery codes; the old ones stop working. Returns the new codes (shown once)."""
    if not user.totp_enabled:
        raise AccountError(_("Richten Sie zuerst die Zwei-Faktor-Anmeldung ein."))
    codes = _new_recovery_codes(user)
    record_event("recovery_codes_renewed", user=user, commit=False)
    db.session.commit()
    return codes


def reset_totp(actor: User, user: User) -> None:
    """An admin resets a lost authenticator: the account enrols again at its next log-in (and is logged out)."""
    user.totp_enabled = False
    user.totp_secret = None
    user.totp_last_counter = None
    user.recovery_codes = []
    user.session_epoch += 1
    record_event("totp_reset", user=user, detail=f"by={actor.email}", commit=False)
    db.session.commit()


# --- account changes --------------------------------------------------------------------------------------------


def change_password(user: User, current: str, new: str) -> None:
    """Change one's own password; every other session of the account ends."""
    if not _check_password(user, current[:MAX_PASSWORD_LENGTH]):
        record_event("password_change_failed", user=user)
        raise AccountError(_("Das bisherige Passwort ist falsch."))
    problems = password_problems(new, user.email)
    if problems:
        raise AccountError(" ".join(problems))
    user.password_hash = hash_password(new)
    user.session_epoch += 1
    record_event("password_changed", user=user, commit=False)
    db.session.commit()


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
        user.session_epoch += 1
    else:
        user.failed_logins = 0
        user.locked_until = None
    kind = "user_enabled" if active else "user_disabled"
    record_event(kind, user=user, detail=f"by={actor.email if actor else 'cli'}", commit=False)
    db.session.commit()


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
    db.session.commit()
