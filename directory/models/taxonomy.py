"""What offers are about: categories, the workshop's challenges and their measures."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Date, ForeignKey, Integer, String, Table, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow

measure_offer = Table(
    "measure_offer",
    db.metadata,
    Column("measure_id", ForeignKey("measure.id", ondelete="CASCADE"), primary_key=True),
    Column("offer_id", Uuid, ForeignKey("offer.id", ondelete="CASCADE"), primary_key=True),
)
# Links proposed by research, not yet confirmed by the team ("Verknüpfung vorgeschlagen"). Kept apart from the
# confirmed links so that nothing counts as the workshop's or the team's judgement until someone confirms it.
measure_offer_suggestion = Table(
    "measure_offer_suggestion",
    db.metadata,
    Column("measure_id", ForeignKey("measure.id", ondelete="CASCADE"), primary_key=True),
    Column("offer_id", Uuid, ForeignKey("offer.id", ondelete="CASCADE"), primary_key=True),
)


class Category(db.Model):
    __tablename__ = "category"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class Challenge(db.Model):
    """A Herausforderung named in the Zukunftswerkstatt, in the document's order and wording."""

    __tablename__ = "challenge"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True, index=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    measures: Mapped[list[Measure]] = relationship(
        back_populates="challenge", order_by="Measure.position", cascade="all, delete-orphan"
    )


class Measure(db.Model):
    """A measure taken or proposed for a challenge, with its implementation status."""

    __tablename__ = "measure"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)  # stable id for seeding and import
    challenge_id: Mapped[int] = mapped_column(ForeignKey("challenge.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(30))  # a code of vocab.MEASURE_STATUSES
    progress_note: Mapped[str] = mapped_column(Text, default="")
    status_date: Mapped[date | None] = mapped_column(Date)
    focus_area_id: Mapped[int | None] = mapped_column(ForeignKey("focus_area.id", ondelete="SET NULL"))

    challenge: Mapped[Challenge] = relationship(back_populates="measures")
    focus_area = relationship("FocusArea")
    offers = relationship("Offer", secondary=measure_offer, back_populates="measures")
    suggested_offers = relationship("Offer", secondary=measure_offer_suggestion, back_populates="suggested_measures")
    status_changes: Mapped[list[MeasureStatusChange]] = relationship(
        back_populates="measure", order_by="MeasureStatusChange.changed_at", cascade="all, delete-orphan"
    )


class MeasureStatusChange(db.Model):
    """A dated change of a measure's status, so the board can show what changed since a date."""

    __tablename__ = "measure_status_change"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("measure.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(30))
    progress_note: Mapped[str] = mapped_column(Text, default="")
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    changed_by: Mapped[str] = mapped_column(String(200), default="")

    measure: Mapped[Measure] = relationship(back_populates="status_changes")
