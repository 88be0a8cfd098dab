"""Keeping facts fresh: which offers are overdue for a check with their provider, grouped so that one call or
e-mail per provider confirms them all, and how the public page words an old or missing check."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Offer, Organisation
from .checks import mark_verified

CHECK_EVERY_DAYS = 365  # a check with the provider is due once a year


def overdue_clause(today: date, days: int = CHECK_EVERY_DAYS) -> Any:
    """Offers that are live (published or in review) and never checked or last checked over ``days`` ago."""
    cutoff = today - timedelta(days=days)
    return Offer.workflow_state.in_(("published", "review")) & or_(
        Offer.last_verified.is_(None), Offer.last_verified < cutoff
    )


def check_note(offer: Offer, today: date, days: int = CHECK_EVERY_DAYS) -> str | None:
    """"never" when the offer was never checked with its provider, "old" when the check is over ``days`` old."""
    if offer.last_verified is None:
        return "never"
    if offer.last_verified < today - timedelta(days=days):
        return "old"
    return None


@dataclass
class ProviderReminder:
    organisation: Organisation | None  # None: offers without a provider, checked one by one
    offers: list[Offer] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.organisation.slug if self.organisation else ""


def yearly_reminders(today: date, days: int = CHECK_EVERY_DAYS) -> list[ProviderReminder]:
    """The overdue offers grouped by provider (organisation), providers by name, those without one last."""
    groups: dict[Any, ProviderReminder] = {}
    for offer in db.session.execute(
        select(Offer).where(overdue_clause(today, days)).options(selectinload(Offer.organisation))
        .order_by(Offer.title)
    ).scalars():
        key = offer.organisation_id
        groups.setdefault(key, ProviderReminder(offer.organisation)).offers.append(offer)
    return sorted(groups.values(), key=lambda g: (g.organisation is None, g.key and g.organisation.name))


def confirm_provider(organisation: Organisation, offers: Iterable[Offer], user: Any, today: date | None = None) -> int:
    """The provider confirmed its offers: each is marked as checked with the provider today."""
    count = 0
    for offer in offers:
        if offer.organisation_id == organisation.id:
            mark_verified(offer, user, today)
            count += 1
    return count
