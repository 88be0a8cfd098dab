"""Use cases of the back office: edit offers without losing anything, and remember who changed what.

Every function here is one use case with one commit, and writes a revision (offers) and an audit entry.
Nothing an editor does deletes data; only ``hard_delete_offer`` removes an offer, and it leaves an audit entry.
Permissions are checked by the views (``can()``); these functions check that a change is possible.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Protocol

from flask_babel import gettext as _
from sqlalchemy import delete, select, update
from sqlalchemy.orm.exc import StaleDataError

from ..extensions import db
from ..models import AuditEntry, Category, Challenge, Offer, OfferRevision, OfferTranslation, Organisation, Place
from ..models.base import utcnow
from ..text import slugify
from ..web.i18n import DEFAULT_LOCALE, LOCALES
from .offers.data import apply_offer_data, apply_place_data
from .offers.snapshots import changed_fields, content_of, offer_to_data, summarise


class Actor(Protocol):
    """Whoever makes a change: an account (``id``, ``email``) or a command-line caller."""

    id: Any
    email: str


class CurationError(ValueError):
    """A change that cannot be made; the message is for the person who tried."""


class StaleEditError(CurationError):
    """The offer was saved by someone else since the form was loaded."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Jemand anderes hat dieses Angebot inzwischen gespeichert. Ihre Eingaben wurden nicht "
                "gespeichert, sind aber unten noch vorhanden. Bitte vergleichen Sie mit dem aktuellen Stand "
                "(Verlauf) und speichern Sie erneut."
            )
        )


class WorkflowError(CurationError):
    """A workflow step that does not apply to the offer's current state."""


# Which workflow step leads from which states to which state.
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "submit": (frozenset({"draft"}), "review"),
    "publish": (frozenset({"draft", "review"}), "published"),
    "unpublish": (frozenset({"published", "review"}), "draft"),
    "archive": (frozenset({"draft", "review", "published"}), "archived"),
    "unarchive": (frozenset({"archived"}), "draft"),
}


def _who(actor: Actor | None) -> tuple[str, str]:
    if actor is None:
        return "", ""
    return str(getattr(actor, "id", "") or ""), str(getattr(actor, "email", "") or "")


@contextmanager
def _unit_of_work() -> Iterator[None]:
    """One use case, one commit: everything or nothing. A concurrent save surfaces as StaleEditError."""
    try:
        yield
        db.session.commit()
    except StaleDataError as exc:
        db.session.rollback()
        raise StaleEditError() from exc
    except Exception:
        db.session.rollback()
        raise


def _audit(actor: Actor | None, action: str, object_type: str, object_id: Any, label: str, summary: str) -> None:
    actor_id, actor_name = _who(actor)
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


def latest_revision(offer: Offer) -> OfferRevision | None:
    return db.session.execute(
        select(OfferRevision).where(OfferRevision.offer_id == offer.id).order_by(OfferRevision.number.desc()).limit(1)
    ).scalar_one_or_none()


def _record(offer: Offer, actor: Actor | None, action: str, summary: str | None = None) -> OfferRevision | None:
    """Store the offer's current state as a new revision and log it; None when nothing changed."""
    db.session.flush()
    snapshot = offer_to_data(offer)
    previous = latest_revision(offer)
    fields = changed_fields(previous.snapshot if previous else None, snapshot)
    if previous is not None and not fields:
        return None
    actor_id, actor_name = _who(actor)
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
    _audit(actor, action, "offer", offer.id, offer.title, text)
    return revision


def _ensure_baseline(offer: Offer, snapshot: Mapping[str, Any] | None = None) -> None:
    """Offers from seed or import have no history yet: keep their state as it was before the first edit."""
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


def _check_version(offer: Offer, expected_version: int | None) -> None:
    if expected_version is not None and offer.version != expected_version:
        raise StaleEditError()


def ensure_baseline(offer: Offer, snapshot: Mapping[str, Any] | None = None) -> None:
    """For other use cases that change an existing offer (import, verification): call before changing it, so
    the history keeps the state it had. Does not commit.

    ``snapshot`` is the offer's state taken earlier (``offer_to_data``), for callers that only know after the
    change whether anything changed.
    """
    if offer.id is not None:
        _ensure_baseline(offer, snapshot)


