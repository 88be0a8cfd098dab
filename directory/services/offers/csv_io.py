"""CSV import and export of offers. One column set serves both, so an exported file imports unchanged.

An import is checked row by row and then run in ONE transaction: the dry run rolls it back and reports per
row what would be created, updated, left unchanged or refused (and why); applying commits only when no row
is refused, so a file is taken whole or not at all and never half. Offers are matched by ``external_id``,
which makes re-importing the same file a no-op. Every row goes through ``apply_offer_data``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from ...clock import CITY_TIME
from ...extensions import db
from ...formats.csvfile import write_csv
from ...models import Category, Challenge, District, FocusArea, Offer, Organisation, vocab
from ...queries.offers import OFFER_LOADERS

REQUIRED_COLUMNS = ("external_id", "title", "category")
TEXT_COLUMNS = (
    "summary", "description", "price_text", "how_to_access", "limitations",
    "phone", "email", "website", "source_title", "source_url",
)


CODE_COLUMNS = {"status": vocab.OFFER_STATUSES, "cost": vocab.COSTS}
LIST_COLUMNS = {
    name: vocab.VOCABULARIES[name]
    for name in ("languages", "target_groups", "modes", "settings", "subjects", "school_levels")
}


BOOL_COLUMNS = ("but_eligible", "registration_required")
INT_COLUMNS = ("age_min", "age_max", "lead_time_days")
SERVICE_AREA_COLUMNS = ("citywide", "statewide", "districts", "focus_areas")
PLACE_COLUMNS = ("place_key", "place_name", "street", "postcode", "place_district", "lat", "lon", "step_free")


# Read and written, in this order.
COLUMNS = (
    "external_id", "title", "category", "summary", "description", "status", "cost", "price_text",
    "but_eligible", "languages", "target_groups", "age_min", "age_max", "modes", "settings", "subjects",
    "school_levels", "registration_required", "lead_time_days", "how_to_access", "limitations",
    "phone", "email", "website", "organisation", *SERVICE_AREA_COLUMNS, "challenges",
    "source_title", "source_url", "last_verified", "starts_at", "ends_at", *PLACE_COLUMNS,
)


# Written for information, ignored when read back (the workflow is the team's decision, not a file's).
EXPORT_ONLY_COLUMNS = ("slug", "workflow_state")


# Coordinates must lie in Sachsen-Anhalt (with a margin): catches swapped or truncated values.
LAT_RANGE = (50.9, 53.1)
LON_RANGE = (10.5, 13.3)
TRUE_WORDS = {"ja", "j", "yes", "y", "true", "wahr", "1", "x"}
FALSE_WORDS = {"nein", "n", "no", "false", "falsch", "0", ""}
LIST_SPLIT = re.compile(r"\s*[|,]\s*")


class RowProblem(ValueError):
    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column, self.message = column, message


def _bool(text: str, column: str) -> bool:
    word = text.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise RowProblem(column, f"„{text}“ ist weder ja noch nein")


def _int(text: str, column: str, low: int, high: int) -> int | None:
    if not text:
        return None
    if not re.fullmatch(r"\d{1,4}", text):
        raise RowProblem(column, f"„{text}“ ist keine ganze Zahl ≥ 0")
    value = int(text)
    if not low <= value <= high:
        raise RowProblem(column, f"{value} liegt nicht zwischen {low} und {high}")
    return value


def _float(text: str, column: str, low: float, high: float) -> float:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise RowProblem(column, f"„{text}“ ist keine Zahl") from None
    if not low <= value <= high:
        raise RowProblem(column, f"{text} liegt nicht in Sachsen-Anhalt (erwartet {low} bis {high})")
    return value


def parse_date(text: str, column: str) -> date | None:
    """A date as ``2024-03-31`` or ``31.03.2024``."""
    if not text:
        return None
    match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    try:
        if match:
            return date(int(match[3]), int(match[2]), int(match[1]))
        return date.fromisoformat(text)
    except ValueError:
        raise RowProblem(column, f"„{text}“ ist kein Datum (JJJJ-MM-TT oder TT.MM.JJJJ)") from None


def _datetime(text: str, column: str) -> datetime | None:
    """A point in time; without a time zone it is Magdeburg's."""
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        day = parse_date(text, column)
        value = datetime(day.year, day.month, day.day)
    return value if value.tzinfo else value.replace(tzinfo=CITY_TIME)


