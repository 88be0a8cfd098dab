"""Back-office forms (German errors, weekday rows, places outside Magdeburg), duplicate hints."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from directory.curate.forms.catalogue import PlaceForm
from directory.curate.forms.offers import OfferForm, TranslationForm
from directory.geo.shapes import inside_any
from directory.services.offers import editing
from directory.services.offers.duplicates import find_likely_duplicates, title_similarity
from directory.services.offers.snapshots import offer_to_data
from tests import factories as make

CHOICES = {
    "categories": [("lernfoerderung", "Nachhilfe")],
    "organisations": [("verein", "Verein")],
    "places": [("6f1c1d1e-0000-4000-8000-000000000001", "Treff")],
    "districts": [("altstadt", "Altstadt")],
    "focus_areas": [],
    "challenges": [("sprachmittlung", "Sprachmittlung")],
}


def offer_form(app, **fields):
    data = MultiDict({"title": "Lernhilfe", "category": "lernfoerderung", "status": "active", "cost": "free"})
    for name, value in fields.items():
        if isinstance(value, list):
            data.setlist(name, value)
        else:
            data[name] = value
    with app.test_request_context(method="POST", data=data):
        form = OfferForm(choices=CHOICES, meta={"csrf": False})
        valid = form.validate()
        return form, valid


def test_offer_form_produces_the_data_apply_offer_data_takes(app):
    form, valid = offer_form(
        app,
        languages=["de", "ku"],
        **{"hours-0-day": "mon", "hours-0-opens": "09:00", "hours-0-closes": "12:00", "hours-1-day": ""},
        districts=["altstadt"], citywide="y", price_text="10 €", but_eligible="y", age_min="6", age_max="12",
    )
    assert valid, form.errors
    data = form.to_data()
    assert data["languages"] == ["de", "ku"]
    assert data["opening_hours"]["weekly"] == [{"day": "mon", "opens": "09:00", "closes": "12:00"}]
    assert data["service_area"] == {"districts": ["altstadt"], "focus_areas": [], "citywide": True,
                                    "statewide": False}
    assert (data["but_eligible"], data["age_min"], data["age_max"]) == (True, 6, 12)


def test_offer_form_errors_are_german_and_name_the_problem(app):
    form, valid = offer_form(
        app, title="", age_min="12", age_max="6", email="keine-adresse", website="www.example.org",
        languages=["xx"], **{"hours-0-day": "tue", "hours-0-opens": "9 Uhr", "hours-0-closes": "08:00"},
    )
    assert not valid
    assert form.title.errors == ["Bitte einen Titel angeben."]
    assert "Das Höchstalter muss mindestens so hoch sein wie das Mindestalter." in form.age_max.errors
    assert form.email.errors == ["Bitte eine gültige E-Mail-Adresse angeben."]
    assert "https://" in form.website.errors[0]
    assert form.languages.errors == ["Unbekannte Auswahl: xx"]
    assert form.hours[0].opens.errors == ["Uhrzeit bitte als SS:MM angeben, z. B. 09:00."]


def test_offer_form_wants_a_place_for_in_person_offers_unless_statewide(app):
    form, valid = offer_form(app, modes=["in_person"])
    assert not valid and "mindestens einen Ort" in form.places.errors[0]
    _form, valid = offer_form(app, modes=["in_person"], statewide="y")
    assert valid
    # An ended offer is kept as a record: it can be saved without a place.
    _form, valid = offer_form(app, modes=["in_person"], status="ended")
    assert valid


def test_offer_form_round_trips_an_offer(app):
    with app.app_context():
        make.district()
        offer = editing.create_offer_draft(
            make.offer_data(service_area={"districts": ["altstadt"], "citywide": False}, age_min=8), make.actor()
        )
        snapshot = offer_to_data(offer)
    with app.test_request_context():
        form = OfferForm(data=OfferForm.initial(snapshot, version=3), choices=CHOICES, meta={"csrf": False})
        data = form.to_data()
    assert form.version.data == "3"
    for name in ("title", "summary", "languages", "modes", "age_min", "category", "cost"):
        assert data[name] == snapshot[name], name
    assert data["opening_hours"]["weekly"] == snapshot["opening_hours"]["weekly"]
    assert data["service_area"]["districts"] == ["altstadt"]


def place_form(app, **fields):
    with app.test_request_context(method="POST", data=fields):
        form = PlaceForm(districts=[("altstadt", "Altstadt")], boundary=[make.ALTSTADT_SQUARE], meta={"csrf": False})
        return form, form.validate()


def test_place_outside_magdeburg_needs_confirmation(app):
    form, valid = place_form(app, street="Domplatz 1", postcode="06108", lat="51,4825", lon="11,9697")
    assert not valid
    assert form.confirm_outside.errors == [
        "Diese Koordinaten liegen außerhalb Magdeburgs. Bitte prüfen und bestätigen."
    ]
    form, valid = place_form(app, street="Domplatz 1", lat="51,4825", lon="11,9697", confirm_outside="y")
    assert valid
    assert form.to_data()["lat"] == 51.4825


def test_place_inside_magdeburg_needs_no_confirmation_and_coordinates_come_in_pairs(app):
    _form, valid = place_form(app, street="Breiter Weg 1", postcode="39104", lat="52.13", lon="11.63")
    assert valid
    form, valid = place_form(app, street="Breiter Weg 1", lat="52.13")
    assert not valid and form.lon.errors == ["Breite und Länge bitte zusammen angeben."]
    form, valid = place_form(app, street="Breiter Weg 1", postcode="391", lat="abc", lon="11")
    assert form.postcode.errors == ["Die Postleitzahl hat fünf Ziffern."]
    assert "Bitte eine Zahl angeben, z. B. 52,1301." in form.lat.errors


def test_translation_needs_a_title_when_it_has_text(app):
    with app.test_request_context(method="POST", data={"summary": "Help with homework"}):
        form = TranslationForm(meta={"csrf": False})
        assert not form.validate()
        assert form.title.errors == ["Bitte auch den Titel übersetzen."]


def test_title_similarity_folds_german_and_ignores_filler_words():
    assert title_similarity("Hausaufgabenhilfe im Stadtteiltreff", "Hausaufgabenhilfe  Stadtteiltreff") == 1.0
    assert title_similarity("Sprachmittlung für Kitas", "Sprachmittlung fuer KiTas") == 1.0
    assert title_similarity("Hausaufgabenhilfe", "Stadtteilfest Buckau") < 0.5


def test_likely_duplicates_by_title_provider_and_address(app):
    with app.app_context():
        org = make.organisation()
        place = make.place(street="Breiter Weg 10", postcode="39104")
        existing = editing.create_offer_draft(
            make.offer_data(organisation=org.slug, places=[str(place.id)]), make.actor()
        )
        other_place = make.place(street="Breiter Weg 10 ", postcode="39104")

        by_title = find_likely_duplicates("Hausaufgabenhilfe im Stadtteiltreff Nord")
        assert [hint.offer.id for hint in by_title] == [existing.id]
        assert by_title[0].reasons == ["ähnlicher Titel"]

        by_address = find_likely_duplicates("Elterncafé", place_ids=[str(other_place.id)])
        assert by_address[0].reasons == ["gleiche Adresse"]

        by_provider = find_likely_duplicates("Hausaufgabenbetreuung Stadtteiltreff", organisation_slug=org.slug)
        assert "gleicher Träger" in by_provider[0].reasons

        assert find_likely_duplicates("Stadtteilfest Buckau") == []
        assert find_likely_duplicates(existing.title, exclude_id=existing.id) == []


def test_inside_any_tells_magdeburg_from_halle():
    assert inside_any(52.13, 11.63, [make.ALTSTADT_SQUARE])
    assert not inside_any(51.4825, 11.9697, [make.ALTSTADT_SQUARE])


def test_event_times_are_typed_in_local_time_and_stored_in_utc(app):
    form, valid = offer_form(app, starts_at="2026-09-14T18:00", ends_at="2026-09-14T20:00")
    assert valid, form.errors
    data = form.to_data()
    assert data["starts_at"].isoformat() == "2026-09-14T16:00:00+00:00"  # 18:00 summer time in Magdeburg
    with app.test_request_context():
        initial = OfferForm.initial({"starts_at": "2026-09-14T16:00:00", "ends_at": None})
    assert initial["starts_at"].isoformat() == "2026-09-14T18:00:00"
