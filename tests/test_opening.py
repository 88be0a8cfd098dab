"""Open now, in Magdeburg's time: weekly slots, past midnight, by appointment, summer and winter time."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from directory.opening import BY_APPOINTMENT, CLOSED, OPEN, UNKNOWN, is_open, opening_state, week_intervals

AFTERNOONS = {"weekly": [{"day": "mon", "opens": "14:00", "closes": "17:00"},
                         {"day": "thu", "opens": "09:00", "closes": "12:30"}]}


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2026, 11, 30, 13, 0, tzinfo=UTC), True),  # Monday 14:00 in Magdeburg (winter: UTC+1)
        (datetime(2026, 11, 30, 12, 59, tzinfo=UTC), False),  # 13:59
        (datetime(2026, 11, 30, 15, 59, tzinfo=UTC), True),  # 16:59
        (datetime(2026, 11, 30, 16, 0, tzinfo=UTC), False),  # 17:00: closed
        (datetime(2026, 12, 3, 11, 29, tzinfo=UTC), True),  # Thursday 12:29
        (datetime(2026, 12, 1, 13, 0, tzinfo=UTC), False),  # Tuesday
        (datetime(2026, 6, 1, 12, 30, tzinfo=UTC), True),  # a Monday in summer (UTC+2): 14:30
        (datetime(2026, 6, 1, 15, 0, tzinfo=UTC), False),  # 17:00 in summer
    ],
)
def test_open_at_a_moment_in_city_time(moment, expected):
    assert is_open(AFTERNOONS, moment) is expected


def test_a_slot_past_midnight_and_past_sunday():
    night = {"weekly": [{"day": "sun", "opens": "22:00", "closes": "02:00"}]}
    assert week_intervals(night) == [(6 * 1440 + 1320, 7 * 1440), (0, 120)]
    assert is_open(night, datetime(2026, 11, 29, 21, 30, tzinfo=UTC))  # Sunday 22:30
    assert is_open(night, datetime(2026, 11, 30, 0, 30, tzinfo=UTC))  # Monday 01:30
    assert not is_open(night, datetime(2026, 11, 30, 1, 0, tzinfo=UTC))  # Monday 02:00


def test_by_appointment_is_not_open_now_and_has_its_own_state():
    moment = datetime(2026, 11, 30, 13, 0, tzinfo=UTC)
    assert opening_state({"by_appointment": True}, moment) == BY_APPOINTMENT
    assert opening_state({**AFTERNOONS, "by_appointment": True}, moment) == OPEN
    later = datetime(2026, 11, 30, 18, 0, tzinfo=UTC)
    assert opening_state({**AFTERNOONS, "by_appointment": True}, later) == BY_APPOINTMENT
    assert opening_state(AFTERNOONS, later) == CLOSED
    assert opening_state({}, moment) == UNKNOWN and opening_state(None, moment) == UNKNOWN


def test_broken_slots_are_ignored():
    assert week_intervals({"weekly": [{"day": "xyz", "opens": "1:00", "closes": "2:00"},
                                      {"day": "mon", "opens": "kaputt", "closes": "2:00"}]}) == []


def test_cards_and_offer_page_say_open_now_or_by_appointment(app, monkeypatch):
    from directory import opening
    from tests.factories import make_offer, reference_data

    monkeypatch.setattr(opening, "current_time", lambda: datetime(2026, 11, 30, 13, 30, tzinfo=UTC))  # Mon 14:30
    with app.app_context():
        reference_data()
        make_offer("Offen am Montag", opening_hours=AFTERNOONS)
        make_offer("Nur nach Absprache", opening_hours={"by_appointment": True})
        make_offer("Ohne Zeiten")
    client = app.test_client()
    page = client.get("/categories/lernfoerderung").get_data(as_text=True)
    cards = {title: page[page.index(title):][:1500].split("</article>")[0]
             for title in ("Offen am Montag", "Nur nach Absprache", "Ohne Zeiten")}
    assert "jetzt geöffnet" in cards["Offen am Montag"]
    assert "nach Vereinbarung" in cards["Nur nach Absprache"] and "jetzt geöffnet" not in cards["Nur nach Absprache"]
    assert "jetzt geöffnet" not in cards["Ohne Zeiten"] and "nach Vereinbarung" not in cards["Ohne Zeiten"]
    assert '<p class="open-now">jetzt geöffnet</p>' in client.get("/offers/offen-am-montag").get_data(as_text=True)
    monkeypatch.setattr(opening, "current_time", lambda: datetime(2026, 11, 30, 17, 0, tzinfo=UTC))  # Mon 18:00
    assert "jetzt geöffnet" not in client.get("/categories/lernfoerderung").get_data(as_text=True)
