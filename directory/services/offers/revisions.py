"""An offer's history: every change is a revision with a snapshot; the first edit keeps a baseline."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from ...extensions import db
from ...models import Offer, OfferRevision
from ...models.base import utcnow
from ..audit import Actor, actor_ids, audit
from ..errors import StaleEditError
from .snapshots import changed_fields, offer_to_data, summarise


def latest_revision(offer: Offer) -> OfferRevision | None:
    return db.session.execute(
        select(OfferRevision).where(OfferRevision.offer_id == offer.id).order_by(OfferRevision.number.desc()).limit(1)
    ).scalar_one_or_none()


def record_offer_change(offer: Offer, actor: Actor | None, action: str, summary: str | None = None):
    """Store the offer's current state as a new revision and an audit entry in the caller's transaction
    (the caller commits). Returns the revision, or None when nothing changed."""
    db.session.flush()
    snapshot = offer_to_data(offer)
    previous = latest_revision(offer)
    fields = changed_fields(previous.snapshot if previous else None, snapshot)
    if previous is not None and not fields:
        return None
    actor_id, actor_name = actor_ids(actor)
    text = summary if summary is not None else summarise(fields)
    revision = OfferRevision(
        offer_id=offer.id,
        number=(previous.number + 1) if previous else 1,
        actor_id=actor_id,
        actor_name=actor_name,
        action=action,
        snapshot=snapshot,
        changed_fields=fields,
        summary=text,
        created_at=utcnow(),
    )
    db.session.add(revision)
    audit(actor, action, "offer", offer.id, offer.title, text)
    return revision


def check_version(offer: Offer, expected_version: int | None) -> None:
    if expected_version is not None and offer.version != expected_version:
        raise StaleEditError()


def ensure_baseline(offer: Offer, snapshot: Mapping[str, Any] | None = None) -> None:
    """Offers from seed or import have no history yet: before the first change, keep the state they had.
    Every use case that changes an existing offer calls this first. Does not commit.

    ``snapshot`` is the offer's state taken earlier (``offer_to_data``), for callers that only know after the
    change whether anything changed.
    """
    if offer.id is None:
        return
    if latest_revision(offer) is None:
        db.session.add(
            OfferRevision(
                offer_id=offer.id,
                number=1,
                action="baseline",
                snapshot=dict(snapshot) if snapshot is not None else offer_to_data(offer),
                changed_fields=[],
                summary=_("Stand vor der ersten Bearbeitung"),
                created_at=utcnow(),
            )
        )
        db.session.flush()


def revisions_of(offer: Offer) -> list[OfferRevision]:
    return list(
        db.session.execute(
            select(OfferRevision).where(OfferRevision.offer_id == offer.id).order_by(OfferRevision.number.desc())
        ).scalars()
    )
