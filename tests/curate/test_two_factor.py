"""Two-factor log-in: TOTP codes, enrolment, recovery codes."""

from __future__ import annotations

import re

import pyotp

from directory.extensions import db
from directory.models.user import User
from directory.services import two_factor
from tests.curate.account_steps import events, fresh, is_logged_in, password_step
from tests.curate.support import DEFAULT_PASSWORD, csrf_token, do_login, post_form


def test_editor_needs_the_code_after_the_password(app, make_user):
    user = make_user("editor")
    client = app.test_client()
    response = password_step(client, user.email, DEFAULT_PASSWORD)
    assert response.headers["Location"] == "/curate/login/code"
    assert not is_logged_in(client)  # the password alone is not a log-in
    token = csrf_token(client, "/curate/login/code")
    wrong = client.post("/curate/login/code", data={"csrf_token": token, "code": "000000"})
    assert wrong.status_code == 400 and "Der Code ist falsch" in wrong.get_data(as_text=True)
    assert not is_logged_in(client)
    assert len(events(app, "totp_failed")) == 1
    code = pyotp.TOTP(user.totp_secret).now()
    assert client.post("/curate/login/code", data={"csrf_token": token, "code": code}).status_code == 302
    assert is_logged_in(client)


def test_a_totp_code_cannot_be_used_twice(app, make_user):
    user = make_user("admin")
    code = pyotp.TOTP(user.totp_secret).now()
    first, second = app.test_client(), app.test_client()
    for client in (first, second):
        password_step(client, user.email, DEFAULT_PASSWORD)
        token = csrf_token(client, "/curate/login/code")
        client.post("/curate/login/code", data={"csrf_token": token, "code": code})
    assert is_logged_in(first)
    assert not is_logged_in(second)


def test_code_step_without_password_step_goes_back_to_log_in(app):
    response = app.test_client().get("/curate/login/code")
    assert response.status_code == 302 and response.headers["Location"] == "/curate/login"


def test_wrong_codes_lock_the_account(app, make_user):
    app.config["LOGIN_LOCKOUT_THRESHOLD"] = 3
    user = make_user("editor")
    client = app.test_client()
    password_step(client, user.email, DEFAULT_PASSWORD)
    token = csrf_token(client, "/curate/login/code")
    for _ in range(3):
        client.post("/curate/login/code", data={"csrf_token": token, "code": "123456"})
    assert len(events(app, "locked")) == 1
    code = pyotp.TOTP(user.totp_secret).now()
    client.post("/curate/login/code", data={"csrf_token": token, "code": code})
    assert not is_logged_in(client)


def test_editor_without_totp_must_enrol_before_anything_else(app, make_user):
    user = make_user("editor", totp=False)
    client = app.test_client()
    assert password_step(client, user.email, DEFAULT_PASSWORD).status_code == 302
    for path in ("/curate/", "/curate/account"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"] == "/curate/account/totp", path
    page = client.get("/curate/account/totp")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<svg" in html and "vorgeschrieben" in html
    assert 'href="/curate/account"' not in html  # no navigation to pages that would send them back here
    secret = fresh(app, user).totp_secret
    assert secret and secret in html
    token = csrf_token(client, "/curate/account/totp")
    wrong = client.post("/curate/account/totp", data={"csrf_token": token, "code": "000000"})
    assert wrong.status_code == 400
    done = client.post("/curate/account/totp", data={"csrf_token": token, "code": pyotp.TOTP(secret).now()})
    assert done.status_code == 200
    codes = re.findall(r"<code>([0-9a-f]{8}-[0-9a-f]{8})</code>", done.get_data(as_text=True))
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = fresh(app, user)
    assert stored.totp_enabled and not set(codes) & set(stored.recovery_codes)  # kept hashed only
    assert client.get("/curate/").status_code == 200
    assert len(events(app, "totp_enabled")) == 1


def test_contributor_may_work_without_totp(app, make_user):
    user = make_user("contributor")
    client = do_login(app.test_client(), user)
    assert client.get("/curate/account").status_code == 200


def enrol_with_codes(app, user) -> list[str]:
    with app.app_context():
        stored = db.session.get(User, user.id)
        two_factor.start_totp_enrolment(stored)
        codes = two_factor.confirm_totp(stored, pyotp.TOTP(stored.totp_secret).now())
        return codes


def test_recovery_code_works_once(app, make_user):
    user = make_user("editor", totp=False)
    codes = enrol_with_codes(app, user)

    def log_in_with(code: str):
        client = app.test_client()
        password_step(client, user.email, DEFAULT_PASSWORD)
        token = csrf_token(client, "/curate/login/code")
        client.post("/curate/login/code", data={"csrf_token": token, "code": code})
        return client

    assert is_logged_in(log_in_with(codes[0].upper()))
    assert not is_logged_in(log_in_with(codes[0]))
    assert len(fresh(app, user).recovery_codes) == 9
    assert len(events(app, "recovery_code_used")) == 1


def test_new_recovery_codes_replace_the_old(app, make_user):
    user = make_user("contributor", totp=False)
    old = enrol_with_codes(app, user)
    client = do_login(app.test_client(), fresh(app, user))
    response = post_form(client, "/curate/account/recovery-codes")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert not any(code in html for code in old)
    with app.app_context():
        stored = db.session.get(User, user.id)
        assert not two_factor.verify_second_factor(stored, old[1])
