"""Keeping the data fresh: which offers need checking, and recording that one was checked."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Offer, OfferVerification, ProblemReport
from .audit import audit
from .offers.revisions import ensure_baseline, record_offer_change
from .suggestions import actor_name
from .unit_of_work import commit

# Why an offer is on the check list.
REASON_STALE = "stale"
REASON_ENDED = "ended"
REASON_REPORTED = "reported"


@dataclass
class CheckItem:
    offer: Offer
    reasons: list[str] = field(default_factory=list)
    open_reports: list[ProblemReport] = field(default_factory=list)


def needs_checking(today: date, stale_after_days: int) -> list[CheckItem]:
    """Offers to check: published or in review and not verified for ``stale_after_days`` (or never),
    ended ones still published, and any offer with an open problem report. Oldest check first."""
    cutoff = today - timedelta(days=stale_after_days)
    live = Offer.workflow_state.in_(("published", "review"))
    stale = (Offer.last_verified.is_(None)) | (Offer.last_verified < cutoff)
    ended_but_published = (Offer.workflow_state == "published") & (
        (Offer.status == "ended") | (Offer.ends_at < datetime.combine(today, time.min, tzinfo=UTC))
    )
    reported = Offer.id.in_(select(ProblemReport.offer_id).where(ProblemReport.state == "open"))
    offers = db.session.execute(
        select(Offer)
        .where(or_(live & stale, ended_but_published, reported))
        .options(selectinload(Offer.category))
        .order_by(Offer.last_verified.is_not(None), Offer.last_verified, Offer.title)
    ).scalars().all()
    reports: dict[Any, list[ProblemReport]] = {}
    for report in db.session.execute(
        select(ProblemReport).where(ProblemReport.state == "open").order_by(ProblemReport.created_at)
    ).scalars():
        reports.setdefault(report.offer_id, []).append(report)
    items = []
    for offer in offers:
        item = CheckItem(offer, open_reports=reports.get(offer.id, []))
        if offer.workflow_state in ("published", "review") and (
            offer.last_verified is None or offer.last_verified < cutoff
        ):
            item.reasons.append(REASON_STALE)
        if offer.workflow_state == "published" and (
            offer.status == "ended" or (offer.ends_at is not None and offer.ends_at.date() < today)
        ):
            item.reasons.append(REASON_ENDED)
        if item.open_reports:
            item.reasons.append(REASON_REPORTED)
        items.append(item)
    return items


def mark_verified(offer: Offer, user: Any, today: date | None = None) -> OfferVerification:
    """Record that the offer's details were checked today, and set its "last verified" date."""
    today = today or date.today()
    try:
        ensure_baseline(offer)
        offer.last_verified = today
        verification = OfferVerification(offer=offer, verified_on=today, verified_by=actor_name(user))
        db.session.add(verification)
        summary = _("Als geprüft vermerkt am %(day)s", day=today.strftime("%d.%m.%Y"))
        if record_offer_change(offer, user, "verify", summary) is None:  # checked twice in a day: still logged
            audit(user, "verify", "offer", offer.id, offer.title, summary)
    except Exception:
        db.session.rollback()
        raise
    commit()
    return verification
