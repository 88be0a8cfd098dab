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
# The focus areas a measure belongs to: one, both, or none (then it concerns both).
measure_focus_area = Table(
    "measure_focus_area",
    db.metadata,
    Column("measure_id", ForeignKey("measure.id", ondelete="CASCADE"), primary_key=True),
    Column("focus_area_id", ForeignKey("focus_area.id", ondelete="CASCADE"), primary_key=True),
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
    # Retired by the team: kept with its history, no longer shown publicly. Nothing is deleted.
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    measures: Mapped[list[Measure]] = relationship(
        back_populates="challenge", order_by="Measure.position", cascade="all, delete-orphan"
    )

    @property
    def active_measures(self) -> list[Measure]:
        return [measure for measure in self.measures if measure.archived_at is None]


class Measure(db.Model):
    """A measure taken or proposed for a challenge, with its implementation status.

    The document's own words (``document_text``, ``document_note``: "laut Zukunftswerkstatt 2020") are kept
    apart from the team's: the current wording ``text`` and the team's latest note ``progress_note`` with the
    date it refers to (``progress_note_on``). Measures the team adds have no document text.
    """

    __tablename__ = "measure"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)  # stable id for seeding and import
    challenge_id: Mapped[int] = mapped_column(ForeignKey("challenge.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    document_text: Mapped[str] = mapped_column(Text, default="")
    document_note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(30))  # a code of vocab.MEASURE_STATUSES
    progress_note: Mapped[str] = mapped_column(Text, default="")  # the team's note
    progress_note_on: Mapped[date | None] = mapped_column(Date)
    status_date: Mapped[date | None] = mapped_column(Date)  # the date the current status took effect
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    challenge: Mapped[Challenge] = relationship(back_populates="measures")
    focus_areas = relationship("FocusArea", secondary=measure_focus_area, order_by="FocusArea.position")
    offers = relationship("Offer", secondary=measure_offer, back_populates="measures")
    suggested_offers = relationship("Offer", secondary=measure_offer_suggestion, back_populates="suggested_measures")
    status_changes: Mapped[list[MeasureStatusChange]] = relationship(
        back_populates="measure", order_by="MeasureStatusChange.changed_at", cascade="all, delete-orphan"
    )

    @property
    def from_document(self) -> bool:
        return bool(self.document_text)

    def concerns(self, focus_area_id: int) -> bool:
        """Whether the measure applies to a focus area (one without any area concerns both)."""
        return not self.focus_areas or any(area.id == focus_area_id for area in self.focus_areas)


class MeasureStatusChange(db.Model):
    """A dated change of a measure's status, so the board can show what changed since a date."""

    __tablename__ = "measure_status_change"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("measure.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(30))
    progress_note: Mapped[str] = mapped_column(Text, default="")
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)  # when it was recorded
    changed_by: Mapped[str] = mapped_column(String(200), default="")
    effective_on: Mapped[date | None] = mapped_column(Date, index=True)  # the date the status took effect

    measure: Mapped[Measure] = relationship(back_populates="status_changes")
