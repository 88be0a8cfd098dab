"""Use cases on what the public sends in: suggested offers and reported problems, and the team's review."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _

from ..extensions import db
from ..models import Offer, ProblemReport, Suggestion
from ..models.base import utcnow
from ..models.suggestion import PROBLEM_KINDS
from .audit import audit
from .offers.editing import add_offer_draft
from .unit_of_work import commit


class ReviewError(ValueError):
    """A review step that does not fit the item's state (e.g. accepting twice)."""


def actor_name(user: Any) -> str:
    """How a team member is named in the records (their e-mail address)."""
    return str(getattr(user, "email", "") or "")


def submit_suggestion(data: Mapping[str, Any]) -> Suggestion:
    """Store a suggested offer from the public form, as new, for the team to review."""
    suggestion = Suggestion(
        title=data["title"].strip(),
        description=(data.get("description") or "").strip(),
        provider=(data.get("provider") or "").strip(),
        address=(data.get("address") or "").strip(),
        phone=(data.get("phone") or "").strip(),
        website=(data.get("website") or "").strip(),
        category=data.get("category"),
        languages=list(data.get("languages") or []),
        contact_email=(data.get("contact_email") or "").strip(),
        state="new",
    )
    db.session.add(suggestion)
    commit()
    return suggestion


def submit_problem_report(offer: Offer, kind: str, message: str, contact_email: str = "") -> ProblemReport:
    """Store a problem reported on an offer's page, open until the team resolves it."""
    if kind not in PROBLEM_KINDS:
        raise ValueError(f"unknown problem kind {kind!r}")
    report = ProblemReport(
        offer=offer, kind=kind, message=message.strip(), contact_email=contact_email.strip(), state="open"
    )
    db.session.add(report)
    commit()
    return report


def suggestion_offer_data(suggestion: Suggestion, category_slug: str) -> dict[str, Any]:
    """The plain offer data a suggestion prefills (for ``apply_offer_data``), as a draft."""
    lines = [suggestion.description]
    if suggestion.provider:
        lines.append(f"Anbieter laut Vorschlag: {suggestion.provider}")
    if suggestion.address:
        lines.append(f"Adresse laut Vorschlag: {suggestion.address}")
    return {
        "title": suggestion.title,
        "summary": suggestion.description.split("\n", 1)[0][:300],
        "description": "\n\n".join(line for line in lines if line),
        "category": category_slug,
        "languages": suggestion.languages,
        "phone": suggestion.phone,
        "website": suggestion.website,
        "workflow_state": "draft",
        "source_title": f"Vorschlag Nr. {suggestion.id} über das Formular „Angebot vorschlagen“",
    }


def accept_suggestion(suggestion: Suggestion, category_slug: str, user: Any) -> Offer:
    """Create a draft offer prefilled from the suggestion (with its first revision), mark the suggestion
    accepted and erase the submitter's e-mail, all in the draft's transaction."""
    if suggestion.state != "new":
        raise ReviewError("Dieser Vorschlag wurde schon bearbeitet.")
    data = suggestion_offer_data(suggestion, category_slug)
    try:
        offer = add_offer_draft(data, user, _("Aus Vorschlag Nr. %(number)s angelegt", number=suggestion.id))
        suggestion.state = "accepted"
        suggestion.offer = offer
        _close(suggestion, user)
        audit(user, "accept", "suggestion", suggestion.id, suggestion.title,
              _("Entwurf „%(title)s“ angelegt", title=offer.title))
    except Exception:
        db.session.rollback()
        raise
    commit()  # the draft, its revision, the suggestion's new state and the audit entry, or nothing
    return offer


def _close(suggestion: Suggestion, user: Any) -> None:
    suggestion.reviewed_at = utcnow()
    suggestion.reviewed_by = actor_name(user)
    suggestion.contact_email = ""  # as promised on the form: kept only until the review


def reject_suggestion(suggestion: Suggestion, reason: str, user: Any) -> Suggestion:
    """Reject a suggestion with a reason (kept for the team), erasing the submitter's e-mail."""
    if suggestion.state != "new":
        raise ReviewError("Dieser Vorschlag wurde schon bearbeitet.")
    suggestion.state = "rejected"
    suggestion.reject_reason = reason.strip()
    _close(suggestion, user)
    commit()
    return suggestion


def resolve_report(report: ProblemReport, note: str, user: Any) -> ProblemReport:
    """Mark a problem report resolved, with a note, erasing the reporter's e-mail."""
    if report.state != "open":
        raise ReviewError("Diese Meldung ist schon erledigt.")
    report.state = "resolved"
    report.resolution_note = note.strip()
    report.resolved_at = utcnow()
    report.resolved_by = actor_name(user)
    report.contact_email = ""
    commit()
    return report
