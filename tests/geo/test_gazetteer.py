"""The offline gazetteer: what people type as "near" and where it puts them. No app needed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from directory.config import PROJECT_ROOT
from directory.geo.gazetteer import Gazetteer, Origin, parse_coordinates
from directory.geo.shapes import haversine_km

NEUSTAEDTER_SEE = (52.170725, 11.634461)  # population-weighted centre, seed_data/geo/stadtteile.csv
LEIPZIGER_STRASSE = (52.105475, 11.621512)


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load(PROJECT_ROOT / "seed_data")


@pytest.mark.parametrize(
    "text",
    ["Neustädter See", "Neustaedter See", "neustädter see", "Neustädter-See", "NEUSTAEDTER SEE", "Neustadter See",
     "neustaedter-see", "  Neustädter See, Magdeburg "],
)
def test_district_spelling_variants_find_the_district(gazetteer: Gazetteer, text: str) -> None:
    origin = gazetteer.resolve(text)
    assert origin == Origin(*NEUSTAEDTER_SEE, "Neustädter See", "district")


@pytest.mark.parametrize(("text", "label"), [("Stadtfeld-Ost", "Stadtfeld Ost"), ("Alt-Olvenstedt", "Alt Olvenstedt"),
                                            ("sülzegrund", "Sülzegrund")])
def test_hyphens_and_case_in_district_names_are_tolerated(gazetteer: Gazetteer, text: str, label: str) -> None:
    origin = gazetteer.resolve(text)
    assert origin is not None and origin.kind == "district" and origin.label == label


@pytest.mark.parametrize(("text", "suggested"), [("Groser Silberberg", "Großer Silberberg"), ("Sudenbrug", "Sudenburg"),
                                                ("Neustäter See", "Neustädter See")])
def test_a_typo_is_only_offered_as_a_suggestion_never_used(gazetteer: Gazetteer, text: str, suggested: str) -> None:
    lookup = gazetteer.lookup(text)
    assert lookup.origin is None
    assert lookup.suggestions[0] == suggested


def test_a_street_without_coordinates_is_never_taken_for_a_similar_one(gazetteer: Gazetteer) -> None:
    # Lübecker Straße is a real street the gazetteer knows only by name; Lückestraße (Werder) is 0.9 alike.
    lookup = gazetteer.lookup("Lübecker Straße")
    assert lookup.origin is None
    assert lookup.known_street == "Lübecker Straße"


@pytest.mark.parametrize("text", ["Breiter Weg", "Halberstädter Straße 12", "Große Diesdorfer Str.",
                                  "Lübecker Str. 3, Magdeburg"])
def test_known_streets_without_a_position_ask_for_district_or_postcode(gazetteer: Gazetteer, text: str) -> None:
    lookup = gazetteer.lookup(text)
    assert lookup.origin is None and lookup.known_street


def test_the_full_street_list_is_known(gazetteer: Gazetteer) -> None:
    import csv

    with (PROJECT_ROOT / "seed_data/geo/strassen.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 1759
    assert sum(1 for row in rows if row["lat"]) == 506
    for row in rows[::50]:
        lookup = gazetteer.lookup(row["name"])
        assert lookup.origin is not None or lookup.known_street, row["name"]


def test_an_exact_name_wins_over_a_fuzzy_one(gazetteer: Gazetteer) -> None:
    origin = gazetteer.resolve("Lückestraße")
    assert origin is not None and origin.label.startswith("Lückestraße")


def test_a_district_wins_over_a_street_of_the_same_name(gazetteer: Gazetteer) -> None:
    origin = gazetteer.resolve("Leipziger Straße")
    assert origin is not None and origin.kind == "district" and origin.label == "Leipziger Straße"


def test_an_operator_street_file_gives_streets_a_position(tmp_path) -> None:
    streets = tmp_path / "streets.csv"
    streets.write_text("name,lat,lon,postcode\nBreiter Weg,52.1301,11.6381,39104\n", encoding="utf-8")
    gazetteer = Gazetteer.load(PROJECT_ROOT / "seed_data", streets)
    origin = gazetteer.resolve("Breiter Weg 5")
    assert origin is not None and (origin.lat, origin.lon, origin.postcode) == (52.1301, 11.6381, "39104")
    # the district still wins over a street of its name
    assert gazetteer.resolve("Leipziger Straße").kind == "district"


@pytest.mark.parametrize(("content", "problem"), [
    ("name,lat\nA,52.1\n", "missing column"),
    ("name,lat,lon\nA,x,11.6\n", "line 2"),
    ("name,lat,lon\nA,11.6,52.1\n", "outside Magdeburg"),
    ("name,lat,lon,postcode\nA,52.1,11.6,3910\n", "postcode"),
])
def test_a_bad_street_file_is_refused_with_the_line(tmp_path, content: str, problem: str) -> None:
    from directory.geo.streets import StreetFileError, read_street_file

    path = tmp_path / "streets.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(StreetFileError, match=problem):
        read_street_file(path)


def test_all_forty_districts_resolve_by_name(gazetteer: Gazetteer) -> None:
    import csv

    with (PROJECT_ROOT / "seed_data/geo/stadtteile.csv").open(encoding="utf-8") as handle:
        names = [row["name"] for row in csv.DictReader(handle)]
    assert len(names) == 40
    for name in names:
        origin = gazetteer.resolve(name)
        assert origin is not None and origin.label == name and origin.kind == "district", name


def test_schilfbreite_is_the_centre_of_leipziger_strasse_and_says_so(gazetteer: Gazetteer) -> None:
    origin = gazetteer.resolve("Schilfbreite")
    assert origin is not None
    assert (origin.lat, origin.lon) == LEIPZIGER_STRASSE  # no coordinates of its own
    assert origin.kind == "focus_area"
    assert "Schilfbreite" in origin.label and "Leipziger Straße" in origin.label


def test_focus_area_by_name_or_slug(gazetteer: Gazetteer) -> None:
    by_name = gazetteer.resolve("Neue Neustadt / Neustädter See / Kannenstieg")
    by_slug = gazetteer.resolve("neue-neustadt-neustaedter-see-kannenstieg")
    assert by_name == by_slug and by_name is not None and by_name.kind == "focus_area"
    # between its three Stadtteile, closest to the most populous ones
    assert haversine_km(by_name.lat, by_name.lon, *NEUSTAEDTER_SEE) < 2


def test_a_district_name_wins_over_a_focus_area_of_the_same_words(gazetteer: Gazetteer) -> None:
    origin = gazetteer.resolve("Leipziger Straße")
    assert origin == Origin(*LEIPZIGER_STRASSE, "Leipziger Straße", "district")


@pytest.mark.parametrize("text", ["39104", " 39104 ", "39104 Magdeburg"])
def test_known_postcode(gazetteer: Gazetteer, text: str) -> None:
    origin = gazetteer.resolve(text)
    assert origin is not None and origin.kind == "postcode"
    assert origin.label == "39104 (Altstadt, Buckau)"


def test_postcode_outside_magdeburg_is_unknown(gazetteer: Gazetteer) -> None:
    assert gazetteer.resolve("10115") is None


@pytest.mark.parametrize(
    "text",
    ["Carl-Miller-Straße", "Carl-Miller-Str.", "carl miller strasse", "Carl-Miller-Str 12", "Carl Miller Straße 12a",
     "Carl-Miller-Straße 10-12, 39112 Magdeburg", "carl-miller-strasse"],
)
def test_street_variants_with_or_without_house_number(gazetteer: Gazetteer, text: str) -> None:
    origin = gazetteer.resolve(text)
    assert origin == Origin(52.116679, 11.622982, "Carl-Miller-Straße (Leipziger Straße)", "street")


def test_compound_street_names_with_abbreviation(gazetteer: Gazetteer) -> None:
    origin = gazetteer.resolve("Weberstr. 3")
    assert origin is not None and origin.label.startswith("Weberstraße")


def test_an_unknown_street_with_a_known_postcode_falls_back_to_the_postcode(gazetteer: Gazetteer) -> None:
    origin = gazetteer.resolve("Nirgendwostraße 5, 39112")
    assert origin is not None and origin.kind == "postcode" and origin.label.startswith("39112")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("52.13,11.62", (52.13, 11.62)), ("52.13, 11.62", (52.13, 11.62)), ("52.13 11.62", (52.13, 11.62)),
     ("52.13;11.62", (52.13, 11.62)), ("52,13 11,62", (52.13, 11.62)), ("52,13; 11,62", (52.13, 11.62)),
     ("-33.9,151.2", (-33.9, 151.2)), ("52.1300000,11.6200000", (52.13, 11.62))],
)
def test_coordinates(gazetteer: Gazetteer, text: str, expected: tuple[float, float]) -> None:
    origin = gazetteer.resolve(text)
    assert origin is not None and origin.kind == "coordinates"
    assert (origin.lat, origin.lon) == expected


@pytest.mark.parametrize(
    "text", ["91.0,11.6", "52.1,181.0", "52,13,11,62", "52,13", "nan,nan", "inf,inf", "52.13", "1e3,2e3", "52.1.3,11"]
)
def test_out_of_range_or_ambiguous_coordinates_are_rejected(text: str) -> None:
    assert parse_coordinates(text) is None


@pytest.mark.parametrize(
    "text", ["", "   ", "Atlantis", "Berlin", "Magdeburg", "Stadtfeld", "*", "a" * 10_000, "\x00\x01", "Breiter Weg"]
)
def test_unknown_or_odd_text_is_none(gazetteer: Gazetteer, text: str) -> None:
    # "Breiter Weg" is real but has no coordinate in strassen.csv: only an operator's street file or the
    # geocoder can help.
    assert gazetteer.resolve(text) is None


@settings(deadline=None)  # the first example loads the gazetteer
@given(st.text(max_size=300))
def test_resolve_never_raises(text: str) -> None:
    origin = _shared().resolve(text)
    assert origin is None or (-90 <= origin.lat <= 90 and -180 <= origin.lon <= 180)


@settings(deadline=None)
@given(st.text(max_size=300))
def test_lookup_never_raises_and_never_guesses(text: str) -> None:
    lookup = _shared().lookup(text)
    assert lookup.origin == _shared().resolve(text)
    assert lookup.origin is None or not lookup.suggestions


_cache: dict[str, Gazetteer] = {}


def _shared() -> Gazetteer:
    if "g" not in _cache:
        _cache["g"] = Gazetteer.load(PROJECT_ROOT / "seed_data")
    return _cache["g"]


def test_address_lookup_uses_streets_then_postcode_centres(gazetteer: Gazetteer) -> None:
    match = gazetteer.locate_address("Adelheidring 3", "")
    assert match.kind == "street" and (match.district_number, match.postcode) == ("24", "39108")
    assert gazetteer.locate_address("Adolfstr. 5", "") == gazetteer.locate_address("Adolfstraße", "")
    assert gazetteer.locate_address("Adolfstr. 5", "").kind == "street"
    fallback = gazetteer.locate_address("Unbekannte Gasse 1", "39106")
    assert fallback.kind == "postcode" and (fallback.district_number, fallback.postcode) == ("04", "39106")
    # A postcode shared by several Stadtteile names none of them.
    assert gazetteer.locate_address("", "39104").district_number == ""
    assert gazetteer.locate_address("Unbekannte Gasse 1", "") is None
    # The street field wants a street: a Stadtteil's name there is not an address.
    assert gazetteer.locate_address("Sudenburg", "") is None


@settings(deadline=None)
@given(street=st.text(max_size=300), postcode=st.text(max_size=10))
def test_address_lookup_never_raises(street: str, postcode: str) -> None:
    found = _shared().locate_address(street, postcode)
    assert found is None or found.kind in ("street", "postcode")


def test_the_back_office_fields_do_not_change_what_a_search_origin_is(gazetteer: Gazetteer) -> None:
    street = gazetteer.resolve("Adelheidring")
    assert street.district_number == "24" and street.postcode == "39108"
    assert street == Origin(street.lat, street.lon, street.label, "street")
    assert gazetteer.resolve("Neustädter See").district_number != ""
