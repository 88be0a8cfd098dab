"""Revisions of measures and challenges: plain-data snapshots, stored as ``RecordRevision`` rows and logged.

The use cases in ``measure_records`` call ``record_change`` after each change; a seeded record gets a baseline
first, so that its state before the first change can be restored.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..models import Challenge, Measure, RecordRevision
from ..models.base import utcnow
from .audit import audit
from .measures import measure_label
from .suggestions import actor_name

MEASURE_FIELD_LABELS = {
    "text": "Wortlaut",
    "challenge": "Herausforderung",
    "position": "Reihenfolge",
    "focus_areas": "Schwerpunktbereiche",
    "offers": "Angebote",
    "archived": "Archiviert",
    "title": "Titel",
    "description": "Beschreibung",
}


def measure_snapshot(measure: Measure) -> dict[str, Any]:
    """The measure as plain data: its wording, place, areas, links and current status."""
    return {
        "text": measure.text or "",
        "challenge": measure.challenge.slug if measure.challenge else None,
        "position": measure.position or 0,
        "focus_areas": sorted(area.slug for area in measure.focus_areas),
        "offers": sorted(str(offer.id) for offer in measure.offers),
        "status": measure.status,
        "status_date": measure.status_date.isoformat() if measure.status_date else None,
        "progress_note": measure.progress_note or "",
        "archived": measure.archived_at is not None,
    }


def challenge_snapshot(challenge: Challenge) -> dict[str, Any]:
    return {
        "title": challenge.title or "",
        "description": challenge.description or "",
        "position": challenge.position or 0,
        "archived": challenge.archived_at is not None,
    }


def snapshot_of(object_type: str, row: Any) -> dict[str, Any]:
    return measure_snapshot(row) if object_type == "measure" else challenge_snapshot(row)


def revisions(object_type: str, row: Any) -> list[RecordRevision]:
    return list(db.session.execute(
        select(RecordRevision)
        .where(RecordRevision.object_type == object_type, RecordRevision.object_id == str(row.id))
        .order_by(RecordRevision.number.desc())
    ).scalars())


def latest_revision(object_type: str, row: Any) -> RecordRevision | None:
    found = revisions(object_type, row)
    return found[0] if found else None


def ensure_record_baseline(object_type: str, row: Any) -> None:
    """Seeded records have no history yet: keep the state they had before the first change."""
    if row.id is not None and latest_revision(object_type, row) is None:
        db.session.add(RecordRevision(
            object_type=object_type, object_id=str(row.id), number=1, action="baseline",
            snapshot=snapshot_of(object_type, row), changed_fields=[],
            summary=_("Stand vor der ersten Bearbeitung"), created_at=utcnow(),
        ))
        db.session.flush()


def record_change(
    object_type: str, row: Any, actor: Any, action: str, summary: str | None = None
) -> RecordRevision | None:
    """Store the record's state as a new revision and log it; None when nothing changed."""
    db.session.flush()
    snapshot = snapshot_of(object_type, row)
    previous = latest_revision(object_type, row)
    fields = [name for name in snapshot if previous is None or previous.snapshot.get(name) != snapshot[name]]
    if previous is not None and not fields:
        return None
    text = summary if summary is not None else ", ".join(MEASURE_FIELD_LABELS.get(f, f) for f in fields)
    revision = RecordRevision(
        object_type=object_type, object_id=str(row.id), number=(previous.number + 1) if previous else 1,
        actor_id=str(getattr(actor, "id", "") or ""), actor_name=actor_name(actor), action=action,
        snapshot=snapshot, changed_fields=fields, summary=text, created_at=utcnow(),
    )
    db.session.add(revision)
    label = measure_label(row) if object_type == "measure" else row.title
    audit(actor, action, object_type, row.id, label, text)
    return revision


__all__ = ["MEASURE_FIELD_LABELS", "challenge_snapshot", "ensure_record_baseline", "latest_revision",
           "measure_snapshot", "record_change", "revisions", "snapshot_of"]
