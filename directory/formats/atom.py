"""An Atom feed (RFC 4287) of newly published offers, written with ``feedgen``."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from feedgen.feed import FeedGenerator

FEED_ID = "tag:wegweiser-magdeburg,2026:neue-angebote"


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def offers_feed(
    entries: Iterable[tuple[Any, datetime, str]],
    *,
    title: str,
    subtitle: str,
    feed_url: str,
    site_url: str,
    author: str,
    now: datetime | None = None,
) -> bytes:
    """The feed: one entry per (offer, published at, page URL); entry ids are the offers' stable UUIDs."""
    entries = list(entries)
    feed = FeedGenerator()
    feed.id(FEED_ID)
    feed.title(title)
    feed.subtitle(subtitle)
    feed.author({"name": author})
    feed.link(href=site_url, rel="alternate")
    feed.link(href=feed_url, rel="self")
    feed.language("de")
    feed.generator("Wegweiser Magdeburg")
    updated = max((_aware(moment) for _, moment, _ in entries), default=_aware(now or datetime.now(UTC)))
    feed.updated(updated)
    # feedgen lists entries newest-added first; add the oldest first so the feed reads newest first.
    for offer, moment, url in reversed(entries):
        entry = feed.add_entry()
        entry.id(f"urn:uuid:{offer.id}")
        entry.title(offer.title)
        entry.link(href=url, rel="alternate")
        entry.published(_aware(moment))
        entry.updated(_aware(max(moment, offer.updated_at, key=lambda m: _aware(m))))
        if offer.summary:
            entry.summary(offer.summary)
        if getattr(offer, "category", None) is not None:
            entry.category(term=offer.category.slug, label=offer.category.name)
        if offer.organisation is not None:
            entry.author({"name": offer.organisation.name})
    return feed.atom_str(pretty=False)
