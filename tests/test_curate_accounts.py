"""Accounts: password rules, log-in with lock-out and rate limits, TOTP, sessions, user management."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta

import pyotp
import pytest

from directory.extensions import db
from directory.models.user import SecurityEvent, User
from directory.services import accounts, errors, passwords, two_factor
from tests.curate_support import DEFAULT_PASSWORD, cheap_hashing, csrf_token, do_login, post_form


def events(app, kind: str) -> list[SecurityEvent]:
    with app.app_context():
        return list(db.session.execute(db.select(SecurityEvent).filter_by(kind=kind)).scalars())


def fresh(app, user: User) -> User:
    with app.app_context():
        found = db.session.get(User, user.id)
        db.session.expunge(found)
        return found


def password_step(client, email: str, password: str, **kwargs):
    token = csrf_token(client, "/curate/login")
    return client.post("/curate/login", data={"csrf_token": token, "email": email, "password": password}, **kwargs)


def is_logged_in(client) -> bool:
    return client.get("/curate/").status_code == 200


# --- passwords --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password",
    [
        "elf Zeichen",  # 11 characters
        "passwort2024",  # a common password, 12 characters
        "Passwort2024!",  # capitals do not make it less common
        "qwertzuiop123",
        "aaaaaaaaaaaaaaaa",
        "123456789012",
        "zyxwvutsrqpo",
    ],
)
def test_weak_passwords_are_refused(app, password):
    with app.app_context():
        assert passwords.password_problems(password)
        with pytest.raises(errors.AccountError):
            accounts.create_user("someone@example.org", password, "contributor")


@pytest.mark.parametrize("password", ["zwölf zeiche", "alles klein und lang genug", "Elbauenpark im Herbst"])
def test_long_uncommon_passwords_need_no_composition_rules(app, password):
    cheap_hashing(app)
    with app.app_context():
        assert passwords.password_problems(password) == []
        user = accounts.create_user("  Someone@Example.ORG ", password, "contributor")
        assert user.email == "someone@example.org"
        assert user.password_hash.startswith("$argon2id$")
        assert password not in user.password_hash


def test_password_containing_the_email_name_is_refused(app):
    with app.app_context():
        assert passwords.password_problems("anna.mueller-sommer", "anna.mueller@example.org")


def test_common_password_list_is_shipped_and_sizeable():
    common = passwords.common_passwords()
    assert len(common) > 5000
    assert {"passwort1234", "qwertzuiop123", "magdeburg2024"} <= common


def test_email_is_unique_regardless_of_case(app, make_user):
    make_user("contributor", email="team@example.org")
    with app.app_context(), pytest.raises(errors.AccountError):
        accounts.create_user("TEAM@example.org", DEFAULT_PASSWORD, "editor")


# --- log-in, lock-out, rate limits ------------------------------------------------------------------------------


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


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/curate/", "/offers/x", "/\\evil.example"])
def test_next_never_leaves_the_back_office(app, make_user, target):
    user = make_user("contributor")
    client = app.test_client()
    token = csrf_token(client, "/curate/login")
    response = client.post(
        "/curate/login", data={"csrf_token": token, "email": user.email, "password": DEFAULT_PASSWORD, "next": target}
    )
    assert response.headers["Location"] == "/curate/"


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


# --- two-factor log-in ------------------------------------------------------------------------------------------


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


# --- sessions ---------------------------------------------------------------------------------------------------


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


# --- user management --------------------------------------------------------------------------------------------


def test_admin_creates_a_user_and_changes_the_role(app, logged_in_client):
    admin = logged_in_client("admin")
    weak = post_form(admin, "/curate/users", {"email": "neu@example.org", "role": "editor", "password": "passwort1234"})
    assert weak.status_code == 400 and "zu verbreitet" in weak.get_data(as_text=True)
    created = post_form(
        admin, "/curate/users", {"email": "Neu@Example.org", "role": "editor", "password": DEFAULT_PASSWORD}
    )
    assert created.status_code == 302
    assert "neu@example.org" in admin.get("/curate/users").get_data(as_text=True)
    with app.app_context():
        user = accounts.find_user("neu@example.org")
        user_id = user.id
        assert user.role == "editor" and not user.totp_enabled
    bad = post_form(admin, f"/curate/users/{user_id}/role", {"role": "superuser"})
    assert bad.status_code == 400
    post_form(admin, f"/curate/users/{user_id}/role", {"role": "contributor"})
    with app.app_context():
        assert db.session.get(User, user_id).role == "contributor"
    assert len(events(app, "role_changed")) == 1


def test_role_change_takes_effect_on_the_next_request(app, make_user, logged_in_client):
    admin = logged_in_client("admin")
    editor = make_user("admin")
    client = do_login(app.test_client(), editor)
    assert client.get("/curate/users").status_code == 200
    post_form(admin, f"/curate/users/{editor.id}/role", {"role": "contributor"})
    assert client.get("/curate/users").status_code == 403


def test_the_last_admin_stays(app, logged_in_client):
    admin = logged_in_client("admin")
    me = admin.user
    post_form(admin, f"/curate/users/{me.id}/role", {"role": "editor"})
    post_form(admin, f"/curate/users/{me.id}/disable")
    stored = fresh(app, me)
    assert stored.role == "admin" and stored.active
    assert admin.get("/curate/users").status_code == 200


def test_admin_resets_a_lost_authenticator(app, make_user, logged_in_client):
    editor = make_user("editor")
    session = do_login(app.test_client(), editor)
    admin = logged_in_client("admin")
    post_form(admin, f"/curate/users/{editor.id}/reset-totp")
    assert not is_logged_in(session)
    stored = fresh(app, editor)
    assert not stored.totp_enabled and stored.totp_secret is None


def test_security_log_lists_events_for_admins(app, logged_in_client):
    admin = logged_in_client("admin")
    password_step(app.test_client(), "mallory@example.org", "nicht das passwort")
    html = admin.get("/curate/security-log").get_data(as_text=True)
    assert "login_failed" in html and "mallory@example.org" in html


def test_users_page_is_not_cached(app, logged_in_client):
    response = logged_in_client("admin").get("/curate/users")
    assert "no-store" in response.headers.get("Cache-Control", "")


def test_rate_limit_counters_live_in_redis_when_configured(app, migrated, tmp_path):
    """In-memory counters are per worker; with Redis every worker (and a restart) sees the same count.

    (``app`` empties the database afterwards: the failed log-ins are recorded.)
    """
    import uuid

    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/0"
    probe = redis.Redis.from_url(url, socket_connect_timeout=1)
    try:
        probe.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis is not running")
    finally:
        probe.close()
    from tests.conftest import make_app

    # Unique address and account, so the keys are this test's own (and removed afterwards).
    marker = uuid.uuid4().hex[:8]
    email, address = f"{marker}@example.org", {"REMOTE_ADDR": f"10.{int(marker[:2], 16)}.{int(marker[2:4], 16)}.9"}
    settings = {"RATELIMIT_STORAGE_URI": url, "LOGIN_LIMIT_PER_ADDRESS": "2 per minute"}
    apps = []
    try:
        first = make_app(migrated, tmp_path / "a", **settings)
        apps.append(first)
        for _ in range(2):
            assert (
                password_step(first.test_client(), email, "irgendein passwort", environ_base=address).status_code == 400
            )
        second = make_app(migrated, tmp_path / "b", **settings)  # another worker, or the app after a restart
        apps.append(second)
        assert password_step(second.test_client(), email, "irgendein passwort", environ_base=address).status_code == 429
    finally:
        for made in apps:  # close their database connections
            with made.app_context():
                db.session.remove()
                db.engine.dispose()
        client = redis.Redis.from_url(url)
        for pattern in (f"*{email}*", f"*/{address['REMOTE_ADDR']}/*"):
            for key in client.scan_iter(pattern):
                client.delete(key)
        client.close()


def test_control_characters_in_the_log_in_are_a_clear_refusal(app, logged_in_client):
    """A NUL byte cannot be stored in PostgreSQL: the answer is the usual refusal, never a 500."""
    client = app.test_client()
    response = password_step(client, "anna\x00@example.org", "irgendein passwort")
    assert response.status_code == 400
    [event] = events(app, "login_failed")
    assert event.email == "anna?@example.org"
    admin = logged_in_client("admin")
    created = post_form(
        admin, "/curate/users", {"email": "b\x00@example.org", "role": "editor", "password": DEFAULT_PASSWORD}
    )
    assert created.status_code == 400 and "gültige E-Mail-Adresse" in created.get_data(as_text=True)
