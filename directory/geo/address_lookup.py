"""Coordinates for an address from the offline gazetteer (streets, then postcode centres). No network.

The back office calls ``lookup_address`` only; when the full gazetteer module is in place, this function is
the one place to point at it.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..text import fold_german
from .shapes import point_in_geometry


@dataclass(frozen=True)
class AddressMatch:
    lat: float
    lon: float
    district_number: str  # official Stadtteil number, "" when unknown
    postcode: str
    precision: str  # "street", "postcode" or "geocoder"


def normalise_street(text: str) -> str:
    """A street name folded for matching: house number dropped, "str." spelled out, spaces removed."""
    folded = fold_german(text or "")
    folded = re.sub(r"\s*\d+\s*[a-z]?(\s*[-/]\s*\d+\s*[a-z]?)?\s*$", "", folded.strip())  # house number
    folded = re.sub(r"str\.?$", "strasse", folded)
    folded = re.sub(r"str\.?(?=\s|-)", "strasse", folded)
    return re.sub(r"[^a-z0-9]", "", folded)


@lru_cache(maxsize=4)
def _streets(path: str) -> dict[str, list[dict[str, str]]]:
    found: dict[str, list[dict[str, str]]] = {}
    with open(path, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            found.setdefault(normalise_street(row["name"]), []).append(row)
    return found


@lru_cache(maxsize=4)
def _postcodes(path: str) -> dict[str, dict[str, str]]:
    with open(path, encoding="utf-8") as handle:
        return {row["plz"]: row for row in csv.DictReader(handle)}


def lookup_address(street: str, postcode: str, geo_dir: Path) -> AddressMatch | None:
    """The street's midpoint (preferring the entry with the given postcode), else the postcode's centre."""
    postcode = (postcode or "").strip()
    candidates = _streets(str(geo_dir / "strassen.csv")).get(normalise_street(street), []) if street else []
    if candidates:
        row = next((r for r in candidates if postcode and postcode in r["plz_alle"].split(";")), candidates[0])
        return AddressMatch(
            lat=float(row["lat"]), lon=float(row["lon"]), district_number=row["stadtteil_nr"],
            postcode=row["plz"], precision="street",
        )
    area = _postcodes(str(geo_dir / "plz.csv")).get(postcode)
    if area is not None:
        numbers = area["stadtteile_nr"].split(";")
        return AddressMatch(
            lat=float(area["popw_lat"] or area["label_lat"]), lon=float(area["popw_lon"] or area["label_lon"]),
            district_number=numbers[0] if len(numbers) == 1 else "", postcode=postcode, precision="postcode",
        )
    return None


def inside_any(lat: float, lon: float, geometries: Iterable[dict[str, Any]]) -> bool:
    """Whether the point lies in one of the geometries (e.g. the Stadtteile: inside Magdeburg)."""
    return any(point_in_geometry(lat, lon, geometry) for geometry in geometries)


def lookup_online(street: str, postcode: str, city: str, url: str, user_agent: str,
                  timeout: float = 5.0) -> tuple[float, float] | None:
    """Ask a Nominatim geocoder (``DIRECTORY_GEOCODER_URL``) for an address the offline list does not know.

    Only for an explicit click on "look up"; never called from form validation. Any failure gives None.
    """
    from geopy.exc import GeopyError
    from geopy.geocoders import Nominatim

    parts = urlsplit(url)
    if not url or not parts.netloc:
        return None
    geocoder = Nominatim(domain=parts.netloc + parts.path.rstrip("/"), scheme=parts.scheme or "https",
                         user_agent=user_agent, timeout=timeout)
    query = ", ".join(part for part in (street, f"{postcode} {city}".strip()) if part)
    try:
        location = geocoder.geocode(query, exactly_one=True, country_codes="de")
    except (GeopyError, ValueError, OSError):
        return None
    return (location.latitude, location.longitude) if location is not None else None


def locate(street: str, postcode: str, city: str, geo_dir: Path, geocoder_url: str = "",
           user_agent: str = "") -> AddressMatch | None:
    """The best coordinates for an address: the offline street list, else the optional online geocoder (when
    configured), else the postcode's centre."""
    match = lookup_address(street, postcode, geo_dir)
    if (match is None or match.precision == "postcode") and geocoder_url:
        found = lookup_online(street, postcode, city, geocoder_url, user_agent)
        if found is not None:
            return AddressMatch(lat=found[0], lon=found[1], district_number="", postcode=postcode,
                                precision="geocoder")
    return match
