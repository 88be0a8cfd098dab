"""Back-office sessions: Flask-Login's user loader with idle and absolute time-outs.

The session identity is "<user id>:<session epoch>" (``User.get_id``): bumping the epoch (password change,
disabling the account, TOTP reset, "log out everywhere") ends every session of that account at its next request.
Each session also carries a random token whose row in ``user_session`` must exist: log-out deletes that row,
so a copy of the cookie is worthless afterwards.
"""

from __future__ import annotations

import time
import uuid

from flask import current_app, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user

from ..extensions import db, login_manager
from ..models.user import User
from ..services import user_sessions

STARTED = "auth_started"
SEEN = "auth_seen"
TOKEN = "auth_token"  # noqa: S105 (the session key, not a secret)
EXPIRED = "auth_expired"


def _limits() -> tuple[float, float]:
    config = current_app.config
    return config["SESSION_IDLE_MINUTES"] * 60, config["SESSION_ABSOLUTE_HOURS"] * 3600


@login_manager.user_loader
def load_user(identity: str) -> User | None:
    user_id, _, epoch = (identity or "").partition(":")
    try:
        key, epoch_number = uuid.UUID(user_id), int(epoch)
    except ValueError:
        return None
    user = db.session.get(User, key)
    if user is None or not user.active or user.session_epoch != epoch_number:
        _expire()
        return None
    if not user_sessions.is_live(user.id, session.get(TOKEN)):
        session.clear()  # ended on the server (log-out): no "expired" notice
        return None
    now = time.time()
    idle, absolute = _limits()
    started, seen = session.get(STARTED), session.get(SEEN)
    if started is None or seen is None or now - started > absolute or now - seen > idle:
        _expire()
        return None
    if now - seen > 30:  # don't rewrite the cookie on every request
        session[SEEN] = now
    return user


def _expire() -> None:
    session.clear()
    session[EXPIRED] = True


def start(user: User, token: str) -> None:
    """A fresh session for a user who just logged in: nothing from before the log-in survives."""
    session.clear()
    login_user(user)
    now = time.time()
    session[STARTED] = now
    session[SEEN] = now
    session[TOKEN] = token


def current_token() -> str | None:
    return session.get(TOKEN)


def renew_identity(user: User) -> None:
    """After the epoch changed (own password change): keep this session (same token), the others are gone."""
    started, token = session.get(STARTED, time.time()), session.get(TOKEN)
    start(user, token)
    session[STARTED] = started


def end() -> None:
    logout_user()
    session.clear()


def pop_expired() -> bool:
    return bool(session.pop(EXPIRED, False))


def init_app(app) -> None:
    # Templates get the user as a proxy, loaded when a template asks (the back office), not for every public
    # page as Flask-Login's own context processor does.
    login_manager.init_app(app, add_context_processor=False)
    app.jinja_env.globals["current_user"] = current_user
    login_manager.login_view = "curate.login"
    login_manager.login_message = _l("Bitte melden Sie sich an.")
