"""Back-office test helpers: users of each role and the real log-in flow (CSRF on, TOTP included).

Fixtures (all on the empty-database ``app``):
- ``make_user(role="editor", email=None, password=DEFAULT_PASSWORD, totp=None, active=True) -> User``
  (editors and admins get TOTP switched on unless ``totp=False``; the returned User is detached, attributes loaded)
- ``login(client, user, password=DEFAULT_PASSWORD) -> client`` (password step, then the TOTP code via pyotp)
- ``logged_in_client(role) -> client``: a new test client logged in as a new user of that role (``client.user``)
Plain helpers: ``csrf_token(client, path=None)``, ``post_form(client, path, data=None, **kwargs)``.
"""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import Callable

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient

from directory.extensions import db
from directory.models.user import TOTP_ROLES, User
from directory.services import accounts

DEFAULT_PASSWORD = "Lange Elbe, hohe Brücken 2026"
_numbers = itertools.count(1)
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def cheap_hashing(app: Flask) -> None:
    """Argon2id with a small cost: the same code path, milliseconds instead of a tenth of a second."""
    app.config.update(ARGON2_TIME_COST=1, ARGON2_MEMORY_COST=1024, ARGON2_PARALLELISM=1)


def csrf_token(client: FlaskClient, path: str | None = None) -> str:
    """The CSRF token from a rendered form (the back-office start page, else the log-in page)."""
    paths = [path] if path else ["/curate/", "/curate/login"]
    for candidate in paths:
        response = client.get(candidate)
        match = _CSRF.search(response.get_data(as_text=True))
        if match:
            return match.group(1) or match.group(2)
    raise AssertionError(f"no CSRF token on {paths}")


def post_form(client: FlaskClient, path: str, data: dict | None = None, **kwargs):
    """POST a form the way a browser does: with the CSRF token from a rendered page."""
    payload = dict(data or {})
    payload.setdefault("csrf_token", csrf_token(client))
    return client.post(path, data=payload, **kwargs)


def current_totp_code(app: Flask, user: User) -> str:
    """A code the server will accept now: the current step, or the next one if this step was already used."""
    with app.app_context():
        fresh = db.session.get(User, user.id)
        secret, last = fresh.totp_secret, fresh.totp_last_counter
    totp = pyotp.TOTP(secret)
    now = time.time()
    for offset in (0, totp.interval):
        moment = now + offset
        if last is None or totp.timecode(_utc(moment)) > last:
            return totp.at(moment)
    raise AssertionError("two log-ins of the same user within one TOTP step are all this helper allows")


def _utc(moment: float):
    from datetime import UTC, datetime

    return datetime.fromtimestamp(moment, UTC)


def do_login(client: FlaskClient, user: User, password: str = DEFAULT_PASSWORD) -> FlaskClient:
    app = client.application
    token = csrf_token(client, "/curate/login")
    response = client.post("/curate/login", data={"csrf_token": token, "email": user.email, "password": password})
    assert response.status_code == 302, f"log-in refused for {user.email}: {response.status_code}"
    if response.headers["Location"].startswith("/curate/login/code"):
        token = csrf_token(client, "/curate/login/code")
        code = current_totp_code(app, user)
        response = client.post("/curate/login/code", data={"csrf_token": token, "code": code})
        assert response.status_code == 302, f"second factor refused for {user.email}"
    assert not response.headers["Location"].startswith("/curate/login"), response.headers["Location"]
    return client


@pytest.fixture
def make_user(app: Flask) -> Callable[..., User]:
    cheap_hashing(app)

    def factory(
        role: str = "editor",
        email: str | None = None,
        password: str = DEFAULT_PASSWORD,
        totp: bool | None = None,
        active: bool = True,
    ) -> User:
        email = email or f"{role}{next(_numbers)}@team.example.org"
        with app.app_context():
            user = accounts.create_user(email, password, role)
            if totp if totp is not None else role in TOTP_ROLES:
                user.totp_secret = pyotp.random_base32()
                user.totp_enabled = True
            user.active = active
            db.session.commit()
            db.session.refresh(user)
            db.session.expunge(user)
        return user

    return factory


@pytest.fixture
def login() -> Callable[..., FlaskClient]:
    return do_login


@pytest.fixture
def logged_in_client(app: Flask, make_user: Callable[..., User]) -> Callable[[str], FlaskClient]:
    def factory(role: str) -> FlaskClient:
        user = make_user(role)
        client = app.test_client()
        do_login(client, user)
        client.user = user  # type: ignore[attr-defined]
        return client

    return factory