def record_offer_change(offer: Offer, actor: Actor | None, action: str, summary: str | None = None):
    """For other use cases that change an offer: store a revision and an audit entry in the caller's
    transaction (the caller commits). Returns the revision, or None when nothing changed."""
    return _record(offer, actor, action, summary)


def audit(actor: Actor | None, action: str, object_type: str, object_id: Any, label: str, summary: str = "") -> None:
    """Add an audit-log entry to the caller's transaction (the caller commits)."""
    _audit(actor, action, object_type, object_id, label, summary)


# --- offers -------------------------------------------------------------------------------------------------


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
    _record(offer, actor, "create", summary)
    return offer


def create_offer_draft(data: Mapping[str, Any], actor: Actor | None) -> Offer:
    """A new offer in the draft state, with its first revision."""
    with _unit_of_work():
        offer = add_offer_draft(data, actor)
    return offer


def update_offer(
    offer: Offer, data: Mapping[str, Any], actor: Actor | None, expected_version: int | None
) -> OfferRevision | None:
    """Save an edit made on ``expected_version`` of the offer; refuses if someone saved in between.

    Returns the new revision, or None when the data changed nothing (then nothing is written).
    """
    try:
        with _unit_of_work():
            _check_version(offer, expected_version)
            _ensure_baseline(offer)
            apply_offer_data(offer, _without_workflow(data))
            revision = _record(offer, actor, "update")
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
    with _unit_of_work():
        _ensure_baseline(offer)
        offer.workflow_state = target
        revision = _record(offer, actor, step)
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
    with _unit_of_work():
        _check_version(offer, expected_version)
        _ensure_baseline(offer)
        data = content_of(revision.snapshot)
        data["slug"] = revision.snapshot.get("slug") or None
        apply_offer_data(offer, data)
        if _apply_translations(offer, revision.snapshot.get("translations", {})):
            offer.updated_at = utcnow()
        restored = _record(offer, actor, "restore", _("Fassung %(number)s wiederhergestellt", number=revision.number))
    return restored


def _apply_translations(offer: Offer, translations: Mapping[str, Mapping[str, str]]) -> bool:
    changed = False
    for locale in LOCALES:
        if locale != DEFAULT_LOCALE:
            changed = _set_translation(offer, locale, translations.get(locale) or {}) or changed
    return changed


def _set_translation(offer: Offer, locale: str, texts: Mapping[str, str]) -> bool:
    """Set or remove (when all texts are empty) one translation; whether anything changed."""
    values = {name: str(texts.get(name) or "").strip() for name in ("title", "summary", "description")}
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
        if getattr(existing, name) != value:
            setattr(existing, name, value)
            changed = True
    return changed


def save_translation(
    offer: Offer, locale: str, texts: Mapping[str, str], actor: Actor | None, expected_version: int | None
) -> OfferRevision | None:
    """Save the title, summary and description in one language (all empty removes the translation)."""
    if locale not in LOCALES or locale == DEFAULT_LOCALE:
        raise CurationError(_("Für diese Sprache gibt es keine Übersetzung."))
    try:
        with _unit_of_work():
            _check_version(offer, expected_version)
            _ensure_baseline(offer)
            if not _set_translation(offer, locale, texts):
                raise _NothingChanged
            # The translation rows are children: touching the offer bumps its version for optimistic locking.
            offer.updated_at = utcnow()
            revision = _record(offer, actor, "translation")
    except _NothingChanged:
        return None
    return revision


def hard_delete_offer(offer: Offer, actor: Actor | None, confirmation: str) -> None:
    """Delete an offer and its history for good. The caller must type the offer's title to confirm."""
    if confirmation.strip() != offer.title.strip():
        raise CurationError(_("Zur Bestätigung bitte den Titel des Angebots genau eingeben."))
    offer_id, title, slug = offer.id, offer.title, offer.slug
    with _unit_of_work():
        _remove_dependents(offer_id)
        db.session.delete(offer)
        _audit(actor, "delete", "offer", offer_id, title, _("Endgültig gelöscht (Adresse: %(slug)s)", slug=slug))


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


def revisions_of(offer: Offer) -> list[OfferRevision]:
    return list(
        db.session.execute(
            select(OfferRevision).where(OfferRevision.offer_id == offer.id).order_by(OfferRevision.number.desc())
        ).scalars()
    )


