"""Passwords: the policy (length, the bundled common-password list, zxcvbn's strength estimate) and Argon2 hashing."""

from __future__ import annotations

import contextlib
import re
import secrets
from functools import lru_cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from zxcvbn import zxcvbn

from ..models.user import User
from ..text import normalise_email

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256  # hashing megabytes of "password" is a denial of service, not security


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords, lower-cased."""
    text = resources.files("directory.data").joinpath("common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


# Words an attacker tries first against this site, whoever the account is.
SITE_WORDS = ("wegweiser", "magdeburg", "elbe", "integration")
MIN_STRENGTH = 3  # zxcvbn's score, 0–4: 3 means "safely unguessable" for an online attack and a slow hash
_ESTIMATE_LENGTH = 72  # zxcvbn refuses longer input (its time grows fast); the first 72 characters tell enough
_SEPARATORS = re.compile(r"[\W_]+")

# zxcvbn's own feedback is English text; we explain by the pattern it found, in our catalogs.
_HINTS = {
    "personal": _l("Ihr Name und die Teile Ihrer E-Mail-Adresse helfen nicht: Sie werden zuerst probiert."),
    "spatial": _l("Tastaturmuster wie „qwertz“ oder „asdf“ sind leicht zu erraten."),
    "repeat": _l("Wiederholungen wie „aaa“ oder „abcabc“ sind kaum schwerer zu erraten als ein einzelnes Stück."),
    "sequence": _l("Folgen wie „abc“ oder „6543“ sind leicht zu erraten."),
    "date": _l("Jahreszahlen und Daten sind leicht zu erraten."),
    "regex": _l("Jahreszahlen und Daten sind leicht zu erraten."),
    "dictionary": _l("Bekannte Wörter und Namen sind leicht zu erraten, vor allem allein."),
    "passwords": _l("Es ähnelt einem häufig verwendeten Passwort."),
}


def _pattern(match: dict) -> str:
    if match["pattern"] == "dictionary" and match.get("dictionary_name") == "passwords":
        return "passwords"
    return match["pattern"]


def personal_words(email: str) -> list[str]:
    """The pieces of the local part, split at ".", "_", "-", "+" and digits: "anna.schmidt2" → anna, schmidt."""
    local = normalise_email(email).split("@")[0] if email else ""
    return [piece for piece in re.split(r"[._\-+\d]+", local) if len(piece) >= 2]


def _variants(password: str, words: list[str]) -> list[tuple[str, bool]]:
    """What the estimate looks at: the password as typed, without separators, and without the known words.

    Separators fool zxcvbn's repeat detection ("bob bob bob" scores higher than "bobbobbob"), and it rates a
    chain of known words as strong; an attacker who targets the account starts with exactly those words.
    """
    rest = password.lower()
    for word in sorted(set(words), key=len, reverse=True):
        rest = rest.replace(word, " ")
    return [
        (password[:_ESTIMATE_LENGTH], False),
        (_SEPARATORS.sub("", password)[:_ESTIMATE_LENGTH], False),
        (_SEPARATORS.sub("", rest)[:_ESTIMATE_LENGTH], rest != password.lower()),
    ]


def strength_problem(password: str, email: str = "") -> str | None:
    """Why zxcvbn finds the password too easy to guess (a German explanation), or None when it is strong enough."""
    personal = personal_words(email)
    words = [*personal, *SITE_WORDS]
    weakest, hint = MIN_STRENGTH, ""
    for variant, without_known_words in _variants(password, words):
        result = zxcvbn(variant, user_inputs=words) if variant else {"score": 0, "sequence": []}
        if result["score"] < weakest:
            weakest = result["score"]
            patterns = [_pattern(match) for match in result["sequence"] if match["pattern"] != "bruteforce"]
            hint = "personal" if without_known_words and personal else (patterns[0] if patterns else "")
    if weakest >= MIN_STRENGTH:
        return None
    parts = [_("Dieses Passwort ist zu leicht zu erraten.")]
    if hint in _HINTS:
        parts.append(str(_HINTS[hint]))
    parts.append(_("Nehmen Sie besser mehrere ungewöhnliche Wörter, etwa einen kurzen Satz, den nur Sie kennen."))
    return " ".join(parts)


def password_problems(password: str, email: str = "") -> list[str]:
    """What is wrong with a new password, as messages for the user (empty: acceptable).

    Length, the bundled list of common passwords (checked offline, nothing leaves the server)
    and zxcvbn's strength estimate with the account's e-mail pieces; no composition rules (NIST SP 800-63B).
    """
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(_("Das Passwort muss mindestens %(n)d Zeichen lang sein.", n=MIN_PASSWORD_LENGTH))
    elif len(password) > MAX_PASSWORD_LENGTH:
        problems.append(_("Das Passwort darf höchstens %(n)d Zeichen lang sein.", n=MAX_PASSWORD_LENGTH))
    elif password.lower() in common_passwords():
        problems.append(_("Dieses Passwort ist zu verbreitet. Bitte wählen Sie ein anderes."))
    else:
        weakness = strength_problem(password, email)
        if weakness:
            problems.append(weakness)
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
