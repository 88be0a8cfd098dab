"""Factories: the few rows a test needs, built through the same service as seeding and forms."""

from __future__ import annotations

from typing import Any

from directory.extensions import db
from directory.models import Offer
from directory.services.offers.data import create_offer
from directory.services.seed import SeedReport, load_categories, load_districts, load_focus_areas

from .conftest import SEED_DIR


def reference_data() -> None:
    """The Stadtteile, focus areas and categories, without any offer."""
    report = SeedReport()
    with db.session.no_autoflush:
        for load in (load_districts, load_focus_areas, load_categories):
            load(SEED_DIR, report)
            db.session.flush()
    db.session.commit()


def place_in(district: str, lat: float, lon: float, street: str = "Teststraße 1") -> dict[str, Any]:
    return {"street": street, "postcode": "39100", "lat": lat, "lon": lon, "district": district}


def make_offer(title: str, **data: Any) -> Offer:
    """A published offer; ``data`` as in ``seed_data/*.yaml``."""
    values: dict[str, Any] = {"title": title, "category": "lernfoerderung", "workflow_state": "published"}
    values.update(data)
    return create_offer(values)
