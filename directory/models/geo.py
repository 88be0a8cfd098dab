"""Where things are: the 40 official Stadtteile, postcodes and the two focus areas."""

from __future__ import annotations

from sqlalchemy import JSON, Column, Float, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db

focus_area_district = Table(
    "focus_area_district",
    db.metadata,
    Column("focus_area_id", ForeignKey("focus_area.id", ondelete="CASCADE"), primary_key=True),
    Column("district_id", ForeignKey("district.id", ondelete="CASCADE"), primary_key=True),
)


class District(db.Model):
    """One of Magdeburg's 40 official Stadtteile."""

    __tablename__ = "district"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(2), unique=True)  # official number, "01" … "78"
    name: Mapped[str] = mapped_column(String(100), unique=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True, index=True)
    # Population-weighted centre (where people live), falling back to a point inside the polygon.
    centre_lat: Mapped[float] = mapped_column(Float)
    centre_lon: Mapped[float] = mapped_column(Float)
    # GeoJSON geometry (MultiPolygon, lon/lat order) of the boundary.
    geometry: Mapped[dict] = mapped_column(JSON)
    postcodes: Mapped[str] = mapped_column(String(100), default="")  # "39126;39128"
    population: Mapped[int | None] = mapped_column(Integer)

    focus_areas: Mapped[list[FocusArea]] = relationship(
        secondary=focus_area_district, back_populates="districts"
    )

    def __repr__(self) -> str:
        return f"<District {self.number} {self.name}>"


class FocusArea(db.Model):
    """A Schwerpunktbereich of the project: a named group of Stadtteile."""

    __tablename__ = "focus_area"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    # Other names people use, e.g. "Schilfbreite", a quarter that is not an official Stadtteil.
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(Integer, default=0)

    districts: Mapped[list[District]] = relationship(
        secondary=focus_area_district, back_populates="focus_areas", order_by="District.number"
    )


class Postcode(db.Model):
    __tablename__ = "postcode"

    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    centre_lat: Mapped[float] = mapped_column(Float)
    centre_lon: Mapped[float] = mapped_column(Float)
    district_numbers: Mapped[str] = mapped_column(String(200), default="")  # "06;08"
