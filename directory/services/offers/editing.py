"""Use cases of the back office: edit offers without losing anything, and remember who changed what.

Every function here is one use case with one commit, and writes a revision (offers) and an audit entry.
Nothing an editor does deletes data; only ``hard_delete_offer`` removes an offer, and it leaves an audit entry.
Permissions are checked by the views (``can()``); these functions check that a change is possible.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import delete, update

from ...extensions import db
from ...models import Offer, OfferRevision, OfferTranslation
from ...models.base import utcnow
from ...models.translation import CONTENT_FIELDS, content_hash
from ...web.i18n import DEFAULT_LOCALE, LOCALES
from ..audit import Actor, audit
from ..errors import CurationError, WorkflowError
from ..unit_of_work import unit_of_work
from .data import apply_offer_data
from .revisions import check_version, ensure_baseline, record_offer_change
from .snapshots import content_of

# Which workflow step leads from which states to which state.
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "submit": (frozenset({"draft"}), "review"),
    "publish": (frozenset({"draft", "review"}), "published"),
    "unpublish": (frozenset({"published", "review"}), "draft"),
    "archive": (frozenset({"draft", "review", "published"}), "archived"),
    "unarchive": (frozenset({"archived"}), "draft"),
}


def _without_workflow(data: Mapping[str, Any]) -> dict[str, Any]:
    # The workflow state changes only through the workflow steps below.
    return {key: value for key, value in data.items() if key != "workflow_state"}


def add_offer_draft(data: Mapping[str, Any], actor: Actor | None, summary: str | None = None) -> Offer:
    """For other use cases that create an offer (accepting a suggestion): a new draft with its first revision,
    in the caller's transaction (the caller commits)."""
    creator = getattr(actor, "id", None)
    offer = Offer(workflow_state="draft", created_by_id=creator if isinstance(creator, uuid.UUID) else None)
    db.session.add(offer)
    apply_offer_data(offer, _without_workflow(data))
    record_offer_change(offer, actor, "create", summary)
    return offer


def create_offer_draft(data: Mapping[str, Any], actor: Actor | None) -> Offer:
    """A new offer in the draft state, with its first revision."""
    with unit_of_work():
        offer = add_offer_draft(data, actor)
    return offer


def update_offer(
    offer: Offer, data: Mapping[str, Any], actor: Actor | None, expected_version: int | None
) -> OfferRevision | None:
    """Save an edit made on ``expected_version`` of the offer; refuses if someone saved in between.

    Returns the new revision, or None when the data changed nothing (then nothing is written).
    """
    try:
        with unit_of_work():
            check_version(offer, expected_version)
            ensure_baseline(offer)
            apply_offer_data(offer, _without_workflow(data))
            revision = record_offer_change(offer, actor, "update")
            if revision is None:
                raise _NothingChanged
    except _NothingChanged:
        return None
    return revision


class _NothingChanged(Exception):
    """Raised inside a unit of work to roll back a save that changes nothing (no version bump)."""


def change_workflow(offer: Offer, step: str, actor: Actor | None) -> OfferRevision:
    """Move the offer one workflow step (submit, publish, unpublish, archive, unarchive)."""
    if step not in TRANSITIONS:
        raise WorkflowError(_("Unbekannter Arbeitsschritt."))
    sources, target = TRANSITIONS[step]
    if offer.workflow_state not in sources:
        raise WorkflowError(_("Dieser Schritt ist im aktuellen Bearbeitungsstand nicht möglich."))
    with unit_of_work():
        ensure_baseline(offer)
        offer.workflow_state = target
        revision = record_offer_change(offer, actor, step)
    assert revision is not None  # the workflow state changed
    return revision


def submit_for_review(offer: Offer, actor: Actor | None) -> OfferRevision:
    return change_workflow(offer, "submit", actor)


def publish(offer: Offer, actor: Actor | None) -> OfferRevision:
    return change_workflow(offer, "publish", actor)


def unpublish(offer: Offer, actor: Actor | None) -> OfferRevision:
    return change_workflow(offer, "unpublish", actor)


def archive(offer: Offer, actor: Actor | None) -> OfferRevision:
    return change_workflow(offer, "archive", actor)


def unarchive(offer: Offer, actor: Actor | None) -> OfferRevision:
    return change_workflow(offer, "unarchive", actor)


