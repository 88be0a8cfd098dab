"""Server-side records of back-office sessions: a session lives only as long as its row.

These helpers add and drop rows without committing; the use cases in ``logins`` and ``accounts`` commit.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import timedelta

from flask import current_app

from ..extensions import db
from ..models.base import utcnow
from ..models.user import User, UserSession


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def add(user: User) -> str:
    """A new session of the user; returns the token for the cookie. Rows past the absolute limit go."""
    oldest = utcnow() - timedelta(hours=current_app.config["SESSION_ABSOLUTE_HOURS"])
    db.session.execute(
        db.delete(UserSession).where(UserSession.user_id == user.id, UserSession.created_at < oldest)
    )
    token = secrets.token_urlsafe(32)
    db.session.add(UserSession(token_hash=token_hash(token), user_id=user.id))
    return token


def is_live(user_id: uuid.UUID, token: str | None) -> bool:
    """Whether the cookie's token names a session of this user that has not been ended."""
    if not token or not isinstance(token, str):
        return False
    row = db.session.get(UserSession, token_hash(token))
    return row is not None and row.user_id == user_id


def drop(user: User, token: str | None = None) -> None:
    """End one session (the token's) of the user."""
    if token and isinstance(token, str):
        db.session.execute(
            db.delete(UserSession).where(UserSession.user_id == user.id, UserSession.token_hash == token_hash(token))
        )


def end_all(user: User, keep: str | None = None) -> None:
    """End every session of the user, except the one with the token ``keep`` if given.

    The session epoch moves on too: it ends log-ins half done (password given, second factor not yet) and any
    session whose cookie still names the old epoch.
    """
    user.session_epoch += 1
    statement = db.delete(UserSession).where(UserSession.user_id == user.id)
    if keep:
        statement = statement.where(UserSession.token_hash != token_hash(keep))
    db.session.execute(statement)


def count(user: User) -> int:
    """How many sessions of the user are open (within the absolute limit)."""
    oldest = utcnow() - timedelta(hours=current_app.config["SESSION_ABSOLUTE_HOURS"])
    return db.session.execute(
        db.select(db.func.count()).where(UserSession.user_id == user.id, UserSession.created_at >= oldest)
    ).scalar_one()
