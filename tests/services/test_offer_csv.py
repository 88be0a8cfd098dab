"""CSV import of offers: dry run report, apply, idempotence, bad files; and the export round trip."""

from datetime import date

import pytest
from sqlalchemy import func, select

from directory.extensions import db
from directory.models import Offer
from directory.services.offers.csv_export import export_offers_csv
from directory.services.offers.csv_import import import_offers
from directory.services.offers.revisions import revisions_of
from tests.factories import make_offer, reference_data

HEADER = (
    "external_id;title;category;cost;languages;but_eligible;age_min;age_max;last_verified;"
    "citywide;statewide;districts;focus_areas;street;postcode;place_district;lat;lon\n"
)
GOOD = (
    HEADER
    + "imp-1;Mathe-Nachhilfe Neustadt;lernfoerderung;free;de|ar;ja;8;14;2024-03-01;"
    "nein;nein;neue-neustadt;;Lübecker Str. 1;39124;neue-neustadt;52.1523;11.6321\n"
    + "imp-2;Sprachcafé;begegnung;reduced;de, uk;nein;;;31.12.2023;ja;nein;;;;;;;\n"
)


def count_offers() -> int:
    return db.session.execute(select(func.count(Offer.id))).scalar_one()


@pytest.fixture
def reference(app):
    with app.app_context():
        reference_data()
        yield app


def test_dry_run_reports_what_would_be_created_and_writes_nothing(reference):
    report = import_offers(GOOD.encode(), apply=False)
    assert report.ok and not report.applied
    assert [(row.number, row.external_id, row.action) for row in report.rows] == [
        (2, "imp-1", "created"),
        (3, "imp-2", "created"),
    ]
    assert count_offers() == 0


def test_apply_creates_drafts_and_a_second_run_changes_nothing(reference):
    first = import_offers(GOOD.encode(), apply=True)
    assert first.applied and first.count("created") == 2
    offer = db.session.execute(select(Offer).filter_by(external_id="imp-1")).scalar_one()
    assert offer.workflow_state == "draft"
    assert offer.languages == ["de", "ar"] and offer.but_eligible and offer.age_max == 14
    assert offer.places[0].district.slug == "neue-neustadt"
    assert offer.last_verified == date(2024, 3, 1)
    version, places = offer.version, offer.places[0].id

    second = import_offers(GOOD.encode(), apply=True)
    assert (second.count("created"), second.count("updated"), second.count("unchanged")) == (0, 0, 2)
    db.session.expire_all()
    offer = db.session.execute(select(Offer).filter_by(external_id="imp-1")).scalar_one()
    assert offer.version == version and offer.places[0].id == places
    assert count_offers() == 2


def test_changed_row_is_reported_as_updated_with_the_changed_columns(reference):
    import_offers(GOOD.encode(), apply=True)
    changed = GOOD.replace("Sprachcafé;begegnung;reduced", "Sprachcafé;begegnung;free")
    report = import_offers(changed.encode(), apply=False)
    row = report.rows[1]
    assert (row.action, row.changed) == ("updated", ["cost"])
    assert report.rows[0].action == "unchanged"


def test_refused_rows_name_row_column_and_reason_and_block_the_apply(reference):
    bad = (
        HEADER
        + "imp-1;Gut;lernfoerderung;free;de;ja;;;;nein;nein;;;;;;;\n"
        + "imp-3;;lernfoerderung;cheap;xx;vielleicht;15;9;2999-01-01;nein;nein;;;;3912;;13.6;52.1\n"
        + "imp-4;Unbekannte Kategorie;nachhilfe;free;;;;;;nein;nein;nowhere;;;;;;\n"
        + "imp-1;Doppelt;lernfoerderung;free;;;;;;nein;nein;;;;;;;\n"
    )
    report = import_offers(bad.encode(), apply=True)
    assert not report.applied and count_offers() == 0
    actions = [(row.number, row.action) for row in report.rows]
    assert actions == [(2, "created"), (3, "refused"), (4, "refused"), (5, "refused")]
    problems = dict(report.rows[1].problems)
    assert problems["title"] == "Pflichtfeld ist leer"
    assert "cheap" in problems["cost"] and "xx" in problems["languages"]
    assert "vielleicht" in problems["but_eligible"]
    assert problems["age_min"] == "Mindestalter ist größer als Höchstalter"
    assert problems["last_verified"] == "liegt in der Zukunft"
    assert "Postleitzahl" in problems["postcode"] and "Sachsen-Anhalt" in problems["lat"]
    problems = dict(report.rows[2].problems)
    assert problems["category"].startswith("unbekannt: nachhilfe. Erlaubt: ")
    assert "lernfoerderung" in problems["category"]
    assert problems["districts"].startswith("unbekannt: nowhere. Erlaubt: ")
    assert "Zeile 2" in dict(report.rows[3].problems)["external_id"]


