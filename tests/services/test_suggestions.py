"""Suggestions become drafts, reports and checks keep data fresh, measure changes are dated."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from directory.extensions import db
from directory.models import Measure, MeasureStatusChange, OfferRevision, OfferVerification
from directory.services.checks import mark_verified, needs_checking
from directory.services.measures import changed_since, update_measure
from directory.services.suggestions import (
    ReviewError,
    accept_suggestion,
    reject_suggestion,
    resolve_report,
    submit_problem_report,
    submit_suggestion,
)
from tests.factories import make_offer, reference_data

EDITOR = SimpleNamespace(id=None, email="redaktion@example.org")


@pytest.fixture
def reference(app):
    with app.app_context():
        reference_data()
        yield app


def test_accepting_a_suggestion_creates_a_prefilled_draft_and_erases_the_email(reference):
    suggestion = submit_suggestion({
        "title": "Nähcafé für Frauen", "description": "Jeden Dienstag im Stadtteiltreff.\nOhne Anmeldung.",
        "provider": "Stadtteiltreff Nord", "address": "Musterweg 1", "phone": "0391 000000",
        "languages": ["de", "ar"], "contact_email": "ich@example.org",
    })
    offer = accept_suggestion(suggestion, "begegnung", EDITOR)
    assert offer.workflow_state == "draft" and offer.title == "Nähcafé für Frauen"
    assert offer.category.slug == "begegnung" and offer.languages == ["de", "ar"]
    assert offer.summary == "Jeden Dienstag im Stadtteiltreff." and "Stadtteiltreff Nord" in offer.description
    assert suggestion.state == "accepted" and suggestion.offer_id == offer.id
    assert suggestion.contact_email == "" and suggestion.reviewed_by == "redaktion@example.org"
    revision = db.session.execute(select(OfferRevision).filter_by(offer_id=offer.id)).scalar_one()
    assert revision.actor_name == "redaktion@example.org"
    with pytest.raises(ReviewError):
        accept_suggestion(suggestion, "begegnung", EDITOR)


def test_a_suggestion_with_an_unknown_category_stays_new(reference):
    suggestion = submit_suggestion({"title": "Etwas"})
    with pytest.raises(ValueError):
        accept_suggestion(suggestion, "gibt-es-nicht", EDITOR)
    db.session.expire_all()
    assert suggestion.state == "new" and suggestion.offer_id is None


def test_rejecting_keeps_the_reason(reference):
    suggestion = submit_suggestion({"title": "Werbung", "contact_email": "x@example.org"})
    reject_suggestion(suggestion, "Kein Unterstützungsangebot", EDITOR)
    assert (suggestion.state, suggestion.reject_reason, suggestion.contact_email) == (
        "rejected", "Kein Unterstützungsangebot", "")


def test_check_list_names_stale_ended_and_reported_offers(reference):
    today = date(2025, 6, 1)
    fresh = make_offer(title="Frisch", last_verified=today - timedelta(days=30))
    make_offer(title="Alt", last_verified=today - timedelta(days=400))
    make_offer(title="Nie geprüft", last_verified=None)
    make_offer(title="Beendet", status="ended", last_verified=today)
    make_offer(title="Alter Entwurf", workflow_state="draft", last_verified=None)
    report = submit_problem_report(fresh, "phone", "Nummer falsch")

    items = {item.offer.title: item.reasons for item in needs_checking(today, 365)}
    assert items == {"Frisch": ["reported"], "Alt": ["stale"], "Nie geprüft": ["stale"], "Beendet": ["ended"]}
    assert "Alt" not in {item.offer.title for item in needs_checking(today, 500)}

    resolve_report(report, "Nummer korrigiert", EDITOR)
    assert "Frisch" not in {item.offer.title for item in needs_checking(today, 365)}
    assert report.contact_email == "" and report.resolved_by == "redaktion@example.org"


def test_an_offer_past_its_end_date_is_on_the_check_list(reference):
    make_offer(title="Ferienkurs", starts_at="2025-04-01T09:00", ends_at="2025-04-10T12:00")
    items = needs_checking(date(2025, 6, 1), 365)
    assert [(item.offer.title, item.reasons) for item in items] == [("Ferienkurs", ["ended"])]


def test_marking_verified_sets_the_date_and_records_who(reference):
    offer = make_offer(title="Alt", last_verified=date(2020, 1, 1))
    mark_verified(offer, EDITOR, today=date(2025, 6, 1))
    assert offer.last_verified == date(2025, 6, 1)
    record = db.session.execute(select(OfferVerification)).scalar_one()
    assert (record.offer_id, record.verified_by) == (offer.id, "redaktion@example.org")
    assert needs_checking(date(2025, 6, 1), 365) == []


def test_a_status_change_is_dated_with_who_and_shows_up_since(reference):
    measure = db.session.execute(select(Measure).filter_by(key="nachhilfe-uebersicht")).scalar_one()
    offer = make_offer(title="Lernhilfe")
    change = update_measure(measure, status="implemented", progress_note="Übersicht veröffentlicht",
                            focus_area=None, offers=[offer], user=EDITOR)
    assert change.changed_by == "redaktion@example.org" and change.changed_at.date() == date.today()
    assert measure.status == "implemented" and measure.status_date == date.today() and measure.offers == [offer]
    assert list(changed_since(date.today())) == [measure.id]
    assert changed_since(date.today() + timedelta(days=1)) == {}
    # Saving again without a new status or note records nothing more.
    assert update_measure(measure, status="implemented", progress_note="Übersicht veröffentlicht ",
                          focus_area=None, offers=[], user=EDITOR) is None
    assert db.session.execute(select(MeasureStatusChange)).scalars().all() == [change]


def test_unknown_measure_status_is_refused(reference):
    measure = db.session.execute(select(Measure)).scalars().first()
    before = measure.status
    with pytest.raises(ValueError):
        update_measure(measure, status="done", progress_note="", focus_area=None, offers=[], user=EDITOR)
    db.session.expire_all()
    assert measure.status == before and db.session.execute(select(MeasureStatusChange)).first() is None


def history(offer) -> list[tuple[str, str]]:
    rows = db.session.execute(
        select(OfferRevision).where(OfferRevision.offer_id == offer.id).order_by(OfferRevision.number)
    ).scalars()
    return [(row.action, row.actor_name) for row in rows]


def audit_actions(object_type: str) -> list[str]:
    from directory.models import AuditEntry

    return list(db.session.execute(
        select(AuditEntry.action).where(AuditEntry.object_type == object_type).order_by(AuditEntry.id)
    ).scalars())


def test_marking_verified_writes_a_revision_after_the_baseline(reference):
    offer = make_offer(title="Alt", last_verified=date(2020, 1, 1))
    mark_verified(offer, EDITOR, today=date(2025, 6, 1))
    assert history(offer) == [("baseline", ""), ("verify", "redaktion@example.org")]
    baseline, verified = db.session.execute(
        select(OfferRevision).where(OfferRevision.offer_id == offer.id).order_by(OfferRevision.number)
    ).scalars()
    assert baseline.snapshot["last_verified"].startswith("2020-01-01")
    assert verified.changed_fields == ["last_verified"]
    # Checked again the same day: no new revision (nothing changed), but the audit log still shows the check.
    mark_verified(offer, EDITOR, today=date(2025, 6, 1))
    assert len(history(offer)) == 2 and audit_actions("offer") == ["verify", "verify"]


def test_accepting_a_suggestion_writes_the_drafts_revision_and_an_audit_entry(reference):
    suggestion = submit_suggestion({"title": "Nähcafé", "description": "Dienstags."})
    offer = accept_suggestion(suggestion, "begegnung", EDITOR)
    assert history(offer) == [("create", "redaktion@example.org")]
    assert audit_actions("suggestion") == ["accept"] and audit_actions("offer") == ["create"]
    assert suggestion.offer_id == offer.id


def test_a_failed_acceptance_leaves_neither_draft_nor_audit_entry(reference):
    from directory.models import Offer

    suggestion = submit_suggestion({"title": "Etwas"})
    with pytest.raises(ValueError):
        accept_suggestion(suggestion, "gibt-es-nicht", EDITOR)
    assert db.session.execute(select(Offer)).first() is None
    assert audit_actions("suggestion") == [] and suggestion.state == "new"


def test_linking_an_offer_to_a_measure_is_in_the_offers_history(reference):
    measure = db.session.execute(select(Measure).filter_by(key="nachhilfe-uebersicht")).scalar_one()
    offer = make_offer(title="Lernhilfe")
    update_measure(measure, status=measure.status, progress_note=measure.progress_note or "", focus_area=None,
                   offers=[offer], user=EDITOR)
    assert history(offer) == [("baseline", ""), ("update", "redaktion@example.org")]
    linked = db.session.execute(
        select(OfferRevision).where(OfferRevision.offer_id == offer.id, OfferRevision.number == 2)
    ).scalar_one()
    assert linked.changed_fields == ["measures"] and "verknüpft" in linked.summary
    update_measure(measure, status=measure.status, progress_note=measure.progress_note or "", focus_area=None,
                   offers=[], user=EDITOR)
    assert [action for action, _ in history(offer)] == ["baseline", "update", "update"]
