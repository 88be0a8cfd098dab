"""Measures and challenges as living records: added, reworded, reordered and retired by the team, with a dated
status history, revisions and the audit log, and the links to offers (confirmed or suggested by research).

Nothing is deleted: retiring archives. Every use case commits once and writes an audit entry; changes of
content also store a revision (``RecordRevision``) that can be restored, as a new revision.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..extensions import db
from ..models import Challenge, FocusArea, Measure, MeasureStatusChange, Offer, RecordRevision, vocab
from ..models.base import utcnow
from ..text import slugify
from .audit import audit
from .errors import CurationError
from .measures import measure_label
from .offers.revisions import ensure_baseline, record_offer_change
from .record_revisions import ensure_record_baseline as _ensure_record_baseline
from .record_revisions import record_change as _record
from .suggestions import actor_name
from .unit_of_work import commit

RESTORABLE_MEASURE_FIELDS = ("text", "challenge", "focus_areas", "offers")
RESTORABLE_CHALLENGE_FIELDS = ("title", "description")


def _commit() -> None:
    commit()


def _rollback_and_raise(exc: Exception) -> None:
    db.session.rollback()
    raise exc


# --- measures ------------------------------------------------------------------------------------------------


def _clean_text(text: str) -> str:
    text = " ".join((text or "").split())
    if not text:
        raise CurationError(_("Bitte den Wortlaut der Maßnahme angeben."))
    return text


def _next_position(challenge: Challenge) -> int:
    highest = db.session.execute(
        select(func.max(Measure.position)).where(Measure.challenge_id == challenge.id)
    ).scalar_one_or_none()
    return 0 if highest is None else highest + 1


def _unique_key(text: str) -> str:
    base = ("team-" + slugify(text))[:90]
    candidate, n = base, 1
    while db.session.execute(select(Measure.id).where(Measure.key == candidate)).first() is not None:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def create_measure(
    challenge: Challenge, text: str, focus_areas: Sequence[FocusArea], status: str, effective_on: date,
    note: str, actor: Any,
) -> Measure:
    """A measure added by the team (no document text), with its first status as a dated change."""
    if status not in vocab.MEASURE_STATUSES:
        raise CurationError(_("Bitte einen Stand wählen."))
    try:
        text = _clean_text(text)
        measure = Measure(key=_unique_key(text), challenge=challenge, position=_next_position(challenge), text=text,
                          document_text="", document_note="", status=status, progress_note="")
        measure.focus_areas = list(focus_areas)
        db.session.add(measure)
        db.session.flush()
        _add_status_change(measure, status, effective_on, note, actor)
        _record("measure", measure, actor, "create", _("Maßnahme angelegt"))
    except Exception as exc:
        _rollback_and_raise(exc)
    _commit()
    return measure


def update_measure(
    measure: Measure, *, text: str, challenge: Challenge, focus_areas: Sequence[FocusArea], actor: Any
) -> RecordRevision | None:
    """Reword a measure, move it to another challenge, or change its focus areas."""
    try:
        text = _clean_text(text)
        _ensure_record_baseline("measure", measure)
        if challenge.id != measure.challenge_id:
            measure.position = _next_position(challenge)
        measure.text = text
        measure.challenge = challenge
        measure.focus_areas = list(focus_areas)
        revision = _record("measure", measure, actor, "update")
    except Exception as exc:
        _rollback_and_raise(exc)
    _commit()
    return revision


def _add_status_change(measure: Measure, status: str, effective_on: date, note: str, actor: Any) -> MeasureStatusChange:
    change = MeasureStatusChange(
        measure=measure, status=status, progress_note=note, effective_on=effective_on, changed_at=utcnow(),
        changed_by=actor_name(actor),
    )
    db.session.add(change)
    # The newest status by the date it took effect is the current one; an older one only fills the history.
    if measure.status_date is None or effective_on >= measure.status_date:
        measure.status = status
        measure.status_date = effective_on
        measure.progress_note = note
        measure.progress_note_on = effective_on if note else None
    return change


def set_status(measure: Measure, *, status: str, effective_on: date, note: str, actor: Any,
               today: date | None = None) -> MeasureStatusChange:
    """Record a status with the date it took effect (today or earlier) and an optional note of the team."""
    if status not in vocab.MEASURE_STATUSES:
        raise CurationError(_("Bitte einen Stand wählen."))
    if effective_on > (today or date.today()):
        raise CurationError(_("Das Datum darf nicht in der Zukunft liegen."))
    note = (note or "").strip()
    try:
        _ensure_record_baseline("measure", measure)
        change = _add_status_change(measure, status, effective_on, note, actor)
        label = vocab.MEASURE_STATUSES[status]
        audit(actor, "status", "measure", measure.id, measure_label(measure),
              _("Stand: %(status)s ab %(day)s", status=label, day=effective_on.strftime("%d.%m.%Y")))
        _record("measure", measure, actor, "status", _("Stand: %(status)s ab %(day)s", status=label,
                                                        day=effective_on.strftime("%d.%m.%Y")))
    except Exception as exc:
        _rollback_and_raise(exc)
    _commit()
    return change


def _renumber(rows: list[Any]) -> None:
    for position, row in enumerate(rows):
        if row.position != position:
            row.position = position


def _move(object_type: str, row: Any, rows: list[Any], step: int, actor: Any) -> None:
    """Swap ``row`` with its neighbour in ``rows`` (-1 up, +1 down) and number them afresh."""
    index = rows.index(row)
    target = index + step
    if not 0 <= target < len(rows):
        return
    try:
        _ensure_record_baseline(object_type, row)
        rows[index], rows[target] = rows[target], rows[index]
        _renumber(rows)
        _record(object_type, row, actor, "move", _("Reihenfolge geändert"))
    except Exception as exc:
        _rollback_and_raise(exc)
    _commit()


def _set_archived(object_type: str, row: Any, archived: bool, actor: Any) -> None:
    if (row.archived_at is not None) == archived:
        return
    try:
        _ensure_record_baseline(object_type, row)
        row.archived_at = utcnow() if archived else None
        _record(object_type, row, actor, "archive" if archived else "unarchive")
    except Exception as exc:
        _rollback_and_raise(exc)
    _commit()


def move_measure(measure: Measure, step: int, actor: Any) -> None:
    """Move a measure one place up (-1) or down (+1) among its challenge's measures."""
    _move("measure", measure, sorted(measure.challenge.measures, key=lambda m: (m.position, m.id)), step, actor)


