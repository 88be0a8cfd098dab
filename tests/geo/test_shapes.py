import pytest

from directory.geo.shapes import haversine_km, point_in_geometry

SQUARE = {"type": "Polygon", "coordinates": [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]],
                                             [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]]}


def test_point_in_polygon_respects_holes():
    assert point_in_geometry(2, 2, SQUARE)
    assert not point_in_geometry(5, 5, SQUARE)  # in the hole
    assert not point_in_geometry(11, 5, SQUARE)


def test_multipolygon_counts_every_part():
    multi = {"type": "MultiPolygon", "coordinates": [SQUARE["coordinates"], [[[20, 20], [21, 20], [21, 21], [20, 20]]]]}
    assert point_in_geometry(20.2, 20.5, multi)


def test_rejects_non_polygons():
    with pytest.raises(ValueError):
        point_in_geometry(0, 0, {"type": "Point", "coordinates": [0, 0]})


def test_haversine_matches_a_known_distance():
    # Magdeburg Hauptbahnhof to Dom, about 1.0 km
    assert haversine_km(52.1306, 11.6266, 52.1246, 11.6347) == pytest.approx(0.88, abs=0.05)
    assert haversine_km(52.0, 11.0, 52.0, 11.0) == 0.0
