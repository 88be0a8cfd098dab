"""Links that act on an offer from a phone: a route to its place, in the reader's own map app or on OpenStreetMap.

Pure functions: nothing is fetched; the links are followed only when the reader taps them.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

OSM_DIRECTIONS = "https://www.openstreetmap.org/directions"


def _has_coordinates(place: Any) -> bool:
    """Exact coordinates only: a place placed at its postcode's or Stadtteil's centre gets no route."""
    return (
        place is not None
        and place.lat is not None
        and place.lon is not None
        and not getattr(place, "is_approximate", False)
    )


def geo_uri(place: Any) -> str:
    """RFC 5870 ``geo:`` URI with the place as a labelled query, which phones open in their map app."""
    if not _has_coordinates(place):
        return ""
    point = f"{place.lat:.6f},{place.lon:.6f}"
    label = ", ".join(part for part in (place.name, place.street) if part)
    query = f"{point}({quote(label, safe='')})" if label else point
    return f"geo:{point}?q={query}"


def osm_directions_url(place: Any) -> str:
    """OpenStreetMap's route planner with the place as the destination (the start is left to the reader)."""
    if not _has_coordinates(place):
        return ""
    return f"{OSM_DIRECTIONS}?route=%3B{place.lat:.6f}%2C{place.lon:.6f}"


def first_located_place(offer: Any) -> Any | None:
    """The offer's first place with coordinates, or None."""
    return next((place for place in offer.places if _has_coordinates(place)), None)
