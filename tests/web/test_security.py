"""Security headers: a Content Security Policy on every response, and no inline script or style anywhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from directory.config import PROJECT_ROOT
from directory.web.security import content_security_policy

TEMPLATES = PROJECT_ROOT / "templates"


def directives(header: str) -> dict[str, str]:
    return {part.split(" ", 1)[0]: part.split(" ", 1)[1] for part in (p.strip() for p in header.split(";")) if part}


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/districts/neue-neustadt",
        "/categories/lernfoerderung",
        "/nachhilfe?near=Neue+Neustadt",
        "/sprachmittlung?date=gestern",  # 400
        "/no-such-page",  # 404
        "/print/districts/neue-neustadt",
        "/print/districts/neue-neustadt/aushang",
        "/static/css/site.css",
        "/vendor/leaflet/leaflet.js",
        "/api/v1/no-such-thing",
    ],
)
def test_every_response_carries_the_policy_and_security_headers(seeded_client, url):
    response = seeded_client.get(url)
    response.close()  # static files are streamed from an open file
    policy = directives(response.headers["Content-Security-Policy"])
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["img-src"] == "'self' data:"  # no tile host before the reader asks for the map
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'none'" and policy["form-action"] == "'self'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "geolocation=(self)" in response.headers["Permissions-Policy"]


def test_policy_names_another_host_only_for_images_and_only_when_given():
    assert "http" not in content_security_policy()
    policy = directives(content_security_policy("https://tile.example.org"))
    assert policy["img-src"] == "'self' data: https://tile.example.org"
    assert all("example.org" not in value for key, value in policy.items() if key != "img-src")


def _template_files() -> list[Path]:
    return sorted(TEMPLATES.rglob("*.html"))


@pytest.mark.parametrize("path", _template_files(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_templates_have_no_inline_script_style_or_event_handler(path):
    source = path.read_text(encoding="utf-8")
    assert not re.search(r"<style\b", source)
    assert not re.search(r"\sstyle\s*=", source)
    assert not re.search(r"\son[a-z]+\s*=", source)
    assert "javascript:" not in source
    for tag in re.findall(r"<script\b[^>]*>", source):
        # Only external scripts, or data blocks the browser never executes.
        assert "src=" in tag or 'type="application/json"' in tag or 'type="application/ld+json"' in tag, tag


@pytest.mark.parametrize("url", ["/", "/nachhilfe", "/sprachmittlung", "/districts/neue-neustadt?karte=1"])
def test_rendered_pages_execute_no_inline_script(seeded_client, url):
    page = seeded_client.get(url).get_data(as_text=True)
    for tag, body in re.findall(r"(<script\b[^>]*>)(.*?)</script>", page, re.S):
        if "src=" in tag:
            assert body.strip() == ""
        else:
            assert 'type="application/json"' in tag or 'type="application/ld+json"' in tag


def test_https_responses_carry_strict_transport_security(app):
    client = app.test_client()
    secure = client.get("/curate/login", base_url="https://wegweiser.example")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    # Plain HTTP (a development server): browsers ignore the header there, so it is not sent.
    assert "Strict-Transport-Security" not in client.get("/curate/login").headers


def test_strict_transport_security_follows_the_configuration(app):
    client = app.test_client()
    app.config.update(HSTS_MAX_AGE=600, HSTS_INCLUDE_SUBDOMAINS=False)
    assert client.get("/curate/login", base_url="https://wegweiser.example").headers[
        "Strict-Transport-Security"
    ] == "max-age=600"
    app.config.update(HSTS_MAX_AGE=0)
    assert "Strict-Transport-Security" not in client.get("/curate/login", base_url="https://wegweiser.example").headers
