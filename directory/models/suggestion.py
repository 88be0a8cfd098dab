"""What the public tells the team (suggested offers, reported problems) and the team's checks of offers."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import code_list, created_at
from .offer import Offer
from .taxonomy import Category

# Review states of a suggestion and of a problem report.
SUGGESTION_STATES = ("new", "accepted", "rejected")
REPORT_STATES = ("open", "resolved")

# What can be wrong with an offer, as the public report form offers it.
PROBLEM_KINDS = {
    "address": _l("Adresse stimmt nicht"),
    "phone": _l("Telefonnummer stimmt nicht"),
    "hours": _l("Zeiten stimmen nicht"),
    "ended": _l("Angebot gibt es nicht mehr"),
    "other": _l("Etwas anderes"),
}


class Suggestion(db.Model):
    """An offer suggested by anyone through the public form ("Angebot vorschlagen")."""

    __tablename__ = "suggestion"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = created_at()
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    provider: Mapped[str] = mapped_column(String(300), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(100), default="")
    website: Mapped[str] = mapped_column(String(500), default="")
    category_id: Mapped[int | None] = mapped_column(ForeignKey("category.id", ondelete="SET NULL"))
    languages: Mapped[list[str]] = code_list()
    # Optional, only to ask back; erased once the suggestion is reviewed.
    contact_email: Mapped[str] = mapped_column(String(300), default="")

    state: Mapped[str] = mapped_column(String(20), default="new", index=True)  # SUGGESTION_STATES
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reviewed_by: Mapped[str] = mapped_column(String(200), default="")
    reject_reason: Mapped[str] = mapped_column(Text, default="")
    offer_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("offer.id", ondelete="SET NULL"))

    category: Mapped[Category | None] = relationship()
    offer: Mapped[Offer | None] = relationship()


class ProblemReport(db.Model):
    """A problem with a published offer, reported from its page ("Fehler melden")."""

    __tablename__ = "problem_report"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = created_at()
    offer_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("offer.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # PROBLEM_KINDS
    message: Mapped[str] = mapped_column(Text, default="")
    # Optional, only to ask back; erased once the report is resolved.
    contact_email: Mapped[str] = mapped_column(String(300), default="")

    state: Mapped[str] = mapped_column(String(20), default="open", index=True)  # REPORT_STATES
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resolved_by: Mapped[str] = mapped_column(String(200), default="")
    resolution_note: Mapped[str] = mapped_column(Text, default="")

    offer: Mapped[Offer] = relationship()


class OfferVerification(db.Model):
    """The team confirmed on this day that an offer's details are still right."""

    __tablename__ = "offer_verification"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    offer_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("offer.id", ondelete="CASCADE"), index=True)
    verified_on: Mapped[date] = mapped_column(Date)
    verified_by: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = created_at()

    offer: Mapped[Offer] = relationship()


__all__ = ["OfferVerification", "PROBLEM_KINDS", "ProblemReport", "Suggestion", "REPORT_STATES", "SUGGESTION_STATES"]
