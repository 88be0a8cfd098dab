"""An operator's street file: more streets with a position than the built-in gazetteer knows.

Pure: reads and checks a CSV, nothing else.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

_POSTCODE = re.compile(r"^\d{5}$")


@dataclass(frozen=True)
class StreetPoint:
    """One row of an operator's street file."""

    name: str
    lat: float
    lon: float
    postcode: str = ""


class StreetFileError(ValueError):
    """A street file that cannot be used; the message names the line."""


# Magdeburg with a margin: a street file's point outside this box is a mistake (swapped lat/lon, another city).
CITY_BOX = (51.95, 52.30, 11.45, 11.85)  # lat min, lat max, lon min, lon max


def read_street_file(path: Path) -> list[StreetPoint]:
    """Streets from a CSV with the columns ``name``, ``lat``, ``lon`` and optionally ``postcode`` (for example
    an OpenStreetMap extract). Raises ``StreetFileError`` naming the first bad line."""
    streets: list[StreetPoint] = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"name", "lat", "lon"} - set(reader.fieldnames or [])
        if missing:
            raise StreetFileError(f"missing column(s): {', '.join(sorted(missing))}")
        for line, row in enumerate(reader, start=2):
            name = " ".join((row.get("name") or "").split())
            if not name:
                raise StreetFileError(f"line {line}: no name")
            try:
                lat, lon = float(row["lat"]), float(row["lon"])
            except (TypeError, ValueError):
                raise StreetFileError(f"line {line}: lat/lon are not numbers") from None
            if not (CITY_BOX[0] <= lat <= CITY_BOX[1] and CITY_BOX[2] <= lon <= CITY_BOX[3]):
                raise StreetFileError(f"line {line}: {name} lies outside Magdeburg ({lat}, {lon})")
            postcode = (row.get("postcode") or "").strip()
            if postcode and not _POSTCODE.match(postcode):
                raise StreetFileError(f"line {line}: postcode {postcode!r} is not five digits")
            streets.append(StreetPoint(name, lat, lon, postcode))
    return streets


__all__ = ["CITY_BOX", "StreetFileError", "StreetPoint", "read_street_file"]
