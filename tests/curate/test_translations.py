"""Back office: translation coverage, the structure's translations, reviewing, the offers' new fields."""

from __future__ import annotations

import re

from sqlalchemy import select

from directory.extensions import db
from directory.models import Challenge, Offer
from directory.queries.translations import coverage, translation_backlog
from directory.services.seed import seed
from tests.conftest import SEED_DIR
from tests.curate.support import post_form
from tests.factories import make_offer


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_coverage_after_seeding_counts_every_language_and_type(app):
    with app.app_context():
        seed(SEED_DIR, demo=False)
        real_offers = len(db.session.execute(
            select(Offer).where(Offer.workflow_state == "published", Offer.demo.is_(False))
        ).scalars().all())
        figures = coverage()
        assert set(figures) == {"en", "ar", "uk", "ru", "tr", "fa", "ku"}
        for by_type in figures.values():
            assert by_type["challenge"].counts() == {
                "total": 10, "translated": 10, "reviewed": 0, "machine_assisted": 10, "outdated": 0, "missing": 0,
            }
            assert by_type["measure"].translated == 22 and by_type["category"].translated == 12
            assert by_type["focus_area"].translated == 2
            # seed_data/translations/offers.<lang>.yaml, made from the German as it stands in offers.yaml.
            assert by_type["offer"].translated == real_offers and by_type["offer"].outdated == 0
        # Missing and outdated, over all languages (for the dashboard): a changed German title adds seven.
        before = translation_backlog()
        challenge = db.session.execute(select(Challenge).filter_by(slug="begegnung")).scalar_one()
        challenge.title = "Begegnungsangebote im Stadtteil"
        db.session.commit()
        assert translation_backlog() == before + 7
        assert coverage(["ar"], ["challenge"])["ar"]["challenge"].outdated == 1


def _seeded_challenge(app) -> int:
    with app.app_context():
        seed(SEED_DIR, demo=False)
        return db.session.execute(select(Challenge).filter_by(slug="brueckenbauer")).scalar_one().id


def test_editor_sees_coverage_and_the_missing_items(app, logged_in_client):
    _seeded_challenge(app)
    with app.app_context():
        offer = db.session.execute(select(Offer).filter_by(external_id="sisa")).scalar_one()
        offer.translations.remove(offer.translation("ar"))
        db.session.commit()
    editor = logged_in_client("editor")
    html = page(editor.get("/curate/translations"))
    assert 'id="coverage-ar"' in html
    assert "/curate/translations/ar/offer?show=missing" in html
    listing = page(editor.get("/curate/translations/ar/offer?show=missing"))
    assert "/curate/offers/" in listing and "/translations#lang-ar" in listing
    assert editor.get("/curate/translations/de/offer").status_code == 404
    assert logged_in_client("contributor").get("/curate/translations").status_code == 403


def test_editor_edits_and_reviews_a_structure_translation(app, logged_in_client):
    challenge_id = _seeded_challenge(app)
    editor = logged_in_client("editor")
    url = f"/curate/translations/challenge/{challenge_id}"
    html = page(editor.get(url))
    assert "بناة الجسور" in html and "übersetzt, nicht geprüft" in html
    assert post_form(editor, f"{url}/ar/review").status_code == 302
    html = page(editor.get(url))
    assert re.search(r"Geprüft von editor[^ ]* am", html)
    assert post_form(editor, f"{url}/en", {"en-title": "Bridge builders (Brückenbauer*innen)"}).status_code == 302
    with app.app_context():
        from directory.services.translations import structure_translation

        ar = structure_translation("challenge", challenge_id, "ar")
        en = structure_translation("challenge", challenge_id, "en")
        assert ar.is_reviewed and ar.reviewed_by.startswith("editor")
        assert en.origin == "team" and en.texts == {"title": "Bridge builders (Brückenbauer*innen)"}
        assert not en.is_reviewed
    assert page(app.test_client().get("/challenges/brueckenbauer?lang=en")).count(
        "Bridge builders (Brückenbauer*innen)") >= 1


def test_offer_translations_page_has_access_and_limitations_and_a_review_button(app, logged_in_client):
    with app.app_context():
        from tests.factories import reference_data

        reference_data()
        offer_id = make_offer("Elterncafé am Markt", how_to_access="Ohne Anmeldung.", limitations="Keine Beratung.").id
    editor = logged_in_client("editor")
    html = page(editor.get(f"/curate/offers/{offer_id}/translations"))
    version = re.search(r'id="tr-version" name="tr-version" type="hidden" value="(\d+)"', html).group(1)
    response = post_form(editor, f"/curate/offers/{offer_id}/translations/tr", {
        "tr-title": "Pazar yerinde veli kafesi", "tr-how_to_access": "Kayıt gerekmez.",
        "tr-limitations": "Danışmanlık yok.", "tr-version": version,
    })
    assert response.status_code == 302
    with app.app_context():
        row = db.session.get(Offer, offer_id).translation("tr")
        assert (row.how_to_access, row.limitations, row.origin) == ("Kayıt gerekmez.", "Danışmanlık yok.", "team")
        assert row.de_hash is not None
    html = page(editor.get(f"/curate/offers/{offer_id}/translations"))
    assert f"/curate/offers/{offer_id}/translations/tr/review" in html
    assert post_form(editor, f"/curate/offers/{offer_id}/translations/tr/review").status_code == 302
    with app.app_context():
        assert db.session.get(Offer, offer_id).translation("tr").is_reviewed
    contributor = logged_in_client("contributor")
    assert post_form(contributor, f"/curate/offers/{offer_id}/translations/tr/review").status_code == 403


def test_coverage_command_prints_every_language(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed"]).exit_code == 0
    result = runner.invoke(args=["translations", "coverage"])
    assert result.exit_code == 0, result.output
    assert "fa   challenge     10/10" in result.output
    assert "Outdated or missing, all languages:" in result.output
