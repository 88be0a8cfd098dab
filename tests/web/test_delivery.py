"""Compression of text responses and caching of versioned static files."""

import gzip
import re


def test_html_is_gzipped_when_the_browser_accepts_it(seeded_client):
    response = seeded_client.get("/", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
    body = gzip.decompress(response.get_data())
    assert b"<html" in body
    assert int(response.headers["Content-Length"]) == len(response.get_data()) < len(body)


def test_html_is_plain_without_accept_encoding(seeded_client):
    response = seeded_client.get("/", headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in response.headers
    assert b"<html" in response.get_data()
    assert "Accept-Encoding" in response.headers["Vary"]


def test_static_urls_carry_a_version_and_are_cached_for_a_year(seeded_client):
    page = seeded_client.get("/").get_data(as_text=True)
    match = re.search(r'href="(/static/css/site\.css\?v=[0-9a-f]{12})"', page)
    assert match, "the stylesheet link has no version"
    with seeded_client.get(match.group(1), headers={"Accept-Encoding": "gzip"}) as response:
        assert response.status_code == 200
        assert response.headers["Content-Encoding"] == "gzip"
        assert b"--brand" in gzip.decompress(response.get_data())
        cache = response.headers["Cache-Control"]
    assert "max-age=31536000" in cache and "immutable" in cache and "no-cache" not in cache


def test_unversioned_or_outdated_static_urls_revalidate(seeded_client):
    for url in ("/static/css/site.css", "/static/css/site.css?v=000000000000"):
        with seeded_client.get(url) as response:
            assert "immutable" not in response.headers.get("Cache-Control", ""), url


def test_compressed_static_file_still_answers_304_to_its_etag(seeded_client):
    with seeded_client.get("/static/css/site.css", headers={"Accept-Encoding": "gzip"}) as first:
        etag = first.headers["ETag"]
    assert etag.startswith("W/")
    headers = {"Accept-Encoding": "gzip", "If-None-Match": etag}
    with seeded_client.get("/static/css/site.css", headers=headers) as again:
        assert again.status_code == 304

