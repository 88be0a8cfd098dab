"""The team's coverage view: where the real directory is thin."""

from __future__ import annotations

from datetime import date

from directory.queries.coverage import coverage
from directory.services.seed import seed
from tests.conftest import SEED_DIR


def test_coverage_counts_real_offers_and_names_the_gaps(app):
    with app.app_context():
        seed(SEED_DIR, demo=True)
        data = coverage(date(2026, 11, 30))
        assert data.total.published >= 35  # the examples are not counted
        tutoring = next(row for row in data.categories if row.slug == "lernfoerderung")
        assert tutoring.published >= 4 and tutoring.newest_source is not None
        north = next(row for row in data.focus_areas if row.slug.startswith("neue-neustadt"))
        south = next(row for row in data.focus_areas if row.slug.startswith("leipziger"))
        assert north.published >= 8 and 1 <= south.published < north.published
        assert all(row.published + row.suggested < 2 for row in data.thin_challenges)
        assert {row.slug for row in data.challenges} >= {row.slug for row in data.thin_challenges}


def test_old_sources_make_a_category_ask_for_research(app):
    with app.app_context():
        seed(SEED_DIR, demo=False)
        # Seen from ten years on, every category's newest source is old.
        data = coverage(date(2036, 11, 30))
        assert len(data.old_categories) == len(data.categories)


def test_coverage_page_and_csv_for_editors(app, logged_in_client):
    with app.app_context():
        seed(SEED_DIR, demo=False)
    client = logged_in_client("editor")
    page = client.get("/curate/coverage")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Nach Schwerpunktbereich" in text and "Nachhilfe und Lernförderung" in text
    csv = client.get("/curate/coverage.csv")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    lines = csv.get_data(as_text=True).lstrip("\ufeff").splitlines()  # a BOM for spreadsheet programs
    assert lines[0].startswith("Bereich;Name;veröffentlicht")
    assert any(line.startswith("Schwerpunktbereich;Leipziger Straße") for line in lines)