def restore_revision(
    offer: Offer, revision: OfferRevision, actor: Actor | None, expected_version: int | None = None
) -> OfferRevision | None:
    """Bring back the content (texts, facts, translations) of an earlier revision, as a new revision.

    The workflow state stays as it is: restoring an old text does not publish or unpublish the offer.
    """
    if revision.offer_id != offer.id:
        raise CurationError(_("Diese Fassung gehört zu einem anderen Angebot."))
    with unit_of_work():
        check_version(offer, expected_version)
        ensure_baseline(offer)
        data = content_of(revision.snapshot)
        data["slug"] = revision.snapshot.get("slug") or None
        apply_offer_data(offer, data)
        if _apply_translations(offer, revision.snapshot.get("translations", {})):
            offer.updated_at = utcnow()
        summary = _("Fassung %(number)s wiederhergestellt", number=revision.number)
        restored = record_offer_change(offer, actor, "restore", summary)
    return restored


def _apply_translations(offer: Offer, translations: Mapping[str, Mapping[str, str]]) -> bool:
    changed = False
    for locale in LOCALES:
        if locale != DEFAULT_LOCALE:
            changed = _set_translation(offer, locale, translations.get(locale) or {}) or changed
    return changed


def _set_translation(offer: Offer, locale: str, texts: Mapping[str, str]) -> bool:
    """Set or remove (when all texts are empty) one translation; whether anything changed."""
    values = {name: str(texts.get(name) or "").strip() for name in CONTENT_FIELDS["offer"]}
    existing = offer.translation(locale)
    if not any(values.values()):
        if existing is None:
            return False
        offer.translations.remove(existing)
        return True
    if existing is None:
        existing = OfferTranslation(locale=locale)
        offer.translations.append(existing)
    changed = False
    for name, value in values.items():
        if (getattr(existing, name) or "") != value:
            setattr(existing, name, value)
            changed = True
    if changed:
        # Written by the team against the German as it stands now; an earlier review was of other words.
        existing.origin = "team"
        existing.de_hash = content_hash("offer", offer)
        existing.translated_at = utcnow()
        existing.reviewed_by, existing.reviewed_at = "", None
    return changed


def save_translation(
    offer: Offer, locale: str, texts: Mapping[str, str], actor: Actor | None, expected_version: int | None
) -> OfferRevision | None:
    """Save an offer's texts in one language (all empty removes the translation)."""
    if locale not in LOCALES or locale == DEFAULT_LOCALE:
        raise CurationError(_("Für diese Sprache gibt es keine Übersetzung."))
    try:
        with unit_of_work():
            check_version(offer, expected_version)
            ensure_baseline(offer)
            if not _set_translation(offer, locale, texts):
                raise _NothingChanged
            # The translation rows are children: touching the offer bumps its version for optimistic locking.
            offer.updated_at = utcnow()
            revision = record_offer_change(offer, actor, "translation")
    except _NothingChanged:
        return None
    return revision


def hard_delete_offer(offer: Offer, actor: Actor | None, confirmation: str) -> None:
    """Delete an offer and its history for good. The caller must type the offer's title to confirm."""
    if confirmation.strip() != offer.title.strip():
        raise CurationError(_("Zur Bestätigung bitte den Titel des Angebots genau eingeben."))
    offer_id, title, slug = offer.id, offer.title, offer.slug
    with unit_of_work():
        _remove_dependents(offer_id)
        db.session.delete(offer)
        audit(actor, "delete", "offer", offer_id, title, _("Endgültig gelöscht (Adresse: %(slug)s)", slug=slug))


def _remove_dependents(offer_id: uuid.UUID) -> None:
    """Delete (or unlink, for ``SET NULL``) rows of other tables that point at the offer.

    The database would do this on PostgreSQL; doing it here makes SQLite (no foreign-key enforcement by default)
    behave the same. Tables the offer's own relationships manage are left to the ORM.
    """
    offer_table = Offer.__table__
    managed = {rel.secondary for rel in Offer.__mapper__.relationships if rel.secondary is not None}
    managed |= {rel.target for rel in Offer.__mapper__.relationships if rel.cascade.delete}
    for table in db.metadata.sorted_tables:
        if table in managed or table is offer_table:
            continue
        for fk in table.foreign_keys:
            if fk.column is not offer_table.c.id:
                continue
            if (fk.ondelete or "").upper() == "SET NULL":
                db.session.execute(update(table).where(fk.parent == offer_id).values({fk.parent.name: None}))
            else:
                db.session.execute(delete(table).where(fk.parent == offer_id))
