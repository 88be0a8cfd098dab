"""Back-office accounts and the security log."""

from __future__ import annotations

import uuid
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import created_at, utcnow, uuid_pk

ROLES = ("admin", "editor", "contributor")
# Roles that must log in with a second factor.
TOTP_ROLES = frozenset({"admin", "editor"})


class User(UserMixin, db.Model):
    """A member of the city team. E-mail addresses are stored lower-case."""

    __tablename__ = "user_account"

    id: Mapped[uuid.UUID] = uuid_pk()
    email: Mapped[str] = mapped_column(String(320), unique=True, index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default="contributor")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    totp_secret: Mapped[str | None] = mapped_column(String(64))  # set while enrolling, kept once enabled
    totp_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    totp_last_counter: Mapped[int | None] = mapped_column(Integer)  # the last accepted time step: no replays
    recovery_codes: Mapped[list[str]] = mapped_column(JSON, default=list)  # SHA-256 hashes of unused codes
    # Part of every session's identity: bumping it logs the account out everywhere.
    session_epoch: Mapped[int] = mapped_column(Integer, default=1)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)  # consecutive failures
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = created_at()
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    # Flask-Login reads ``is_active``; ``active`` is the column.
    @property
    def is_active(self) -> bool:
        return bool(self.active)

    def get_id(self) -> str:
        """The session identity: id and epoch, so a bumped epoch invalidates every session."""
        return f"{self.id}:{self.session_epoch}"

    @property
    def needs_totp(self) -> bool:
        return self.role in TOTP_ROLES

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class UserSession(db.Model):
    """One signed-in back-office session, so that it can be ended on the server.

    The cookie carries a random token; only its SHA-256 is stored, so the table alone opens no session.
    """

    __tablename__ = "user_session"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = created_at()


class SecurityEvent(db.Model):
    """One log-in, failure, lock-out, denied access or account change."""

    __tablename__ = "security_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    user_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    email: Mapped[str] = mapped_column(String(320), default="")
    remote_addr: Mapped[str] = mapped_column(String(64), default="")
    path: Mapped[str] = mapped_column(String(500), default="")
    detail: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
