"""Offer pages as data: schema.org JSON-LD on every offer page, an iCalendar file for dated offers."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from types import SimpleNamespace

import icalendar
import pytest
from sqlalchemy import select

from directory.extensions import db
from directory.formats.ical import escape_text, fold, offer_event
from directory.models import Offer
from tests.factories import make_offer, place_in, reference_data


def html(response) -> str:
    return response.get_data(as_text=True)


def jsonld(page: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_escaping_follows_rfc_5545():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_folding_keeps_lines_at_75_octets_and_utf8_characters_whole():
    line = "DESCRIPTION:" + "Größenänderung " * 20
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join(part[1:] if i else part for i, part in enumerate(parts)) == line


def test_an_undated_offer_has_no_calendar_file():
    with pytest.raises(ValueError):
        offer_event(SimpleNamespace(starts_at=None), "https://example.org/offers/x")


@pytest.fixture
def event_app(app):
    with app.app_context():
        reference_data()
        make_offer(
            "Infoabend: Schule, Kita; Ausbildung",
            category="information",
            summary="Ein Abend mit Fragen und Antworten, Übersetzung ins Arabische. " * 3,
            how_to_access="Ohne Anmeldung.",
            starts_at="2026-12-08T17:30:00+01:00",
            ends_at="2026-12-08T19:00:00+01:00",
            places=[place_in("neue-neustadt", 52.151, 11.628, street="Lübecker Straße 10")],
            languages=["de", "ar"],
            cost="free",
        )
        make_offer("Nachhilfe ohne Termin", cost="paid", price_text="15 € je Stunde",
                   phone="0391 123456", places=[place_in("neue-neustadt", 52.151, 11.628)])
    return app


def test_calendar_file_parses_back_with_the_event(event_app):
    client = event_app.test_client()
    page = html(client.get("/offers/infoabend-schule-kita-ausbildung"))
    assert 'href="/offers/infoabend-schule-kita-ausbildung.ics"' in page
    response = client.get("/offers/infoabend-schule-kita-ausbildung.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert "attachment" in response.headers["Content-Disposition"]
    raw = response.get_data(as_text=True)
    assert raw.endswith("\r\n") and "\n" not in raw.replace("\r\n", "")
    assert all(len(line.encode("utf-8")) <= 75 for line in raw.split("\r\n"))
    calendar = icalendar.Calendar.from_ical(raw)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Infoabend: Schule, Kita; Ausbildung"  # escaped and read back
    assert event.decoded("DTSTART") == datetime(2026, 12, 8, 16, 30, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2026, 12, 8, 18, 0, tzinfo=UTC)
    assert event["DTSTAMP"] and str(event["UID"]).endswith("@wegweiser-magdeburg")
    assert "Lübecker Straße 10" in str(event["LOCATION"])
    assert str(event["URL"]) == "http://localhost/offers/infoabend-schule-kita-ausbildung"
    assert "Übersetzung ins Arabische" in str(event["DESCRIPTION"])


def test_calendar_uid_is_stable_between_downloads(event_app):
    client = event_app.test_client()
    first = icalendar.Calendar.from_ical(client.get("/offers/infoabend-schule-kita-ausbildung.ics").data)
    second = icalendar.Calendar.from_ical(client.get("/offers/infoabend-schule-kita-ausbildung.ics").data)
    assert first.walk("VEVENT")[0]["UID"] == second.walk("VEVENT")[0]["UID"]


def test_undated_offer_page_has_no_calendar_link_and_its_file_is_404(event_app):
    client = event_app.test_client()
    assert ".ics" not in html(client.get("/offers/nachhilfe-ohne-termin"))
    assert client.get("/offers/nachhilfe-ohne-termin.ics").status_code == 404
    assert client.get("/offers/gibt-es-nicht.ics").status_code == 404


def test_event_json_ld(event_app):
    data = jsonld(html(event_app.test_client().get("/offers/infoabend-schule-kita-ausbildung")))
    assert data["@context"] == "https://schema.org" and data["@type"] == "Event"
    assert data["startDate"] == "2026-12-08T16:30:00+00:00"
    assert data["location"]["address"]["streetAddress"] == "Lübecker Straße 10"
    assert data["isAccessibleForFree"] is True
    assert data["url"] == "http://localhost/offers/infoabend-schule-kita-ausbildung"


def test_service_json_ld(event_app):
    data = jsonld(html(event_app.test_client().get("/offers/nachhilfe-ohne-termin")))
    assert data["@type"] == "Service" and data["name"] == "Nachhilfe ohne Termin"
    assert data["serviceType"] == "Nachhilfe und Lernförderung"
    assert data["offers"] == {"@type": "Offer", "priceCurrency": "EUR", "description": "15 € je Stunde"}
    phones = [c["servicePhone"]["telephone"] for c in data["availableChannel"] if "servicePhone" in c]
    assert phones == ["0391 123456"]


def test_every_seeded_offer_page_carries_valid_json_ld(seeded_client, seeded_app):
    with seeded_app.app_context():
        slugs = db.session.execute(
            select(Offer.slug).where(Offer.workflow_state == "published").limit(15)
        ).scalars().all()
    for slug in slugs:
        data = jsonld(html(seeded_client.get(f"/offers/{slug}")))
        assert data["@type"] in {"Service", "Event"} and data["name"]


def test_json_ld_cannot_break_out_of_its_script_block(app):
    with app.app_context():
        reference_data()
        make_offer("Böse </script><script>alert(1)</script>")
        slug = db.session.execute(select(Offer.slug)).scalar_one()
        page = html(app.test_client().get(f"/offers/{slug}"))
    assert jsonld(page)["name"] == "Böse </script><script>alert(1)</script>"
    assert "<script>alert" not in page


def test_event_time_is_shown_as_given_in_local_time_on_every_database(event_app):
    # Regression: SQLite drops the offset, so "17:30+01:00" was read back as 17:30 UTC (18:30 in Magdeburg).
    page = html(event_app.test_client().get("/offers/infoabend-schule-kita-ausbildung"))
    assert "17:30" in page and "18:30" not in page


def _plain_offer(**overrides):
    values = dict(
        title="Video-Sprechstunde", summary="Kurz erklärt.", description="", starts_at=None, ends_at=None,
        status="active", modes=["video"], places=[], organisation=None, languages=["ar"], cost="free",
        price_text="", website="", phone="", email="", statewide=True, citywide=False, districts=[],
        category=SimpleNamespace(name="Beratung"), last_verified=None,
    )
    values.update(overrides)
    return SimpleNamespace(**values)


def test_json_ld_of_an_online_event_and_a_statewide_service_without_an_app():
    from directory.formats.jsonld import offer_jsonld

    event = offer_jsonld(_plain_offer(starts_at=datetime(2027, 1, 13, 14, 0, tzinfo=UTC)), "https://x.org/o/v")
    assert event["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert event["location"] == {"@type": "VirtualLocation", "url": "https://x.org/o/v"}
    assert event["inLanguage"] == ["ar"]
    service = offer_jsonld(_plain_offer(phone="0391 1"), "https://x.org/o/s", {"ar": "Arabisch"})
    assert service["areaServed"] == [{"@type": "State", "name": "Sachsen-Anhalt"}]
    assert service["availableChannel"][0]["availableLanguage"] == ["Arabisch"]
    assert json.loads(json.dumps(service)) == service  # plain JSON all the way down
