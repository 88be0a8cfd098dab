"""HTTP errors under /api/ answer JSON, also those the app raises before any view runs (an over-long URL)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("path", ["/api/v1/offers?q=", "/api/hsds/services?page=", "/api/v1/no-such-thing?x="])
def test_an_overlong_url_under_the_api_is_a_414_in_json(app, path):
    response = app.test_client().get(path + "a" * 9000)
    assert response.status_code == 414
    assert response.is_json
    assert response.get_json() == {"error": "request_uri_too_long", "message": "Die Adresse (URL) ist zu lang."}


def test_an_overlong_url_elsewhere_is_a_414_page_and_the_limit_is_configurable(app):
    client = app.test_client()
    page = client.get("/search?q=" + "a" * 9000)
    assert page.status_code == 414 and page.mimetype == "text/html"
    assert "Die Adresse (URL) ist zu lang." in page.get_data(as_text=True)
    app.config.update(MAX_URL_LENGTH=20)
    assert client.get("/api/v1/offers?q=" + "a" * 20).status_code == 414


@pytest.mark.parametrize("path", ["/", "/api/v1/offers", "/curate/login"])
def test_trace_is_not_supported(app, path):
    response = app.test_client().open(path, method="TRACE")
    assert response.status_code == 405
