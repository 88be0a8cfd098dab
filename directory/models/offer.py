"""Offers, the organisations that provide them and the places where they happen."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    and_,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, code_list, created_at, updated_at, uuid_pk
from .geo import District, FocusArea
from .taxonomy import Category, Challenge, measure_offer, measure_offer_suggestion
from .vocab import APPROXIMATE_PRECISIONS

offer_place = Table(
    "offer_place",
    db.metadata,
    Column("offer_id", Uuid, ForeignKey("offer.id", ondelete="CASCADE"), primary_key=True),
    Column("place_id", Uuid, ForeignKey("place.id", ondelete="CASCADE"), primary_key=True),
)
offer_district = Table(
    "offer_district",
    db.metadata,
    Column("offer_id", Uuid, ForeignKey("offer.id", ondelete="CASCADE"), primary_key=True),
    Column("district_id", ForeignKey("district.id", ondelete="CASCADE"), primary_key=True),
)
offer_focus_area = Table(
    "offer_focus_area",
    db.metadata,
    Column("offer_id", Uuid, ForeignKey("offer.id", ondelete="CASCADE"), primary_key=True),
    Column("focus_area_id", ForeignKey("focus_area.id", ondelete="CASCADE"), primary_key=True),
)
offer_challenge = Table(
    "offer_challenge",
    db.metadata,
    Column("offer_id", Uuid, ForeignKey("offer.id", ondelete="CASCADE"), primary_key=True),
    Column("challenge_id", ForeignKey("challenge.id", ondelete="CASCADE"), primary_key=True),
)
# Challenges an offer probably answers, proposed by research and awaiting the team's confirmation.
offer_challenge_suggestion = Table(
    "offer_challenge_suggestion",
    db.metadata,
    Column("offer_id", Uuid, ForeignKey("offer.id", ondelete="CASCADE"), primary_key=True),
    Column("challenge_id", ForeignKey("challenge.id", ondelete="CASCADE"), primary_key=True),
)


class Organisation(db.Model):
    """A provider of offers."""

    __tablename__ = "organisation"

    id: Mapped[uuid.UUID] = uuid_pk()
    slug: Mapped[str] = mapped_column(String(200), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str] = mapped_column(String(500), default="")
    email: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(100), default="")
    demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()

    offers: Mapped[list[Offer]] = relationship(back_populates="organisation")


class Place(db.Model):
    """An address where offers take place."""

    __tablename__ = "place"
    __table_args__ = (Index("ix_place_lat_lon", "lat", "lon"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    key: Mapped[str | None] = mapped_column(String(200), unique=True)  # stable id for seeding and import
    name: Mapped[str] = mapped_column(String(300), default="")
    street: Mapped[str] = mapped_column(String(300), default="")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    city: Mapped[str] = mapped_column(String(100), default="Magdeburg")
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    district_id: Mapped[int | None] = mapped_column(ForeignKey("district.id", ondelete="SET NULL"), index=True)
    step_free: Mapped[bool | None] = mapped_column(Boolean)  # None: not known
    # How the coordinates were found: vocab.LOCATION_PRECISIONS ("address" only with a cited coordinate).
    location_precision: Mapped[str | None] = mapped_column(String(20))

    @property
    def is_approximate(self) -> bool:
        """True when the coordinates are only a postcode area's or a Stadtteil's centre."""
        return self.location_precision in APPROXIMATE_PRECISIONS
    accessibility_note: Mapped[str] = mapped_column(Text, default="")

    district: Mapped[District | None] = relationship()
    offers: Mapped[list[Offer]] = relationship(secondary=offer_place, back_populates="places")

    @property
    def label(self) -> str:
        """A place as people name it: "Name, Street, Postcode"."""
        return ", ".join(part for part in (self.name, self.street, self.postcode) if part) or str(self.id)

    @property
    def has_coordinates(self) -> bool:
        return self.lat is not None and self.lon is not None


class Offer(db.Model):
    """A support offer: what it is, for whom, in which languages, where, when and how to reach it."""

    __tablename__ = "offer"

    id: Mapped[uuid.UUID] = uuid_pk()
    external_id: Mapped[str | None] = mapped_column(String(200), unique=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True, index=True)
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id"), index=True)

    status: Mapped[str] = mapped_column(String(30), default="active")  # vocab.OFFER_STATUSES
    workflow_state: Mapped[str] = mapped_column(String(30), default="draft", index=True)  # vocab.WORKFLOW_STATES

    cost: Mapped[str] = mapped_column(String(20), default="free")  # vocab.COSTS
    price_text: Mapped[str] = mapped_column(Text, default="")
    but_eligible: Mapped[bool] = mapped_column(Boolean, default=False)  # Bildung und Teilhabe accepted

    languages: Mapped[list[str]] = code_list()
    target_groups: Mapped[list[str]] = code_list()
    age_min: Mapped[int | None] = mapped_column(Integer)
    age_max: Mapped[int | None] = mapped_column(Integer)
    modes: Mapped[list[str]] = code_list()
    settings: Mapped[list[str]] = code_list()
    subjects: Mapped[list[str]] = code_list()
    school_levels: Mapped[list[str]] = code_list()

    registration_required: Mapped[bool | None] = mapped_column(Boolean, default=False)  # None: not known
    lead_time_days: Mapped[int | None] = mapped_column(Integer)
    how_to_access: Mapped[str] = mapped_column(Text, default="")  # how to book or take part
    limitations: Mapped[str] = mapped_column(Text, default="")  # what the offer does not cover
    # {"weekly": [{"day": "mon", "opens": "09:00", "closes": "12:00"}], "by_appointment": bool, "note": str}
    opening_hours: Mapped[dict] = mapped_column(JSON, default=dict)
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # dated offers (events)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    phone: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(300), default="")
    website: Mapped[str] = mapped_column(String(500), default="")

    organisation_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )

    citywide: Mapped[bool] = mapped_column(Boolean, default=False)
    statewide: Mapped[bool] = mapped_column(Boolean, default=False)

    source_title: Mapped[str] = mapped_column(String(500), default="")
    source_url: Mapped[str] = mapped_column(String(500), default="")
    # Every public page the facts were taken from: [{"title", "url", "date"}], date as the page gives it
    # ("2024", "2024-04", "2024-04-18") or None. ``source_date`` is the newest of those dates (first day of
    # the month or year where the page gives no more), ``researched_on`` the day the pages were read.
    sources: Mapped[list] = mapped_column(JSON, default=list)
    source_date: Mapped[date | None] = mapped_column(Date)
    researched_on: Mapped[date | None] = mapped_column(Date)
    # Set only by an explicit check with the provider, never by research or publishing.
    last_verified: Mapped[date | None] = mapped_column(Date)
    demo: Mapped[bool] = mapped_column(Boolean, default=False)

    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()
    # Who created the entry in the back office (contributors may keep editing their own entries in review).
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    # Optimistic locking: a save based on an older version fails instead of overwriting.
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}

    category: Mapped[Category] = relationship()
    organisation: Mapped[Organisation | None] = relationship(back_populates="offers")
    places: Mapped[list[Place]] = relationship(secondary=offer_place, back_populates="offers")
    districts: Mapped[list[District]] = relationship(secondary=offer_district, order_by="District.number")
    focus_areas: Mapped[list[FocusArea]] = relationship(secondary=offer_focus_area)
    challenges: Mapped[list[Challenge]] = relationship(
        secondary=offer_challenge, order_by="Challenge.position"
    )
    measures = relationship("Measure", secondary=measure_offer, back_populates="offers")
    suggested_challenges: Mapped[list[Challenge]] = relationship(
        secondary=offer_challenge_suggestion, order_by="Challenge.position"
    )
    suggested_measures = relationship(
        "Measure", secondary=measure_offer_suggestion, back_populates="suggested_offers"
    )
    translations: Mapped[list[OfferTranslation]] = relationship(
        back_populates="offer", cascade="all, delete-orphan"
    )

    @property
    def location_is_approximate(self) -> bool:
        """True when a distance to this offer is measured from an approximate place."""
        return any(place.is_approximate for place in self.places if place.lat is not None)

    @property
    def is_published(self) -> bool:
        return self.workflow_state == "published"

    @hybrid_property
    def is_listed(self) -> bool:
        """Published and not ended: what the public pages, the search, the API and the open-data export list.

        ``offer.is_listed`` on a row, ``Offer.is_listed`` in a query: the one place this rule is written.
        """
        return self.workflow_state == "published" and self.status != "ended"

    @is_listed.inplace.expression
    @classmethod
    def _is_listed_expression(cls):
        return and_(cls.workflow_state == "published", cls.status != "ended")

    @property
    def is_remote(self) -> bool:
        """Available from anywhere: no place with coordinates to measure a distance to."""
        return not any(place.has_coordinates for place in self.places)

    def translation(self, locale: str) -> OfferTranslation | None:
        for translation in self.translations:
            if translation.locale == locale:
                return translation
        return None


class OfferTranslation(db.Model):
    """The text of an offer in another language; German on the offer itself is the fallback."""

    __tablename__ = "offer_translation"
    __table_args__ = (UniqueConstraint("offer_id", "locale"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    offer_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("offer.id", ondelete="CASCADE"), index=True)
    locale: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(300), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")

    offer: Mapped[Offer] = relationship(back_populates="translations")


__all__ = ["Offer", "OfferTranslation", "Organisation", "Place"]