def _when(value: datetime | None) -> str:
    """A stored point in time as local wall time, the same whether the database kept the zone or not."""
    if value is None:
        return ""
    if value.tzinfo:
        value = value.astimezone(CITY_TIME).replace(tzinfo=None)
    return value.isoformat(timespec="minutes")


def _codes(text: str, column: str, allowed: Mapping[str, Any] | set[str]) -> list[str]:
    codes = [code for code in LIST_SPLIT.split(text.strip()) if code]
    unknown = [code for code in codes if code not in allowed]
    if unknown:
        raise RowProblem(column, f"unbekannt: {', '.join(unknown)}")
    return codes


def _one_code(text: str, column: str, allowed: Mapping[str, Any]) -> str:
    codes = _codes(text, column, allowed)
    if len(codes) != 1:
        raise RowProblem(column, "genau ein Wert erwartet")
    return codes[0]


@dataclass
class References:
    """The slugs a row may refer to, read once per import."""

    categories: set[str]
    organisations: set[str]
    districts: set[str]
    focus_areas: set[str]
    challenges: set[str]

    @classmethod
    def load(cls) -> References:
        def slugs(model: type) -> set[str]:
            return set(db.session.execute(select(model.slug)).scalars())

        return cls(slugs(Category), slugs(Organisation), slugs(District), slugs(FocusArea), slugs(Challenge))


