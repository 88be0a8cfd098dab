"""An optional online geocoder (a Nominatim server through geopy), asked only when the gazetteer has no answer.

Off unless ``GEOCODER_URL`` is set; the site never needs it. Every answer, including "not found", is cached
(in this process, and in Redis when a ``redis://`` URL is configured), requests are restricted to Magdeburg
and identified by ``GEOCODER_USER_AGENT``, and at most one request a second leaves the process (Nominatim's
usage policy). A slow or broken server costs one short timeout, is logged, and then rested for a while;
the caller just gets None.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping
from hashlib import sha256
from typing import Any
from urllib.parse import urlsplit

import redis
from geopy.exc import GeopyError
from geopy.geocoders import Nominatim

from ..config import GEOCODER_DEFAULTS
from .gazetteer import MAX_NEAR_LENGTH, Origin, plain_words

log = logging.getLogger(__name__)

# The city's extent (from the Stadtteile's boundaries), with a small margin: (south, west, north, east).
MAGDEBURG_BOUNDS = (52.015, 11.505, 52.24, 11.775)

HIT_TTL = 30 * 24 * 3600.0  # places do not move
MISS_TTL = 24 * 3600.0  # but the server's data may grow
_MISS = "-"


class MemoryCache:
    """A small in-process cache with expiry; the oldest entries go first when it is full."""

    def __init__(self, max_entries: int = 10_000, clock=time.monotonic) -> None:
        self._data: OrderedDict[str, tuple[float, str]] = OrderedDict()
        self._max = max_entries
        self._clock = clock
        self._lock = threading.Lock()

    def get(self, key: str) -> str | None:
        with self._lock:
            item = self._data.get(key)
            if item is None:
                return None
            expires, value = item
            if expires < self._clock():
                del self._data[key]
                return None
            return value

    def set(self, key: str, value: str, ttl: float) -> None:
        with self._lock:
            self._data[key] = (self._clock() + ttl, value)
            self._data.move_to_end(key)
            while len(self._data) > self._max:
                self._data.popitem(last=False)


class RedisCache:
    """The same interface over Redis; any Redis error counts as a cache miss (the memory cache still works)."""

    def __init__(self, url: str, prefix: str = "wegweiser:geocode:") -> None:
        self._client = redis.Redis.from_url(url, socket_timeout=0.25, socket_connect_timeout=0.25)
        self._prefix = prefix

    def get(self, key: str) -> str | None:
        try:
            value = self._client.get(self._prefix + key)
        except Exception as error:  # noqa: BLE001  (a cache must never break a search)
            log.warning("geocoder cache: redis unavailable (%s)", error)
            return None
        return value.decode("utf-8") if isinstance(value, bytes) else value

    def set(self, key: str, value: str, ttl: float) -> None:
        try:
            self._client.set(self._prefix + key, value, ex=int(ttl))
        except Exception as error:  # noqa: BLE001
            log.warning("geocoder cache: redis unavailable (%s)", error)


def _encode(origin: Origin | None) -> str:
    if origin is None:
        return _MISS
    return json.dumps({"lat": origin.lat, "lon": origin.lon, "label": origin.label})


def _decode(value: str) -> Origin | None:
    if value == _MISS:
        return None
    data = json.loads(value)
    return Origin(float(data["lat"]), float(data["lon"]), str(data["label"]), "geocoder")


def inside_magdeburg(lat: float, lon: float) -> bool:
    south, west, north, east = MAGDEBURG_BOUNDS
    return south <= lat <= north and west <= lon <= east


def _short_label(address: str, fallback: str) -> str:
    # "Breiter Weg 12, Altstadt, Magdeburg, Sachsen-Anhalt, 39104, Deutschland" → "Breiter Weg 12, Altstadt"
    parts = [part.strip() for part in (address or "").split(",") if part.strip()]
    kept = [part for part in parts[:3] if part not in {"Magdeburg", "Deutschland", "Sachsen-Anhalt"}]
    return ", ".join(kept[:2]) or fallback


class Geocoder:
    """Looks up a free-text place in Magdeburg on a Nominatim server."""

    def __init__(
        self,
        url: str,
        user_agent: str,
        *,
        timeout: float = 3.0,
        caches: list[Any] | None = None,
        min_interval: float = 1.0,
        rest_after_error: float = 60.0,
    ) -> None:
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise ValueError(f"GEOCODER_URL must be an http(s) URL, not {url!r}")
        # geopy appends "/search" to scheme://domain; a path prefix (".../nominatim") is part of the domain.
        domain = parts.netloc + parts.path.rstrip("/")
        self._nominatim = Nominatim(domain=domain, scheme=parts.scheme, user_agent=user_agent, timeout=timeout)
        self._caches = caches if caches is not None else [MemoryCache()]
        self._min_interval = min_interval
        self._rest_after_error = rest_after_error
        self._lock = threading.Lock()
        self._last_request = 0.0
        self._resting_until = 0.0
        self.requests_made = 0

    def geocode(self, text: str) -> Origin | None:
        """The place, or None when unknown, outside Magdeburg, or the server cannot be reached."""
        query = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
        if not query or len(query) > MAX_NEAR_LENGTH or not any(ch.isalnum() for ch in query):
            return None
        key = sha256(plain_words(query).encode("utf-8")).hexdigest()
        for cache in self._caches:
            cached = cache.get(key)
            if cached is not None:
                return _decode(cached)
        found, ok = self._ask(query)
        if ok:  # a network failure is not an answer: do not remember it
            for cache in self._caches:
                cache.set(key, _encode(found), HIT_TTL if found else MISS_TTL)
        return found

    def _ask(self, query: str) -> tuple[Origin | None, bool]:
        with self._lock:
            now = time.monotonic()
            if now < self._resting_until:
                return None, False
            wait = self._last_request + self._min_interval - now
            if wait > 0:
                time.sleep(wait)
            self._last_request = time.monotonic()
            self.requests_made += 1
        search = query if "magdeburg" in query.lower() else f"{query}, Magdeburg"
        south, west, north, east = MAGDEBURG_BOUNDS
        try:
            location = self._nominatim.geocode(
                search,
                exactly_one=True,
                country_codes="de",
                viewbox=[(south, west), (north, east)],
                bounded=True,
                language="de",
            )
        except (GeopyError, OSError, ValueError, KeyError, TypeError) as error:
            log.warning("geocoder: no answer (%s: %s)", type(error).__name__, error)  # what was asked stays out
            with self._lock:
                self._resting_until = time.monotonic() + self._rest_after_error
            return None, False
        if location is None:
            return None, True
        lat, lon = float(location.latitude), float(location.longitude)
        if not inside_magdeburg(lat, lon):
            log.debug("geocoder: %r is outside Magdeburg (%.4f, %.4f), ignored", query, lat, lon)
            return None, True
        return Origin(lat, lon, _short_label(location.address, query), "geocoder"), True


def geocoder_from_config(config: Mapping[str, Any]) -> Geocoder | None:
    """The configured geocoder, or None when ``GEOCODER_URL`` is empty (the default) or unusable."""
    config = {**GEOCODER_DEFAULTS, **config}
    url = (config["GEOCODER_URL"] or "").strip()
    if not url:
        return None
    caches: list[Any] = [MemoryCache()]
    cache_url = config.get("GEOCODER_CACHE_URL") or config.get("RATELIMIT_STORAGE_URI") or ""
    if str(cache_url).startswith(("redis://", "rediss://", "unix://")):
        caches.append(RedisCache(str(cache_url), prefix=config["GEOCODER_CACHE_PREFIX"]))
    try:
        return Geocoder(
            url,
            config["GEOCODER_USER_AGENT"] or GEOCODER_DEFAULTS["GEOCODER_USER_AGENT"],
            timeout=float(config["GEOCODER_TIMEOUT"]),
            caches=caches,
            min_interval=float(config["GEOCODER_MIN_INTERVAL"]),
        )
    except Exception as error:  # noqa: BLE001  (a bad setting disables the optional geocoder, nothing else)
        log.error("geocoder disabled: %s", error)
        return None


__all__ = ["MAGDEBURG_BOUNDS", "Geocoder", "MemoryCache", "RedisCache", "geocoder_from_config", "inside_magdeburg"]
