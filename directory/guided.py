"""The two guided paths ("Nachhilfe finden", "Sprachmittlung finden"): their questions and their answers.

``parse_question`` turns the query string into a ``Question`` (or a ``QuestionError`` naming the field);
``answer`` filters and orders offers for it. Both are pure: the view fetches candidates and the origin.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l

from .geo.shapes import haversine_km
from .models import vocab
from .text import fold_german

TUTORING_CATEGORIES = ("lernfoerderung", "hausaufgabenhilfe")
MEDIATION_CATEGORIES = ("sprachmittlung",)

# "kostenlos / BuT / bezahlt ist okay": what a family can pay.
COST_CHOICES = {
    "free": _l("Es soll kostenlos sein"),
    "but": _l("Kostenlos oder über Bildung und Teilhabe (BuT) bezahlt"),
    "any": _l("Bezahlen ist auch okay"),
}
# How the mediation should happen; "on site" includes mediators who come to you.
MODE_CHOICES = {
    "in_person": _l("vor Ort"),
    "phone": _l("am Telefon"),
    "video": _l("per Video"),
}
_MODE_MATCHES = {"in_person": {"in_person", "outreach"}, "phone": {"phone"}, "video": {"video", "online"}}
RADIUS_CHOICES = (1, 2, 5, 10)
MAX_TEXT = 200
PARAMETERS = (
    "category", "school_level", "subject", "language", "cost", "setting", "mode", "date", "near", "radius_km",
)


class QuestionError(ValueError):
    """An answer to a question that cannot be used; ``field`` names the question."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Origin:
    """Where distances are measured from."""

    lat: float
    lon: float
    label: str


@dataclass(frozen=True)
class Question:
    """What the reader asked; empty strings mean "does not matter"."""

    categories: tuple[str, ...] = ()
    school_level: str = ""
    subject: str = ""
    language: str = ""
    cost: str = "any"
    setting: str = ""
    mode: str = ""
    needed_on: date | None = None
    near: str = ""
    radius_km: float | None = None

    def query_args(self) -> dict[str, Any]:
        """The question as query arguments again (for links to the print view, sharing)."""
        args: dict[str, Any] = {"category": list(self.categories)}
        for name in ("school_level", "subject", "language", "setting", "mode", "near"):
            if getattr(self, name):
                args[name] = getattr(self, name)
        if self.cost != "any":
            args["cost"] = self.cost
        if self.needed_on:
            args["date"] = self.needed_on.isoformat()
        if self.radius_km:
            args["radius_km"] = f"{self.radius_km:g}"
        return args


@dataclass
class Match:
    """One offer in an answer, with what the answer knows about it."""

    offer: Any
    distance_km: float | None = None
    # Working days from today to the date needed, and whether the offer's lead time fits in them.
    days_left: int | None = None
    lead_time_ok: bool | None = None


@dataclass
class Answer:
    near: list[Match] = field(default_factory=list)  # with a place to measure to, nearest first
    anywhere: list[Match] = field(default_factory=list)  # phone, online, city- or statewide

    @property
    def matches(self) -> list[Match]:
        return self.near + self.anywhere

    @property
    def offers(self) -> list[Any]:
        return [m.offer for m in self.matches]

    def distance(self, offer: Any) -> float | None:
        return next((m.distance_km for m in self.near if m.offer is offer), None)


def _choice(args: Mapping[str, Any], name: str, allowed: Iterable[str], message: str) -> str:
    value = (args.get(name) or "").strip()
    if value and value not in allowed:
        raise QuestionError(name, message)
    return value


# The questions with a fixed list of answers, and what to say when an answer is not on it.
_CHOICES = {
    "school_level": (vocab.SCHOOL_LEVELS, _l("Bitte wählen Sie eine Klasse aus der Liste.")),
    "subject": (vocab.SUBJECTS, _l("Bitte wählen Sie ein Fach aus der Liste.")),
    "language": (vocab.LANGUAGES, _l("Bitte wählen Sie eine Sprache aus der Liste.")),
    "cost": (COST_CHOICES, _l("Bitte wählen Sie bei den Kosten eine Antwort.")),
    "setting": (vocab.SETTINGS, _l("Bitte wählen Sie einen Einsatzort aus der Liste.")),
    "mode": (MODE_CHOICES, _l("Bitte wählen Sie aus, wie gedolmetscht werden soll.")),
}


def parse_date(text: str) -> date:
    """A date as browsers send it (2026-12-03) or as people write it (3.12.2026)."""
    text = text.strip()
    german = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    if german:
        day, month, year = (int(part) for part in german.groups())
        return date(year, month, day)
    return date.fromisoformat(text)