@pytest.mark.parametrize(
    "raw, message",
    [
        (b"external_id;title\nx;y\n", "Pflichtspalten fehlen: category"),
        ((HEADER + "imp-1;Straße;lernfoerderung\n").encode("latin-1"), "UTF-8"),
        (b"external_id;title;category;citywide\nx;y;lernfoerderung;ja\n", "gehören zusammen"),
        (b"", "leer"),
    ],
)
def test_bad_files_give_a_clear_error(reference, raw, message):
    report = import_offers(raw, apply=True)
    assert not report.ok and message in " ".join(report.file_errors)
    assert count_offers() == 0


def test_too_big_files_are_refused(reference):
    report = import_offers(GOOD.encode() * 50, apply=False, max_bytes=1024)
    assert "zu groß" in report.file_errors[0]


def test_export_escapes_formulas_and_imports_back_unchanged(reference):
    make_offer(external_id="exp-1", title="=HYPERLINK(\"http://x\")", phone="+49 391 0000",
               languages=["de"], places=[{"key": "p1", "street": "Breiter Weg 1", "lat": 52.13, "lon": 11.63}])
    document = export_offers_csv()
    assert "'=HYPERLINK" in document and "'+49 391 0000" in document
    assert ";=HYPERLINK" not in document
    report = import_offers(document.encode(), apply=True)
    assert report.ok, report.rows[0].problems
    assert [row.action for row in report.rows] == ["unchanged"]
    assert report.ignored_columns == ["slug", "workflow_state"]


def test_the_shipped_example_file_imports_cleanly(reference):
    from directory.config import PROJECT_ROOT

    raw = (PROJECT_ROOT / "seed_data" / "examples" / "offers_import_example.csv").read_bytes()
    report = import_offers(raw, apply=True)
    assert report.applied, [(row.number, row.problems) for row in report.rows]
    assert report.count("created") == 2
    assert import_offers(raw, apply=True).count("unchanged") == 2


def test_import_writes_revisions_and_audit_entries_in_its_transaction(reference):
    from types import SimpleNamespace

    from directory.models import AuditEntry, OfferRevision

    editor = SimpleNamespace(id=None, email="redaktion@example.org")

    def revisions() -> list[tuple[str, str, str]]:
        rows = db.session.execute(
            select(OfferRevision, Offer.external_id).join(Offer).order_by(Offer.external_id, OfferRevision.number)
        ).all()
        return [(external_id, row.action, row.actor_name) for row, external_id in rows]

    import_offers(GOOD.encode(), apply=False, actor=editor)
    assert revisions() == []  # a dry run writes no history either
    import_offers(GOOD.encode(), apply=True, actor=editor)
    assert revisions() == [("imp-1", "import", editor.email), ("imp-2", "import", editor.email)]
    import_offers(GOOD.encode(), apply=True, actor=editor)
    assert len(revisions()) == 2  # re-importing the same file changes nothing, so no new revision
    changed = GOOD.replace("Sprachcafé", "Sprachcafé am Hassel")
    report = import_offers(changed.encode(), apply=True, actor=editor)
    assert report.count("updated") == 1
    assert revisions()[-1] == ("imp-2", "import", editor.email)
    assert db.session.execute(select(func.count(AuditEntry.id))).scalar_one() == 3


