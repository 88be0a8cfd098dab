"""Public feedback without an account: suggest an offer, report a problem; CSRF, honeypot, rate limit."""

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from directory.extensions import db
from directory.models import Measure, MeasureStatusChange, ProblemReport, Suggestion
from directory.services.measures import update_measure
from tests.curate.support import csrf_token
from tests.factories import make_offer, reference_data

SUGGESTION = {"title": "Lesepaten in der Bibliothek", "description": "Vorlesen für Kinder, samstags."}


def count(model) -> int:
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


@pytest.fixture
def site(app):
    with app.app_context():
        reference_data()
        offer = make_offer(title="Hausaufgabenhilfe Nord")
        app.config["offer_slug"] = offer.slug
    return app


def test_suggestion_is_stored_and_thanked_without_an_account(site):
    client = site.test_client()
    page = client.get("/suggest").get_data(as_text=True)
    assert "freiwillig" in page and "löschen sie" in page  # says what happens with the e-mail
    data = dict(SUGGESTION, csrf_token=csrf_token(client, "/suggest"), contact_email="", category="lernfoerderung",
                languages=["de", "ar"])
    response = client.post("/suggest", data=data)
    assert response.status_code == 200 and "Vielen Dank" in response.get_data(as_text=True)
    with site.app_context():
        suggestion = db.session.execute(select(Suggestion)).scalar_one()
        assert (suggestion.title, suggestion.category.slug, suggestion.languages) == (
            SUGGESTION["title"], "lernfoerderung", ["de", "ar"])
        assert suggestion.state == "new" and suggestion.contact_email == ""


def test_missing_fields_and_bad_email_give_german_errors(site):
    client = site.test_client()
    response = client.post("/suggest", data={"csrf_token": csrf_token(client, "/suggest"), "title": "",
                                             "contact_email": "keine-adresse"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Bitte geben Sie den Namen des Angebots an." in page
    assert "Bitte eine gültige E-Mail-Adresse angeben." in page
    with site.app_context():
        assert count(Suggestion) == 0


def test_honeypot_filled_pretends_success_but_stores_nothing(site):
    client = site.test_client()
    data = dict(SUGGESTION, csrf_token=csrf_token(client, "/suggest"), homepage="http://spam.example")
    response = client.post("/suggest", data=data)
    assert response.status_code == 200 and "Vielen Dank" in response.get_data(as_text=True)
    with site.app_context():
        assert count(Suggestion) == 0


def test_posts_without_csrf_token_are_refused(site):
    client = site.test_client()
    assert client.post("/suggest", data=SUGGESTION).status_code == 400
    slug = site.config["offer_slug"]
    assert client.post(f"/offers/{slug}/report", data={"kind": "phone"}).status_code == 400
    with site.app_context():
        assert count(Suggestion) == 0 and count(ProblemReport) == 0


def test_sending_is_rate_limited_per_address(site):
    site.config["FEEDBACK_RATE_LIMIT"] = "2 per minute"
    client = site.test_client()
    token = csrf_token(client, "/suggest")
    codes = [client.post("/suggest", data=dict(SUGGESTION, csrf_token=token)).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    other = site.test_client()
    response = other.post("/suggest", data=dict(SUGGESTION, csrf_token=csrf_token(other, "/suggest")),
                          environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert response.status_code == 200
    assert client.get("/suggest").status_code == 200  # reading the form is not limited
    with site.app_context():
        assert count(Suggestion) == 3


def test_problem_report_from_the_offer_page(site):
    client = site.test_client()
    slug = site.config["offer_slug"]
    assert f'href="/offers/{slug}/report"' in client.get(f"/offers/{slug}").get_data(as_text=True)
    response = client.post(f"/offers/{slug}/report", data={
        "csrf_token": csrf_token(client, f"/offers/{slug}/report"), "kind": "phone",
        "message": "Neue Nummer: 0391 111111",
    })
    assert response.status_code == 200
    with site.app_context():
        report = db.session.execute(select(ProblemReport)).scalar_one()
        assert (report.kind, report.message, report.offer.slug) == ("phone", "Neue Nummer: 0391 111111", slug)


def test_problem_report_needs_a_kind_and_a_published_offer(site):
    client = site.test_client()
    slug = site.config["offer_slug"]
    response = client.post(f"/offers/{slug}/report", data={"csrf_token": csrf_token(client, f"/offers/{slug}/report")})
    assert response.status_code == 400 and "Bitte wählen Sie aus, was nicht stimmt." in response.get_data(as_text=True)
    assert client.get("/offers/gibt-es-nicht/report").status_code == 404


def test_footer_links_to_the_suggestion_form(site):
    assert 'href="/suggest"' in site.test_client().get("/").get_data(as_text=True)


@pytest.fixture
def changed_board(site):
    with site.app_context():
        measure = db.session.execute(select(Measure).filter_by(key="nachhilfe-uebersicht")).scalar_one()
        update_measure(measure, status="implemented", progress_note="Übersicht online", focus_area=None,
                       offers=[], user=None)
        assert count(MeasureStatusChange) == 1
    return site


def test_status_board_shows_what_changed_since_a_date(changed_board):
    client = changed_board.test_client()
    today = date.today().isoformat()
    page = client.get(f"/status?since={today}").get_data(as_text=True)
    assert "Übersicht online" in page and "geändert am" in page
    assert "Sprachmittlerin Kurdisch" not in page  # unchanged measures are left out
    later = client.get("/status?since=2999-01-01").get_data(as_text=True)
    assert "Übersicht online" not in later
    assert "Sprachmittlerin Kurdisch" in client.get("/status").get_data(as_text=True)


@pytest.mark.parametrize("url", ["/status?since=gestern", "/status.csv?since=2024-13-01", "/status?focus_area=x"])
def test_status_board_refuses_bad_filters_with_a_message(changed_board, url):
    response = changed_board.test_client().get(url)
    assert response.status_code == 400
    assert "JJJJ-MM-TT" in response.get_data(as_text=True) or "Schwerpunktbereich" in response.get_data(as_text=True)


def test_status_board_exports_csv_with_the_same_filters(changed_board):
    client = changed_board.test_client()
    response = client.get(f"/status.csv?since={date.today().isoformat()}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    lines = response.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Herausforderung;Maßnahme;")
    assert len(lines) == 2 and "umgesetzt;Übersicht online" in lines[1]
    assert len(client.get("/status.csv").get_data(as_text=True).splitlines()) > 5


def test_suggestion_languages_are_checkboxes_in_a_fieldset(seeded_client):
    """A long multi-select is hard to use on a phone; each language is its own checkbox."""
    from directory.models import vocab

    page = seeded_client.get("/suggest").get_data(as_text=True)
    assert "<legend>Sprachen</legend>" in page
    boxes = re.findall(r'<input id="languages-\d+" name="languages" type="checkbox"', page)
    assert len(boxes) == len(vocab.LANGUAGES)
