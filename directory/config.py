"""Configuration: safe defaults, overridden by ``DIRECTORY_*`` environment variables."""

from __future__ import annotations

import os
import secrets
from datetime import date
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent

ENV_PREFIX = "DIRECTORY_"


def _bool(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


# Settings that may come from the environment, with the type to parse them as.
_ENV_SETTINGS: dict[str, type] = {
    "DATABASE_URL": str,
    "INDEX_DIR": str,
    "SECRET_KEY": str,
    "SEED_DIR": str,
    "SHARED_DIR": str,
    "RATELIMIT_STORAGE_URI": str,
    "GEOCODER_URL": str,
    "GEOCODER_USER_AGENT": str,
    "GEOCODER_TIMEOUT": float,
    "GEOCODER_CACHE_URL": str,
    "STREETS_FILE": str,
    "TILE_URL": str,
    "TILE_ATTRIBUTION": str,
    "SITE_NAME": str,
    "BASE_URL": str,
    "CONTACT_EMAIL": str,
    "STALE_AFTER_DAYS": int,
    "SESSION_COOKIE_SECURE": _bool,
    "HSTS_MAX_AGE": int,
    "HSTS_INCLUDE_SUBDOMAINS": _bool,
    "MAX_URL_LENGTH": int,
    "DEBUG": _bool,
    "OPERATOR_NAME": str,
    "IMPRINT_TEXT": str,
    "PRIVACY_TEXT": str,
    "ACCESSIBILITY_ENFORCEMENT_TEXT": str,
    "ACCESSIBILITY_STATEMENT_DATE": date.fromisoformat,
    "SESSION_IDLE_MINUTES": int,
    "SESSION_ABSOLUTE_HOURS": int,
    "LOGIN_LOCKOUT_THRESHOLD": int,
    "LOGIN_LOCKOUT_MINUTES": int,
    "LOGIN_LIMIT_PER_ADDRESS": str,
    "LOGIN_LIMIT_PER_ACCOUNT": str,
    "RATELIMIT_KEY_PREFIX": str,
    "GEOCODER_MIN_INTERVAL": float,
    "GEOCODER_CACHE_PREFIX": str,
    "SEARCH_INDEXER": str,
    "SEARCH_POLL_SECONDS": float,
    "SEARCH_RECONCILE_SECONDS": float,
    "SEARCH_CHECK_SECONDS": float,
    "SEARCH_OUTBOX_DAYS": float,
    "SEARCH_WRITER_TIMEOUT": float,
    "SYNONYMS_FILE": str,
    "SYNONYMS_MAX_AGE": float,
    "REFERENCE_MAX_AGE": float,
    "ARGON2_TIME_COST": int,
    "ARGON2_MEMORY_COST": int,
    "ARGON2_PARALLELISM": int,
    "FEEDBACK_RATE_LIMIT": str,
    "IMPORT_MAX_BYTES": int,
    "PROXY_HOPS": int,
}

# The geocoder's settings, also read by ``geo.geocoder`` from a plain mapping (it does not need an app).
GEOCODER_DEFAULTS: dict[str, Any] = {
    "GEOCODER_URL": "",
    "GEOCODER_USER_AGENT": "wegweiser-magdeburg",
    "GEOCODER_TIMEOUT": 3.0,
    "GEOCODER_CACHE_URL": "",
    "GEOCODER_MIN_INTERVAL": 1.0,  # seconds between two requests (Nominatim's usage policy: at most one a second)
    "GEOCODER_CACHE_PREFIX": "wegweiser:geocode:",
}


def default_config(instance_path: str) -> dict[str, Any]:
    """The defaults: SQLite in the instance folder, the index in ``search_index/``."""
    return {
        "DATABASE_URL": "sqlite:///" + os.path.join(instance_path, "wegweiser.sqlite"),
        "INDEX_DIR": str(PROJECT_ROOT / "search_index"),
        "SEED_DIR": str(PROJECT_ROOT / "seed_data"),
        "SHARED_DIR": str(PROJECT_ROOT.parent / "shared"),
        "SECRET_KEY": None,
        "RATELIMIT_STORAGE_URI": "memory://",
        **GEOCODER_DEFAULTS,
        # An operator's street list (name, lat, lon, postcode), written by `flask geo load-streets`.
        "STREETS_FILE": os.path.join(instance_path, "strassen.csv"),
        "TILE_URL": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "TILE_ATTRIBUTION": "© OpenStreetMap-Mitwirkende",
        "SITE_NAME": "Wegweiser Magdeburg",
        # Public address of the site, for links made outside a request (exports, printed QR codes).
        "BASE_URL": "http://127.0.0.1:5000",
        "CONTACT_EMAIL": "integration@example.org",
        "STALE_AFTER_DAYS": 365,
        "SESSION_COOKIE_SECURE": False,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # Strict-Transport-Security on HTTPS responses: one year, subdomains included; a max-age of 0 turns it off.
        "HSTS_MAX_AGE": 31536000,
        "HSTS_INCLUDE_SUBDOMAINS": True,
        "DEBUG": False,
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        # The longest request target (path and query) the app answers; longer ones get a 414. 0: no limit.
        "MAX_URL_LENGTH": 8192,
        "SQLALCHEMY_TRACK_MODIFICATIONS": False,
        "BABEL_DEFAULT_LOCALE": "de",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Berlin",
        "WTF_CSRF_TIME_LIMIT": None,
        # Information pages; the texts may also come from files in the instance folder (docs/translating.md).
        "OPERATOR_NAME": "Landeshauptstadt Magdeburg, Team Integration",
        "IMPRINT_TEXT": "",
        "PRIVACY_TEXT": "",
        "ACCESSIBILITY_ENFORCEMENT_TEXT": "",
        "ACCESSIBILITY_STATEMENT_DATE": date(2026, 11, 26),
        # Back-office sessions and log-in protection.
        "SESSION_IDLE_MINUTES": 30,
        "SESSION_ABSOLUTE_HOURS": 10,
        "LOGIN_LOCKOUT_THRESHOLD": 5,  # consecutive failures (password or code) before the account locks
        "LOGIN_LOCKOUT_MINUTES": 15,
        "LOGIN_LIMIT_PER_ADDRESS": "20 per minute; 100 per hour",
        "LOGIN_LIMIT_PER_ACCOUNT": "10 per minute; 40 per hour",
        "RATELIMIT_KEY_PREFIX": "wegweiser",
        # Public forms (suggest an offer, report a problem): sent forms per address.
        "FEEDBACK_RATE_LIMIT": "5 per minute;30 per day",
        # Password hashing (Argon2id); tests lower the cost.
        "ARGON2_TIME_COST": 3,
        "ARGON2_MEMORY_COST": 65536,
        "ARGON2_PARALLELISM": 4,
        # The search index (docs in search/indexer.py): who applies the outbox on this host ("thread": a
        # background thread of the app; "inline": the committing thread; "off": `flask index follow` does),
        # how often it polls without PostgreSQL's notifications, how often it compares (id, version) with the
        # database, how often a search checks the index files, how long outbox rows are kept. Unset: "thread",
        # or "inline" under TESTING (no thread per test app).
        "SEARCH_INDEXER": "",
        "SEARCH_POLL_SECONDS": 0.5,
        "SEARCH_RECONCILE_SECONDS": 300.0,
        "SEARCH_CHECK_SECONDS": 1.0,
        "SEARCH_OUTBOX_DAYS": 7.0,
        "SEARCH_WRITER_TIMEOUT": 60.0,
        # Synonyms: the seed file until the team edits groups; re-read from the database after this many seconds.
        "SYNONYMS_FILE": "",
        "SYNONYMS_MAX_AGE": 60.0,
        # Category and Stadtteil names and structure translations: re-read after this many seconds.
        "REFERENCE_MAX_AGE": 60.0,
        # The largest CSV file the back office imports.
        "IMPORT_MAX_BYTES": 1024 * 1024,
        # Reverse proxies in front of the app whose X-Forwarded-For/-Proto are trusted (0: none, the peer counts).
        "PROXY_HOPS": 0,
    }


def from_environment(environ: dict[str, str] | None = None) -> dict[str, Any]:
    """Read the ``DIRECTORY_*`` variables that are set, parsed to their types."""
    environ = dict(os.environ if environ is None else environ)
    found: dict[str, Any] = {}
    for name, parse in _ENV_SETTINGS.items():
        raw = environ.get(ENV_PREFIX + name)
        if raw is not None and raw != "":
            found[name] = parse(raw)
    return found


def finalise(config: dict[str, Any], instance_path: str) -> dict[str, Any]:
    """Derive dependent settings once everything else is known."""
    url = config["DATABASE_URL"]
    # Plain postgresql:// means psycopg 3 here (the only driver we install).
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    config["SQLALCHEMY_DATABASE_URI"] = url
    config["SEARCH_INDEXER"] = config.get("SEARCH_INDEXER") or ("inline" if config.get("TESTING") else "thread")
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = _development_secret(instance_path)
    return config


def _development_secret(instance_path: str) -> str:
    """A random key kept in the instance folder, so development sessions survive restarts."""
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key
