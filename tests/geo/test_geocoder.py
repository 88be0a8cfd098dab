"""The optional geocoder, exercised through geopy against a small Nominatim look-alike on 127.0.0.1."""

from __future__ import annotations

import json
import logging
import os
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask

from directory.geo.geocoder import Geocoder, MemoryCache, RedisCache, geocoder_from_config
from directory.geo.origin import get_geocoder, locate_address, resolve_origin
from tests.conftest import make_app

BREITER_WEG = {
    "lat": "52.1289",
    "lon": "11.6345",
    "display_name": "Breiter Weg 12, Altstadt, Magdeburg, Sachsen-Anhalt, 39104, Deutschland",
    "importance": 0.5,
}


class FakeNominatim:
    """Answers /search like Nominatim from a table of queries; records what it was asked."""

    def __init__(self) -> None:
        self.answers: dict[str, list[dict]] = {}
        self.requests: list[dict] = []
        self.delay = 0.0
        self.status = 200
        self.body: bytes | None = None
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                url = urlsplit(self.path)
                params = {key: values[0] for key, values in parse_qs(url.query).items()}
                fake.requests.append({"path": url.path, "params": params, "agent": self.headers.get("User-Agent")})
                if fake.delay:
                    time.sleep(fake.delay)
                body = fake.body if fake.body is not None else json.dumps(fake.answers.get(params.get("q"), []))
                if isinstance(body, str):
                    body = body.encode()
                self.send_response(fake.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeNominatim:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def nominatim() -> Iterator[FakeNominatim]:
    with FakeNominatim() as fake:
        fake.answers["Breiter Weg 12, Magdeburg"] = [BREITER_WEG]
        yield fake


def make_geocoder(url: str, **options) -> Geocoder:
    options.setdefault("min_interval", 0.0)
    options.setdefault("timeout", 2.0)
    return Geocoder(url, "wegweiser-test/1.0 (tests)", **options)


def test_finds_a_place_in_magdeburg_politely(nominatim: FakeNominatim) -> None:
    origin = make_geocoder(nominatim.url).geocode("Breiter Weg 12")
    assert origin is not None
    assert (origin.lat, origin.lon, origin.kind) == (52.1289, 11.6345, "geocoder")
    assert origin.label == "Breiter Weg 12, Altstadt"
    (request,) = nominatim.requests
    assert request["path"] == "/search"
    assert request["agent"] == "wegweiser-test/1.0 (tests)"
    params = request["params"]
    assert params["q"] == "Breiter Weg 12, Magdeburg"  # the city is added
    assert params["bounded"] == "1" and params["countrycodes"] == "de"
    west, south, east, north = (float(v) for v in params["viewbox"].split(","))
    assert west < 11.55 < 11.7 < east and south < 52.05 < 52.2 < north


def test_hits_and_misses_are_cached(nominatim: FakeNominatim) -> None:
    geocoder = make_geocoder(nominatim.url)
    first = geocoder.geocode("Breiter Weg 12")
    assert geocoder.geocode("breiter  weg 12") == first  # same folded words, same cache entry
    assert geocoder.geocode("Nirgendwo 1") is None
    assert geocoder.geocode("Nirgendwo 1") is None
    assert len(nominatim.requests) == 2


def test_a_result_outside_magdeburg_is_ignored(nominatim: FakeNominatim) -> None:
    nominatim.answers["Alexanderplatz, Magdeburg"] = [
        {"lat": "52.5219", "lon": "13.4132", "display_name": "Alexanderplatz, Berlin"}
    ]
    assert make_geocoder(nominatim.url).geocode("Alexanderplatz") is None


@pytest.mark.parametrize(("status", "body"), [(500, b"oops"), (200, b"not json"), (429, b"[]"), (200, b'[{"x": 1}]')])
def test_server_errors_give_none_and_a_log_line(
    nominatim: FakeNominatim, caplog: pytest.LogCaptureFixture, status: int, body: bytes
) -> None:
    nominatim.status, nominatim.body = status, body
    with caplog.at_level(logging.WARNING, logger="directory.geo.geocoder"):
        assert make_geocoder(nominatim.url).geocode("Breiter Weg 12") is None
    assert "geocoder: no answer" in caplog.text


def test_a_failure_is_not_cached_and_the_server_is_rested(nominatim: FakeNominatim) -> None:
    nominatim.status = 503
    geocoder = make_geocoder(nominatim.url, rest_after_error=0.3)
    assert geocoder.geocode("Breiter Weg 12") is None
    assert geocoder.geocode("Breiter Weg 12") is None  # resting: not asked again
    assert len(nominatim.requests) == 1
    nominatim.status = 200
    time.sleep(0.35)
    assert geocoder.geocode("Breiter Weg 12") is not None  # the failure was not remembered as "unknown"


def test_a_slow_server_costs_one_short_timeout(nominatim: FakeNominatim) -> None:
    nominatim.delay = 1.0
    geocoder = make_geocoder(nominatim.url, timeout=0.2)
    started = time.monotonic()
    assert geocoder.geocode("Breiter Weg 12") is None
    assert time.monotonic() - started < 0.9


def test_an_unreachable_server_gives_none() -> None:
    with FakeNominatim() as fake:
        url = fake.url
    assert make_geocoder(url, timeout=0.5).geocode("Breiter Weg 12") is None


def test_requests_are_spaced_by_the_minimum_interval(nominatim: FakeNominatim) -> None:
    geocoder = make_geocoder(nominatim.url, min_interval=0.2)
    started = time.monotonic()
    geocoder.geocode("Erster Ort")
    geocoder.geocode("Zweiter Ort")
    assert time.monotonic() - started >= 0.2


@pytest.mark.parametrize("text", ["", "   ", "***", "x" * 201, "\x00\x07"])
def test_junk_never_reaches_the_server(nominatim: FakeNominatim, text: str) -> None:
    assert make_geocoder(nominatim.url).geocode(text) is None
    assert nominatim.requests == []


def test_memory_cache_expires_and_stays_bounded() -> None:
    now = [0.0]
    cache = MemoryCache(max_entries=2, clock=lambda: now[0])
    cache.set("a", "1", ttl=10)
    cache.set("b", "2", ttl=10)
    cache.set("c", "3", ttl=10)
    assert cache.get("a") is None and cache.get("c") == "3"
    now[0] = 11
    assert cache.get("b") is None


def _redis_url() -> str:
    return os.environ.get("DIRECTORY_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def test_results_are_shared_through_redis(nominatim: FakeNominatim) -> None:
    import redis

    try:
        redis.Redis.from_url(_redis_url(), socket_connect_timeout=0.25).ping()
    except redis.RedisError:
        pytest.skip("no Redis reachable")
    prefix = f"wegweiser-test:{uuid.uuid4().hex}:"
    first = make_geocoder(nominatim.url, caches=[MemoryCache(), RedisCache(_redis_url(), prefix)])
    second = make_geocoder(nominatim.url, caches=[MemoryCache(), RedisCache(_redis_url(), prefix)])
    try:
        assert first.geocode("Breiter Weg 12") == second.geocode("Breiter Weg 12")
        assert len(nominatim.requests) == 1  # the second process found it in Redis
    finally:
        client = redis.Redis.from_url(_redis_url())
        for key in client.scan_iter(prefix + "*"):
            client.delete(key)


def test_a_broken_redis_falls_back_to_memory(nominatim: FakeNominatim) -> None:
    broken = RedisCache("redis://127.0.0.1:1/0")
    geocoder = make_geocoder(nominatim.url, caches=[MemoryCache(), broken])
    assert geocoder.geocode("Breiter Weg 12") is not None
    assert geocoder.geocode("Breiter Weg 12") is not None
    assert len(nominatim.requests) == 1


def test_configuration() -> None:
    assert geocoder_from_config({"GEOCODER_URL": ""}) is None
    assert geocoder_from_config({"GEOCODER_URL": "ftp://example.org"}) is None
    geocoder = geocoder_from_config({"GEOCODER_URL": "https://geo.example.org/nominatim/"})
    assert geocoder is not None


# --- resolve_origin inside the app ---------------------------------------------------------------------


@pytest.fixture
def geo_app(tmp_path, nominatim: FakeNominatim) -> Flask:
    # No database needed: resolve_origin reads seed files and, maybe, the geocoder.
    return make_app("sqlite://", tmp_path / "index", GEOCODER_URL=nominatim.url, GEOCODER_MIN_INTERVAL=0)


def test_resolve_origin_asks_the_gazetteer_first(geo_app: Flask, nominatim: FakeNominatim) -> None:
    with geo_app.app_context():
        origin = resolve_origin("Neustaedter See")
        assert origin is not None and origin.kind == "district"
        assert nominatim.requests == []
        origin = resolve_origin("Breiter Weg 12")
        assert origin is not None and origin.kind == "geocoder"
        assert len(nominatim.requests) == 1


def test_without_a_geocoder_url_nothing_goes_online(tmp_path, nominatim: FakeNominatim) -> None:
    app = make_app("sqlite://", tmp_path / "index")
    with app.app_context():
        assert get_geocoder() is None
        assert resolve_origin("Breiter Weg 12") is None
        assert resolve_origin("Sudenburg") is not None
    assert nominatim.requests == []


def test_the_back_office_look_up_asks_the_geocoder_only_for_unknown_streets_once(
    geo_app: Flask, nominatim: FakeNominatim
) -> None:
    nominatim.answers["Breiter Weg 12, 39104 Magdeburg"] = [BREITER_WEG]
    with geo_app.app_context():
        street = locate_address("Adelheidring 3", "")
        assert street.kind == "street" and street.district_number == "24"
        assert nominatim.requests == []
        for _ in range(2):
            found = locate_address("Breiter Weg 12", "39104")
            assert (found.lat, found.lon, found.kind) == (52.1289, 11.6345, "geocoder")
        assert len(nominatim.requests) == 1  # the second look-up came from the cache
        # The geocoder does not know it either: the postcode's centre is better than nothing.
        assert locate_address("Unbekannte Gasse 1", "39106").kind == "postcode"


def test_the_back_office_look_up_stays_offline_without_a_geocoder(tmp_path, nominatim: FakeNominatim) -> None:
    app = make_app("sqlite://", tmp_path / "index")
    with app.app_context():
        assert locate_address("Breiter Weg 12", "39104").kind == "postcode"
    assert nominatim.requests == []
