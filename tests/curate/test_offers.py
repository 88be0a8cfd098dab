"""Editing offers in the back office as the team does it: drafts, review, publication, conflicts, history, restore,
duplicates, places, translations, hard delete and the audit log."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from directory.extensions import db
from directory.models import AuditEntry, Offer, Place
from directory.services.offers import editing, revisions
from tests import factories as make
from tests.curate.support import csrf_token, post_form
from tests.factories import reference_data

VERSION = re.compile(r'name="version" type="hidden" value="(\d*)"')


def page(response) -> str:
    return response.get_data(as_text=True)


def offer_form(**fields) -> dict:
    data = {"title": "Hausaufgabenhilfe im Stadtteiltreff", "category": "lernfoerderung", "status": "active",
            "cost": "free", "summary": "Montags und mittwochs."}
    data.update(fields)
    return data


def count_offers() -> int:
    return db.session.execute(select(func.count()).select_from(Offer)).scalar_one()


@pytest.fixture
def draft(app):
    """An existing draft offer's id."""
    with app.app_context():
        offer = editing.create_offer_draft(make.offer_data(), make.actor("anlage@example.org"))
        return offer.id


def test_contributor_creates_a_draft_submits_it_but_cannot_publish(app, logged_in_client):
    with app.app_context():
        make.category()
    contributor = logged_in_client("contributor")
    response = post_form(contributor, "/curate/offers/new", offer_form(languages=["de", "ar"]))
    assert response.status_code == 302
    with app.app_context():
        offer = db.session.execute(select(Offer)).scalar_one()
        offer_id = offer.id
        assert (offer.workflow_state, offer.languages) == ("draft", ["de", "ar"])
        assert str(offer.created_by_id) == str(contributor.user.id)

    assert post_form(contributor, f"/curate/offers/{offer_id}/publish").status_code == 403
    assert post_form(contributor, f"/curate/offers/{offer_id}/submit").status_code == 302
    with app.app_context():
        assert db.session.get(Offer, offer_id).workflow_state == "review"
    # Still their own entry in review: they may edit it; publishing stays with the editors.
    assert contributor.get(f"/curate/offers/{offer_id}/edit").status_code == 200
    editor = logged_in_client("editor")
    assert post_form(editor, f"/curate/offers/{offer_id}/publish").status_code == 302
    with app.app_context():
        assert db.session.get(Offer, offer_id).workflow_state == "published"
    # Published: a contributor can no longer change it.
    assert contributor.get(f"/curate/offers/{offer_id}/edit").status_code == 403
    assert post_form(contributor, f"/curate/offers/{offer_id}/edit", offer_form(title="Heimlich")).status_code == 403
    assert post_form(contributor, f"/curate/offers/{offer_id}/archive").status_code == 403


def test_form_errors_are_german_with_a_summary_linked_to_the_fields(app, logged_in_client):
    with app.app_context():
        make.category()
    client = logged_in_client("editor")
    response = post_form(client, "/curate/offers/new", offer_form(title="", email="nein", age_min="10", age_max="3"))
    assert response.status_code == 400
    html = page(response)
    assert 'role="alert"' in html and "Bitte prüfen Sie Ihre Eingaben" in html
    assert '<a href="#title">Titel: Bitte einen Titel angeben.</a>' in html
    assert "Bitte eine gültige E-Mail-Adresse angeben." in html
    assert 'aria-invalid="true"' in html
    # The input is kept.
    assert 'value="nein"' in html
    with app.app_context():
        assert count_offers() == 0


def test_likely_duplicates_are_shown_with_links_and_the_user_can_proceed(app, logged_in_client, draft):
    client = logged_in_client("editor")
    response = post_form(client, "/curate/offers/new", offer_form(title="Hausaufgabenhilfe Stadtteiltreff"))
    assert response.status_code == 200
    html = page(response)
    assert "Gibt es dieses Angebot schon?" in html
    assert f'href="/curate/offers/{draft}/edit"' in html and "ähnlicher Titel" in html
    assert 'value="Hausaufgabenhilfe Stadtteiltreff"' in html
    with app.app_context():
        assert count_offers() == 1
    response = post_form(
        client, "/curate/offers/new", offer_form(title="Hausaufgabenhilfe Stadtteiltreff", confirm_duplicates="y")
    )
    assert response.status_code == 302
    with app.app_context():
        assert count_offers() == 2


