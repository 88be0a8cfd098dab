"""The search while there is no usable index: a plain database search, answered with ``degraded`` set.

It supports what a reader relies on: every query word (matched as a substring of the title, summary or
description, in German or a translation), the filters, and the place (distances, the radius, nearest first).
It does not rank by relevance, correct spelling or read filters out of the words; results come in the index's
order without text (real offers before examples, then by title). At most ``CANDIDATES`` offers are looked at.
"""

from __future__ import annotations

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from ..geo.shapes import haversine_km
from ..models import Category, Offer, OfferTranslation
from ..opening import week_intervals
from ..queries.offers import OFFER_LOADERS
from .analysis import words as tokenised
from .filters import OPEN_FACET, OPEN_NOW, EngineResult, Filters, Geo
from .schema import FACET_FIELDS, offer_document

CANDIDATES = 2000
MAX_WORDS = 8


def query_words(q: str) -> list[str]:
    """The words of a query as the index's tokenizer sees them, without the query syntax's operators and quotes."""
    words = [w for w in tokenised(q or "") if len(w) >= 2 and w.upper() not in {"AND", "OR", "NOT"}]
    return list(dict.fromkeys(w.lower() for w in words))[:MAX_WORDS]


def _like(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _statement(words: list[str], filters: Filters) -> Select:
    stmt = select(Offer).where(Offer.is_listed)
    for word in words:
        pattern = _like(word)
        own = [column.ilike(pattern, escape="\\") for column in (Offer.title, Offer.summary, Offer.description)]
        translated = Offer.translations.any(or_(
            *(column.ilike(pattern, escape="\\")
              for column in (OfferTranslation.title, OfferTranslation.summary, OfferTranslation.description))
        ))
        stmt = stmt.where(or_(*own, translated))
    categories = filters.values.get("category")
    if categories:
        stmt = stmt.where(Offer.category.has(Category.slug.in_(categories)))
    return stmt.order_by(Offer.demo, Offer.title).limit(CANDIDATES)


def _is_open(offer: Offer, minute: int) -> bool:
    return any(start <= minute < end for start, end in week_intervals(offer.opening_hours))


def _matches(values: dict[str, set[str]], filters: Filters, skip: str | None = None) -> bool:
    return all(name == skip or values.get(name, set()) & set(wanted) for name, wanted in filters.values.items()
               if wanted)


def database_search(
    session: Session, q: str, filters: Filters, geo: Geo | None, *, offset: int = 0, limit: int = 20
) -> EngineResult:
    """The offers matching every word of ``q`` and the filters, as the engine would page them."""
    rows = []
    for offer in session.execute(_statement(query_words(q), filters).options(*OFFER_LOADERS)).scalars():
        doc = offer_document(offer)
        values = {name: set(doc[name].split()) for name in FACET_FIELDS}
        if filters.open_at is not None and _is_open(offer, filters.open_at):
            values[OPEN_FACET] = {OPEN_NOW}
        points = [(p.lat, p.lon) for p in offer.places if p.lat is not None and p.lon is not None]
        km = min((haversine_km(geo.lat, geo.lon, lat, lon) for lat, lon in points), default=None) if geo else None
        if geo is not None and geo.radius_km is not None and km is not None and km > geo.radius_km:
            continue
        rows.append((str(offer.id), values, km))
    facets: dict[str, dict[str, int]] = {}
    for _, values, _ in rows:
        for name, found in values.items():
            if _matches(values, filters, skip=name):
                for value in found:
                    facets.setdefault(name, {})[value] = facets.setdefault(name, {}).get(value, 0) + 1
    matching = [row for row in rows if _matches(row[1], filters)]
    if geo is not None and geo.by_distance:
        matching.sort(key=lambda row: (row[2] is None, row[2] or 0.0))
    page = matching[offset : offset + limit]
    return EngineResult(
        total=len(matching),
        ids=[offer_id for offer_id, _, _ in page],
        distances={offer_id: km for offer_id, _, km in page if geo is not None},
        remote={offer_id for offer_id, _, km in page if geo is not None and km is None},
        facets=facets,
    )
