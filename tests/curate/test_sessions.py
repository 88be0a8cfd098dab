"""Back-office sessions: renewal, time-outs, log-out, ending other sessions."""

from __future__ import annotations

import time

from tests.curate.account_steps import events, fresh, is_logged_in, password_step
from tests.curate.support import DEFAULT_PASSWORD, csrf_token, do_login, post_form


def test_session_is_renewed_at_log_in(app, make_user):
    user = make_user("contributor")
    client = app.test_client()
    before = csrf_token(client, "/curate/login")
    with client.session_transaction() as session:
        session["planted"] = "from before the log-in"
    do_login(client, user)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"] == f"{user.id}:{user.session_epoch}"
    assert csrf_token(client) != before


def test_idle_timeout_ends_the_session(app, make_user):
    user = make_user("contributor")
    client = do_login(app.test_client(), user)
    with client.session_transaction() as session:
        session["auth_seen"] = time.time() - 31 * 60
    response = client.get("/curate/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/curate/login")
    assert "Sitzung ist abgelaufen" in client.get("/curate/login").get_data(as_text=True)


def test_activity_keeps_the_session_alive(app, make_user):
    user = make_user("contributor")
    client = do_login(app.test_client(), user)
    with client.session_transaction() as session:
        session["auth_seen"] = time.time() - 29 * 60
    assert client.get("/curate/").status_code == 200
    with client.session_transaction() as session:
        assert time.time() - session["auth_seen"] < 60


def test_absolute_timeout_ends_even_an_active_session(app, make_user):
    user = make_user("contributor")
    client = do_login(app.test_client(), user)
    with client.session_transaction() as session:
        session["auth_started"] = time.time() - 10 * 3600 - 60
    assert client.get("/curate/").status_code == 302


def test_log_out(app, make_user):
    user = make_user("contributor")
    client = do_login(app.test_client(), user)
    response = post_form(client, "/curate/logout")
    assert response.status_code == 302 and response.headers["Location"] == "/curate/login"
    assert not is_logged_in(client)
    assert len(events(app, "logout")) == 1


def test_logout_is_post_only(app, make_user):
    client = do_login(app.test_client(), make_user("contributor"))
    assert client.get("/curate/logout").status_code == 405
    assert is_logged_in(client)


def test_disabling_an_account_logs_it_out_everywhere(app, make_user, logged_in_client):
    user = make_user("contributor")
    laptop, phone = do_login(app.test_client(), user), do_login(app.test_client(), user)
    admin = logged_in_client("admin")
    response = post_form(admin, f"/curate/users/{user.id}/disable")
    assert response.status_code == 302
    assert not is_logged_in(laptop) and not is_logged_in(phone)
    assert not fresh(app, user).active
    # Enabling it again does not revive the old sessions.
    post_form(admin, f"/curate/users/{user.id}/enable")
    assert not is_logged_in(laptop)
    assert len(events(app, "user_disabled")) == 1


def test_password_change_keeps_this_session_and_ends_the_others(app, make_user):
    user = make_user("contributor")
    here, elsewhere = do_login(app.test_client(), user), do_login(app.test_client(), user)
    new = "Ein neues langes Passwort"
    weak = post_form(here, "/curate/account/password", {"current": DEFAULT_PASSWORD, "new": "kurz", "repeat": "kurz"})
    assert weak.status_code == 400 and "mindestens 12 Zeichen" in weak.get_data(as_text=True)
    wrong = post_form(here, "/curate/account/password", {"current": "nicht das alte", "new": new, "repeat": new})
    assert wrong.status_code == 400 and "bisherige Passwort ist falsch" in wrong.get_data(as_text=True)
    done = post_form(here, "/curate/account/password", {"current": DEFAULT_PASSWORD, "new": new, "repeat": new})
    assert done.status_code == 302
    assert is_logged_in(here) and not is_logged_in(elsewhere)
    assert password_step(app.test_client(), user.email, new).status_code == 302


def test_a_kept_cookie_is_worthless_after_log_out(app, make_user):
    client = do_login(app.test_client(), make_user("contributor"))
    kept = client.get_cookie("session").value
    assert post_form(client, "/curate/logout").status_code == 302
    client.set_cookie("session", kept)  # as if the cookie had been copied before the log-out
    response = client.get("/curate/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/curate/login")


def test_log_out_ends_only_this_session(app, make_user):
    user = make_user("contributor")
    here, elsewhere = do_login(app.test_client(), user), do_login(app.test_client(), user)
    post_form(here, "/curate/logout")
    assert not is_logged_in(here) and is_logged_in(elsewhere)


def test_log_out_everywhere_ends_every_session_of_the_account(app, make_user):
    user, colleague = make_user("contributor"), make_user("contributor")
    here, elsewhere = do_login(app.test_client(), user), do_login(app.test_client(), user)
    other = do_login(app.test_client(), colleague)
    assert "in 2 Sitzungen angemeldet" in here.get("/curate/account").get_data(as_text=True)
    wrong = post_form(here, "/curate/account/sessions/end", {"password": "nicht mein Passwort"})
    assert wrong.headers["Location"] == "/curate/account"
    assert "Das Passwort ist falsch." in here.get("/curate/account").get_data(as_text=True)
    assert is_logged_in(here) and is_logged_in(elsewhere)
    response = post_form(here, "/curate/account/sessions/end", {"password": DEFAULT_PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/curate/login"
    assert not is_logged_in(here) and not is_logged_in(elsewhere)
    assert is_logged_in(other)
    assert len(events(app, "logout_everywhere")) == 1
    assert do_login(app.test_client(), user)  # a new log-in works as before


def test_the_database_keeps_only_a_hash_of_a_long_random_session_token(app, make_user):
    import hashlib

    from directory.extensions import db
    from directory.models.user import UserSession

    client = do_login(app.test_client(), make_user("contributor"))
    with client.session_transaction() as session:
        token = session["auth_token"]
    assert len(token) >= 43  # 32 random bytes (256 bits), URL-safe base64
    with app.app_context():
        stored = [row.token_hash for row in db.session.execute(db.select(UserSession)).scalars()]
    assert stored == [hashlib.sha256(token.encode()).hexdigest()]


def test_every_signed_in_page_offers_log_out(app, make_user):
    client = do_login(app.test_client(), make_user("contributor"))
    for path in ("/curate/", "/curate/account", "/curate/offers"):
        assert 'action="/curate/logout"' in client.get(path).get_data(as_text=True), path
