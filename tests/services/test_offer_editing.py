"""Editing without loss: revisions, restore, optimistic locking, workflow, hard delete, translations."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.extensions import db
from directory.models import AuditEntry, Offer, OfferRevision, Organisation
from directory.services import catalogue
from directory.services.errors import CurationError, StaleEditError, WorkflowError
from directory.services.offers import editing, revisions
from directory.services.offers.snapshots import diff_snapshots, offer_to_data
from tests import factories as make


def audit(action: str) -> list[AuditEntry]:
    return list(db.session.execute(select(AuditEntry).filter_by(action=action)).scalars())


def test_creating_a_draft_stores_the_first_revision_with_who_and_what(app):
    with app.app_context():
        offer = editing.create_offer_draft(make.offer_data(), make.actor("anna@example.org"))
        assert offer.workflow_state == "draft"
        [revision] = revisions.revisions_of(offer)
        assert revision.number == 1
        assert revision.actor_name == "anna@example.org"
        assert revision.snapshot["title"] == "Hausaufgabenhilfe im Stadtteiltreff"
        assert "title" in revision.changed_fields
        [entry] = audit("create")
        assert entry.object_type == "offer" and entry.object_label == offer.title


def test_every_save_stores_a_revision_with_the_changed_fields(app):
    with app.app_context():
        offer = editing.create_offer_draft(make.offer_data(), make.actor())
        revision = editing.update_offer(
            offer, make.offer_data(title="Hausaufgabenhilfe am Nachmittag", cost="paid"), make.actor(), offer.version
        )
        assert revision is not None and revision.number == 2
        assert set(revision.changed_fields) >= {"title", "cost"}
        assert "summary" not in revision.changed_fields
        assert "Titel" in revision.summary and "Kosten" in revision.summary


def test_a_save_that_changes_nothing_writes_nothing(app):
    with app.app_context():
        offer = editing.create_offer_draft(make.offer_data(), make.actor())
        version = offer.version
        assert editing.update_offer(offer, make.offer_data(), make.actor(), version) is None
        assert len(revisions.revisions_of(offer)) == 1
        assert db.session.get(Offer, offer.id).version == version


def test_restoring_a_revision_brings_back_its_content_as_a_new_revision(app):
    with app.app_context():
        org = make.organisation()
        offer = editing.create_offer_draft(
            make.offer_data(organisation=org.slug, languages=["de", "ar", "fa"]), make.actor()
        )
        editing.save_translation(offer, "en", {"title": "Homework help"}, make.actor(), offer.version)
        editing.update_offer(
            offer, make.offer_data(title="Ganz anders", organisation=None, languages=["de"]), make.actor(),
            offer.version,
        )
        editing.save_translation(offer, "en", {"title": ""}, make.actor(), offer.version)
        first = revisions.revisions_of(offer)[-1]
        assert offer.title == "Ganz anders" and offer.translation("en") is None

        restored = editing.restore_revision(offer, revisions.revisions_of(offer)[-2], make.actor(), offer.version)

        offer = db.session.get(Offer, offer.id)
        assert offer.title == "Hausaufgabenhilfe im Stadtteiltreff"
        assert offer.organisation is not None and offer.organisation.slug == org.slug
        assert offer.languages == ["de", "ar", "fa"]
        assert offer.translation("en").title == "Homework help"
        assert restored.action == "restore" and restored.number == 5
        assert first.number == 1  # nothing was removed from the history
        assert len(revisions.revisions_of(offer)) == 5


def test_restoring_keeps_the_workflow_state(app):
    with app.app_context():
        offer = editing.create_offer_draft(make.offer_data(), make.actor())
        editing.publish(offer, make.actor())
        editing.restore_revision(offer, revisions.revisions_of(offer)[-1], make.actor())
        assert db.session.get(Offer, offer.id).workflow_state == "published"


def test_first_edit_of_a_seeded_offer_keeps_its_original_state(app):
    with app.app_context():
        make.category()
        offer = Offer(title="Aus dem Seed", slug="aus-dem-seed", category=make.category(), workflow_state="published")
        db.session.add(offer)
        db.session.commit()
        editing.update_offer(offer, {"title": "Bearbeitet"}, make.actor(), offer.version)
        baseline, edit = revisions.revisions_of(offer)[::-1]
        assert baseline.action == "baseline" and baseline.snapshot["title"] == "Aus dem Seed"
        assert edit.changed_fields == ["title"]


def test_a_save_based_on_an_old_version_is_refused(app):
    with app.app_context():
        offer = editing.create_offer_draft(make.offer_data(), make.actor())
        loaded_version = offer.version
        editing.update_offer(offer, make.offer_data(title="Zuerst gespeichert"), make.actor("a@example.org"),
                              loaded_version)
        with pytest.raises(StaleEditError, match="Jemand anderes hat dieses Angebot"):
            editing.update_offer(offer, make.offer_data(title="Später gespeichert"), make.actor("b@example.org"),
                                  loaded_version)
        assert db.session.get(Offer, offer.id).title == "Zuerst gespeichert"


def test_two_sessions_saving_at_the_same_time_the_second_is_refused(app):
    """The version check in the database catches a save that slips in between load and commit."""
    with app.app_context():
        offer = editing.create_offer_draft(make.offer_data(), make.actor())
        offer_id, version = offer.id, offer.version
        db.session.remove()
        with Session(db.engine) as other:
            theirs = other.get(Offer, offer_id)
            mine = db.session.get(Offer, offer_id)
            assert theirs.version == mine.version == version
            theirs.title = "Von nebenan"
            other.commit()
            with pytest.raises(StaleEditError):
                editing.update_offer(mine, {"title": "Meins"}, make.actor(), version)
        assert db.session.get(Offer, offer_id).title == "Von nebenan"


def test_workflow_moves_through_review_publication_and_archive(app):
    with app.app_context():
        offer = editing.create_offer_draft(make.offer_data(), make.actor())
        editing.submit_for_review(offer, make.actor())
        assert offer.workflow_state == "review"
        editing.publish(offer, make.actor())
        assert offer.workflow_state == "published"
        editing.archive(offer, make.actor())
        assert offer.workflow_state == "archived"
        with pytest.raises(WorkflowError):
            editing.publish(offer, make.actor())
        editing.unarchive(offer, make.actor())
        assert offer.workflow_state == "draft"
        actions = [r.action for r in revisions.revisions_of(offer)]
        assert actions == ["unarchive", "archive", "publish", "submit", "create"]
        # Archiving keeps everything: the offer and its content are still there.
        assert db.session.get(Offer, offer.id).title == "Hausaufgabenhilfe im Stadtteiltreff"


def test_hard_delete_needs_the_title_and_is_recorded(app):
    with app.app_context():
        offer = editing.create_offer_draft(make.offer_data(), make.actor())
        offer_id = offer.id
        with pytest.raises(CurationError):
            editing.hard_delete_offer(offer, make.actor("admin@example.org"), "falscher Titel")
        assert db.session.get(Offer, offer_id) is not None
        editing.hard_delete_offer(offer, make.actor("admin@example.org"), "Hausaufgabenhilfe im Stadtteiltreff")
        assert db.session.get(Offer, offer_id) is None
        assert db.session.execute(select(OfferRevision).filter_by(offer_id=offer_id)).first() is None
        [entry] = audit("delete")
        assert entry.actor_name == "admin@example.org"
        assert entry.object_id == str(offer_id)
        assert entry.object_label == "Hausaufgabenhilfe im Stadtteiltreff"


def test_translation_is_saved_with_a_revision_and_removed_when_emptied(app):
    with app.app_context():
        offer = editing.create_offer_draft(make.offer_data(), make.actor())
        revision = editing.save_translation(
            offer, "ar", {"title": "مساعدة في الواجبات", "summary": "", "description": ""}, make.actor(),
            offer.version,
        )
        assert revision.action == "translation"
        assert revision.snapshot["translations"]["ar"]["title"] == "مساعدة في الواجبات"
        assert offer.translation("ar").title == "مساعدة في الواجبات"
        editing.save_translation(offer, "ar", {}, make.actor(), offer.version)
        assert offer.translation("ar") is None
        with pytest.raises(CurationError):
            editing.save_translation(offer, "de", {"title": "x"}, make.actor(), offer.version)


def test_translation_refused_on_an_old_version(app):
    with app.app_context():
        offer = editing.create_offer_draft(make.offer_data(), make.actor())
        old = offer.version
        editing.update_offer(offer, {"title": "Neu"}, make.actor(), old)
        with pytest.raises(StaleEditError):
            editing.save_translation(offer, "en", {"title": "Old"}, make.actor(), old)


def test_diff_is_readable_field_by_field(app):
    with app.app_context():
        offer = editing.create_offer_draft(make.offer_data(), make.actor())
        before = offer_to_data(offer)
        editing.update_offer(
            offer, make.offer_data(languages=["de", "uk"], cost="paid", but_eligible=True), make.actor(),
            offer.version,
        )
        changes = {c.field: c for c in diff_snapshots(before, offer_to_data(offer))}
        assert changes["languages"].old == "Deutsch, Arabisch"
        assert changes["languages"].new == "Deutsch, Ukrainisch"
        assert (changes["cost"].old, changes["cost"].new) == ("kostenlos", "kostenpflichtig")
        assert (changes["but_eligible"].old, changes["but_eligible"].new) == ("nein", "ja")
        assert changes["cost"].label == "Kosten"


def test_organisation_create_and_update_are_audited(app):
    with app.app_context():
        org = catalogue.create_organisation({"name": "Neuer Verein"}, make.actor())
        assert org.slug == "neuer-verein"
        catalogue.update_organisation(org, {"name": "Neuer Verein", "phone": "0391 000"}, make.actor())
        actions = [(e.action, e.object_type) for e in db.session.execute(select(AuditEntry)).scalars()]
        assert actions == [("create", "organisation"), ("update", "organisation")]
        assert db.session.get(Organisation, org.id).phone == "0391 000"
        with pytest.raises(CurationError):
            catalogue.create_organisation({"name": "  "}, make.actor())


def test_place_save_sets_district_and_is_audited(app):
    with app.app_context():
        make.district()
        place = catalogue.save_place(
            None, {"street": "Breiter Weg 1", "postcode": "39104", "lat": 52.13, "lon": 11.63, "district": "altstadt"},
            make.actor(),
        )
        assert place.district.slug == "altstadt" and place.key
        catalogue.save_place(place, {"street": "Breiter Weg 2", "postcode": "39104", "lat": 52.13, "lon": 11.63,
                                    "district": "altstadt"}, make.actor())
        entries = list(db.session.execute(select(AuditEntry).filter_by(object_type="place")).scalars())
        assert [e.action for e in entries] == ["create", "update"]
        assert entries[1].summary == "street"


def test_offer_can_reference_an_existing_place_without_changing_it(app):
    with app.app_context():
        place = make.place(lat=52.13, lon=11.63, name="Treff")
        offer = editing.create_offer_draft(make.offer_data(places=[str(place.id)]), make.actor())
        assert [p.id for p in offer.places] == [place.id]
        assert (place.lat, place.name) == (52.13, "Treff")


def test_dated_offer_saved_again_unchanged_writes_no_revision(app):
    """Times read back from the database snapshot the same as the times saved (no phantom changes)."""
    from datetime import UTC, datetime

    with app.app_context():
        starts = datetime(2026, 9, 14, 16, 0, tzinfo=UTC)
        offer = editing.create_offer_draft(make.offer_data(starts_at=starts), make.actor())
        offer_id = offer.id
        db.session.remove()
        offer = db.session.get(Offer, offer_id)
        assert editing.update_offer(offer, make.offer_data(starts_at=starts), make.actor(), offer.version) is None
        assert revisions.revisions_of(offer)[0].snapshot["starts_at"] == "2026-09-14T16:00:00"


def test_hard_delete_removes_what_points_at_the_offer_on_every_database(app):
    from datetime import date

    from directory.models import OfferVerification, ProblemReport, Suggestion

    with app.app_context():
        offer = editing.create_offer_draft(make.offer_data(), make.actor())
        offer_id = offer.id
        db.session.add_all([
            ProblemReport(offer_id=offer_id, kind="other", message="Telefon falsch"),
            OfferVerification(offer_id=offer_id, verified_on=date.today()),
            Suggestion(title="Hausaufgabenhilfe", offer_id=offer_id),
        ])
        db.session.commit()
        editing.hard_delete_offer(offer, make.actor(), offer.title)
        assert db.session.execute(select(ProblemReport)).first() is None
        assert db.session.execute(select(OfferVerification)).first() is None
        assert db.session.execute(select(Suggestion)).scalar_one().offer_id is None


def test_other_use_cases_can_record_their_offer_changes(app):
    """E.g. an import: baseline before the change, revision and audit entry after, one commit by the caller."""
    with app.app_context():
        offer = Offer(title="Importiert", slug="importiert", category=make.category(), workflow_state="published")
        db.session.add(offer)
        db.session.commit()
        revisions.ensure_baseline(offer)
        offer.phone = "0391 123"
        revision = revisions.record_offer_change(offer, None, "import", "CSV-Import")
        db.session.commit()
        assert revision.changed_fields == ["phone"] and revision.summary == "CSV-Import"
        assert [r.action for r in revisions.revisions_of(offer)] == ["import", "baseline"]
        assert audit("import")[0].object_label == "Importiert"


def test_restore_based_on_an_old_version_is_refused(app):
    with app.app_context():
        offer = editing.create_offer_draft(make.offer_data(), make.actor())
        seen = offer.version
        editing.update_offer(offer, {"title": "Inzwischen geändert"}, make.actor(), seen)
        with pytest.raises(StaleEditError):
            editing.restore_revision(offer, revisions.revisions_of(offer)[-1], make.actor(), seen)
        assert db.session.get(Offer, offer.id).title == "Inzwischen geändert"


def test_naive_event_times_from_plain_data_are_read_as_magdeburg_time(app):
    """Regression: a naive datetime in seed or import data was refused by the UTC column type."""
    from datetime import datetime

    from directory.clock import CITY_TIME
    from directory.extensions import db
    from directory.models import Offer
    from directory.services.offers.data import apply_offer_data
    from directory.services.seed import seed
    from tests.conftest import SEED_DIR

    with app.app_context():
        seed(SEED_DIR, demo=False)
        offer = Offer(workflow_state="draft")
        db.session.add(offer)
        apply_offer_data(offer, {"title": "Sommerfest", "category": "begegnung", "starts_at": "2026-07-04T15:00"})
        db.session.commit()
        db.session.expire_all()
        stored = db.session.get(Offer, offer.id).starts_at
        assert stored == datetime(2026, 7, 4, 15, 0, tzinfo=CITY_TIME)
        assert stored.astimezone(CITY_TIME).hour == 15
