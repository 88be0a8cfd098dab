"""The guided paths "Nachhilfe finden" and "Sprachmittlung finden": questions, answers, order, bad input."""

from __future__ import annotations

import re
from datetime import date
from types import SimpleNamespace

import pytest

from directory.public import guided
from tests.factories import make_offer, place_in, reference_data

# District centres are population-weighted; these points lie near them.
NEUE_NEUSTADT = (52.1510, 11.6280)
ALTE_NEUSTADT = (52.1440, 11.6400)
REFORM = (52.0880, 11.6110)
FRIDAY = date(2026, 11, 27)


def html(response) -> str:
    return response.get_data(as_text=True)


def titles_in_order(page: str, titles: list[str]) -> list[str]:
    found = [(page.find(t), t) for t in titles if t in page]
    return [t for _, t in sorted(found)]


@pytest.fixture
def tutoring_app(app):
    with app.app_context():
        reference_data()
        make_offer("Nah kostenlos", cost="free", places=[place_in("neue-neustadt", *NEUE_NEUSTADT)],
                   subjects=["math"], school_levels=["primary"], languages=["de", "ar"])
        make_offer("Mittel kostenlos", cost="free", category="hausaufgabenhilfe",
                   places=[place_in("alte-neustadt", *ALTE_NEUSTADT)], languages=["de"])
        make_offer("Weit kostenlos", cost="free", places=[place_in("reform", *REFORM)], languages=["de", "ar"])
        make_offer("Nah bezahlt", cost="paid", places=[place_in("neue-neustadt", *NEUE_NEUSTADT)])
        make_offer("Nah BuT", cost="paid", but_eligible=True, places=[place_in("neue-neustadt", *NEUE_NEUSTADT)])
        make_offer("Online kostenlos", cost="free", modes=["online"], service_area={"citywide": True},
                   languages=["ar"])
        make_offer("Nur Englisch Oberstufe", cost="free", subjects=["english"], school_levels=["secondary_2"],
                   places=[place_in("neue-neustadt", *NEUE_NEUSTADT)])
        make_offer("Treffpunkt nebenan", category="begegnung", places=[place_in("neue-neustadt", *NEUE_NEUSTADT)])
    return app


@pytest.fixture
def mediation_app(app):
    with app.app_context():
        reference_data()
        make_offer("Landesweite Sprachmittlung", category="sprachmittlung", cost="free",
                   languages=["ar", "fa", "ku"], modes=["phone", "video", "in_person"],
                   settings=["kita", "school", "authority", "health"], lead_time_days=3,
                   how_to_access="Buchung per Telefon oder E-Mail.", phone="0391 000000",
                   limitations="Nicht für Psychotherapie und nicht vor Operationen.",
                   service_area={"statewide": True})
        make_offer("Kurdisch vor Ort", category="sprachmittlung", cost="free", languages=["ku"],
                   modes=["in_person", "outreach"], settings=["kita", "school"], lead_time_days=0,
                   how_to_access="Anfrage beim Projekt.", places=[place_in("neue-neustadt", *NEUE_NEUSTADT)])
        make_offer("Dolmetschbüro", category="sprachmittlung", cost="paid", price_text="45 € je Stunde",
                   languages=["ar", "ru"], modes=["video"], settings=["health", "authority"], lead_time_days=10,
                   how_to_access="Online-Formular.", service_area={"citywide": True})
    return app


# --- pure parts, no app ------------------------------------------------------------------------------


def test_working_days_skip_the_weekend():
    assert guided.working_days_until(FRIDAY, date(2026, 11, 30)) == 1  # Friday → Monday
    assert guided.working_days_until(FRIDAY, date(2026, 12, 3)) == 4  # → Thursday
    assert guided.working_days_until(FRIDAY, FRIDAY) == 0


def test_dates_are_read_as_browsers_send_them_and_as_people_write_them():
    assert guided.parse_date("2026-12-03") == date(2026, 12, 3)
    assert guided.parse_date("3.12.2026") == date(2026, 12, 3)
    with pytest.raises(ValueError):
        guided.parse_date("31.02.2026")


def test_guided_questions_become_search_parameters_and_extras():
    question = guided.Question(categories=guided.TUTORING_CATEGORIES, cost="but", mode="in_person",
                               near="Neue Neustadt", radius_km=2, subject="math", needed_on=date(2026, 12, 1))
    assert question.search_args() == {
        "category": ["lernfoerderung", "hausaufgabenhilfe"], "cost": ["free", "but"],
        "mode": ["in_person", "outreach"], "near": "Neue Neustadt", "sort": "distance", "radius_km": "2",
    }
    assert question.extra_args() == {"subject": "math", "date": "2026-12-01"}


