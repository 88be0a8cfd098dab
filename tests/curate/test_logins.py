"""Log-in: password step, lock-out, rate limits, where the log-in leads."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from directory.extensions import db
from directory.models.user import User
from tests.curate.account_steps import events, fresh, is_logged_in, password_step
from tests.curate.support import DEFAULT_PASSWORD, csrf_token


def test_contributor_logs_in_with_password_and_it_is_recorded(app, make_user):
    user = make_user("contributor")
    client = app.test_client()
    response = password_step(client, user.email.upper(), DEFAULT_PASSWORD)
    assert response.status_code == 302 and response.headers["Location"] == "/curate/"
    assert is_logged_in(client)
    assert [event.email for event in events(app, "login_ok")] == [user.email]
    assert fresh(app, user).last_login_at is not None


def test_wrong_password_and_unknown_account_look_the_same(app, make_user):
    user = make_user("contributor")
    client = app.test_client()
    wrong = password_step(client, user.email, "not the password at all")
    unknown = password_step(client, "nobody@example.org", DEFAULT_PASSWORD)
    assert wrong.status_code == unknown.status_code == 400
    message = "E-Mail-Adresse oder Passwort ist falsch"
    assert message in wrong.get_data(as_text=True) and message in unknown.get_data(as_text=True)
    assert not is_logged_in(client)
    assert {event.email for event in events(app, "login_failed")} == {user.email, "nobody@example.org"}


def test_account_locks_after_repeated_failures(app, make_user):
    app.config["LOGIN_LOCKOUT_THRESHOLD"] = 3
    user = make_user("contributor")
    client = app.test_client()
    for _ in range(3):
        assert password_step(client, user.email, "falsches passwort 123").status_code == 400
    assert len(events(app, "locked")) == 1
    # Even the right password is refused while locked.
    assert password_step(client, user.email, DEFAULT_PASSWORD).status_code == 400
    assert not is_logged_in(client)
    # Once the lock has run out, the right password works again and the count starts afresh.
    with app.app_context():
        db.session.get(User, user.id).locked_until = datetime.now(UTC) - timedelta(seconds=1)
        db.session.commit()
    assert password_step(client, user.email, DEFAULT_PASSWORD).status_code == 302
    assert fresh(app, user).failed_logins == 0


def test_successful_log_in_resets_the_failure_count(app, make_user):
    app.config["LOGIN_LOCKOUT_THRESHOLD"] = 3
    user = make_user("contributor")
    client = app.test_client()
    for _ in range(2):
        password_step(client, user.email, "falsches passwort 123")
    assert password_step(client, user.email, DEFAULT_PASSWORD).status_code == 302
    assert fresh(app, user).failed_logins == 0
    assert events(app, "locked") == []


def test_disabled_account_cannot_log_in(app, make_user):
    user = make_user("contributor", active=False)
    client = app.test_client()
    assert password_step(client, user.email, DEFAULT_PASSWORD).status_code == 400
    assert not is_logged_in(client)


def test_log_in_is_rate_limited_per_address(app, make_user):
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "3 per minute"
    client = app.test_client()
    for number in range(3):
        assert password_step(client, f"user{number}@example.org", "irgendein passwort").status_code == 400
    assert password_step(client, "user9@example.org", "irgendein passwort").status_code == 429
    # Reading is not limited: the form itself still opens from that address.
    assert client.get("/curate/login").status_code == 200
    # Another address is not affected.
    other = password_step(app.test_client(), "user9@example.org", "x" * 12, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 400


def test_log_in_is_rate_limited_per_account(app, make_user):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "2 per minute"
    app.config["LOGIN_LOCKOUT_THRESHOLD"] = 100
    user = make_user("contributor")
    for number in range(2):
        address = {"REMOTE_ADDR": f"10.0.1.{number}"}
        assert password_step(app.test_client(), user.email, "falsch falsch", environ_base=address).status_code == 400
    # From a third address, the account's budget is used up, even with the right password.
    blocked = password_step(
        app.test_client(), user.email.upper(), DEFAULT_PASSWORD, environ_base={"REMOTE_ADDR": "10.0.1.7"}
    )
    assert blocked.status_code == 429


def test_log_in_without_csrf_token_is_refused(app, make_user):
    user = make_user("contributor")
    client = app.test_client()
    response = client.post("/curate/login", data={"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 400
    assert not is_logged_in(client)


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/",
        "https://evil.example/curate/",
        "https://evil",
        "/offers/x",
        "/\\evil.example",
        "/curate\\evil.example",
        "/curate.evil.example",
        "/curate/\r\nX: y",  # ?next=/curate/%0D%0AX:%20y once decoded: a 500 before, not a header
        "/curate/\nSet-Cookie: a=b",
        "/curate/\tx",
        "/curate/\x00",
        " /curate/",
    ],
)
def test_next_never_leaves_the_back_office(app, make_user, target):
    user = make_user("contributor")
    client = app.test_client()
    token = csrf_token(client, "/curate/login")
    response = client.post(
        "/curate/login", data={"csrf_token": token, "email": user.email, "password": DEFAULT_PASSWORD, "next": target}
    )
    assert response.status_code == 302 and response.headers["Location"] == "/curate/"
    assert is_logged_in(client)


def test_next_brings_the_user_back(app, make_user):
    user = make_user("contributor")
    client = app.test_client()
    login_page = client.get("/curate/login?next=/curate/account")
    assert 'value="/curate/account"' in login_page.get_data(as_text=True)
    token = csrf_token(client, "/curate/login?next=/curate/account")
    response = client.post(
        "/curate/login",
        data={"csrf_token": token, "email": user.email, "password": DEFAULT_PASSWORD, "next": "/curate/account"},
    )
    assert response.headers["Location"] == "/curate/account"