def set_measure_archived(measure: Measure, archived: bool, actor: Any) -> None:
    """Retire a measure (hidden from the public pages, kept with its history), or bring it back."""
    _set_archived("measure", measure, archived, actor)


def _link_summary(measure: Measure, offer: Offer, linked: bool) -> str:
    """Keep the offer's state before the link changes, and say what changed, for the offer's history."""
    ensure_baseline(offer)
    if linked:
        return _("Mit Maßnahme „%(title)s“ verknüpft", title=measure_label(measure))
    return _("Nicht mehr mit Maßnahme „%(title)s“ verknüpft", title=measure_label(measure))


def set_offer_link(measure: Measure, offer: Offer, linked: bool, actor: Any) -> bool:
    """Link an offer to a measure or remove the link; a confirmed link replaces a suggested one.

    Both sides keep the change: the offer gets a revision, the measure too. Returns whether anything changed.
    """
    is_linked = offer in measure.offers
    was_suggested = offer in measure.suggested_offers
    if is_linked == linked and not (linked and was_suggested):
        return False
    try:
        _ensure_record_baseline("measure", measure)
        summary = _link_summary(measure, offer, linked)
        if was_suggested:
            measure.suggested_offers.remove(offer)
        if linked and not is_linked:
            measure.offers.append(offer)
        elif not linked and is_linked:
            measure.offers.remove(offer)
        record_offer_change(offer, actor, "update", summary)
        _record("measure", measure, actor, "link" if linked else "unlink",
                _("Angebot „%(title)s“ verknüpft", title=offer.title) if linked
                else _("Angebot „%(title)s“ nicht mehr verknüpft", title=offer.title))
    except Exception as exc:
        _rollback_and_raise(exc)
    _commit()
    return True


def dismiss_suggested_offer(measure: Measure, offer: Offer, actor: Any) -> bool:
    """Remove a link that research suggested and the team does not confirm."""
    if offer not in measure.suggested_offers:
        return False
    try:
        measure.suggested_offers.remove(offer)
        audit(actor, "dismiss", "measure", measure.id, measure_label(measure),
              _("Vorgeschlagene Verknüpfung mit „%(title)s“ entfernt", title=offer.title))
    except Exception as exc:
        _rollback_and_raise(exc)
    _commit()
    return True


