"""The team's daily work: linking offers from the offer form, the workshop view, focus-area pages, the
dashboard's to-do counts, and freshness (only an explicit check with the provider dates "Zuletzt geprüft")."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from directory.extensions import db
from directory.models import FocusArea, Measure, Offer, Organisation, ProblemReport, Suggestion, ZeroResultQuery
from directory.services import dashboard, freshness
from directory.services.measure_records import set_status
from directory.services.offers import editing
from directory.services.offers.revisions import revisions_of
from tests.curate.support import csrf_token, post_form
from tests.factories import make_offer, reference_data

EDITOR = SimpleNamespace(id=None, email="redaktion@example.org")


@pytest.fixture
def editor(app, logged_in_client):
    with app.app_context():
        reference_data()
    return logged_in_client("editor")


def measure(key: str) -> Measure:
    return db.session.execute(select(Measure).filter_by(key=key)).scalar_one()


def test_the_offer_form_links_the_measures_it_answers(app, editor):
    with app.app_context():
        offer = make_offer(title="Sprachmittlung Kurdisch")
        offer_id = offer.id
    form_page = editor.get(f"/curate/offers/{offer_id}/edit").get_data(as_text=True)
    assert "Maßnahmen, auf die das Angebot antwortet" in form_page
    assert 'name="last_verified"' not in form_page  # the check date is not typed in
    response = post_form(editor, f"/curate/offers/{offer_id}/edit", {
        "title": "Sprachmittlung Kurdisch", "category": "hausaufgabenhilfe", "status": "active", "cost": "free",
        "measures": ["sprachmittlung-kurdisch"], "version": "1"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    with app.app_context():
        assert [m.key for m in db.session.get(Offer, offer_id).measures] == ["sprachmittlung-kurdisch"]


def test_suggested_links_can_be_confirmed_from_the_offer(app, editor):
    with app.app_context():
        offer = make_offer(title="Dolmetschpool")
        row = measure("sisa")
        row.suggested_offers.append(offer)
        db.session.commit()
        offer_id, measure_id = offer.id, row.id
    page = editor.get(f"/curate/offers/{offer_id}/edit").get_data(as_text=True)
    assert "Verknüpfung vorgeschlagen" in page and "Bestätigen" in page
    assert editor.get("/status").get_data(as_text=True).count("Verknüpfung vorgeschlagen") == 1
    response = editor.post(f"/curate/measures/{measure_id}/offers/{offer_id}",
                           data={"csrf_token": csrf_token(editor), "action": "link", "back": "offer"})
    assert response.status_code == 302 and f"/curate/offers/{offer_id}/edit" in response.headers["Location"]
    with app.app_context():
        assert [o.id for o in measure("sisa").offers] == [offer_id]


def test_workshop_view_for_an_area_labels_an_empty_since_correctly(app, editor):
    client = app.test_client()
    with app.app_context():
        set_status(measure("austauschformat-leipziger-strasse"), status="implemented",
                   effective_on=date(2026, 3, 2), note="trifft sich monatlich", actor=EDITOR)
    page = client.get("/status?focus_area=leipziger-strasse-schilfbreite&since=2026-03-02").get_data(as_text=True)
    assert "trifft sich monatlich" in page and 'class="changed"' in page
    assert "keine Änderungen seit dem 02.03.2026" in page
    assert "noch keine Maßnahme eingetragen" in page  # only where a challenge has no measure at all
    empty = client.get("/status?since=2026-03-03").get_data(as_text=True)
    assert "Keine Änderungen seit dem 03.03.2026." in empty and "trifft sich monatlich" not in empty
    printed = client.get("/print/status?focus_area=leipziger-strasse-schilfbreite&since=2026-03-02")
    assert printed.status_code == 200 and "trifft sich monatlich" in printed.get_data(as_text=True)
    north = client.get("/status?focus_area=neue-neustadt-neustaedter-see-kannenstieg").get_data(as_text=True)
    assert "Austauschformat im Bereich Leipziger Straße" not in north
    csv = client.get("/status.csv?focus_area=leipziger-strasse-schilfbreite&since=2026-03-02")
    assert "trifft sich monatlich" in csv.get_data(as_text=True)


def test_focus_area_page_shows_its_measures_with_status(app, editor):
    with app.app_context():
        slug = db.session.execute(select(FocusArea.slug).filter_by(slug="leipziger-strasse-schilfbreite")).scalar_one()
    page = app.test_client().get(f"/focus-areas/{slug}").get_data(as_text=True)
    assert "Maßnahmen im Schwerpunktbereich" in page
    assert "Austauschformat im Bereich Leipziger Straße/Schilfbreite" in page and "in Bearbeitung" in page
    assert "laut Zukunftswerkstatt 2020" in page


def test_dashboard_counts_what_there_is_to_do(app, editor):
    today = date.today()
    with app.app_context():
        make_offer(title="Nie geprüft", last_verified=None)
        make_offer(title="Lange her", last_verified=today - timedelta(days=400))
        make_offer(title="Frisch geprüft", last_verified=today)
        make_offer(title="In Prüfung", workflow_state="review", last_verified=today)
        fresh = make_offer(title="Gemeldet")
        db.session.add_all([Suggestion(title="Neues Angebot"),
                            ProblemReport(offer_id=fresh.id, kind="other", message="Telefon falsch"),
                            ZeroResultQuery(query="schach")])
        db.session.commit()
        counts = dashboard.counts(today)
        assert (counts.new_suggestions, counts.open_reports, counts.offers_in_review) == (1, 1, 1)
        assert counts.overdue_checks == 2 and counts.zero_result_searches == 1
        assert counts.translations == dashboard.translations_to_review() > 0  # none of these offers is translated
        stale_before = counts.stale_measures
        set_status(measure("supervision"), status="in_progress", effective_on=today, note="", actor=EDITOR)
        assert dashboard.counts(today).stale_measures == stale_before - 1
    page = editor.get("/curate/").get_data(as_text=True)
    assert "neue Vorschläge" in page and "Suchen ohne Ergebnis in diesem Monat" in page
    assert 'href="/curate/reminders"' in page and 'href="/curate/measures?stale=1"' in page
    assert 'href="/curate/translations"' in page and "Übersetzungen veraltet" in page
    assert editor.get("/curate/measures?stale=1").status_code == 200


def test_publishing_and_saving_never_set_the_check_date(app):
    with app.app_context():
        reference_data()
        offer = make_offer(title="Entwurf", workflow_state="draft", last_verified=None)
        editing.publish(offer, EDITOR)
        assert offer.last_verified is None
        assert freshness.check_note(offer, date.today()) == "never"
        # Restoring an older revision does not bring back an old check date either.
        checked = make_offer(title="Geprüft", workflow_state="draft", last_verified=None)
        editing.update_offer(checked, {"summary": "neu"}, EDITOR, None)
        checked.last_verified = date(2026, 1, 5)
        db.session.commit()
        first = revisions_of(checked)[-1]
        editing.restore_revision(checked, first, EDITOR)
        assert checked.last_verified == date(2026, 1, 5)


def test_yearly_reminders_group_offers_by_provider_and_confirm_them_at_once(app, editor):
    today = date.today()
    with app.app_context():
        org = Organisation(slug="traeger-nord", name="Träger Nord", email="info@traeger-nord.example", phone="")
        db.session.add(org)
        db.session.commit()
        make_offer(title="Angebot A", organisation="traeger-nord", last_verified=None)
        make_offer(title="Angebot B", organisation="traeger-nord", last_verified=today - timedelta(days=500))
        make_offer(title="Ohne Träger", last_verified=None)
        groups = freshness.yearly_reminders(today)
        assert [(g.key, [o.title for o in g.offers]) for g in groups] == [
            ("traeger-nord", ["Angebot A", "Angebot B"]), ("", ["Ohne Träger"])]
        org_id = org.id
    page = editor.get("/curate/reminders").get_data(as_text=True)
    assert "info@traeger-nord.example" in page and "Alle heute mit dem Anbieter geprüft" in page
    assert post_form(editor, f"/curate/reminders/{org_id}").status_code == 302
    with app.app_context():
        assert [g.key for g in freshness.yearly_reminders(today)] == [""]
        dates = {o.title: o.last_verified for o in db.session.execute(select(Offer)).scalars()}
        assert dates["Angebot A"] == dates["Angebot B"] == today and dates["Ohne Träger"] is None


def test_public_page_says_politely_when_the_last_check_is_old(app):
    with app.app_context():
        reference_data()
        never = make_offer(title="Nie geprüft", last_verified=None).slug
        old = make_offer(title="Alt geprüft", last_verified=date(2024, 5, 6)).slug
        fresh = make_offer(title="Frisch", last_verified=date.today()).slug
    client = app.test_client()
    assert "noch nicht mit dem Anbieter geprüft" in client.get(f"/offers/{never}").get_data(as_text=True)
    assert "zuletzt am 06.05.2024 mit dem Anbieter geprüft" in client.get(f"/offers/{old}").get_data(as_text=True)
    page = client.get(f"/offers/{fresh}").get_data(as_text=True)
    assert "Bitte fragen Sie vor Ihrem Besuch" not in page and "Zuletzt geprüft:" in page


def test_another_opening_hour_row_without_javascript(app, editor):
    form = {"title": "Lernhilfe", "category": "hausaufgabenhilfe", "status": "active", "cost": "free"}
    for n in range(3):
        form.update({f"hours-{n}-day": "mon", f"hours-{n}-opens": f"0{n + 7}:00", f"hours-{n}-closes": "12:00"})
    page = post_form(editor, "/curate/offers/new", {**form, "add_hour_row": "1"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'name="hours-3-day"' in html and 'value="09:00"' in html
    with app.app_context():
        assert db.session.execute(select(Offer)).first() is None  # nothing saved yet
    form.update({"hours-3-day": "fri", "hours-3-opens": "14:00", "hours-3-closes": "16:00"})
    assert post_form(editor, "/curate/offers/new", form).status_code == 302
    with app.app_context():
        offer = db.session.execute(select(Offer)).scalar_one()
        assert [slot["day"] for slot in offer.opening_hours["weekly"]] == ["mon", "mon", "mon", "fri"]
    assert 'src="/static/js/hours.js' in editor.get("/curate/offers/new").get_data(as_text=True)


def test_public_pages_speak_to_readers_and_count_working_days(seeded_client):
    sisa = seeded_client.get("/offers/sisa-sprachmittlung-in-sachsen-anhalt").get_data(as_text=True)
    assert "mindestens 3 Werktage vorher" in sisa and "3 Tage vorher" not in sisa
    from directory.models import Offer as OfferModel

    with seeded_client.application.app_context():
        slugs = [o.slug for o in db.session.execute(select(OfferModel).filter_by(demo=False)).scalars()
                 if o.is_published]
    assert slugs
    for slug in slugs:
        page = seeded_client.get(f"/offers/{slug}").get_data(as_text=True)
        assert "Dokument" not in page, slug


def test_measure_and_challenge_pages_list_their_versions_and_restore_an_older_one(app, editor):
    from directory.models import Challenge
    from directory.services import measure_records as records

    with app.app_context():
        challenge = db.session.execute(select(Challenge).filter_by(slug="workshops")).scalar_one()
        original = challenge.title
        records.save_challenge(challenge, {"title": "Workshops und Fortbildung", "description": ""}, EDITOR)
        challenge_id = challenge.id
        sisa = measure("sisa")
        records.update_measure(sisa, text="Sprachmittlung an Kitas und Schulen", challenge=sisa.challenge,
                               focus_areas=list(sisa.focus_areas), actor=EDITOR)
        measure_id = sisa.id
    history = editor.get(f"/curate/challenges/{challenge_id}/history").get_data(as_text=True)
    assert "Workshops und Fortbildung" in history and "Fassung 1 wiederherstellen" in history
    response = post_form(editor, f"/curate/challenges/{challenge_id}/revisions/1/restore")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Challenge, challenge_id).title == original
    measure_page = editor.get(f"/curate/measures/{measure_id}").get_data(as_text=True)
    assert "Sprachmittlung an Kitas und Schulen" in measure_page and "Fassung 1 wiederherstellen" in measure_page
