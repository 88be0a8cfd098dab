"""The seed loader: what the city's workshop document and the gazetteer put in the directory."""

from sqlalchemy import func, select

from directory.extensions import db
from directory.geo.shapes import point_in_geometry
from directory.models import Category, Challenge, District, FocusArea, Measure, Offer, Place, Postcode
from directory.services.seed import seed
from tests.conftest import SEED_DIR


def count(model) -> int:
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def snapshot() -> dict:
    models = (Category, Challenge, District, FocusArea, Measure, Offer, Place, Postcode)
    counts = {m.__name__: count(m) for m in models}
    versions = dict(db.session.execute(select(Offer.external_id, Offer.version)).all())
    return {"counts": counts, "versions": versions}


def test_seed_loads_the_workshop_and_the_gazetteer(app):
    with app.app_context():
        seed(SEED_DIR, demo=False)
        assert count(Challenge) == 10
        assert count(Measure) == 22
        assert count(District) == 40
        assert count(Postcode) == 14
        assert count(FocusArea) == 2
        titles = db.session.execute(select(Challenge.title).order_by(Challenge.position)).scalars().all()
        assert titles[0] == "Bedarf Sprachmittlung, insbesondere an KiTas und Schulen"
        assert titles[-1] == "Workshopangebote"
        assert db.session.execute(select(func.count()).where(Offer.demo.is_(True))).scalar_one() == 0


def test_seed_twice_changes_nothing(app):
    with app.app_context():
        seed(SEED_DIR, demo=True)
        before = snapshot()
        report = seed(SEED_DIR, demo=True)
        assert report.created == {}
        assert snapshot() == before


def test_focus_areas_are_the_two_schwerpunktbereiche(app):
    with app.app_context():
        seed(SEED_DIR, demo=False)
        north = db.session.execute(
            select(FocusArea).filter_by(slug="neue-neustadt-neustaedter-see-kannenstieg")
        ).scalar_one()
        assert [d.name for d in north.districts] == ["Neue Neustadt", "Neustädter See", "Kannenstieg"]
        south = db.session.execute(select(FocusArea).filter_by(slug="leipziger-strasse-schilfbreite")).scalar_one()
        assert [d.name for d in south.districts] == ["Leipziger Straße"]
        assert south.aliases == ["Schilfbreite"]
        # Schilfbreite is a quarter, not a Stadtteil: no district (and so no invented coordinates) for it.
        assert db.session.execute(select(District).where(District.name.ilike("%schilf%"))).first() is None


def test_measure_status_comes_from_the_document(app):
    with app.app_context():
        seed(SEED_DIR, demo=False)
        events = db.session.execute(select(Measure).filter_by(key="informationsveranstaltungen")).scalar_one()
        assert events.status == "in_progress"
        assert events.progress_note == "3 Veranstaltungen durchgeführt, weitere in Planung"
        meetings = db.session.execute(
            select(Measure).filter_by(key="begegnungsformate-wohnungsunternehmen")
        ).scalar_one()
        assert meetings.status == "hard_to_plan"


def test_reseeding_keeps_the_teams_status_updates(app):
    with app.app_context():
        seed(SEED_DIR, demo=False)
        measure = db.session.execute(select(Measure).filter_by(key="nachhilfe-uebersicht")).scalar_one()
        measure.status = "implemented"
        db.session.commit()
        seed(SEED_DIR, demo=False)
        db.session.expire_all()
        assert db.session.get(Measure, measure.id).status == "implemented"


def test_sisa_is_a_free_statewide_mediation_offer(seeded_app):
    with seeded_app.app_context():
        sisa = db.session.execute(select(Offer).filter_by(external_id="sisa")).scalar_one()
        assert sisa.statewide and sisa.cost == "free" and not sisa.demo
        assert {"phone", "video", "in_person"} <= set(sisa.modes)
        assert sisa.category.slug == "sprachmittlung"
        assert "psychotherap" in sisa.limitations.lower()
        assert sisa.source_title or sisa.source_url


def test_demo_offers_are_many_marked_and_inside_their_stadtteil(seeded_app):
    with seeded_app.app_context():
        demos = db.session.execute(select(Offer).where(Offer.demo.is_(True))).scalars().all()
        assert len(demos) >= 60
        districts = {p.district.slug for o in demos for p in o.places if p.district}
        assert len(districts) >= 15
        for offer in demos:
            for place in offer.places:
                if place.lat is not None:
                    assert place.district is not None, offer.title
                    assert point_in_geometry(place.lat, place.lon, place.district.geometry), (offer.title, place.street)
        categories = {o.category.slug for o in demos}
        assert {"lernfoerderung", "hausaufgabenhilfe", "sprachmittlung", "begegnung"} <= categories
        assert any(o.but_eligible for o in demos)
        assert {"free", "paid"} <= {o.cost for o in demos if o.category.slug == "lernfoerderung"}