def parse_question(
    args: Mapping[str, Any], categories: Iterable[str], today: date, known_categories: Iterable[str] | None = None
) -> Question:
    """The question in the query string. ``categories`` are used unless ``category`` arguments name others."""
    known = set(known_categories if known_categories is not None else categories)
    getlist = getattr(args, "getlist", None)
    asked = [c for c in (getlist("category") if getlist else [args.get("category", "")]) if c]
    unknown = [c for c in asked if c not in known]
    if unknown:
        raise QuestionError("category", str(_l("Diese Art von Angebot kennen wir nicht.")))
    needed_on = None
    raw_date = (args.get("date") or "").strip()[:MAX_TEXT]
    if raw_date:
        try:
            needed_on = parse_date(raw_date)
        except ValueError as exc:
            raise QuestionError("date", str(_l("Bitte geben Sie das Datum so ein: 24.12.2026."))) from exc
        if needed_on < today:
            raise QuestionError("date", str(_l("Das Datum liegt in der Vergangenheit.")))
    radius = None
    raw_radius = (args.get("radius_km") or "").strip()
    if raw_radius:
        try:
            radius = float(raw_radius.replace(",", "."))
        except ValueError as exc:
            raise QuestionError("radius_km", str(_l("Bitte wählen Sie einen Umkreis aus der Liste."))) from exc
        if not 0 < radius <= 100:
            raise QuestionError("radius_km", str(_l("Bitte wählen Sie einen Umkreis aus der Liste.")))
    choices = {name: _choice(args, name, allowed, str(message)) for name, (allowed, message) in _CHOICES.items()}
    return Question(
        categories=tuple(dict.fromkeys(asked)) or tuple(categories),
        school_level=choices["school_level"],
        subject=choices["subject"],
        language=choices["language"],
        cost=choices["cost"] or "any",
        setting=choices["setting"],
        mode=choices["mode"],
        needed_on=needed_on,
        near=(args.get("near") or "").strip()[:MAX_TEXT],
        radius_km=radius,
    )


def resolve_origin(text: str, districts: Iterable[Any]) -> Origin | None:
    """A Stadtteil by name or slug ("Neustaedter See", "neustädter see"), or "lat,lon"; None if unknown."""
    coordinates = re.fullmatch(r"\s*(-?\d{1,2}(?:\.\d+)?)\s*[,;]\s*(-?\d{1,3}(?:\.\d+)?)\s*", text)
    if coordinates:
        lat, lon = float(coordinates.group(1)), float(coordinates.group(2))
        if -90 <= lat <= 90 and -180 <= lon <= 180:
            return Origin(lat, lon, str(_l("Ihr Standort")))
        return None
    wanted = re.sub(r"[^a-z0-9]+", " ", fold_german(text)).strip()
    for district in districts:
        names = {re.sub(r"[^a-z0-9]+", " ", fold_german(district.name)).strip(), district.slug.replace("-", " ")}
        if wanted and wanted in names:
            return Origin(district.centre_lat, district.centre_lon, district.name)
    return None


def _fits(offer: Any, question: Question) -> bool:
    if offer.category.slug not in question.categories:
        return False
    if question.school_level and offer.school_levels and question.school_level not in offer.school_levels:
        return False
    if question.subject and offer.subjects and not ({question.subject, "all"} & set(offer.subjects)):
        return False
    # Whoever states no language works in German.
    spoken = offer.languages or ["de"]
    if question.language and question.language not in spoken:
        return False
    if question.cost == "free" and offer.cost != "free":
        return False
    if question.cost == "but" and not (offer.cost == "free" or offer.but_eligible):
        return False
    if question.setting and offer.settings and question.setting not in offer.settings:
        return False
    return not (question.mode and offer.modes and not (_MODE_MATCHES[question.mode] & set(offer.modes)))


def working_days_until(today: date, needed_on: date) -> int:
    """Working days (Monday to Friday) after today up to and including the day needed.

    Lead times are read as working days ("mindestens 3 Werktage vorher"): asked on a Friday for the
    Monday after, there is one working day. Public holidays are not known here and count as working days.
    """
    days = 0
    current = today
    while current < needed_on:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days += 1
    return days


def distance_km(offer: Any, origin: Origin) -> float | None:
    """From the origin to the offer's nearest place with coordinates; None if it has none."""
    distances = [
        haversine_km(origin.lat, origin.lon, place.lat, place.lon)
        for place in offer.places
        if place.lat is not None and place.lon is not None
    ]
    return min(distances) if distances else None


def answer(offers: Iterable[Any], question: Question, origin: Origin | None, today: date) -> Answer:
    """The offers that fit the question: the nearest first, then those available from anywhere.

    With a date, offers whose lead time cannot be met stay in the answer (flagged) but come last in each list.
    Within a radius, offers with places farther away are left out; offers without a place never are.
    """
    result = Answer()
    for offer in offers:
        if not _fits(offer, question):
            continue
        match = Match(offer)
        if question.needed_on is not None:
            match.days_left = working_days_until(today, question.needed_on)
            if offer.lead_time_days is not None:
                match.lead_time_ok = offer.lead_time_days <= match.days_left
        if origin is not None:
            match.distance_km = distance_km(offer, origin)
        if match.distance_km is None and (origin is not None or offer.is_remote):
            result.anywhere.append(match)
        elif match.distance_km is None or question.radius_km is None or match.distance_km <= question.radius_km:
            result.near.append(match)
    late_last = lambda m: m.lead_time_ok is False  # noqa: E731
    result.near.sort(key=lambda m: (late_last(m), m.distance_km if m.distance_km is not None else 0.0))
    result.anywhere.sort(key=late_last)
    return result


def today_in_magdeburg() -> date:
    """The calendar day in Magdeburg, whatever the server's time zone."""
    return datetime.now(ZoneInfo("Europe/Berlin")).date()