def resolve_suggested_challenge(offer: Offer, challenge: Challenge, confirm: bool, actor: Any) -> bool:
    """Confirm (link) or remove a challenge that research suggested for an offer."""
    if challenge not in offer.suggested_challenges:
        return False
    try:
        ensure_baseline(offer)
        offer.suggested_challenges.remove(challenge)
        if confirm and challenge not in offer.challenges:
            offer.challenges.append(challenge)
            offer.updated_at = utcnow()
            record_offer_change(offer, actor, "update",
                                _("Herausforderung „%(title)s“ bestätigt", title=challenge.title))
        else:
            audit(actor, "dismiss", "offer", offer.id, offer.title,
                  _("Vorgeschlagene Herausforderung „%(title)s“ entfernt", title=challenge.title))
    except Exception as exc:
        _rollback_and_raise(exc)
    _commit()
    return True


def restore_measure(measure: Measure, revision: RecordRevision, actor: Any) -> RecordRevision | None:
    """Bring back wording, challenge, focus areas and offer links of an earlier revision, as a new revision.

    The status history stays as it is: a status is a dated fact, changed only by recording a new one.
    """
    if revision.object_type != "measure" or revision.object_id != str(measure.id):
        raise CurationError(_("Diese Fassung gehört zu einem anderen Eintrag."))
    data = revision.snapshot
    try:
        _ensure_record_baseline("measure", measure)
        measure.text = data.get("text") or measure.text
        challenge = db.session.execute(select(Challenge).filter_by(slug=data.get("challenge"))).scalar_one_or_none()
        if challenge is not None and challenge.id != measure.challenge_id:
            measure.challenge = challenge
            measure.position = _next_position(challenge)
        measure.focus_areas = list(db.session.execute(
            select(FocusArea).where(FocusArea.slug.in_(data.get("focus_areas") or [])).order_by(FocusArea.position)
        ).scalars())
        wanted = set(data.get("offers") or [])
        for offer in list(measure.offers):
            if str(offer.id) not in wanted:
                summary = _link_summary(measure, offer, False)
                measure.offers.remove(offer)
                record_offer_change(offer, actor, "update", summary)
        present = {str(offer.id) for offer in measure.offers}
        missing = [key for key in wanted if key not in present]
        for offer in db.session.execute(select(Offer)).scalars() if missing else ():
            if str(offer.id) in missing:
                summary = _link_summary(measure, offer, True)
                measure.offers.append(offer)
                record_offer_change(offer, actor, "update", summary)
        restored = _record("measure", measure, actor, "restore",
                           _("Fassung %(number)s wiederhergestellt", number=revision.number))
    except Exception as exc:
        _rollback_and_raise(exc)
    _commit()
    return restored


# --- challenges ----------------------------------------------------------------------------------------------


def save_challenge(challenge: Challenge | None, data: Mapping[str, Any], actor: Any) -> Challenge:
    """Create (``challenge`` None) or reword a challenge; its position is kept (reorder with ``move``)."""
    title = " ".join(str(data.get("title") or "").split())
    if not title:
        raise CurationError(_("Bitte einen Titel angeben."))
    created = challenge is None
    try:
        if created:
            highest = db.session.execute(select(func.max(Challenge.position))).scalar_one_or_none()
            base, n, slug = slugify(title), 1, slugify(title)
            while db.session.execute(select(Challenge.id).where(Challenge.slug == slug)).first() is not None:
                n += 1
                slug = f"{base}-{n}"
            challenge = Challenge(slug=slug, position=0 if highest is None else highest + 1)
            db.session.add(challenge)
        else:
            _ensure_record_baseline("challenge", challenge)
        challenge.title = title
        challenge.description = str(data.get("description") or "").strip()
        if data.get("position") is not None and not created:
            challenge.position = int(data["position"])
        _record("challenge", challenge, actor, "create" if created else "update")
    except Exception as exc:
        _rollback_and_raise(exc)
    _commit()
    return challenge


def move_challenge(challenge: Challenge, step: int, actor: Any) -> None:
    rows = list(db.session.execute(select(Challenge).order_by(Challenge.position, Challenge.id)).scalars())
    _move("challenge", challenge, rows, step, actor)


def set_challenge_archived(challenge: Challenge, archived: bool, actor: Any) -> None:
    _set_archived("challenge", challenge, archived, actor)


def restore_challenge(challenge: Challenge, revision: RecordRevision, actor: Any) -> RecordRevision | None:
    if revision.object_type != "challenge" or revision.object_id != str(challenge.id):
        raise CurationError(_("Diese Fassung gehört zu einem anderen Eintrag."))
    try:
        _ensure_record_baseline("challenge", challenge)
        challenge.title = revision.snapshot.get("title") or challenge.title
        challenge.description = revision.snapshot.get("description") or ""
        restored = _record("challenge", challenge, actor, "restore",
                           _("Fassung %(number)s wiederhergestellt", number=revision.number))
    except Exception as exc:
        _rollback_and_raise(exc)
    _commit()
    return restored
