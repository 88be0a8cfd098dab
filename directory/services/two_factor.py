"""Two-factor log-in: TOTP enrolment and codes, recovery codes, and an admin's reset."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import timedelta

import pyotp
import segno
from flask_babel import gettext as _

from ..models.user import User
from . import user_sessions
from .accounts import record_event
from .errors import AccountError
from .logins import is_locked, register_failure, utc_now
from .unit_of_work import commit

RECOVERY_CODE_COUNT = 10
TOTP_ISSUER = "Wegweiser Magdeburg"


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
    now = utc_now()
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
        commit()
        return True
    hashed = _hash_recovery_code(code)
    if len(re.sub(r"[\s-]", "", code or "")) == 16 and hashed in (user.recovery_codes or []):
        user.recovery_codes = [h for h in user.recovery_codes if h != hashed]
        record_event("recovery_code_used", user=user, detail=f"left={len(user.recovery_codes)}", commit=False)
        commit()
        return True
    register_failure(user, "totp_failed")
    return False


def start_totp_enrolment(user: User) -> str:
    """A fresh secret for the account (not active until confirmed with a code). Returns the secret."""
    if user.totp_enabled:
        raise AccountError(_("Die Zwei-Faktor-Anmeldung ist bereits eingerichtet."))
    user.totp_secret = pyotp.random_base32()
    commit()
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
    commit()
    return codes


def regenerate_recovery_codes(user: User) -> list[str]:
    """New recovery codes; the old ones stop working. Returns the new codes (shown once)."""
    if not user.totp_enabled:
        raise AccountError(_("Richten Sie zuerst die Zwei-Faktor-Anmeldung ein."))
    codes = _new_recovery_codes(user)
    record_event("recovery_codes_renewed", user=user, commit=False)
    commit()
    return codes


def reset_totp(actor: User, user: User) -> None:
    """An admin resets a lost authenticator: the account enrols again at its next log-in (and is logged out)."""
    user.totp_enabled = False
    user.totp_secret = None
    user.totp_last_counter = None
    user.recovery_codes = []
    user_sessions.end_all(user)
    record_event("totp_reset", user=user, detail=f"by={actor.email}", commit=False)
    commit()
