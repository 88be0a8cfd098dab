"""Factories: the few rows a test needs, built through the same services as seeding and the forms.

``reference_data()`` loads what offers refer to (Stadtteile, focus areas, categories, challenges and measures,
organisations, synonyms) without any offer; ``make_offer()`` adds one published offer. The small callables
below (``actor``, ``category``, ``district``, ...) build single rows for tests that need no seed at all.
"""

from __future__ import annotations

import itertools
from datetime import date
from types import SimpleNamespace
from typing import Any

from directory.extensions import db
from directory.models import Category, District, Offer, Organisation, Place
from directory.services.offers.data import create_offer
from directory.services.seed import STEPS, SeedReport
from directory.text import slugify
from tests.conftest import SEED_DIR

_counter = itertools.count(1)

# A square around Magdeburg's Altstadt, enough to tell "inside the city" from "far away" in tests.
ALTSTADT_SQUARE = {
    "type": "Polygon",
    "coordinates": [[[11.60, 52.10], [11.67, 52.10], [11.67, 52.15], [11.60, 52.15], [11.60, 52.10]]],
}


def reference_data() -> None:
    """Everything of the seed except the offers, in one transaction."""
    report = SeedReport()
    with db.session.no_autoflush:
        for name, load in STEPS:
            if name != "offers":
                load(SEED_DIR, report)
                db.session.flush()
    db.session.commit()


def place_in(district: str, lat: float, lon: float, street: str = "Teststraße 1") -> dict[str, Any]:
    return {"street": street, "postcode": "39100", "lat": lat, "lon": lon, "district": district}


def make_offer(title: str = "Hausaufgabenhilfe im Test", **data: Any) -> Offer:
    """A published, recently checked offer; ``data`` as in ``seed_data/*.yaml`` overrides any field."""
    values: dict[str, Any] = {
        "title": title,
        "category": "lernfoerderung",
        "workflow_state": "published",
        "last_verified": date.today(),
    }
    values.update(data)
    return create_offer(values)


def actor(email: str = "redaktion@example.org") -> SimpleNamespace:
    """Someone making changes, as the services see them (an account has at least these)."""
    return SimpleNamespace(id=f"id-{email}", email=email)


def category(slug: str = "lernfoerderung", name: str = "Nachhilfe und Lernförderung") -> Category:
    row = db.session.query(Category).filter_by(slug=slug).one_or_none()
    if row is None:
        row = Category(slug=slug, name=name, position=next(_counter))
        db.session.add(row)
        db.session.commit()
    return row


def district(slug: str = "altstadt", name: str = "Altstadt", number: str = "01") -> District:
    row = db.session.query(District).filter_by(slug=slug).one_or_none()
    if row is None:
        row = District(
            slug=slug, name=name, number=number, centre_lat=52.128, centre_lon=11.635, geometry=ALTSTADT_SQUARE
        )
        db.session.add(row)
        db.session.commit()
    return row


def organisation(name: str = "Verein Brücken e. V.") -> Organisation:
    row = db.session.query(Organisation).filter_by(slug=slugify(name)).one_or_none()
    if row is None:
        row = Organisation(slug=slugify(name), name=name)
        db.session.add(row)
        db.session.commit()
    return row


def place(street: str = "Breiter Weg 10", postcode: str = "39104", **extra: Any) -> Place:
    row = Place(key=f"test-place-{next(_counter)}", street=street, postcode=postcode, **extra)
    db.session.add(row)
    db.session.commit()
    return row


def offer_data(**overrides: Any) -> dict[str, Any]:
    """Plain offer data as the form produces it (the shape ``apply_offer_data`` takes)."""
    category()
    data: dict[str, Any] = {
        "title": "Hausaufgabenhilfe im Stadtteiltreff",
        "summary": "Hilfe bei den Hausaufgaben, montags und mittwochs.",
        "description": "",
        "category": "lernfoerderung",
        "status": "active",
        "cost": "free",
        "languages": ["de", "ar"],
        "modes": ["in_person"],
        "opening_hours": {"weekly": [{"day": "mon", "opens": "14:00", "closes": "16:00"}]},
    }
    data.update(overrides)
    return data
