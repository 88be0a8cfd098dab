"""Pure geometry on WGS84 coordinates: point in (multi)polygon, haversine distance."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)

Ring = Sequence[Sequence[float]]  # [[lon, lat], ...] as in GeoJSON


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km; within a city it is within a few metres of the geodesic."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _in_ring(lon: float, lat: float, ring: Ring) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def point_in_geometry(lat: float, lon: float, geometry: dict[str, Any]) -> bool:
    """Whether the point lies in a GeoJSON Polygon or MultiPolygon (holes respected)."""
    kind = geometry.get("type")
    if kind == "Polygon":
        polygons = [geometry["coordinates"]]
    elif kind == "MultiPolygon":
        polygons = geometry["coordinates"]
    else:
        raise ValueError(f"not a polygon geometry: {kind!r}")
    for rings in polygons:
        if rings and _in_ring(lon, lat, rings[0]) and not any(_in_ring(lon, lat, hole) for hole in rings[1:]):
            return True
    return False


def inside_any(lat: float, lon: float, geometries: Iterable[dict[str, Any]]) -> bool:
    """Whether the point lies in one of the geometries (e.g. the Stadtteile: inside Magdeburg)."""
    return any(point_in_geometry(float(lat), float(lon), geometry) for geometry in geometries)