# --- organisations, places, categories, challenges ----------------------------------------------------------


def _set_fields(row: Any, data: Mapping[str, Any], fields: tuple[str, ...]) -> list[str]:
    changed = []
    for name in fields:
        if name in data:
            value = data[name]
            if isinstance(value, str):
                value = value.strip()
            if getattr(row, name) != value:
                setattr(row, name, value)
                changed.append(name)
    return changed


def _unique_slug(model: type, text: str, row: Any) -> str:
    base = slugify(text)
    candidate, n = base, 1
    while True:
        other = db.session.execute(select(model.id).where(model.slug == candidate)).scalar_one_or_none()
        if other is None or other == getattr(row, "id", None):
            return candidate
        n += 1
        candidate = f"{base}-{n}"


def _save(
    row: Any,
    object_type: str,
    label_field: str,
    data: Mapping[str, Any],
    fields: tuple[str, ...],
    actor: Actor | None,
    slug_from: str | None = None,
) -> Any:
    created = getattr(row, "id", None) is None
    with _unit_of_work():
        with db.session.no_autoflush:
            changed = _set_fields(row, data, fields)
            if not (getattr(row, label_field) or "").strip():
                raise CurationError(_("Bitte einen Namen angeben."))
            if slug_from and (created or not row.slug):
                row.slug = _unique_slug(type(row), getattr(row, slug_from), row)
        if created:
            db.session.add(row)
        db.session.flush()
        if created or changed:
            action = "create" if created else "update"
            _audit(actor, action, object_type, row.id, getattr(row, label_field), summarise(changed))
    return row


ORGANISATION_FIELDS = ("name", "description", "website", "email", "phone", "demo")
CATEGORY_FIELDS = ("name", "description", "position")
CHALLENGE_FIELDS = ("title", "description", "position")


def create_organisation(data: Mapping[str, Any], actor: Actor | None) -> Organisation:
    return _save(Organisation(), "organisation", "name", data, ORGANISATION_FIELDS, actor, slug_from="name")


def update_organisation(organisation: Organisation, data: Mapping[str, Any], actor: Actor | None) -> Organisation:
    return _save(organisation, "organisation", "name", data, ORGANISATION_FIELDS, actor)


def create_category(data: Mapping[str, Any], actor: Actor | None) -> Category:
    return _save(Category(), "category", "name", data, CATEGORY_FIELDS, actor, slug_from="name")


def update_category(category: Category, data: Mapping[str, Any], actor: Actor | None) -> Category:
    return _save(category, "category", "name", data, CATEGORY_FIELDS, actor)


def create_challenge(data: Mapping[str, Any], actor: Actor | None) -> Challenge:
    return _save(Challenge(), "challenge", "title", data, CHALLENGE_FIELDS, actor, slug_from="title")


def update_challenge(challenge: Challenge, data: Mapping[str, Any], actor: Actor | None) -> Challenge:
    return _save(challenge, "challenge", "title", data, CHALLENGE_FIELDS, actor)


def place_label(place: Place) -> str:
    """A place as people name it: "Name, Street, Postcode"."""
    return ", ".join(part for part in (place.name, place.street, place.postcode) if part) or str(place.id)


def _place_state(place: Place) -> dict[str, Any]:
    return {
        "name": place.name, "street": place.street, "postcode": place.postcode, "city": place.city,
        "lat": place.lat, "lon": place.lon, "district": place.district.slug if place.district else None,
        "step_free": place.step_free, "accessibility_note": place.accessibility_note,
    }


def save_place(place: Place | None, data: Mapping[str, Any], actor: Actor | None) -> Place:
    """Create (``place`` None) or update a place from plain data (see ``apply_place_data``)."""
    created = place is None
    if place is None:
        place = Place(key=f"place-{uuid.uuid4().hex[:12]}")
    before = {} if created else _place_state(place)
    with _unit_of_work():
        with db.session.no_autoflush:
            apply_place_data(place, data)
        if created:
            db.session.add(place)
        db.session.flush()
        after = _place_state(place)
        changed = [name for name in after if before.get(name) != after[name]]
        if created or changed:
            action = "create" if created else "update"
            _audit(actor, action, "place", place.id, place_label(place), ", ".join(changed))
    return place
