"""Steps the account tests share: the password step of the log-in, reading the security log."""

from __future__ import annotations

from directory.extensions import db
from directory.models.user import SecurityEvent, User
from tests.curate.support import csrf_token


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
