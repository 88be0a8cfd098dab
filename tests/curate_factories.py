"""Factories for back-office tests: the reference data (no offers) and single offers built on demand."""

from __future__ import annotations

from datetime import date
from typing import Any

from directory.extensions import db
from directory.models import Offer
from directory.services.offers.data import apply_offer_data
from directory.services.seed import seed

from .conftest import SEED_DIR


def seed_reference() -> None:
    """Stadtteile, focus areas, categories, challenges and measures; no offers."""
    seed(SEED_DIR, demo=False)
    for offer in db.session.execute(db.select(Offer)).scalars():
        db.session.delete(offer)
    db.session.commit()


def make_offer(**data: Any) -> Offer:
    """A published, recently verified offer (override any field with plain offer data)."""
    values: dict[str, Any] = {
        "title": "Hausaufgabenhilfe im Test",
        "category": "hausaufgabenhilfe",
        "workflow_state": "published",
        "last_verified": date.today(),
    }
    values.update(data)
    offer = Offer()
    db.session.add(offer)
    apply_offer_data(offer, values)
    db.session.commit()
    return offer