def row_to_data(row: Mapping[str, str], refs: References, today: date) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The plain offer data of a CSV row (as ``apply_offer_data`` takes it), and every problem found in it."""
    data: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []

    def check(column: str, convert) -> None:
        if column not in row:
            return
        try:
            data[column] = convert(row[column])
        except RowProblem as problem:
            problems.append((problem.column, problem.message))

    def required(column: str, text: str) -> str:
        if not text:
            raise RowProblem(column, "Pflichtfeld ist leer")
        return text

    def slug_in(known: set[str], column: str):
        def convert(text: str) -> str | None:
            if text and text not in known:
                raise RowProblem(column, f"unbekannt: {text}")
            return text or None
        return convert

    check("external_id", lambda t: required("external_id", t))
    check("title", lambda t: required("title", t))
    check("category", lambda t: slug_in(refs.categories, "category")(required("category", t)))
    for column in TEXT_COLUMNS:
        check(column, str)
    for column, allowed in CODE_COLUMNS.items():
        if row.get(column):  # empty: keep the offer's value (a new offer gets the default)
            check(column, lambda t, c=column, a=allowed: _one_code(t, c, a))
    for column, allowed in LIST_COLUMNS.items():
        check(column, lambda t, c=column, a=allowed: _codes(t, c, a))
    for column in BOOL_COLUMNS:
        check(column, lambda t, c=column: _bool(t, c))
    check("age_min", lambda t: _int(t, "age_min", 0, 120))
    check("age_max", lambda t: _int(t, "age_max", 0, 120))
    check("lead_time_days", lambda t: _int(t, "lead_time_days", 0, 365))
    check("organisation", slug_in(refs.organisations, "organisation"))
    check("challenges", lambda t: _codes(t, "challenges", refs.challenges))
    check("starts_at", lambda t: _datetime(t, "starts_at"))
    check("ends_at", lambda t: _datetime(t, "ends_at"))
    check("last_verified", lambda t: parse_date(t, "last_verified"))
    if isinstance(data.get("last_verified"), date) and data["last_verified"] > today:
        problems.append(("last_verified", "liegt in der Zukunft"))
    if data.get("age_min") is not None and data.get("age_max") is not None and data["age_min"] > data["age_max"]:
        problems.append(("age_min", "Mindestalter ist größer als Höchstalter"))
    if data.get("starts_at") and data.get("ends_at") and data["starts_at"] > data["ends_at"]:
        problems.append(("ends_at", "Ende liegt vor dem Beginn"))
    if data.get("email") and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", data["email"]):
        problems.append(("email", f"„{data['email']}“ ist keine E-Mail-Adresse"))
    for column in ("website", "source_url"):
        if data.get(column) and not data[column].startswith(("https://", "http://")):
            problems.append((column, "muss mit https:// oder http:// beginnen"))

    if any(column in row for column in SERVICE_AREA_COLUMNS):
        area: dict[str, Any] = {}
        for column in ("citywide", "statewide"):
            try:
                area[column] = _bool(row.get(column, ""), column)
            except RowProblem as problem:
                problems.append((problem.column, problem.message))
        for column, known in (("districts", refs.districts), ("focus_areas", refs.focus_areas)):
            try:
                area[column] = _codes(row.get(column, ""), column, known)
            except RowProblem as problem:
                problems.append((problem.column, problem.message))
        data["service_area"] = area

    if any(column in row for column in PLACE_COLUMNS):
        place = _place(row, problems, refs)
        data["places"] = [place] if place else []
    return data, problems


def _place(row: Mapping[str, str], problems: list[tuple[str, str]], refs: References) -> dict[str, Any] | None:
    values = {column: row.get(column, "") for column in PLACE_COLUMNS}
    if not any(values.values()):
        return None
    place: dict[str, Any] = {
        # A stable key keeps re-imports from creating the same place again.
        "key": values["place_key"] or f"import:{row.get('external_id', '')}",
        "name": values["place_name"],
        "street": values["street"],
        "postcode": values["postcode"],
        "lat": None,
        "lon": None,
        "district": None,
        "step_free": None,
    }
    if values["postcode"] and not re.fullmatch(r"\d{5}", values["postcode"]):
        problems.append(("postcode", f"„{values['postcode']}“ ist keine fünfstellige Postleitzahl"))
    if values["place_district"]:
        if values["place_district"] in refs.districts:
            place["district"] = values["place_district"]
        else:
            problems.append(("place_district", f"unbekannt: {values['place_district']}"))
    if bool(values["lat"]) != bool(values["lon"]):
        problems.append(("lat" if not values["lat"] else "lon", "Breite und Länge nur zusammen angeben"))
    elif values["lat"]:
        for column, (low, high) in (("lat", LAT_RANGE), ("lon", LON_RANGE)):
            try:
                place[column] = _float(values[column], column, low, high)
            except RowProblem as problem:
                problems.append((problem.column, problem.message))
    if values["step_free"]:
        try:
            place["step_free"] = _bool(values["step_free"], "step_free")
        except RowProblem as problem:
            problems.append((problem.column, problem.message))
    return place


def _join(codes: list[str] | None) -> str:
    return "|".join(codes or [])


def _flag(value: bool | None) -> str:
    return "" if value is None else ("ja" if value else "nein")


def offer_to_row(offer: Offer) -> dict[str, str]:
    """An offer as a CSV row of ``COLUMNS`` plus ``EXPORT_ONLY_COLUMNS`` (the inverse of ``row_to_data``)."""
    place = offer.places[0] if offer.places else None
    row = {
        "external_id": offer.external_id or "",
        "title": offer.title,
        "category": offer.category.slug if offer.category else "",
        "status": offer.status,
        "cost": offer.cost,
        "but_eligible": _flag(offer.but_eligible),
        "registration_required": _flag(offer.registration_required),
        "organisation": offer.organisation.slug if offer.organisation else "",
        "citywide": _flag(offer.citywide),
        "statewide": _flag(offer.statewide),
        "districts": _join([d.slug for d in offer.districts]),
        "focus_areas": _join([a.slug for a in offer.focus_areas]),
        "challenges": _join([c.slug for c in offer.challenges]),
        "last_verified": offer.last_verified.isoformat() if offer.last_verified else "",
        "starts_at": _when(offer.starts_at),
        "ends_at": _when(offer.ends_at),
        "place_key": (place.key or "") if place else "",
        "place_name": place.name if place else "",
        "street": place.street if place else "",
        "postcode": place.postcode if place else "",
        "place_district": place.district.slug if place and place.district else "",
        "lat": "" if place is None or place.lat is None else repr(place.lat),
        "lon": "" if place is None or place.lon is None else repr(place.lon),
        "step_free": _flag(place.step_free) if place else "",
        "slug": offer.slug,
        "workflow_state": offer.workflow_state,
    }
    for column in TEXT_COLUMNS:
        row[column] = getattr(offer, column) or ""
    for column in LIST_COLUMNS:
        row[column] = _join(getattr(offer, column))
    for column in INT_COLUMNS:
        value = getattr(offer, column)
        row[column] = "" if value is None else str(value)
    return row


def export_offers_csv() -> str:
    """Every offer (drafts and archived ones included) as a CSV document with safe cells."""
    offers = db.session.execute(
        select(Offer)
        .options(*OFFER_LOADERS)
        .order_by(Offer.title, Offer.id)
    ).scalars()
    header = (*COLUMNS, *EXPORT_ONLY_COLUMNS)
    return write_csv(header, ([offer_to_row(offer).get(c, "") for c in header] for offer in offers))
