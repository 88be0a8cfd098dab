"""The access matrix: every /curate route x every role (and anonymous) x allowed and unknown methods; CSRF."""

from __future__ import annotations

import uuid

import pytest
from werkzeug.routing import IntegerConverter, UUIDConverter

from directory.curate.access import can, role_required
from directory.extensions import db
from directory.models.user import SecurityEvent
from tests.curate.access_matrix import ACCESS, ROLES_AND_ANONYMOUS
from tests.curate.support import csrf_token

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
PROBE_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def curate_rules(app):
    return sorted(
        (rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/curate")), key=lambda rule: rule.rule
    )


def sample_url(app, rule) -> str:
    """A URL for the rule, with made-up values for its variables (allowed users then see a 404, not a 403)."""
    given = ACCESS.get(rule.endpoint, {}).get("args", {})
    values = {}
    for name, converter in rule._converters.items():
        if name in given:
            values[name] = given[name]
        elif isinstance(converter, UUIDConverter):
            values[name] = uuid.uuid4()
        elif isinstance(converter, IntegerConverter):
            values[name] = 999999
        else:
            values[name] = "does-not-exist"
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **values)


def methods_of(rule) -> set[str]:
    return set(rule.methods) - {"HEAD", "OPTIONS"}


def test_every_curate_route_is_in_the_access_table(app):
    endpoints = {rule.endpoint for rule in curate_rules(app)}
    missing = sorted(endpoints - set(ACCESS))
    assert not missing, f"add these back-office routes to tests/curate/access_matrix.py: {missing}"
    stale = sorted(set(ACCESS) - endpoints)
    assert not stale, f"tests/curate/access_matrix.py lists routes that do not exist: {stale}"
    for rule in curate_rules(app):
        assert methods_of(rule) == ACCESS[rule.endpoint]["methods"], rule.endpoint


def test_access_matrix(app, logged_in_client):
    clients = {"anonymous": app.test_client()}
    for role in ROLES_AND_ANONYMOUS[1:]:
        clients[role] = logged_in_client(role)
    rules = sorted(curate_rules(app), key=lambda rule: bool(ACCESS[rule.endpoint].get("ends_session")))
    failures = []
    for who in ROLES_AND_ANONYMOUS:
        client = clients[who]
        for rule in rules:
            expected = ACCESS[rule.endpoint]
            url = sample_url(app, rule)
            for method in sorted(expected["methods"]):
                data = {"csrf_token": csrf_token(client)} if method in STATE_CHANGING else None
                response = client.open(url, method=method, data=data)
                location = response.headers.get("Location", "")
                sent_to_login = response.status_code == 302 and location.startswith("/curate/login?next=")
                if response.status_code >= 500:
                    failures.append(f"{who} {method} {url}: {response.status_code}")
                elif expected[who]:
                    if response.status_code == 403 or sent_to_login:
                        failures.append(f"{who} {method} {url}: refused ({response.status_code}) but allowed")
                elif who == "anonymous":
                    if not sent_to_login:
                        failures.append(f"{who} {method} {url}: {response.status_code} instead of the log-in page")
                elif response.status_code != 403:
                    failures.append(f"{who} {method} {url}: {response.status_code} instead of 403")
            if expected.get("ends_session") and who != "anonymous":
                client = clients[who] = logged_in_client(who)  # signed in again for the next such route
            # Methods no rule at this URL answers (two endpoints may share a URL: GET list, POST create).
            answered = set(app.url_map.bind("localhost").allowed_methods(url.split("?")[0]))
            for method in PROBE_METHODS:
                if method not in answered:
                    response = client.open(url, method=method)
                    if response.status_code != 405:
                        failures.append(f"{who} {method} {url}: {response.status_code} instead of 405")
    assert not failures, "\n".join(failures)


def test_forbidden_requests_are_recorded(app, logged_in_client):
    client = logged_in_client("contributor")
    assert client.get("/curate/users").status_code == 403
    with app.app_context():
        events = db.session.execute(db.select(SecurityEvent).filter_by(kind="denied")).scalars().all()
    assert [(event.email, event.path) for event in events] == [(client.user.email, "/curate/users")]


def test_anonymous_is_sent_to_log_in_and_back(app):
    response = app.test_client().get("/curate/users?page=2")
    assert response.status_code == 302
    assert response.headers["Location"] == "/curate/login?next=%2Fcurate%2Fusers%3Fpage%3D2"


@pytest.mark.parametrize("who", ["anonymous", "contributor", "admin"])
def test_csrf_is_enforced_on_every_state_changing_curate_request(app, logged_in_client, who):
    client = app.test_client() if who == "anonymous" else logged_in_client(who)
    checked = 0
    for rule in curate_rules(app):
        for method in sorted(methods_of(rule) & STATE_CHANGING):
            response = client.open(sample_url(app, rule), method=method, data={"email": "x@example.org"})
            assert response.status_code == 400, f"{who} {method} {rule.rule} without a CSRF token"
            assert b"CSRF" in response.data or "ungültig" in response.get_data(as_text=True)
            checked += 1
    assert checked >= 10


def test_role_required_rejects_unknown_roles():
    with pytest.raises(ValueError):
        role_required("superuser")


class _Entry:
    def __init__(self, state, created_by_id=None):
        self.workflow_state = state
        self.created_by_id = created_by_id


def test_per_object_rules(app, make_user):
    contributor, other = make_user("contributor"), make_user("contributor")
    editor, admin = make_user("editor"), make_user("admin")
    # Detached users are enough: ``can`` only reads attributes.
    mine_in_review, theirs_in_review = _Entry("review", contributor.id), _Entry("review", other.id)
    assert can(contributor, "edit", _Entry("draft"))
    assert can(contributor, "edit", mine_in_review) and can(contributor, "submit", mine_in_review)
    assert not can(contributor, "edit", theirs_in_review)
    assert not can(contributor, "edit", _Entry("published", contributor.id))
    assert not can(contributor, "publish", _Entry("draft", contributor.id))
    assert can(editor, "publish", _Entry("review")) and can(editor, "edit", _Entry("published"))
    assert not can(editor, "hard_delete", _Entry("archived")) and can(admin, "hard_delete", _Entry("archived"))
    assert not can(editor, "users") and can(admin, "users")
    assert not can(admin, "no-such-action")
    assert not can(None, "view")
