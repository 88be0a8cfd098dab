"""JSON answers keep the values of Flask's own encoder (the API's clients see the same data)."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from flask import jsonify
from flask.json.provider import DefaultJSONProvider
from flask_babel import lazy_gettext
from markupsafe import Markup


@dataclass
class Point:
    lat: float
    lon: float


def test_answers_hold_what_flasks_encoder_gives_with_sorted_keys(app) -> None:
    value = {
        "title": "Sprachmittlung für Familien – كردي",
        "when": date(2026, 11, 30),
        "at": datetime(2026, 11, 30, 9, 30, tzinfo=UTC),
        "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "price": Decimal("2.50"),
        "point": Point(52.13, 11.62),
        "html": Markup("<b>BuT</b>"),
        "label": lazy_gettext("Beispiel"),
        "counts": {2: "zwei", 1: "eins"},
        "b": 1,
        "a": [None, True, 1.5],
    }
    with app.test_request_context():
        body = jsonify(value).get_data(as_text=True)
        expected = DefaultJSONProvider(app).dumps(value)
    assert json.loads(body) == json.loads(expected)
    assert body.index('"a"') < body.index('"b"') < body.index('"counts"')
    assert "für" in body  # UTF-8, not \u escapes


def test_a_value_json_cannot_hold_is_an_error_not_a_guess(app) -> None:
    with app.test_request_context(), pytest.raises(TypeError):
        jsonify({"x": object()})
