"""Password fields and how a password is checked: masked, pasteable, long, exactly as typed."""

from __future__ import annotations

import re

from tests.curate.account_steps import password_step
from tests.curate.support import do_login

LONG = "Über die Strombrücke zum Elbauenpark, dann weiter bis zum Jahrtausendturm  "  # 76 characters


def test_password_fields_are_masked_and_let_password_managers_fill_them(app, make_user):
    client = app.test_client()
    fields = re.findall(r"<input[^>]*>", client.get("/curate/login").get_data(as_text=True))
    password = [field for field in fields if 'name="password"' in field]
    assert password and 'type="password"' in password[0] and 'autocomplete="current-password"' in password[0]
    do_login(client, make_user("contributor"))
    account = client.get("/curate/account").get_data(as_text=True)
    for name in ("current", "new", "repeat", "password"):
        field = re.search(rf'<input[^>]*name="{name}"[^>]*>', account).group(0)
        assert 'type="password"' in field and 'autocomplete="off"' not in field
    assert "onpaste" not in account


def test_a_long_password_is_checked_exactly_as_typed(app, make_user):
    assert len(LONG) > 64
    user = make_user("contributor", password=LONG)
    assert password_step(app.test_client(), user.email, LONG.strip()).status_code == 400  # no trimming
    assert password_step(app.test_client(), user.email, LONG.lower()).status_code == 400  # no case folding
    assert password_step(app.test_client(), user.email, LONG).status_code == 302
