"""The offline gazetteer: turns what a person types as "near" into coordinates, without the network.

It knows the 40 Stadtteile, the two focus areas (with aliases such as "Schilfbreite"), the 14 postcodes and
the 1,759 street names of ``seed_data/geo/strassen.csv`` (506 of them with a coordinate), plus an operator's
street file when one is configured, and it reads "lat,lon". Everything is matched on a folded, space-free key,
so "Neustaedter See", "neustädter see" and "Neustädter-See" are one name, and "Carl-Miller-Str. 12" finds
"Carl-Miller-Straße".

Only exact names (after folding) are ever used. A misspelt name is never silently taken for another place
("Lübecker Straße" is not "Lückestraße"): close names are offered as suggestions ("Meinten Sie …?"), and a
street known by name but without a coordinate asks for the Stadtteil or the postcode.

Pure: no app, no database, no network. Load once (``Gazetteer.load(seed_dir)``) and share.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz, process

from ..text import fold_german
from ..yamlfiles import read_yaml
from .streets import read_street_file

ORIGIN_KINDS = ("district", "focus_area", "postcode", "street", "coordinates", "geocoder", "browser")

# Longer input is not a place name; it is not worth matching (or sending to a geocoder).
MAX_NEAR_LENGTH = 200


@dataclass(frozen=True)
class Origin:
    """Where distances are measured from, and how the user's text was understood."""

    lat: float
    lon: float
    label: str
    kind: str  # one of ORIGIN_KINDS
    # What the back office fills into a place's form; not part of what the place is (equality ignores them).
    district_number: str = field(default="", compare=False)  # official Stadtteil number, "" when not one
    postcode: str = field(default="", compare=False)  # a street's main postcode, a postcode's own


# --- parsing coordinates -------------------------------------------------------------------------------

_NUMBER_DOT = r"[-+]?\d{1,3}(?:\.\d+)?"
_NUMBER_COMMA = r"[-+]?\d{1,3},\d+"
# "52.13,11.62", "52.13, 11.62", "52.13 11.62", "52.13;11.62"
_COORDS_DOT = re.compile(rf"^\s*({_NUMBER_DOT})\s*[,;\s]\s*({_NUMBER_DOT})\s*$")
# German decimal commas need a separator that is not a comma: "52,13 11,62", "52,13; 11,62".
_COORDS_COMMA = re.compile(rf"^\s*({_NUMBER_COMMA})\s*(?:;|\s)\s*({_NUMBER_COMMA})\s*$")


def parse_coordinates(text: str) -> tuple[float, float] | None:
    """``(lat, lon)`` from "52.13,11.62" and its spellings, or None (also when out of range).

    "52,13,11,62" is ambiguous and rejected, and so are whole numbers without any decimal point ("52,13"
    is more likely a German decimal than latitude 52, longitude 13); longitude first is not guessed.
    """
    match = (_COORDS_DOT.match(text) if "." in text else None) or _COORDS_COMMA.match(text)
    if match is None:
        return None
    lat, lon = (float(part.replace(",", ".")) for part in match.groups())
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        return None
    return lat, lon


def format_coordinates(lat: float, lon: float) -> str:
    return f"{lat:.5f}, {lon:.5f}"


# --- normalising names ---------------------------------------------------------------------------------

_HOUSE_NUMBER = re.compile(r"\s+\d+\s*[a-z]?(?:\s*[-/]\s*\d+\s*[a-z]?)?$")
_POSTCODE = re.compile(r"^\d{5}$")
_POSTCODE_ANYWHERE = re.compile(r"\b(\d{5})\b")


def plain_words(text: str) -> str:
    """Folded words separated by single spaces: "Neustädter-See" → "neustaedter see"."""
    folded = fold_german(text)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split())


def _expand_street_words(plain: str) -> str:
    # "str" / "str." at the end of a word is Straße: "weberstr" → "weberstrasse", "carl miller str".
    return re.sub(r"str\b", "strasse", plain)


def name_key(text: str) -> str:
    """The lookup key of a name: folded, "Str." spelled out, without spaces or hyphens."""
    return _expand_street_words(plain_words(text)).replace(" ", "")


