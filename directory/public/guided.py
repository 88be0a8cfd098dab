"""The two guided paths ("Nachhilfe finden", "Sprachmittlung finden"): their questions and their answers.

The search engine does the matching that every result set shares (category, cost, language, mode, where,
radius, nearest first: ``Question.search_args`` speaks its parameters). What only the guided paths ask —
grade, subject, setting, the date a mediation is needed — is checked here, on the engine's results.
Everything in this module is pure: the views run the search.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l

from ..clock import CITY_TIME
from ..models import vocab

TUTORING_CATEGORIES = ("lernfoerderung", "hausaufgabenhilfe")
MEDIATION_CATEGORIES = ("sprachmittlung",)

# "kostenlos / BuT / bezahlt ist okay": what a family can pay, and the search's cost values for it.
COST_CHOICES = {
    "free": _l("Es soll kostenlos sein"),
    "but": _l("Kostenlos oder über Bildung und Teilhabe (BuT) bezahlt"),
    "any": _l("Bezahlen ist auch okay"),
}
COST_SUMMARY = {"free": _l("kostenlos"), "but": _l("kostenlos oder über BuT")}
_COST_FILTER = {"free": ("free",), "but": ("free", "but"), "any": ()}
# How the mediation should happen; "on site" includes mediators who come to you.
MODE_CHOICES = {
    "in_person": _l("vor Ort"),
    "phone": _l("am Telefon"),
    "video": _l("per Video"),
}
_MODE_FILTER = {"in_person": ("in_person", "outreach"), "phone": ("phone",), "video": ("video", "online")}
MAX_TEXT = 200
PARAMETERS = (
    "category", "school_level", "subject", "language", "cost", "setting", "mode", "date", "near", "radius_km",
)
# The questions only the guided paths ask, checked on the search's results.
EXTRA_PARAMETERS = ("school_level", "subject", "setting", "date")


class QuestionError(ValueError):
    """An answer to a question that cannot be used; ``field`` names the question."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


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

    def search_args(self) -> dict[str, Any]:
        """The part of the question the search engine answers, as its query parameters."""
        args: dict[str, Any] = {"category": list(self.categories)}
        if _COST_FILTER[self.cost]:
            args["cost"] = list(_COST_FILTER[self.cost])
        if self.language:
            args["language"] = [self.language]
        if self.mode:
            args["mode"] = list(_MODE_FILTER[self.mode])
        if self.near:
            args["near"] = self.near
            args["sort"] = "distance"
        if self.radius_km:
            args["radius_km"] = f"{self.radius_km:g}"
        return args

    def extra_args(self) -> dict[str, str]:
        """The part only the guided paths ask."""
        args = {name: getattr(self, name) for name in ("school_level", "subject", "setting") if getattr(self, name)}
        if self.needed_on:
            args["date"] = self.needed_on.isoformat()
        return args

    def query_args(self) -> dict[str, Any]:
        """The whole question as query arguments of a result set (for its print view)."""
        return self.search_args() | self.extra_args()


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
    near: list[Match] = field(default_factory=list)  # with a place: nearest first when there is an origin
    anywhere: list[Match] = field(default_factory=list)  # phone, online, city- or statewide: no place

    @property
    def matches(self) -> list[Match]:
        return self.near + self.anywhere

    @property
    def offers(self) -> list[Any]:
        return [m.offer for m in self.matches]


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


def _needed_on(args: Mapping[str, Any], today: date) -> date | None:
    raw = (args.get("date") or "").strip()[:MAX_TEXT]
    if not raw:
        return None
    try:
        needed_on = parse_date(raw)
    except ValueError as exc:
        raise QuestionError("date", str(_l("Bitte geben Sie das Datum so ein: 24.12.2026."))) from exc
    if needed_on < today:
        raise QuestionError("date", str(_l("Das Datum liegt in der Vergangenheit.")))
    return needed_on


def parse_extras(args: Mapping[str, Any], today: date) -> Question:
    """Only the guided paths' own questions (grade, subject, setting, date), e.g. beside search parameters."""
    choices = {name: _choice(args, name, *_message(name)) for name in ("school_level", "subject", "setting")}
    return Question(needed_on=_needed_on(args, today), **choices)


def _message(name: str) -> tuple[Any, str]:
    allowed, message = _CHOICES[name]
    return allowed, str(message)


def parse_question(
    args: Mapping[str, Any], categories: Iterable[str], today: date, known_categories: Iterable[str] | None = None
) -> Question:
    """The question in the query string. ``categories`` are used unless ``category`` arguments name others."""
    known = set(known_categories if known_categories is not None else categories)
    getlist = getattr(args, "getlist", None)
    asked = [c for c in (getlist("category") if getlist else [args.get("category", "")]) if c]
    if any(c not in known for c in asked):
        raise QuestionError("category", str(_l("Diese Art von Angebot kennen wir nicht.")))
    radius = None
    raw_radius = (args.get("radius_km") or "").strip()
    if raw_radius:
        try:
            radius = float(raw_radius.replace(",", "."))
        except ValueError as exc:
            raise QuestionError("radius_km", str(_l("Bitte wählen Sie einen Umkreis aus der Liste."))) from exc
        if not 0 < radius <= 100:
            raise QuestionError("radius_km", str(_l("Bitte wählen Sie einen Umkreis aus der Liste.")))
    choices = {name: _choice(args, name, *_message(name)) for name in _CHOICES}
    return Question(
        categories=tuple(dict.fromkeys(asked)) or tuple(categories),
        school_level=choices["school_level"],
        subject=choices["subject"],
        language=choices["language"],
        cost=choices["cost"] or "any",
        setting=choices["setting"],
        mode=choices["mode"],
        needed_on=_needed_on(args, today),
        near=(args.get("near") or "").strip()[:MAX_TEXT],
        radius_km=radius,
    )


def fits(offer: Any, question: Question) -> bool:
    """Whether the offer fits the guided questions; offers that state nothing on a question fit it."""
    if question.school_level and offer.school_levels and question.school_level not in offer.school_levels:
        return False
    if question.subject and offer.subjects and not ({question.subject, "all"} & set(offer.subjects)):
        return False
    return not (question.setting and offer.settings and question.setting not in offer.settings)


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


def answer(found: Iterable[tuple[Any, float | None, bool]], question: Question, today: date) -> Answer:
    """The answer from the search's results, in its order: ``(offer, distance_km, remote)`` each.

    Offers that do not fit the guided questions are left out. With a date, offers whose lead time cannot be
    met stay in the answer, flagged, but come last in each list.
    """
    result = Answer()
    for offer, distance_km, remote in found:
        if not fits(offer, question):
            continue
        match = Match(offer, distance_km)
        if question.needed_on is not None:
            match.days_left = working_days_until(today, question.needed_on)
            if offer.lead_time_days is not None:
                match.lead_time_ok = offer.lead_time_days <= match.days_left
        (result.anywhere if remote else result.near).append(match)
    for matches in (result.near, result.anywhere):
        matches.sort(key=lambda m: m.lead_time_ok is False)  # stable: the search's order otherwise
    return result


def today_in_magdeburg() -> date:
    """The calendar day in Magdeburg, whatever the server's time zone."""
    return datetime.now(CITY_TIME).date()
