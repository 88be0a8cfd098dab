"""Who changed what: the audit log of the back office (the caller commits)."""

from __future__ import annotations

from typing import Any, Protocol

from ..extensions import db
from ..models import AuditEntry
from ..models.base import utcnow


class Actor(Protocol):
    """Whoever makes a change: an account (``id``, ``email``) or a command-line caller."""

    id: Any
    email: str


def actor_ids(actor: Actor | None) -> tuple[str, str]:
    if actor is None:
        return "", ""
    return str(getattr(actor, "id", "") or ""), str(getattr(actor, "email", "") or "")


def audit(actor: Actor | None, action: str, object_type: str, object_id: Any, label: str, summary: str = "") -> None:
    """Add an audit-log entry to the caller's transaction (the caller commits)."""
    actor_id, actor_name = actor_ids(actor)
    db.session.add(
        AuditEntry(
            actor_id=actor_id,
            actor_name=actor_name,
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            object_label=(label or "")[:300],
            summary=summary,
            created_at=utcnow(),
        )
    )

