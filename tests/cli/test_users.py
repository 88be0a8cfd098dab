"""``flask users``: the first admin comes from the command line; there are no default accounts."""

from __future__ import annotations

from directory.extensions import db
from directory.models.user import User
from directory.services import logins
from tests.curate.support import DEFAULT_PASSWORD, cheap_hashing


def all_users(app) -> list[User]:
    with app.app_context():
        return list(db.session.execute(db.select(User)).scalars())


def test_no_default_accounts(seeded_app):
    assert all_users(seeded_app) == []


def test_create_admin_with_password_prompted_twice(app):
    cheap_hashing(app)
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["users", "create", "--role", "admin", "Chefin@Example.org"],
        input=f"{DEFAULT_PASSWORD}\n{DEFAULT_PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created admin chefin@example.org" in result.output
    assert DEFAULT_PASSWORD not in result.output
    [user] = all_users(app)
    assert user.role == "admin" and user.active and user.password_hash.startswith("$argon2id$")


def test_prompted_passwords_must_match(app):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "--role", "admin", "a@example.org"],
        input="Ein langes Passwort\nEin anderes Passwort\n\n\n",
    )
    assert result.exit_code != 0
    assert all_users(app) == []


def test_create_with_password_from_stdin(app):
    cheap_hashing(app)
    result = app.test_cli_runner().invoke(
        args=["users", "create", "--role", "editor", "--password-stdin", "red@example.org"],
        input=DEFAULT_PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert logins.authenticate("red@example.org", DEFAULT_PASSWORD).needs_totp is False


def test_weak_password_and_duplicates_are_refused(app):
    cheap_hashing(app)
    runner = app.test_cli_runner()
    weak = runner.invoke(
        args=["users", "create", "--role", "admin", "--password-stdin", "a@example.org"], input="kurz\n"
    )
    assert weak.exit_code != 0 and "mindestens 12 Zeichen" in weak.output
    args = ["users", "create", "--role", "admin", "--password-stdin", "a@example.org"]
    assert runner.invoke(args=args, input=DEFAULT_PASSWORD + "\n").exit_code == 0
    again = runner.invoke(args=args, input=DEFAULT_PASSWORD + "\n")
    assert again.exit_code != 0 and "bereits ein Konto" in again.output
    bad_role = runner.invoke(
        args=["users", "create", "--role", "root", "--password-stdin", "b@example.org"], input="x\n"
    )
    assert bad_role.exit_code != 0


def test_list_disable_enable(app, make_user):
    make_user("admin", email="admin@example.org")
    user = make_user("contributor", email="mit@example.org")
    runner = app.test_cli_runner()
    listed = runner.invoke(args=["users", "list"])
    assert "admin@example.org\tadmin\tactive\ttotp\tnever" in listed.output
    assert "mit@example.org\tcontributor\tactive\tno-totp\tnever" in listed.output
    assert runner.invoke(args=["users", "disable", "MIT@example.org"]).exit_code == 0
    with app.app_context():
        stored = db.session.get(User, user.id)
        assert not stored.active and stored.session_epoch == user.session_epoch + 1
    assert "mit@example.org\tcontributor\tdisabled" in runner.invoke(args=["users", "list"]).output
    assert runner.invoke(args=["users", "enable", "mit@example.org"]).exit_code == 0
    missing = runner.invoke(args=["users", "disable", "nobody@example.org"])
    assert missing.exit_code != 0 and "no account" in missing.output


def test_last_admin_cannot_be_disabled_from_the_cli(app, make_user):
    make_user("admin", email="admin@example.org")
    result = app.test_cli_runner().invoke(args=["users", "disable", "admin@example.org"])
    assert result.exit_code != 0
