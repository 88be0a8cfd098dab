"""Checks on the real directory in seed_data/: sources, no example data, places inside the city, honest
precision, no duplicates. A failure names the entry to fix."""

from __future__ import annotations

import itertools
import re
from datetime import date

import pytest
import yaml
from rapidfuzz import fuzz
from sqlalchemy import select

from directory.config import PROJECT_ROOT
from directory.extensions import db
from directory.geo.gazetteer import Gazetteer
from directory.geo.shapes import inside_any
from directory.models import District, Offer, vocab
from directory.services.seed import seed
from directory.text import fold_german

SEED = PROJECT_ROOT / "seed_data"
REAL = yaml.safe_load((SEED / "offers.yaml").read_text(encoding="utf-8"))
ORGANISATIONS = yaml.safe_load((SEED / "organisations.yaml").read_text(encoding="utf-8"))
WORKSHOP = {entry["external_id"] for entry in REAL if not entry.get("researched_on")}
RESEARCHED = [entry for entry in REAL if entry.get("researched_on")]


def _ids(entries: list[dict]) -> list[str]:
    return [entry["external_id"] for entry in entries]


def test_the_directory_is_real() -> None:
    assert len(REAL) >= 60
    assert not any(entry.get("demo") for entry in REAL)
    assert not any(org.get("demo") for org in ORGANISATIONS)
    assert sum(1 for entry in REAL if entry.get("workflow_state", "published") == "published") >= 35


@pytest.mark.parametrize("entry", REAL, ids=_ids(REAL))
def test_every_real_entry_has_a_dated_or_undated_source(entry: dict) -> None:
    assert entry["sources"], "no source"
    for source in entry["sources"]:
        assert source["title"].strip()
        assert source["url"] is None or source["url"].startswith("https://") or source["url"].startswith("http://")
        assert source["date"] is None or re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", str(source["date"]))


@pytest.mark.parametrize("entry", RESEARCHED, ids=_ids(RESEARCHED))
def test_researched_entries_follow_the_publication_rule(entry: dict) -> None:
    # Nobody has checked them with the provider; the sources' age decides published or draft.
    assert entry["last_verified"] is None
    assert entry["researched_on"] == date(2026, 11, 30)
    years = [int(str(source["date"])[:4]) for source in entry["sources"] if source["date"]]
    newest = max(years, default=None)
    undated = any(source["date"] is None for source in entry["sources"])
    assert undated or newest >= 2020, "known only from sources before 2020: leave it out"
    if entry["workflow_state"] == "published":
        assert newest is not None and newest >= 2022, "published needs a source from 2022 or later"
    assert entry["status"] != "ended"


def _contacts(data: object) -> list[str]:
    found: list[str] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key in {"phone", "email", "website", "url"} and isinstance(value, str):
                found.append(value)
            else:
                found.extend(_contacts(value))
    elif isinstance(data, list):
        for item in data:
            found.extend(_contacts(item))
    return found


def test_no_real_entry_uses_example_contacts() -> None:
    for value in _contacts(REAL) + _contacts(ORGANISATIONS):
        assert "example.org" not in value and "example.com" not in value, value
        assert not re.search(r"\b0?391[\s/-]*555", value), value


@pytest.fixture(scope="module")
def real_directory(tmp_path_factory: pytest.TempPathFactory):
    """The real seed (no examples) in a database of its own."""
    from flask_migrate import upgrade

    from tests.conftest import make_app

    folder = tmp_path_factory.mktemp("real")
    app = make_app("sqlite:///" + str(folder / "real.sqlite"), folder / "index")
    with app.app_context():
        upgrade()
        seed(SEED, demo=False)
        yield app


def test_every_coordinate_lies_inside_the_city(real_directory) -> None:
    districts = [d.geometry for d in db.session.execute(select(District)).scalars()]
    for offer in db.session.execute(select(Offer)).scalars():
        for place in offer.places:
            if place.lat is not None:
                assert inside_any(place.lat, place.lon, districts), (offer.external_id, place.street)


def test_precision_matches_how_the_coordinates_were_derived(real_directory) -> None:
    gazetteer = Gazetteer.load(SEED)
    by_id = {entry["external_id"]: entry for entry in REAL}
    seen = 0
    for offer in db.session.execute(select(Offer)).scalars():
        given = {place["key"]: place for place in by_id[offer.external_id].get("places") or []}
        for place in offer.places:
            source = given[place.key]
            if source.get("lat") is not None:
                # "address" only with a coordinate that a cited source gives
                assert place.location_precision == "address"
                continue
            number = place.district.number if place.district else ""
            expected = gazetteer.place_position(place.street, place.postcode, number)
            if expected is None:
                assert place.lat is None and place.location_precision is None
                continue
            assert place.location_precision == expected.precision, (offer.external_id, place.street)
            assert (place.lat, place.lon) == (expected.lat, expected.lon)
            assert place.location_precision in vocab.LOCATION_PRECISIONS
            seen += 1
    assert seen >= 20


def _address(place: dict) -> str:
    return re.sub(r"[^a-z0-9]", "", fold_german(place.get("street") or "").replace("strasse", "str"))


def duplicate_pairs(entries: list[dict]) -> list[tuple[str, str, str]]:
    """Pairs that look like one activity entered twice: the same provider with a near-identical title, or the same
    address and category (unless an entry declares the other a different activity with ``distinct_from``)."""
    pairs = []
    for a, b in itertools.combinations(entries, 2):
        declared = b["external_id"] in (a.get("distinct_from") or []) or a["external_id"] in (
            b.get("distinct_from") or []
        )
        title = fuzz.token_set_ratio(fold_german(a["title"]), fold_german(b["title"]))
        if a.get("organisation") and a.get("organisation") == b.get("organisation") and title >= 90:
            pairs.append((a["external_id"], b["external_id"], "same provider, similar title"))
        addresses_a = {_address(p) for p in a.get("places") or [] if _address(p)}
        addresses_b = {_address(p) for p in b.get("places") or [] if _address(p)}
        if addresses_a & addresses_b and a["category"] == b["category"] and not declared:
            pairs.append((a["external_id"], b["external_id"], "same address and category"))
    return pairs


def test_no_two_real_entries_duplicate_each_other() -> None:
    assert duplicate_pairs(REAL) == []


def test_the_duplicate_check_finds_an_activity_entered_twice() -> None:
    base = {"organisation": "ib", "category": "nachbarschaft", "places": [{"street": "Moritzstraße 2f"}]}
    first = {**base, "external_id": "a", "title": "Neustadtladen am Moritzplatz (Quartiersmanagement Neustadt)"}
    second = {**base, "external_id": "b", "title": "Neustadtladen – Quartiersmanagement Neue Neustadt",
              "organisation": "ib-2", "places": [{"street": "Moritzstr. 2f"}]}
    assert duplicate_pairs([first, second]) == [("a", "b", "same address and category")]
    assert duplicate_pairs([first, {**second, "distinct_from": ["a"]}]) == []
