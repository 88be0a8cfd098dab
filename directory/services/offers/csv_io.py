"""CSV import and export of offers. One column set serves both, so an exported file imports unchanged.

An import is checked row by row and then run in ONE transaction: the dry run rolls it back and reports per
row what would be created, updated, left unchanged or refused (and why); applying commits only when no row
is refused, so a file is taken whole or not at all and never half. Offers are matched by ``external_id``,
which makes re-importing the same file a no-op. Every row goes through ``apply_offer_data``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from ...clock import CITY_TIME
from ...extensions import db
from ...models import Category, Challenge, District, FocusArea, Offer, OfferTranslation, Organisation, vocab
from ...web.i18n import DEFAULT_LOCALE, LOCALES

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
HOURS_COLUMNS = ("opening_hours", "by_appointment", "hours_note")
TRANSLATED_FIELDS = ("title", "summary", "description")
TRANSLATION_LOCALES = tuple(locale for locale in LOCALES if locale != DEFAULT_LOCALE)
TRANSLATION_COLUMNS = tuple(f"{name}_{locale}" for locale in TRANSLATION_LOCALES for name in TRANSLATED_FIELDS)
TRANSLATION_ORIGIN = "import"
HOURS_SLOT = re.compile(r"(?P<day>[a-z]{2,3})\s+(?P<opens>\d{1,2}:\d{2})\s*[-–]\s*(?P<closes>\d{1,2}:\d{2})")
# Weekdays as the file may write them: the codes, and German two-letter abbreviations.
DAY_WORDS = {**{code: code for code in vocab.WEEKDAYS},
             "mo": "mon", "di": "tue", "mi": "wed", "do": "thu", "fr": "fri", "sa": "sat", "so": "sun"}
# Read and written, in this order.
COLUMNS = (
    "external_id", "title", "category", "summary", "description", "status", "cost", "price_text",
    "but_eligible", "languages", "target_groups", "age_min", "age_max", "modes", "settings", "subjects",
    "school_levels", "registration_required", "lead_time_days", "how_to_access", "limitations",
    "phone", "email", "website", "organisation", *SERVICE_AREA_COLUMNS, "challenges",
    "source_title", "source_url", "last_verified", "starts_at", "ends_at", *PLACE_COLUMNS,
    *HOURS_COLUMNS, *TRANSLATION_COLUMNS,
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


def unknown_value(value: str, allowed: Mapping[str, Any] | set[str] | list[str]) -> str:
    """"unbekannt: x. Erlaubt: a, b, c. Meinten Sie „b“?", the suggestion only for a near miss (by code or by
    the label a vocabulary gives it, ignoring case)."""
    codes = sorted(allowed)
    message = f"unbekannt: {value}. Erlaubt: {', '.join(codes)}"
    names = {code.lower(): code for code in codes}
    if isinstance(allowed, Mapping):
        names.update({str(label).lower(): code for code, label in allowed.items()})
    close = difflib.get_close_matches(value.strip().lower(), list(names), n=1, cutoff=0.75)
    if close:
        message += f". Meinten Sie „{names[close[0]]}“?"
    return message


def _codes(text: str, column: str, allowed: Mapping[str, Any] | set[str]) -> list[str]:
    codes = [code for code in LIST_SPLIT.split(text.strip()) if code]
    unknown = [code for code in codes if code not in allowed]
    if unknown:
        raise RowProblem(column, "; ".join(unknown_value(code, allowed) for code in unknown))
    return codes


def _hours(row: Mapping[str, str], problems: list[tuple[str, str]]) -> dict[str, Any]:
    """Opening hours from ``opening_hours`` ("mo 09:00-12:00 | do 14:00-17:30"), ``by_appointment``, ``hours_note``."""
    weekly = []
    for part in (p for p in LIST_SPLIT.split(row.get("opening_hours", "").strip()) if p):
        match = HOURS_SLOT.fullmatch(part.strip().lower())
        if match is None or match["day"] not in DAY_WORDS:
            problems.append(("opening_hours", f"„{part}“ ist keine Zeit wie „mo 09:00-12:00“ "
                                              f"(Tage: {', '.join(vocab.WEEKDAYS)} oder mo, di, mi, do, fr, sa, so)"))
            continue
        opens, closes = (f"{int(t.split(':')[0]):02d}:{t.split(':')[1]}" for t in (match["opens"], match["closes"]))
        if opens >= closes:
            problems.append(("opening_hours", f"„{part}“: das Ende liegt vor dem Beginn"))
            continue
        weekly.append({"day": DAY_WORDS[match["day"]], "opens": opens, "closes": closes})
    by_appointment = False
    try:
        by_appointment = _bool(row.get("by_appointment", ""), "by_appointment")
    except RowProblem as problem:
        problems.append((problem.column, problem.message))
    return {"weekly": weekly, "by_appointment": by_appointment, "note": row.get("hours_note", "").strip()}


def _translations(row: Mapping[str, str]) -> dict[str, dict[str, str] | None]:
    """The texts per locale of the translation columns present; None for a locale whose columns are all empty
    (the translation is then removed)."""
    result: dict[str, dict[str, str] | None] = {}
    for locale in TRANSLATION_LOCALES:
        columns = {name: f"{name}_{locale}" for name in TRANSLATED_FIELDS}
        if not any(column in row for column in columns.values()):
            continue
        texts = {name: row.get(column, "").strip() for name, column in columns.items()}
        result[locale] = texts if any(texts.values()) else None
    return result


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
                raise RowProblem(column, unknown_value(text, known))
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
    if any(column in row for column in HOURS_COLUMNS):
        data["opening_hours"] = _hours(row, problems)
    translations = _translations(row)
    if translations:
        data["translations"] = translations
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
            problems.append(("place_district", unknown_value(values["place_district"], refs.districts)))
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


def apply_translations(offer: Offer, translations: Mapping[str, Mapping[str, str] | None]) -> None:
    """Set (or, for None, remove) the imported translations; a new or changed text is marked as imported."""
    for locale, texts in translations.items():
        existing = offer.translation(locale)
        if texts is None:
            if existing is not None:
                offer.translations.remove(existing)
            continue
        if existing is None:
            existing = OfferTranslation(locale=locale)
            offer.translations.append(existing)
        if any((getattr(existing, name) or "") != texts[name] for name in TRANSLATED_FIELDS):
            for name in TRANSLATED_FIELDS:
                setattr(existing, name, texts[name])
            existing.origin = TRANSLATION_ORIGIN
