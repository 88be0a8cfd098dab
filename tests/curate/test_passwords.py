"""Accounts: the password rules."""

from __future__ import annotations

import pytest

from directory.services import accounts, errors, passwords
from tests.curate.support import DEFAULT_PASSWORD, cheap_hashing


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


@pytest.mark.parametrize(
    ("password", "email", "hint"),
    [
        ("Schmidt Anna Elbe 2026", "anna.schmidt2@example.org", "Teile Ihrer E-Mail-Adresse"),  # each piece counts
        ("bob bob bob bob 2026", "bob@example.org", "Wiederholungen"),  # short local parts and spaces too
        ("qwertyuiopas", "someone@example.org", "häufig verwendeten Passwort"),  # a keyboard row
    ],
)
def test_guessable_passwords_are_refused_with_a_german_reason(app, password, email, hint):
    with app.app_context(), pytest.raises(errors.AccountError) as refused:
        accounts.create_user(email, password, "contributor")
    message = str(refused.value)
    assert "zu leicht zu erraten" in message and hint in message


def test_a_passphrase_is_accepted_for_an_address_with_several_pieces(app):
    cheap_hashing(app)
    with app.app_context():
        user = accounts.create_user("anna.schmidt2@example.org", "Tanzende Kraniche über dem Domplatz", "contributor")
        assert user.active