def test_an_import_that_updates_a_seeded_offer_keeps_its_state_before(reference):
    from directory.models import OfferRevision

    make_offer(title="Alter Titel", external_id="imp-2", category="begegnung")
    import_offers(GOOD.encode(), apply=True)
    offer = db.session.execute(select(Offer).filter_by(external_id="imp-2")).scalar_one()
    baseline, imported = db.session.execute(
        select(OfferRevision).where(OfferRevision.offer_id == offer.id).order_by(OfferRevision.number)
    ).scalars()
    assert (baseline.action, baseline.snapshot["title"]) == ("baseline", "Alter Titel")
    assert (imported.action, imported.snapshot["title"]) == ("import", "Sprachcafé")


def test_unknown_values_list_the_allowed_ones_and_suggest_a_near_miss(reference):
    row = "imp-5;Sprachcafé;begegnung;kostenlos;de|arr;nein;;;;nein;nein;neue-neustat;;;;;;\n"
    problems = dict(import_offers((HEADER + row).encode(), apply=False).rows[0].problems)
    assert problems["cost"].startswith("unbekannt: kostenlos. Erlaubt: free, paid, reduced")
    assert problems["cost"].endswith(". Meinten Sie „free“?")
    assert "Meinten Sie „ar“?" in problems["languages"]
    assert "Meinten Sie „neue-neustadt“?" in problems["districts"]
    far = dict(import_offers((HEADER + row.replace("neue-neustat", "zzz")).encode(), apply=False).rows[0].problems)
    assert "Meinten Sie" not in far["districts"]


HOURS_AND_TRANSLATIONS = (
    "external_id;title;category;opening_hours;by_appointment;hours_note;title_en;summary_en;description_en;"
    "title_ar;summary_ar;description_ar\n"
    "imp-7;Lernhilfe;lernfoerderung;mo 9:00-12:00 | do 14:00-17:30 | fr 08:00-09:00 | sa 10:00-11:00;ja;"
    "nicht in den Ferien;Homework help;Mondays and Thursdays.;;;;\n"
)


def test_opening_hours_and_translations_are_importable_and_a_reimport_changes_nothing(reference):
    first = import_offers(HOURS_AND_TRANSLATIONS.encode(), apply=True)
    assert first.applied, [(row.number, row.problems) for row in first.rows]
    offer = db.session.execute(select(Offer).filter_by(external_id="imp-7")).scalar_one()
    assert [slot["day"] for slot in offer.opening_hours["weekly"]] == ["mon", "thu", "fri", "sat"]
    assert offer.opening_hours["weekly"][0] == {"day": "mon", "opens": "09:00", "closes": "12:00"}
    assert offer.opening_hours["by_appointment"] and offer.opening_hours["note"] == "nicht in den Ferien"
    english = offer.translation("en")
    assert (english.title, english.origin) == ("Homework help", "import") and offer.translation("ar") is None
    version, revisions = offer.version, len(revisions_of(offer))
    again = import_offers(HOURS_AND_TRANSLATIONS.encode(), apply=True)
    assert again.count("unchanged") == 1 and again.count("updated") == 0
    db.session.expire_all()
    assert offer.version == version and len(revisions_of(offer)) == revisions
    # The export carries the same columns, and imports back unchanged.
    assert import_offers(export_offers_csv().encode(), apply=True).count("unchanged") == 1
    bad = HOURS_AND_TRANSLATIONS.replace("mo 9:00-12:00", "montags früh")
    problems = dict(import_offers(bad.encode(), apply=False).rows[0].problems)
    assert "mo 09:00-12:00" in problems["opening_hours"]


def test_import_page_links_the_column_documentation(app, logged_in_client):
    editor = logged_in_client("editor")
    page = editor.get("/curate/import").get_data(as_text=True)
    assert 'href="/curate/import/csv-import.md"' in page
    response = editor.get("/curate/import/csv-import.md")
    assert response.mimetype == "text/markdown"
    help_page = response.get_data(as_text=True)
    from directory.services.offers.csv_io import COLUMNS

    for column in COLUMNS:
        if column.startswith(("title_", "summary_", "description_")):
            assert f"`{column.split('_')[0]}_<locale>`" in help_page and column.split("_")[1] in help_page
        else:
            assert f"`{column}`" in help_page, column
