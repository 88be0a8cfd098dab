"""Content translations from the seed: structure.yaml and offers.<lang>.yaml, their revision and review."""

from pathlib import Path

import yaml
from sqlalchemy import func, select

from directory.extensions import db
from directory.models import Category, Challenge, ContentTranslation, Measure, Offer
from directory.models.translation import content_hash, german_hash
from directory.services import translations as service
from directory.services.seed import seed
from tests.conftest import SEED_DIR
from tests.factories import make_offer, reference_data


def count_rows() -> int:
    return db.session.execute(select(func.count()).select_from(ContentTranslation)).scalar_one()


def test_german_hash_is_the_documented_algorithm():
    # README: SHA-256 of the fields joined by "\n", UTF-8, first 12 hex digits; a missing field counts as "".
    import hashlib

    assert german_hash(["Brückenbauer*innen", ""]) == hashlib.sha256("Brückenbauer*innen\n".encode()).hexdigest()[:12]
    assert german_hash(["a", None, "b"]) == german_hash(["a", "", "b"])


def test_seed_loads_every_structure_translation_made_from_todays_german(app):
    with app.app_context():
        seed(SEED_DIR, demo=False)
        # 10 challenges + 22 measures + 12 categories + 2 focus areas, in seven languages.
        assert count_rows() == 46 * 7
        rows = db.session.execute(select(ContentTranslation)).scalars().all()
        assert {row.origin for row in rows} == {"machine-assisted"}
        assert not any(row.is_reviewed for row in rows)
        by_key = {(row.content_type, row.object_id, row.locale): row for row in rows}
        for model, kind in ((Challenge, "challenge"), (Measure, "measure"), (Category, "category")):
            for obj in db.session.execute(select(model)).scalars():
                row = by_key[(kind, obj.id, "ar")]
                assert not row.is_outdated(content_hash(kind, obj)), (kind, obj.id)
        challenge = db.session.execute(select(Challenge).filter_by(slug="brueckenbauer")).scalar_one()
        assert by_key[("challenge", challenge.id, "uk")].texts == {"title": "Будівники мостів"}


def test_reseeding_keeps_the_teams_translations_and_reviews(app):
    with app.app_context():
        seed(SEED_DIR, demo=False)
        category = db.session.execute(select(Category).filter_by(slug="lernfoerderung")).scalar_one()
        challenge = db.session.execute(select(Challenge).filter_by(slug="brueckenbauer")).scalar_one()
        service.save_structure_translation(
            "category", category, "en", {"name": "Tutoring", "description": "Our own words."}, None
        )
        service.review_structure_translation("challenge", challenge, "tr", None)
        reviewed_at = service.structure_translation("challenge", challenge.id, "tr").reviewed_at

        report = seed(SEED_DIR, demo=False)
        assert report.created == {}
        own = service.structure_translation("category", category.id, "en")
        assert own.origin == "team" and own.texts == {"name": "Tutoring", "description": "Our own words."}
        assert service.structure_translation("challenge", challenge.id, "tr").reviewed_at == reviewed_at
        assert count_rows() == 46 * 7


def test_changed_german_makes_the_translation_outdated_until_reviewed(app):
    with app.app_context():
        seed(SEED_DIR, demo=False)
        category = db.session.execute(select(Category).filter_by(slug="lernfoerderung")).scalar_one()
        row = service.structure_translation("category", category.id, "fa")
        assert not row.is_outdated(content_hash("category", category))
        category.description = "Ein neuer Text."
        db.session.commit()
        assert row.is_outdated(content_hash("category", category))
        service.review_structure_translation("category", category, "fa", None)
        row = service.structure_translation("category", category.id, "fa")
        assert row.is_reviewed and not row.is_outdated(content_hash("category", category))


def test_offer_translations_load_from_a_seed_folder(app, tmp_path: Path):
    with app.app_context():
        reference_data()
        offer = make_offer("Hausaufgabenhilfe im Treff", summary="Montags", external_id="treff-hausaufgaben",
                           how_to_access="Einfach vorbeikommen.")
        folder = tmp_path / "translations"
        folder.mkdir()
        entry = {"de_hash": content_hash("offer", offer), "title": "مساعدة في الواجبات", "summary": "الاثنين",
                 "description": "", "how_to_access": "تعال ببساطة.", "limitations": ""}
        (folder / "offers.ar.yaml").write_text(
            yaml.safe_dump({"treff-hausaufgaben": entry, "unknown-offer": entry}, allow_unicode=True),
            encoding="utf-8",
        )
        assert service.load_offer_translations(folder) == (1, 0)
        db.session.commit()
        assert service.load_offer_translations(folder) == (0, 0)
        row = db.session.get(Offer, offer.id).translation("ar")
        assert (row.title, row.how_to_access, row.origin) == ("مساعدة في الواجبات", "تعال ببساطة.", "machine-assisted")
        assert not row.is_outdated(content_hash("offer", row.offer))
        assert row.needs_review_note
