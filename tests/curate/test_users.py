"""User management by admins, the security log, and rate-limit storage."""

from __future__ import annotations

import pytest

from directory.extensions import db
from directory.models.user import User
from directory.services import accounts
from tests.curate.account_steps import events, fresh, is_logged_in, password_step
from tests.curate.support import DEFAULT_PASSWORD, do_login, post_form


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
