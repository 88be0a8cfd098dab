"""``flask --app directory users ...``: create, list, disable and enable back-office accounts, set a password.

There are no default accounts: the first admin is created here.
"""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from ..models.user import ROLES
from ..services import accounts, errors

users_cli = AppGroup("users", help="Back-office accounts.")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise click.ClickException("no password on standard input")
        return password
    return click.prompt("Password", hide_input=True, confirmation_prompt="Repeat the password")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True, help="admin, editor or contributor.")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
def create_command(email: str, role: str, password_stdin: bool) -> None:
    """Create an account. The password is asked for twice (or read from stdin)."""
    password = _read_password(password_stdin)
    try:
        user = accounts.create_user(email, password, role)
    except errors.AccountError as error:
        raise click.ClickException(str(error)) from error
    note = " Two-factor log-in is set up at the first log-in." if user.needs_totp else ""
    click.echo(f"Created {user.role} {user.email}.{note}")


@users_cli.command("list")
def list_command() -> None:
    """List all accounts: e-mail, role, status, two-factor, last log-in."""
    for user in accounts.list_users():
        status = "active" if user.active else "disabled"
        totp = "totp" if user.totp_enabled else "no-totp"
        last = user.last_login_at.isoformat(timespec="minutes") if user.last_login_at else "never"
        click.echo(f"{user.email}\t{user.role}\t{status}\t{totp}\t{last}")


def _user_or_fail(email: str):
    user = accounts.find_user(email)
    if user is None:
        raise click.ClickException(f"no account {accounts.normalise_email(email)}")
    return user


@users_cli.command("disable")
@click.argument("email")
def disable_command(email: str) -> None:
    """Disable an account; it is logged out everywhere at once."""
    user = _user_or_fail(email)
    try:
        accounts.set_active(None, user, False)
    except errors.AccountError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Disabled {user.email}.")


@users_cli.command("enable")
@click.argument("email")
def enable_command(email: str) -> None:
    """Enable a disabled account again (and lift a lock-out)."""
    user = _user_or_fail(email)
    accounts.set_active(None, user, True)
    click.echo(f"Enabled {user.email}.")


@users_cli.command("set-password")
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
def set_password_command(email: str, password_stdin: bool) -> None:
    """Set a new password (a lost one, or after `data import` without secrets); ends the account's sessions."""
    user = _user_or_fail(email)
    try:
        accounts.set_password(user, _read_password(password_stdin))
    except errors.AccountError as error:
        raise click.ClickException(str(error)) from error
    note = " Two-factor log-in is set up at the next log-in." if user.needs_totp and not user.totp_enabled else ""
    click.echo(f"Password set for {user.email}.{note}")