def test_second_save_on_an_old_version_is_refused_and_the_input_kept(app, logged_in_client, draft):
    first, second = logged_in_client("editor"), logged_in_client("editor")
    url = f"/curate/offers/{draft}/edit"
    seen_by_first = VERSION.search(page(first.get(url))).group(1)
    seen_by_second = VERSION.search(page(second.get(url))).group(1)
    assert seen_by_first == seen_by_second

    saved = post_form(first, url, offer_form(title="Gespeichert von der Ersten", version=seen_by_first))
    assert saved.status_code == 302
    response = post_form(second, url, offer_form(title="Eingabe der Zweiten", version=seen_by_second))

    assert response.status_code == 409
    html = page(response)
    assert "Jemand anderes hat dieses Angebot inzwischen gespeichert" in html
    assert 'value="Eingabe der Zweiten"' in html  # nothing lost
    assert first.user.email in html  # who saved in between
    with app.app_context():
        assert db.session.get(Offer, draft).title == "Gespeichert von der Ersten"
    # Saving again from the refreshed form is a deliberate choice, and the first save stays in the history.
    refreshed = VERSION.search(html).group(1)
    assert refreshed != seen_by_second
    assert post_form(second, url, offer_form(title="Eingabe der Zweiten", version=refreshed)).status_code == 302
    with app.app_context():
        offer = db.session.get(Offer, draft)
        assert offer.title == "Eingabe der Zweiten"
        assert [r.snapshot["title"] for r in revisions.revisions_of(offer)][:2] == [
            "Eingabe der Zweiten", "Gespeichert von der Ersten"
        ]


def test_an_in_person_offer_needs_a_place_unless_it_ended_or_has_none_on_record(app, logged_in_client, draft):
    editor = logged_in_client("editor")
    new = post_form(editor, "/curate/offers/new", offer_form(modes=["in_person"]))
    assert new.status_code == 400 and "mindestens einen Ort" in page(new)
    # An offer recorded without a place (its source names none, and none is invented) stays editable.
    url = f"/curate/offers/{draft}/edit"
    version = VERSION.search(page(editor.get(url))).group(1)
    corrected_form = offer_form(modes=["in_person"], limitations="Kommt in die Kita", version=version)
    corrected = post_form(editor, url, corrected_form)
    assert corrected.status_code == 302
    version = VERSION.search(page(editor.get(url))).group(1)
    ended_form = offer_form(modes=["in_person"], status="ended", limitations="Einmalig", version=version)
    ended = post_form(editor, url, ended_form)
    assert ended.status_code == 302
    with app.app_context():
        offer = db.session.get(Offer, draft)
        assert (offer.status, offer.limitations, offer.places) == ("ended", "Einmalig", [])


def test_history_shows_readable_diffs_and_an_editor_can_restore(app, logged_in_client, draft):
    editor = logged_in_client("editor")
    url = f"/curate/offers/{draft}/edit"
    version = VERSION.search(page(editor.get(url))).group(1)
    post_form(editor, url, offer_form(title="Neuer Titel", cost="paid", version=version))
    edit_page = page(editor.get(url))
    assert "Fassung 2, gespeichert am" in edit_page and f"von {editor.user.email}" in edit_page

    html = page(editor.get(f"/curate/offers/{draft}/history"))
    assert "Fassung 2" in html and editor.user.email in html
    assert "<del>Hausaufgabenhilfe im Stadtteiltreff</del>" in html and "<ins>Neuer Titel</ins>" in html
    assert "<del>kostenlos</del>" in html and "<ins>kostenpflichtig</ins>" in html
    diff = page(editor.get(f"/curate/offers/{draft}/revisions/2"))
    assert "<th scope=\"row\">Kosten</th>" in diff

    contributor = logged_in_client("contributor")
    assert post_form(contributor, f"/curate/offers/{draft}/revisions/1/restore").status_code == 403
    response = post_form(editor, f"/curate/offers/{draft}/revisions/1/restore")
    assert response.status_code == 302
    with app.app_context():
        offer = db.session.get(Offer, draft)
        assert (offer.title, offer.cost) == ("Hausaufgabenhilfe im Stadtteiltreff", "free")
        assert revisions.revisions_of(offer)[0].action == "restore"
    assert "Fassung 3" in page(editor.get(f"/curate/offers/{draft}/history"))
    assert editor.get(f"/curate/offers/{draft}/revisions/99").status_code == 404