def _umlaut_free_key(text: str) -> str:
    """A second key for people who type "Neustadter" for "Neustädter" (umlaut dropped, not spelled "ae")."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ß", "ss").replace("ẞ", "SS"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return name_key(stripped)


def _clean(text: str) -> str:
    """Control characters out, whitespace collapsed, "Magdeburg" (the city everybody means) removed."""
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    text = re.sub(r"\b(?:magdeburg|md)\b", " ", text, flags=re.IGNORECASE)
    text = text.strip(" \t,;-")
    return " ".join(text.split())


# --- the gazetteer -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlaceLookup:
    """What a person's text names: a place with coordinates, or why there is none.

    ``known_street`` is a street Magdeburg has but whose position the gazetteer does not know; ``suggestions``
    are close names, offered to the reader ("Meinten Sie …?") and never used on their own.
    """

    origin: Origin | None
    known_street: str = ""
    suggestions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Positioned:
    """A place's coordinates and how they were found (a code of ``vocab.LOCATION_PRECISIONS``)."""

    lat: float
    lon: float
    precision: str


@dataclass(frozen=True)
class _Entry:
    origin: Origin
    priority: int  # lower wins when two names share a key


class Gazetteer:
    """Names of places in Magdeburg and their coordinates, looked up by folded keys."""

    # Similarity (0-100, rapidfuzz's ratio of the folded keys) from which a name is offered as a suggestion.
    SUGGESTION_CUTOFF = 80
    MAX_SUGGESTIONS = 3

    def __init__(self) -> None:
        self._names: dict[str, _Entry] = {}
        self._postcodes: dict[str, Origin] = {}
        self._streets_without_coordinates: dict[str, str] = {}  # key → the street's name
        self._display: dict[str, str] = {}  # key → the name offered as a suggestion
        self._districts: dict[str, Origin] = {}  # official number → the Stadtteil's population-weighted centre
        self._areas: list[str] = []  # names of Stadtteile and focus areas (with aliases), as written

    # building

    def add_name(self, name: str, origin: Origin, priority: int, *, display: str | None = None) -> None:
        if origin.kind in ("district", "focus_area") and name not in self._areas:
            self._areas.append(name)
        for key in {name_key(name), _umlaut_free_key(name)}:
            if not key:
                continue
            current = self._names.get(key)
            if current is None or priority < current.priority:
                self._names[key] = _Entry(origin, priority)
                self._display[key] = display or name
                self._streets_without_coordinates.pop(key, None)

    def add_street_without_coordinates(self, name: str) -> None:
        for key in {name_key(name), _umlaut_free_key(name)}:
            if key and key not in self._names:
                self._streets_without_coordinates[key] = name
                self._display.setdefault(key, name)

    def add_postcode(self, code: str, origin: Origin) -> None:
        self._postcodes[code] = origin

    @classmethod
    def load(cls, seed_dir: Path | str, streets_file: Path | str | None = None) -> Gazetteer:
        """Build the gazetteer from ``seed_dir/geo/*.csv`` and ``seed_dir/focus_areas.yaml``.

        ``streets_file`` is an operator's more complete street list (see ``read_street_file``); its streets
        add to the gazetteer's and give a coordinate to the names that have none.
        """
        seed_dir = Path(seed_dir)
        geo = seed_dir / "geo"
        gazetteer = cls()

        districts: dict[str, tuple[str, float, float, int]] = {}  # number → (name, lat, lon, population)
        with (geo / "stadtteile.csv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                lat = float(row["popw_lat"] or row["label_lat"])
                lon = float(row["popw_lon"] or row["label_lon"])
                population = int(row.get("einwohner_zensus2022_grid") or 0)
                districts[row["nr"]] = (row["name"], lat, lon, population)
                origin = Origin(lat, lon, row["name"], "district", district_number=row["nr"])
                gazetteer.add_name(row["name"], origin, priority=0)
                gazetteer._districts[row["nr"]] = origin

        focus_areas = read_yaml(seed_dir / "focus_areas.yaml", [])
        for area in focus_areas or []:
            members = [districts[number] for number in area.get("districts", []) if number in districts]
            if not members:
                continue
            lat, lon = _weighted_centre(members)
            gazetteer.add_name(area["name"], Origin(lat, lon, area["name"], "focus_area"), priority=1)
            gazetteer.add_name(area["slug"], Origin(lat, lon, area["name"], "focus_area"), priority=1,
                               display=area["name"])
            if len(members) == 1:
                where = f"Mitte des Stadtteils {members[0][0]}"
            else:
                where = "Mitte von " + ", ".join(member[0] for member in members)
            for alias in area.get("aliases") or []:
                # An alias (e.g. a quarter without official boundaries) gets no coordinates of its own:
                # it stands for the centre of the focus area's Stadtteile, and the label says so.
                label = f"{alias} ({where})"
                gazetteer.add_name(alias, Origin(lat, lon, label, "focus_area"), priority=1)

        with (geo / "plz.csv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                lat = float(row["popw_lat"] or row["label_lat"])
                lon = float(row["popw_lon"] or row["label_lon"])
                label = f"{row['plz']} ({row['stadtteile'].replace(';', ', ')})"
                numbers = row["stadtteile_nr"].split(";")
                gazetteer.add_postcode(row["plz"], Origin(
                    lat, lon, label, "postcode", district_number=numbers[0] if len(numbers) == 1 else "",
                    postcode=row["plz"],
                ))

        with (geo / "strassen.csv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if not row.get("lat") or not row.get("lon"):
                    gazetteer.add_street_without_coordinates(row["name"])
                    continue
                label = f"{row['name']} ({row['stadtteil']})" if row.get("stadtteil") else row["name"]
                origin = Origin(float(row["lat"]), float(row["lon"]), label, "street",
                                district_number=row.get("stadtteil_nr") or "", postcode=row.get("plz") or "")
                gazetteer.add_name(row["name"], origin, priority=2)
        if streets_file is not None and Path(streets_file).is_file():
            for street in read_street_file(Path(streets_file)):
                origin = Origin(street.lat, street.lon, street.name, "street", postcode=street.postcode)
                gazetteer.add_name(street.name, origin, priority=3)
        return gazetteer

    # looking up

    def area_names(self) -> list[str]:
        """The names of the Stadtteile and focus areas (aliases included) that a query may mention."""
        return list(self._areas)

    def __len__(self) -> int:
        return len(self._names) + len(self._postcodes)

    def resolve(self, text: str) -> Origin | None:
        """The place the text names exactly, or None. Never raises on odd input; never guesses."""
        return self.lookup(text, suggest=False).origin

    def lookup(self, text: str, *, suggest: bool = True) -> PlaceLookup:
        """The place the text names, or what we can say instead: a known street without a position, or
        (with ``suggest``) names close to a misspelt one. Never raises on odd input."""
        if not isinstance(text, str) or not text.strip() or len(text) > MAX_NEAR_LENGTH:
            return PlaceLookup(None)
        coordinates = parse_coordinates(text)
        if coordinates is not None:
            lat, lon = coordinates
            return PlaceLookup(Origin(lat, lon, format_coordinates(lat, lon), "coordinates"))
        cleaned = _clean(text)
        if not cleaned:
            return PlaceLookup(None)
        if _POSTCODE.match(cleaned):
            return PlaceLookup(self._postcodes.get(cleaned))
        found = self._exact(cleaned)
        if found is not None:
            return PlaceLookup(found)
        # An address: "Carl-Miller-Straße 12, 39112" → try its parts, the most precise first.
        parts = [part.strip() for part in re.split(r"[,;]", cleaned) if part.strip()]
        streets = [_HOUSE_NUMBER.sub("", _POSTCODE_ANYWHERE.sub(" ", part).strip()) for part in parts]
        for street in streets:
            found = self._exact(street) if street else None
            if found is not None:
                return PlaceLookup(found)
        for part in parts:
            postcode = _POSTCODE_ANYWHERE.search(part)
            if postcode and postcode.group(1) in self._postcodes:
                return PlaceLookup(self._postcodes[postcode.group(1)])
        for street in [cleaned, *streets]:
            known = self._known_without_coordinates(street)
            if known:
                return PlaceLookup(None, known_street=known)
        if not suggest:
            return PlaceLookup(None)
        return PlaceLookup(None, suggestions=self.suggest(streets[0] if streets else cleaned))

    def suggest(self, text: str) -> tuple[str, ...]:
        """Names close to ``text`` (a typo, a dropped letter), best first; for "Meinten Sie …?" only."""
        key = name_key(text or "")
        if len(key) < 5 or len(key) > MAX_NEAR_LENGTH:
            return ()
        matches = process.extract(key, self._display.keys(), scorer=fuzz.ratio, limit=self.MAX_SUGGESTIONS * 3,
                                  score_cutoff=self.SUGGESTION_CUTOFF)
        names: list[str] = []
        for matched_key, _score, _index in matches:
            name = self._display[matched_key]
            if name not in names:
                names.append(name)
        return tuple(names[: self.MAX_SUGGESTIONS])

    def locate_address(self, street: str, postcode: str = "") -> Origin | None:
        """A place's address in the back office: the street's midpoint, else the postcode's centre, else None.

        Only streets count for the street field (a Stadtteil's name there is no address); spelling variants
        and a house number ("Adolfstr. 5") are tolerated as in ``resolve``. Never raises on odd input.
        """
        street = _clean(street or "")[:MAX_NEAR_LENGTH]
        street = _HOUSE_NUMBER.sub("", _POSTCODE_ANYWHERE.sub(" ", street).strip()).strip(" ,;")
        found = self._exact(street) if street else None
        if found is not None and found.kind == "street":
            return found
        return self._postcodes.get((postcode or "").strip())

    def place_position(self, street: str, postcode: str = "", district_number: str = "") -> Positioned | None:
        """Coordinates for a real address without coordinates of its own, and how precise they are.

        The street's midpoint when the gazetteer knows the street's position ("street"); else the centre of the
        smaller of the postcode area and the Stadtteil: the postcode's when it lies in one Stadtteil or no
        Stadtteil is given ("postcode"), the Stadtteil's population-weighted centre otherwise ("district").
        None when none of these is known. Nothing is guessed from similar names.
        """
        found = self.locate_address(street, "")
        if found is not None and found.kind == "street":
            return Positioned(found.lat, found.lon, "street")
        area = self._postcodes.get((postcode or "").strip())
        district = self._districts.get((district_number or "").strip())
        if area is not None and (district is None or area.district_number == district.district_number):
            return Positioned(area.lat, area.lon, "postcode")
        if district is not None:
            return Positioned(district.lat, district.lon, "district")
        if area is not None:
            return Positioned(area.lat, area.lon, "postcode")
        return None

    def _exact(self, text: str) -> Origin | None:
        for key in (name_key(text), _umlaut_free_key(text)):
            entry = self._names.get(key)
            if entry is not None:
                return entry.origin
        return None

    def _known_without_coordinates(self, text: str) -> str:
        for key in (name_key(text), _umlaut_free_key(text)):
            name = self._streets_without_coordinates.get(key)
            if name:
                return name
        return ""


def _weighted_centre(members: list[tuple[str, float, float, int]]) -> tuple[float, float]:
    """Population-weighted mean of the Stadtteile's centres (plain mean when no population is known)."""
    weights = [max(member[3], 0) for member in members]
    if sum(weights) == 0:
        weights = [1] * len(members)
    total = sum(weights)
    lat = sum(member[1] * weight for member, weight in zip(members, weights, strict=True)) / total
    lon = sum(member[2] * weight for member, weight in zip(members, weights, strict=True)) / total
    return round(lat, 6), round(lon, 6)


__all__ = [
    "MAX_NEAR_LENGTH",
    "ORIGIN_KINDS",
    "Gazetteer",
    "Origin",
    "PlaceLookup",
    "Positioned",
    "format_coordinates",
    "name_key",
    "parse_coordinates",
    "plain_words",
]
