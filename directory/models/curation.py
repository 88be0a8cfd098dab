"""The back office's memory: every saved state of an offer, and who changed what and when."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import utcnow


class OfferRevision(db.Model):
    """One saved state of an offer: a full snapshot (the plain data ``apply_offer_data`` takes) and what changed.

    The person is stored as id and display name (not a foreign key), so the history stays readable
    when an account is disabled or removed.
    """

    __tablename__ = "offer_revision"
    __table_args__ = (UniqueConstraint("offer_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    offer_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("offer.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # 1, 2, 3 … per offer
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor_id: Mapped[str] = mapped_column(String(64), default="")
    actor_name: Mapped[str] = mapped_column(String(300), default="")
    action: Mapped[str] = mapped_column(String(30))  # create, update, publish, restore, translation, …
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    changed_fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    summary: Mapped[str] = mapped_column(Text, default="")

    offer = relationship("Offer")


class AuditEntry(db.Model):
    """A line of the audit log: who did what to which object, when."""

    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor_id: Mapped[str] = mapped_column(String(64), default="", index=True)
    actor_name: Mapped[str] = mapped_column(String(300), default="")
    action: Mapped[str] = mapped_column(String(30))
    object_type: Mapped[str] = mapped_column(String(30))  # offer, organisation, place, category, challenge
    object_id: Mapped[str] = mapped_column(String(64))
    object_label: Mapped[str] = mapped_column(String(300), default="")
    summary: Mapped[str] = mapped_column(Text, default="")


class RecordRevision(db.Model):
    """One saved state of a measure or challenge, as ``OfferRevision`` is for offers."""

    __tablename__ = "record_revision"
    __table_args__ = (UniqueConstraint("object_type", "object_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    object_type: Mapped[str] = mapped_column(String(30))  # measure, challenge
    object_id: Mapped[str] = mapped_column(String(64))
    number: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor_id: Mapped[str] = mapped_column(String(64), default="")
    actor_name: Mapped[str] = mapped_column(String(300), default="")
    action: Mapped[str] = mapped_column(String(30))
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    changed_fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    summary: Mapped[str] = mapped_column(Text, default="")


__all__ = ["AuditEntry", "OfferRevision", "RecordRevision"]