def test_offers_that_state_nothing_fit_every_guided_question():
    silent = SimpleNamespace(school_levels=[], subjects=[], settings=[])
    picky = SimpleNamespace(school_levels=["primary"], subjects=["english"], settings=["health"])
    question = guided.Question(school_level="secondary_1", subject="math", setting="school")
    assert guided.fits(silent, question) and not guided.fits(picky, question)
    assert guided.fits(SimpleNamespace(school_levels=[], subjects=["all"], settings=[]), question)


def test_lead_time_that_cannot_be_met_is_flagged_and_listed_last():
    category = SimpleNamespace(slug="sprachmittlung")
    slow = SimpleNamespace(title="slow", category=category, lead_time_days=5, settings=[], subjects=[],
                           school_levels=[])
    quick = SimpleNamespace(**{**vars(slow), "title": "quick", "lead_time_days": 1})
    question = guided.Question(categories=("sprachmittlung",), needed_on=date(2026, 11, 30))
    result = guided.answer([(slow, None, True), (quick, None, True)], question, FRIDAY)
    assert [m.offer.title for m in result.matches] == ["quick", "slow"]
    assert [m.lead_time_ok for m in result.matches] == [True, False]
    assert result.matches[1].days_left == 1


# --- Nachhilfe finden -------------------------------------------------------------------------------------


def test_tutoring_form_is_a_plain_get_form_with_plain_questions(tutoring_app):
    page = html(tutoring_app.test_client().get("/nachhilfe"))
    form = re.search(r'<form method="get" action="/nachhilfe#antwort"[^>]*>(.*?)</form>', page, re.S).group(1)
    for name in ("school_level", "subject", "language", "cost", "near", "radius_km"):
        assert f'name="{name}"' in form
    assert "In welche Klasse geht Ihr Kind?" in form and "Bildung und Teilhabe" in page
    assert 'type="submit"' in form
    assert 'id="antwort"' not in page  # nothing asked yet: no answer


def test_tutoring_answer_is_nearest_first_and_free_only_when_asked(tutoring_app):
    page = html(tutoring_app.test_client().get("/nachhilfe?near=Neue+Neustadt&cost=free"))
    assert titles_in_order(page, ["Nah kostenlos", "Mittel kostenlos", "Weit kostenlos", "Online kostenlos"]) == [
        "Nah kostenlos", "Mittel kostenlos", "Weit kostenlos", "Online kostenlos"]
    assert "Nah bezahlt" not in page and "Nah BuT" not in page
    assert "Treffpunkt nebenan" not in page  # not tutoring or homework help
    assert "Von überall erreichbar" in page
    assert re.search(r"\d,\d km", page)  # distances in the German format


def test_tutoring_but_includes_offers_paid_through_bildung_und_teilhabe(tutoring_app):
    page = html(tutoring_app.test_client().get("/nachhilfe?near=Neue+Neustadt&cost=but"))
    assert "Nah BuT" in page and "Nah kostenlos" in page
    assert "Nah bezahlt" not in page
    everything = html(tutoring_app.test_client().get("/nachhilfe?near=Neue+Neustadt&cost=any"))
    assert "Nah bezahlt" in everything


def test_tutoring_filters_by_grade_subject_and_language(tutoring_app):
    client = tutoring_app.test_client()
    page = html(client.get("/nachhilfe?school_level=primary&subject=math"))
    assert "Nah kostenlos" in page and "Nur Englisch Oberstufe" not in page
    assert "Mittel kostenlos" in page  # states no grade or subject: for everyone
    arabic = html(client.get("/nachhilfe?language=ar"))
    assert "Nah kostenlos" in arabic and "Online kostenlos" in arabic and "Mittel kostenlos" not in arabic


def test_tutoring_radius_drops_far_places_but_never_remote_offers(tutoring_app):
    page = html(tutoring_app.test_client().get("/nachhilfe?near=Neue+Neustadt&radius_km=2"))
    assert "Nah kostenlos" in page and "Mittel kostenlos" in page
    assert "Weit kostenlos" not in page
    assert "Online kostenlos" in page


