"""Public pages in the reader's language: challenges, measures, categories, focus areas and offers."""

from html import unescape

import yaml

from directory.extensions import db
from directory.models import Offer
from directory.models.translation import content_hash
from directory.services import translations as service
from tests.factories import make_offer, reference_data

NOTE_AR = "مترجَم، لم تتم مراجعته"  # "übersetzt, nicht geprüft"


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return unescape(response.get_data(as_text=True))


def main(text: str) -> str:
    return text.split("<main", 1)[1]


def test_challenge_page_shows_challenge_and_measures_in_arabic_with_the_note(seeded_client):
    page = main(html(seeded_client.get("/challenges/brueckenbauer?lang=ar")))
    assert "<h1>بناة الجسور</h1>" in page
    assert "translation-note" in page and NOTE_AR in page
    assert "original=1" in page
    assert "Brückenbauer*innen" not in page


def test_the_german_original_is_one_click_away(seeded_client):
    page = main(html(seeded_client.get("/challenges/brueckenbauer?lang=ar&original=1")))
    assert '<h1><span lang="de" dir="ltr">Brückenbauer*innen</span></h1>' in page
    assert "original=1" not in page.split("translation-note", 1)[1].split("</p>", 1)[0]


def test_german_pages_have_no_translation_note(seeded_client):
    page = main(html(seeded_client.get("/challenges/brueckenbauer?lang=de")))
    assert "translation-note" not in page
    assert "<h1>Brückenbauer*innen</h1>" in page


def test_category_focus_area_and_status_board_in_persian(seeded_client):
    category = main(html(seeded_client.get("/categories/hausaufgabenhilfe?lang=fa")))
    assert ' lang="de"' not in category.split("<h2", 1)[0]
    assert "translation-note" in category
    status = main(html(seeded_client.get("/status?lang=fa")))
    assert "translation-note" in status
    assert "Sprachmittlung in Sachsen-Anhalt" in status  # the proper name stays German inside the Persian text
    area = main(html(seeded_client.get("/focus-areas/leipziger-strasse-schilfbreite?lang=uk")))
    assert "translation-note" in area


def test_topic_facet_names_the_categories_in_the_readers_language(seeded_client):
    page = html(seeded_client.get("/search?q=&lang=en"))
    assert "Homework help" in page


def _translated_offer(folder) -> Offer:
    reference_data()
    offer = make_offer(
        "Hausaufgabenhilfe im Treff", summary="Montags nach der Schule.", external_id="treff",
        how_to_access="Einfach vorbeikommen.", limitations="Keine Einzelbetreuung.",
    )
    entry = {"de_hash": content_hash("offer", offer), "title": "مساعدة في الواجبات المدرسية",
             "summary": "أيام الاثنين بعد المدرسة.", "description": "",
             "how_to_access": "تعال ببساطة.", "limitations": "لا يوجد دعم فردي."}
    (folder / "offers.ar.yaml").write_text(yaml.safe_dump({"treff": entry}, allow_unicode=True), encoding="utf-8")
    service.load_offer_translations(folder)
    db.session.commit()
    return offer


def test_offer_page_shows_all_five_fields_translated_then_reviewed(app, tmp_path):
    with app.app_context():
        offer = _translated_offer(tmp_path)
        offer_id, slug = offer.id, offer.slug
    client = app.test_client()
    page = main(html(client.get(f"/offers/{slug}?lang=ar")))
    for text in ("مساعدة في الواجبات المدرسية", "أيام الاثنين بعد المدرسة.", "تعال ببساطة.", "لا يوجد دعم فردي."):
        assert text in page
    assert "Einfach vorbeikommen." not in page
    assert "translation-note" in page
    original = main(html(client.get(f"/offers/{slug}?lang=ar&original=1")))
    assert '<p lang="de" dir="ltr">Einfach vorbeikommen.</p>' in original
    assert '<p lang="de" dir="ltr">Keine Einzelbetreuung.</p>' in original

    # (Requests run outside the test's app context: a request inside it would share its cached locale.)
    with app.app_context():
        service.review_offer_translation(db.session.get(Offer, offer_id), "ar", None)
    assert "translation-note" not in main(html(client.get(f"/offers/{slug}?lang=ar")))


def test_changed_german_shows_the_translation_as_outdated(app, tmp_path):
    with app.app_context():
        offer = _translated_offer(tmp_path)
        service.review_offer_translation(offer, "ar", None)
        offer.limitations = "Keine Einzelbetreuung, keine Prüfungsvorbereitung."
        db.session.commit()
        slug = offer.slug
    page = main(html(app.test_client().get(f"/offers/{slug}?lang=ar&original=0")))
    assert "translation-note" in page
    assert "الترجمة مأخوذة من نسخة أقدم من النص الألماني." in page  # the outdated note, in Arabic