def test_hard_delete_is_for_admins_needs_confirmation_and_is_recorded(app, logged_in_client, draft):
    editor = logged_in_client("editor")
    assert editor.get(f"/curate/offers/{draft}/delete").status_code == 403
    assert post_form(editor, f"/curate/offers/{draft}/delete",
                     {"confirmation": "Hausaufgabenhilfe im Stadtteiltreff", "understood": "y"}).status_code == 403
    admin = logged_in_client("admin")
    assert "endgültig" in page(admin.get(f"/curate/offers/{draft}/delete"))
    response = post_form(admin, f"/curate/offers/{draft}/delete", {"confirmation": "Falsch", "understood": "y"})
    assert response.status_code == 400 and "genau eingeben" in page(response)
    unticked = {"confirmation": "Hausaufgabenhilfe im Stadtteiltreff"}
    response = post_form(admin, f"/curate/offers/{draft}/delete", unticked)
    assert response.status_code == 400 and "Bitte bestätigen." in page(response)
    with app.app_context():
        assert db.session.get(Offer, draft) is not None
    response = post_form(admin, f"/curate/offers/{draft}/delete",
                         {"confirmation": "Hausaufgabenhilfe im Stadtteiltreff", "understood": "y"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Offer, draft) is None
        entry = db.session.execute(select(AuditEntry).filter_by(action="delete")).scalar_one()
        assert entry.actor_name == admin.user.email
    log = page(admin.get("/curate/audit"))
    assert "endgültig gelöscht" in log and "Hausaufgabenhilfe im Stadtteiltreff" in log


def test_archiving_keeps_the_offer_and_editors_can_restore_it_from_the_archive(app, logged_in_client, draft):
    editor = logged_in_client("editor")
    assert post_form(editor, f"/curate/offers/{draft}/archive").status_code == 302
    with app.app_context():
        assert db.session.get(Offer, draft).workflow_state == "archived"
    listing = page(editor.get("/curate/offers?state=archived"))
    assert "Hausaufgabenhilfe im Stadtteiltreff" in listing
    assert "Hausaufgabenhilfe" not in page(editor.get("/curate/offers?state=published"))
    assert post_form(editor, f"/curate/offers/{draft}/unarchive").status_code == 302
    with app.app_context():
        assert db.session.get(Offer, draft).workflow_state == "draft"


def test_audit_log_filters_by_person_and_date(app, logged_in_client, draft):
    anna, ben = logged_in_client("editor"), logged_in_client("editor")
    post_form(anna, f"/curate/offers/{draft}/submit")
    post_form(ben, "/curate/organisations/new", {"name": "Verein Nord"})
    everything = page(anna.get("/curate/audit"))
    assert anna.user.email in everything and ben.user.email in everything and "Verein Nord" in everything
    only_ben = page(anna.get("/curate/audit", query_string={"person": ben.user.email}))
    assert "Verein Nord" in only_ben and "zur Prüfung eingereicht" not in only_ben
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    assert "Keine Einträge" in page(anna.get("/curate/audit", query_string={"since": tomorrow}))
    today = date.today().isoformat()
    assert "Verein Nord" in page(anna.get("/curate/audit", query_string={"since": today, "until": tomorrow}))
    response = anna.get("/curate/audit", query_string={"since": tomorrow, "until": today})
    assert response.status_code == 400 and "vor seinem Anfang" in page(response)


def test_place_outside_magdeburg_asks_for_confirmation_and_lookup_fills_coordinates(app, logged_in_client):
    with app.app_context():
        reference_data()
    client = logged_in_client("contributor")
    halle = {"street": "Marktplatz 1", "postcode": "06108", "city": "Halle", "lat": "51,4825", "lon": "11,9697"}
    response = post_form(client, "/curate/places/new", halle)
    assert response.status_code == 400
    assert "außerhalb Magdeburgs" in page(response)
    assert post_form(client, "/curate/places/new", dict(halle, confirm_outside="y")).status_code == 302

    response = post_form(client, "/curate/places/new", {"street": "Adelheidring 3", "lookup": "1"})
    html = page(response)
    assert response.status_code == 200 and "Straßenmitte" in html
    assert 'value="52.130609"' in html and '<option selected value="stadtfeld-ost">' in html
    with app.app_context():
        assert db.session.execute(select(func.count()).select_from(Place)).scalar_one() == 1  # a look-up saves nothing

    inside = {"street": "Adelheidring 3", "postcode": "39108", "lat": "52.130609", "lon": "11.621386",
              "district": "stadtfeld-ost"}
    assert post_form(client, "/curate/places/new", inside).status_code == 302
    with app.app_context():
        place = db.session.execute(select(Place).filter_by(street="Adelheidring 3")).scalar_one()
        assert place.district.name == "Stadtfeld Ost"


def test_translations_are_edited_in_the_back_office_and_shown_on_the_public_page(app, logged_in_client, draft):
    editor = logged_in_client("editor")
    post_form(editor, f"/curate/offers/{draft}/publish")
    html = page(editor.get(f"/curate/offers/{draft}/translations"))
    assert 'id="lang-ar"' in html and 'dir="rtl"' in html
    version = re.search(r'id="en-version" name="en-version" type="hidden" value="(\d+)"', html).group(1)
    response = post_form(
        editor, f"/curate/offers/{draft}/translations/en",
        {"en-title": "Homework help at the neighbourhood centre", "en-summary": "Mondays and Wednesdays.",
         "en-version": version},
    )
    assert response.status_code == 302
    with app.app_context():
        offer = db.session.get(Offer, draft)
        assert offer.translation("en").title == "Homework help at the neighbourhood centre"
        assert revisions.revisions_of(offer)[0].action == "translation"
        slug = offer.slug
    public = app.test_client().get(f"/offers/{slug}?lang=en")
    assert "Homework help at the neighbourhood centre" in page(public)
    # An old version is refused here too, and the text stays in the form.
    response = post_form(editor, f"/curate/offers/{draft}/translations/en",
                         {"en-title": "Old text", "en-version": version})
    assert response.status_code == 409 and 'value="Old text"' in page(response)
    assert post_form(editor, f"/curate/offers/{draft}/translations/xx", {"xx-title": "?"}).status_code == 404


def test_offer_list_filters_by_state_category_and_text(app, logged_in_client, draft):
    client = logged_in_client("contributor")
    html = page(client.get("/curate/offers"))
    assert "Hausaufgabenhilfe im Stadtteiltreff" in html and "Entwurf" in html
    assert "Hausaufgabenhilfe" in page(client.get("/curate/offers?q=aufgaben&category=lernfoerderung"))
    assert "Keine Angebote" in page(client.get("/curate/offers?q=Tanzkurs"))
    assert client.get("/curate/offers?state=nonsense&page=x").status_code == 200


def test_offer_list_search_survives_nul_bytes_long_text_and_like_wildcards(app, logged_in_client, draft):
    client = logged_in_client("contributor")
    found = client.get("/curate/offers", query_string={"q": "Haus\x00aufgaben"})
    assert found.status_code == 200 and "Keine Angebote" in page(found)  # the NUL splits the word, no 500
    assert "Hausaufgabenhilfe" in page(client.get("/curate/offers", query_string={"q": "\x00aufgaben\x07"}))
    long = client.get("/curate/offers", query_string={"q": "aufgaben" + "x" * 10_000})
    assert long.status_code == 200 and "Keine Angebote" in page(long)
    assert "Keine Angebote" in page(client.get("/curate/offers", query_string={"q": "%"}))
    assert "Keine Angebote" in page(client.get("/curate/offers", query_string={"q": "haus_ufgaben"}))


def test_csrf_token_is_needed_to_save(app, logged_in_client, draft):
    client = logged_in_client("editor")
    assert client.post(f"/curate/offers/{draft}/publish").status_code == 400
    token = csrf_token(client, f"/curate/offers/{draft}/edit")
    assert client.post(f"/curate/offers/{draft}/publish", data={"csrf_token": token}).status_code == 302


def test_audit_log_pages_keep_the_filter(app, logged_in_client):
    client = logged_in_client("editor")
    with app.app_context():
        db.session.add_all(
            AuditEntry(actor_name="anna@example.org", action="update", object_type="place", object_id=str(n),
                       object_label=f"Ort {n}")
            for n in range(51)
        )
        db.session.commit()
    first = page(client.get("/curate/audit", query_string={"person": "anna@example.org"}))
    assert "Seite 1 von 2" in first
    assert 'href="/curate/audit?page=2&amp;person=anna@example.org"' in first
    second = page(client.get("/curate/audit", query_string={"person": "anna@example.org", "page": 2}))
    assert "Seite 2 von 2" in second and second.count("Ort ") == 1