def test_tutoring_answer_links_to_its_print_view_with_the_same_question(tutoring_app):
    page = html(tutoring_app.test_client().get("/nachhilfe?near=Neue+Neustadt&cost=free&subject=math"))
    link = re.search(r'href="(/print/offers\?[^"]+)"', page).group(1).replace("&amp;", "&")
    for part in ("category=lernfoerderung", "category=hausaufgabenhilfe", "cost=free", "subject=math",
                 "near=Neue+Neustadt"):
        assert part in link
    printed = html(tutoring_app.test_client().get(link))
    assert "Nah kostenlos" in printed and "Nah bezahlt" not in printed


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("near=Atlantis", "near"),
        ("subject=alchemy", "subject"),
        ("school_level=99", "school_level"),
        ("cost=cheap", "cost"),
        ("radius_km=-3", "radius_km"),
        ("radius_km=weit", "radius_km"),
        ("language=xx", "language"),
    ],
)
def test_bad_answers_are_a_400_that_says_which_question(tutoring_app, query, field):
    response = tutoring_app.test_client().get(f"/nachhilfe?{query}")
    assert response.status_code == 400
    page = html(response)
    anchor = field if field in ("near", "radius_km") else f"f-{field}"
    assert 'class="error-summary"' in page and f'href="#{anchor}"' in page
    assert f'id="{anchor}"' in page  # the link leads to the question
    assert 'class="field-error"' in page
    assert '<form method="get"' in page  # the questions stay on the page


# --- Sprachmittlung finden --------------------------------------------------------------------------------


def test_mediation_shows_how_to_book_lead_time_cost_and_limits(mediation_app):
    page = html(mediation_app.test_client().get("/sprachmittlung?language=ar"))
    assert "Landesweite Sprachmittlung" in page and "Dolmetschbüro" in page
    assert "Kurdisch vor Ort" not in page
    assert "Buchung per Telefon oder E-Mail." in page
    assert "Bitte mindestens 3 Werktage vorher anfragen." in page
    assert "45 € je Stunde" in page
    assert "Nicht für Psychotherapie und nicht vor Operationen." in page


def test_mediation_filters_by_setting_and_mode(mediation_app):
    client = mediation_app.test_client()
    page = html(client.get("/sprachmittlung?setting=kita&mode=in_person"))
    assert "Landesweite Sprachmittlung" in page and "Kurdisch vor Ort" in page and "Dolmetschbüro" not in page
    video = html(client.get("/sprachmittlung?mode=video&setting=health"))
    assert "Dolmetschbüro" in video and "Kurdisch vor Ort" not in video


def test_mediation_flags_offers_whose_lead_time_cannot_be_met(mediation_app, monkeypatch):
    monkeypatch.setattr(guided, "today_in_magdeburg", lambda: FRIDAY)
    page = html(mediation_app.test_client().get("/sprachmittlung?date=30.11.2026"))  # next Monday
    assert page.count("Zu spät für Ihren Termin") == 2  # lead times 3 and 10 working days
    assert titles_in_order(page, ["Kurdisch vor Ort", "Landesweite Sprachmittlung"])[0] == "Kurdisch vor Ort"
    assert "Das passt zu Ihrem Termin." in page
    later = html(mediation_app.test_client().get("/sprachmittlung?date=2026-12-10"))
    assert later.count("Zu spät für Ihren Termin") == 1  # only the 10-day lead time


@pytest.mark.parametrize("value", ["gestern", "2026-13-01", "31.02.2026", "2020-01-01"])
def test_mediation_bad_or_past_date_is_a_400(mediation_app, value):
    response = mediation_app.test_client().get(f"/sprachmittlung?date={value}")
    assert response.status_code == 400
    assert 'href="#f-date"' in html(response)


def test_guided_pages_work_without_javascript(mediation_app):
    client = mediation_app.test_client()
    for url in ("/nachhilfe", "/sprachmittlung"):
        page = html(client.get(url))
        # Every question is an ordinary form control; the only script is optional (location button, hidden).
        assert '<form method="get"' in page
        assert "<noscript" not in page or "Karte" in page
        button = re.search(r"<button[^>]*data-locate-button[^>]*>", page)
        assert button is None or " hidden" in button.group(0)


def test_where_you_live_can_be_a_postcode_or_a_street(tutoring_app):
    client = tutoring_app.test_client()
    for place in ("39124", "Lorenzweg", "neustaedter see"):
        response = client.get("/nachhilfe", query_string={"near": place})
        assert response.status_code == 200, place
        assert "Nah kostenlos" in html(response)
