"""Use cases on the workshop's measures: the team updates status and progress; every change is dated."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from ..clock import CITY_TIME
from ..extensions import db
from ..models import FocusArea, Measure, MeasureStatusChange, Offer, vocab
from ..models.base import utcnow
from .audit import audit
from .offers.revisions import ensure_baseline, record_offer_change
from .suggestions import actor_name
from .unit_of_work import commit


def update_measure(
    measure: Measure,
    *,
    status: str,
    progress_note: str,
    focus_area: FocusArea | None,
    offers: Sequence[Offer],
    user: Any,
) -> MeasureStatusChange | None:
    """Save a measure; a new status or progress note is recorded as a dated change (who, when).

    Returns the recorded change, or None when status and note stayed the same.
    """
    if status not in vocab.MEASURE_STATUSES:
        raise ValueError(f"unknown measure status {status!r}")
    progress_note = progress_note.strip()
    change = None
    try:
        if status != measure.status or progress_note != (measure.progress_note or ""):
            now = utcnow()
            change = MeasureStatusChange(
                measure=measure, status=status, progress_note=progress_note, changed_at=now,
                changed_by=actor_name(user),
            )
            db.session.add(change)
            measure.status = status
            measure.progress_note = progress_note
            measure.status_date = now.date()
            audit(user, "update", "measure", measure.id, measure_label(measure),
                  _("Stand: %(status)s", status=vocab.MEASURE_STATUSES[status]))
        measure.focus_area = focus_area
        _link_offers(measure, offers, user)
    except Exception:
        db.session.rollback()
        raise
    commit()
    return change


def measure_label(measure: Measure) -> str:
    """A measure as the records name it: the start of its text."""
    text = " ".join((measure.text or measure.key).split())
    return text if len(text) <= 80 else text[:79] + "…"


def _link_offers(measure: Measure, offers: Sequence[Offer], user: Any) -> None:
    """Set the measure's offers; an offer linked or unlinked gets a revision, as its history shows measures."""
    before = {offer.id: offer for offer in measure.offers}
    after = {offer.id: offer for offer in offers}
    touched = [offer for key, offer in {**before, **after}.items() if (key in before) != (key in after)]
    for offer in touched:
        ensure_baseline(offer)
    measure.offers = list(offers)
    for offer in touched:
        summary = (_("Mit Maßnahme „%(title)s“ verknüpft", title=measure_label(measure)) if offer.id in after
                   else _("Nicht mehr mit Maßnahme „%(title)s“ verknüpft", title=measure_label(measure)))
        record_offer_change(offer, user, "update", summary)


def changed_since(since: date) -> dict[int, MeasureStatusChange]:
    """The latest recorded change of each measure changed on or after ``since`` (by measure id)."""
    start = datetime.combine(since, time.min, tzinfo=CITY_TIME).astimezone(UTC)
    latest: dict[int, MeasureStatusChange] = {}
    for change in db.session.execute(
        select(MeasureStatusChange)
        .where(MeasureStatusChange.changed_at >= start)
        .order_by(MeasureStatusChange.changed_at)
    ).scalars():
        latest[change.measure_id] = change
    return latest
