"""Events: the list by day with its filters, the iCalendar feeds (icalendar) and the Atom feed (feedparser)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import feedparser
import icalendar
import pytest

from directory.formats.event_dates import format_day, format_event_time
from directory.public import events as event_views
from tests.factories import make_offer, place_in, reference_data

FROZEN = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


@pytest.fixture
def event_app(app, monkeypatch):
    monkeypatch.setattr(event_views, "now", lambda: FROZEN)
    with app.app_context():
        reference_data()
        make_offer("Infoabend Schule", category="information", starts_at="2026-12-08T17:30:00+01:00",
                   ends_at="2026-12-08T19:30:00+01:00", languages=["de", "ar"],
                   places=[place_in("neue-neustadt", 52.151, 11.628)])
        make_offer("Elterncafé im Advent", category="begegnung", starts_at="2026-12-08T10:00:00+01:00",
                   languages=["de", "uk"], places=[place_in("stadtfeld-ost", 52.13, 11.60)])
        make_offer("Kita-Nachmittag", category="information", starts_at="2027-01-13T15:00:00+01:00",
                   languages=["de", "fa"], places=[place_in("neustaedter-see", 52.168, 11.624)])
        make_offer("Vorbei: Sommerfest", category="begegnung", starts_at="2026-08-01T15:00:00+02:00",
                   ends_at="2026-08-01T18:00:00+02:00")
        make_offer("Nachhilfe ohne Termin")
        make_offer("Entwurf mit Termin", starts_at="2026-12-10T10:00:00+01:00", workflow_state="draft")
    return app


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_dates_read_per_locale_without_seconds_with_a_time_range_on_one_day():
    start = datetime(2026, 12, 8, 16, 30, tzinfo=UTC)
    end = datetime(2026, 12, 8, 18, 30, tzinfo=UTC)
    assert format_event_time(start, end, "de") == "8. Dez. 2026, 17:30–19:30 Uhr"
    assert format_event_time(start, None, "de") == "8. Dez. 2026, 17:30"
    assert format_event_time(start, datetime(2026, 12, 9, 11, 0, tzinfo=UTC), "de") == (
        "8. Dez. 2026, 17:30 – 9. Dez. 2026, 12:00"
    )
    assert format_event_time(start, end, "en") == "Dec 8, 2026, 17:30\u2009–\u200919:30"
    arabic = format_event_time(start, end, "ar")
    assert "17:30" in arabic and "19:30" in arabic and ":00" not in arabic.replace("17:30", "").replace("19:30", "")
    assert format_day(date(2026, 12, 8), "de") == "Dienstag, 8. Dezember 2026"


def test_events_are_listed_by_day_soonest_first(event_app):
    text = page(event_app.test_client(), "/veranstaltungen")
    assert "Dienstag, 8. Dezember 2026" in text and "Mittwoch, 13. Januar 2027" in text
    assert text.index("Elterncafé im Advent") < text.index("Infoabend Schule") < text.index("Kita-Nachmittag")
    assert text.index("Dienstag, 8. Dezember 2026") < text.index("Elterncafé im Advent")
    assert "8. Dez. 2026, 17:30–19:30 Uhr" in text
    for absent in ("Sommerfest", "Nachhilfe ohne Termin", "Entwurf mit Termin"):
        assert absent not in text
    assert '<details class="filters"' in text and "Filter (0)" in text


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("category=begegnung", ["Elterncafé im Advent"], ["Infoabend Schule", "Kita-Nachmittag"]),
        ("district=neustaedter-see", ["Kita-Nachmittag"], ["Infoabend Schule", "Elterncafé im Advent"]),
        ("language=ar", ["Infoabend Schule"], ["Elterncafé im Advent", "Kita-Nachmittag"]),
        ("category=information&language=fa", ["Kita-Nachmittag"], ["Infoabend Schule"]),
    ],
)
def test_events_filter_by_category_stadtteil_and_language(event_app, query, shown, hidden):
    text = page(event_app.test_client(), "/veranstaltungen?" + query)
    for title in shown:
        assert title in text
    for title in hidden:
        assert f">{title}<" not in text
    assert f"Filter ({query.count('=')})" in text


def test_all_events_as_icalendar_parsed_by_icalendar(event_app):
    response = event_app.test_client().get("/veranstaltungen.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(response.data)
    assert calendar["VERSION"] == "2.0"
    assert "Veranstaltungen" in str(calendar["X-WR-CALNAME"])
    events = calendar.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Elterncafé im Advent", "Infoabend Schule", "Kita-Nachmittag"]
    infoabend = events[1]
    assert infoabend.decoded("DTSTART") == datetime(2026, 12, 8, 16, 30, tzinfo=UTC)
    assert infoabend.decoded("DTEND") == datetime(2026, 12, 8, 18, 30, tzinfo=UTC)
    assert str(infoabend["UID"]).endswith("@wegweiser-magdeburg")
    assert str(infoabend["URL"]).endswith("/offers/infoabend-schule")


def test_one_category_as_icalendar(event_app):
    client = event_app.test_client()
    calendar = icalendar.Calendar.from_ical(client.get("/veranstaltungen/begegnung.ics").data)
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Elterncafé im Advent"]
    assert client.get("/veranstaltungen/gibt-es-nicht.ics").status_code == 404
    assert 'href="/veranstaltungen/information.ics"' in page(client, "/veranstaltungen")


def test_new_offers_as_atom_parsed_by_feedparser(event_app):
    response = event_app.test_client().get("/neu.atom")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.data)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title.startswith("Neue Angebote")
    titles = [entry.title for entry in feed.entries]
    assert "Infoabend Schule" in titles and "Nachhilfe ohne Termin" in titles
    assert "Entwurf mit Termin" not in titles and "Vorbei: Sommerfest" in titles
    entry = feed.entries[titles.index("Infoabend Schule")]
    assert entry.id.startswith("urn:uuid:") and entry.link.endswith("/offers/infoabend-schule")
    assert entry.published_parsed is not None


def test_atom_lists_a_newly_published_offer_first(event_app):
    from directory.extensions import db
    from directory.services.offers import editing as curation

    with event_app.app_context():
        draft = make_offer("Neu: Hausaufgabenhilfe", workflow_state="draft")
        draft.created_at = datetime(2025, 1, 1, tzinfo=UTC)  # created long ago, published only now
        db.session.commit()
        curation.publish(draft, None)
        db.session.commit()
    feed = feedparser.parse(event_app.test_client().get("/neu.atom").data)
    assert feed.entries[0].title == "Neu: Hausaufgabenhilfe"
