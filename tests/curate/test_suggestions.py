"""The team's pages for feedback, checks, measures and CSV import/export, driven as an editor would."""

import re
from datetime import date

import pytest
from sqlalchemy import select

from directory.extensions import db
from directory.models import Measure, MeasureStatusChange, Offer, OfferVerification, Suggestion
from directory.services.suggestions import submit_problem_report, submit_suggestion
from tests.curate.support import csrf_token
from tests.factories import make_offer, reference_data
from tests.services.test_offer_csv import GOOD


@pytest.fixture
def editor(app, logged_in_client):
    with app.app_context():
        reference_data()
    return logged_in_client("editor")


def test_suggestion_accepted_in_the_queue_becomes_a_draft(app, editor):
    with app.app_context():
        suggestion_id = submit_suggestion({"title": "Elterncafé Kannenstieg", "description": "Montags."}).id
    assert "Elterncafé Kannenstieg" in editor.get("/curate/suggestions").get_data(as_text=True)
    response = editor.post(f"/curate/suggestions/{suggestion_id}/accept",
                           data={"csrf_token": csrf_token(editor), "category": "elternarbeit"})
    assert response.status_code == 302
    with app.app_context():
        offer = db.session.execute(select(Offer).filter_by(title="Elterncafé Kannenstieg")).scalar_one()
        assert offer.workflow_state == "draft" and offer.category.slug == "elternarbeit"
        assert db.session.get(Suggestion, suggestion_id).state == "accepted"


def test_rejecting_needs_a_reason(app, editor):
    with app.app_context():
        suggestion_id = submit_suggestion({"title": "Werbung"}).id
    response = editor.post(f"/curate/suggestions/{suggestion_id}/reject", data={"csrf_token": csrf_token(editor)})
    assert response.status_code == 400 and "Bitte einen Grund angeben." in response.get_data(as_text=True)


def test_check_list_shows_reported_offers_and_one_click_marks_verified(app, editor):
    with app.app_context():
        offer = make_offer(title="Sprachcafé Süd", last_verified=date(2020, 1, 1))
        submit_problem_report(offer, "hours", "Jetzt donnerstags")
        offer_id = offer.id
    page = editor.get("/curate/checks").get_data(as_text=True)
    assert "Sprachcafé Süd" in page and "Jetzt donnerstags" in page and "lange nicht geprüft" in page
    assert "Jetzt donnerstags" in editor.get("/curate/reports").get_data(as_text=True)
    response = editor.post(f"/curate/checks/{offer_id}/verified", data={"csrf_token": csrf_token(editor)})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Offer, offer_id).last_verified == date.today()
        assert db.session.execute(select(OfferVerification)).scalar_one().verified_by == editor.user.email
    assert "lange nicht geprüft" not in editor.get("/curate/checks").get_data(as_text=True)


def test_mark_verified_without_csrf_is_refused(app, editor):
    with app.app_context():
        offer_id = make_offer(last_verified=date(2020, 1, 1)).id
    assert editor.post(f"/curate/checks/{offer_id}/verified").status_code == 400
    with app.app_context():
        assert db.session.get(Offer, offer_id).last_verified == date(2020, 1, 1)


def test_measure_status_change_is_dated_with_the_editor(app, editor):
    with app.app_context():
        measure_id = db.session.execute(select(Measure.id).filter_by(key="nachhilfe-uebersicht")).scalar_one()
    response = editor.post(f"/curate/measures/{measure_id}", data={
        "csrf_token": csrf_token(editor), "status": "implemented", "progress_note": "Liste online"})
    assert response.status_code == 302
    with app.app_context():
        change = db.session.execute(select(MeasureStatusChange)).scalar_one()
        assert (change.status, change.changed_by) == ("implemented", editor.user.email)
    assert "Liste online" in editor.get(f"/status?since={date.today().isoformat()}").get_data(as_text=True)
    bad = editor.post(f"/curate/measures/{measure_id}", data={"csrf_token": csrf_token(editor), "status": "fertig"})
    assert bad.status_code == 400


def test_import_dry_run_then_apply_then_export(app, editor):
    from io import BytesIO

    response = editor.post("/curate/import", data={
        "csrf_token": csrf_token(editor), "file": (BytesIO(GOOD.encode()), "angebote.csv")},
        content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and page.count("wird angelegt") == 2
    with app.app_context():
        assert db.session.execute(select(Offer)).first() is None
    content = re.search(r'name="content" type="hidden" value="([^"]+)"|type="hidden" value="([^"]+)" name="content"',
                        page) or re.search(r'id="content" name="content" type="hidden" value="([^"]+)"', page)
    value = next(group for group in content.groups() if group)
    applied = editor.post("/curate/import/apply", data={"csrf_token": csrf_token(editor), "content": value})
    assert applied.status_code == 302
    with app.app_context():
        assert len(db.session.execute(select(Offer)).all()) == 2
    export = editor.get("/curate/export.csv")
    assert export.mimetype == "text/csv" and "imp-1" in export.get_data(as_text=True)


def test_import_of_a_broken_file_is_a_clear_error_not_a_500(app, editor):
    from io import BytesIO

    response = editor.post("/curate/import", data={
        "csrf_token": csrf_token(editor), "file": (BytesIO("titel;x\nä;1\n".encode("cp1252")), "a.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 422 and "UTF-8" in response.get_data(as_text=True)


def test_zero_result_searches_are_listed_grouped_newest_first_and_filtered_by_date(app, editor):
    from datetime import UTC, datetime

    from directory.models import ZeroResultQuery
    from directory.services.search_log import record_zero_result

    with app.app_context():
        for text in ("Dolmetscher  Tigrinya", "dolmetscher tigrinya", "Schwimmkurs\x00 Erwachsene"):
            record_zero_result(text)
        db.session.add(ZeroResultQuery(query="boxen", created_at=datetime(2024, 3, 1, 12, tzinfo=UTC)))
        db.session.commit()
    page = editor.get("/curate/searches").get_data(as_text=True)
    rows = re.findall(r"<tr>\s*<td>([^<]*)</td>\s*<td>(\d+)</td>", page)
    assert rows == [("schwimmkurs erwachsene", "1"), ("dolmetscher tigrinya", "2"), ("boxen", "1")]
    march = editor.get("/curate/searches?since=2024-03-01&until=2024-03-31").get_data(as_text=True)
    assert "boxen" in march and "tigrinya" not in march
    bad = editor.get("/curate/searches?since=2024-04-01&until=2024-03-01")
    assert bad.status_code == 400 and "liegt vor seinem Anfang" in bad.get_data(as_text=True)


def test_zero_result_searches_are_paginated(app, editor):
    from directory.models import ZeroResultQuery
    from directory.queries.curate import PER_PAGE

    with app.app_context():
        db.session.add_all(ZeroResultQuery(query=f"suche {n}") for n in range(PER_PAGE + 3))
        db.session.commit()
    first = editor.get("/curate/searches").get_data(as_text=True)
    assert "Seite 1 von 2" in first
    second = editor.get("/curate/searches?page=2").get_data(as_text=True)
    assert second.count("<tr>") == 3 + 1  # three rows and the header
