"""Measures and challenges as living records: added, reworded, reordered, retired, dated, linked, restored."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from directory.extensions import db
from directory.models import AuditEntry, Challenge, FocusArea, Measure, RecordRevision
from directory.services import measure_records as records
from directory.services import record_revisions
from directory.services.errors import CurationError
from directory.services.measures import changed_since
from tests.curate.support import csrf_token
from tests.factories import make_offer, reference_data

EDITOR = SimpleNamespace(id=None, email="redaktion@example.org")


@pytest.fixture
def reference(app):
    with app.app_context():
        reference_data()
        yield app


def challenge(slug: str) -> Challenge:
    return db.session.execute(select(Challenge).filter_by(slug=slug)).scalar_one()


def measure(key: str) -> Measure:
    return db.session.execute(select(Measure).filter_by(key=key)).scalar_one()


def areas() -> list[FocusArea]:
    return list(db.session.execute(select(FocusArea).order_by(FocusArea.position)).scalars())


def test_full_cycle_add_link_date_a_status_see_it_since_then_restore(reference):
    past = date.today() - timedelta(days=40)
    new = records.create_measure(challenge("lernfoerderung"), "Lernpaten an Grundschulen vermitteln", areas(),
                                 "planned", date.today() - timedelta(days=90), "", EDITOR)
    assert not new.from_document and new.key.startswith("team-") and len(new.focus_areas) == 2
    first, second = make_offer(title="Lernpaten Nord"), make_offer(title="Lernpaten Süd")
    assert records.set_offer_link(new, first, True, EDITOR) and records.set_offer_link(new, second, True, EDITOR)
    assert {o.title for o in new.offers} == {"Lernpaten Nord", "Lernpaten Süd"}

    records.set_status(new, status="in_progress", effective_on=past, note="erste Patenschaften", actor=EDITOR)
    assert (new.status, new.status_date, new.progress_note_on) == ("in_progress", past, past)
    assert new.id in changed_since(past)
    assert new.id not in changed_since(past + timedelta(days=1))

    records.update_measure(new, text="Lernpatenschaften an Grundschulen", challenge=new.challenge,
                           focus_areas=areas()[:1], actor=EDITOR)
    records.set_offer_link(new, second, False, EDITOR)
    revisions = record_revisions.revisions("measure", new)
    linked_both = next(r for r in reversed(revisions) if len(r.snapshot["offers"]) == 2)
    records.restore_measure(new, linked_both, EDITOR)
    assert new.text == "Lernpaten an Grundschulen vermitteln" and len(new.focus_areas) == 2
    assert {o.title for o in new.offers} == {"Lernpaten Nord", "Lernpaten Süd"}
    assert new.status == "in_progress"  # the status history is not rewritten by a restore
    assert record_revisions.revisions("measure", new)[0].action == "restore"
    actions = db.session.execute(select(AuditEntry.action).where(AuditEntry.object_type == "measure")).scalars()
    assert {"create", "link", "status", "update", "unlink", "restore"} <= set(actions)


def test_seeded_measure_keeps_the_documents_words_apart_from_the_team(reference):
    events = measure("informationsveranstaltungen")
    assert events.document_note == "3 Veranstaltungen durchgeführt, weitere in Planung"
    assert events.from_document and events.progress_note == ""
    records.update_measure(events, text="Infoabende für Neuzugewanderte", challenge=events.challenge,
                           focus_areas=[], actor=EDITOR)
    records.set_status(events, status="ongoing", effective_on=date.today(), note="monatlich", actor=EDITOR)
    assert events.document_text == "Informationsveranstaltungen für Menschen mit Zuwanderungsgeschichte"
    assert events.document_note == "3 Veranstaltungen durchgeführt, weitere in Planung"
    assert (events.text, events.progress_note) == ("Infoabende für Neuzugewanderte", "monatlich")
    # The first change keeps the seeded state as a baseline revision.
    actions = [r.action for r in reversed(record_revisions.revisions("measure", events))]
    assert actions == ["baseline", "update", "status"]


def test_an_older_effective_date_fills_the_history_but_keeps_the_current_status(reference):
    row = measure("supervision")
    records.set_status(row, status="implemented", effective_on=date.today(), note="", actor=EDITOR)
    records.set_status(row, status="in_progress", effective_on=date.today() - timedelta(days=100), note="",
                       actor=EDITOR)
    assert row.status == "implemented" and len(row.status_changes) == 2
    with pytest.raises(CurationError):
        records.set_status(row, status="implemented", effective_on=date.today() + timedelta(days=1), note="",
                           actor=EDITOR)


def test_reorder_and_retire_measures_and_challenges_without_deleting(reference):
    workshops = challenge("workshops")
    keys = [m.key for m in workshops.measures]
    records.move_measure(measure(keys[1]), -1, EDITOR)
    db.session.expire_all()
    assert [m.key for m in challenge("workshops").measures][:2] == [keys[1], keys[0]]
    row = measure("peer-to-peer")
    records.set_measure_archived(row, True, EDITOR)
    assert row.archived_at is not None and row not in challenge("workshops").active_measures
    assert db.session.get(Measure, row.id) is not None
    records.set_challenge_archived(workshops, True, EDITOR)
    first = db.session.execute(select(Challenge).order_by(Challenge.position)).scalars().first()
    records.move_challenge(first, 1, EDITOR)
    assert db.session.execute(select(Challenge).order_by(Challenge.position)).scalars().first() != first
    renamed = records.save_challenge(workshops, {"title": "Workshops und Fortbildung", "description": ""}, EDITOR)
    baseline = record_revisions.revisions("challenge", renamed)[-1]
    records.restore_challenge(renamed, baseline, EDITOR)
    assert renamed.title == "Workshopangebote"


def test_suggested_links_are_confirmed_or_removed(reference):
    row = measure("sisa")
    offer, other = make_offer(title="Dolmetschdienst"), make_offer(title="Sprachcafé")
    row.suggested_offers.extend([offer, other])
    offer.suggested_challenges.append(challenge("sprachmittlung"))
    other.suggested_challenges.append(challenge("begegnung"))
    db.session.commit()
    assert records.set_offer_link(row, offer, True, EDITOR)
    assert records.dismiss_suggested_offer(row, other, EDITOR)
    assert row.offers == [offer] and row.suggested_offers == []
    assert records.resolve_suggested_challenge(offer, challenge("sprachmittlung"), True, EDITOR)
    assert records.resolve_suggested_challenge(other, challenge("begegnung"), False, EDITOR)
    assert [c.slug for c in offer.challenges] == ["sprachmittlung"] and other.challenges == []
    assert offer.suggested_challenges == [] and other.suggested_challenges == []


@pytest.fixture
def editor(app, logged_in_client):
    client = logged_in_client("editor")
    with app.app_context():
        reference_data()
    return client


def test_measure_pages_add_search_link_and_show_history(app, editor):
    with app.app_context():
        lern = challenge("lernfoerderung").id
        area = areas()[0].id
        offer_id = make_offer(title="Mathe-Nachhilfe Nord").id
    page = editor.get(f"/curate/measures/new?challenge={lern}")
    assert page.status_code == 200
    response = editor.post("/curate/measures/new", data={
        "csrf_token": csrf_token(editor), "text": "Nachhilfebörse", "challenge": lern, "focus_areas": [str(area)],
        "status": "planned", "effective_on": "2026-01-15", "note": "Idee aus dem Workshop"})
    assert response.status_code == 302
    url = response.headers["Location"]
    measure_id = int(url.rstrip("/").split("/")[-1])
    # The type-ahead is a plain GET form: the results come with the page, each with a button to link.
    found = editor.get(f"{url}?q=mathe").get_data(as_text=True)
    assert "Mathe-Nachhilfe Nord" in found and "Verknüpfen" in found
    linked = editor.post(f"/curate/measures/{measure_id}/offers/{offer_id}",
                         data={"csrf_token": csrf_token(editor), "action": "link"})
    assert linked.status_code == 302
    page = editor.get(url).get_data(as_text=True)
    assert "Verknüpfung entfernen" in page and "Idee aus dem Workshop" in page and "15.01.2026" in page
    assert "Vom Team hinzugefügt." in page
    with app.app_context():
        assert db.session.execute(select(RecordRevision).filter_by(object_id=str(measure_id))).first()
    assert editor.get("/curate/measures").status_code == 200
    with app.app_context():
        workshops = challenge("workshops").id
    assert editor.get(f"/curate/challenges/{workshops}/history").status_code == 200
    bad = editor.post(f"/curate/measures/{measure_id}/status", data={
        "csrf_token": csrf_token(editor), "status": "planned", "effective_on": "2999-01-01"})
    assert bad.status_code == 400 and "Zukunft" in bad.get_data(as_text=True)


def test_migration_keeps_existing_measures_areas_and_dates(tmp_path, index_root):
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    from tests.conftest import make_app

    app = make_app("sqlite:///" + str(tmp_path / "old.sqlite"), index_root)
    with app.app_context(), db.engine.begin() as conn:
        upgrade(revision="0007_real_offers")
        conn.execute(text("INSERT INTO focus_area (id, slug, name, description, aliases, position) "
                          "VALUES (1, 'nord', 'Nord', '', '[]', 0)"))
        conn.execute(text("INSERT INTO challenge (id, slug, title, description, position) VALUES (1, 'c', 'C', '', 0)"))
        conn.execute(text(
            "INSERT INTO measure (id, key, challenge_id, position, text, status, progress_note, focus_area_id) "
            "VALUES (1, 'm1', 1, 0, 'Eins', 'planned', 'in Bearbeitung', 1), "
            "(2, 'm2', 1, 1, 'Zwei', 'implemented', 'Liste online', NULL)"))
        conn.execute(text(
            "INSERT INTO measure_status_change (measure_id, status, progress_note, changed_at, changed_by) "
            "VALUES (2, 'implemented', 'Liste online', '2025-03-04 10:00:00', 'a@example.org')"))
    with app.app_context():
        upgrade()
        with db.engine.begin() as conn:
            rows = conn.execute(text("SELECT id, document_text, document_note, progress_note FROM measure "
                                     "ORDER BY id")).all()
            assert [tuple(row) for row in rows] == [(1, "Eins", "in Bearbeitung", ""), (2, "Zwei", "", "Liste online")]
            assert conn.execute(text("SELECT measure_id, focus_area_id FROM measure_focus_area")).all() == [(1, 1)]
            effective = conn.execute(text("SELECT effective_on FROM measure_status_change")).scalar_one()
            assert str(effective) == "2025-03-04"
        downgrade(revision="0007_real_offers")
        with db.engine.begin() as conn:
            assert conn.execute(text("SELECT focus_area_id FROM measure WHERE id = 1")).scalar_one() == 1
        db.engine.dispose()
