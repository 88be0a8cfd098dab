"""Passwords: the policy (length, common and monotonous passwords) and Argon2 hashing."""

from __future__ import annotations

import contextlib
import secrets
from functools import lru_cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app
from flask_babel import gettext as _

from ..models.user import User
from ..text import normalise_email

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256  # hashing megabytes of "password" is a denial of service, not security


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
        time_cost=config["ARGON2_TIME_COST"],
        memory_cost=config["ARGON2_MEMORY_COST"],
        parallelism=config["ARGON2_PARALLELISM"],
    )


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def check_password(user: User, password: str) -> bool:
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


def spend_hash_time(password: str) -> None:
    """Verify against a throw-away hash, so an unknown or locked account answers as slowly as a real one."""
    hasher = _hasher()
    with contextlib.suppress(VerificationError):
        hasher.verify(_dummy_hash(hasher.time_cost, hasher.memory_cost, hasher.parallelism), password)
