"""The search use case: parameters in, a page of offers with facets, distances and alternatives out."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import opening
from ..extensions import db
from ..models import Category, District, Offer, vocab
from ..queries.offers import OFFER_LOADERS
from ..text import fold_german
from ..web.translated import localised
from . import current_search
from .engine import OPEN_FACET, OPEN_NOW, Engine, Filters, Geo
from .params import COSTS, SearchParams
from .query import Clause, ParsedQuery, Word, parse_query, render

if TYPE_CHECKING:
    from ..geo.gazetteer import Origin

FACETS = ("category", "cost", "language", "district", "target_group", "mode", "access", OPEN_FACET)
# Facets with one value each: step-free access (from the places) and open now (from the opening hours).
SINGLE_FACETS = {"access": {"step_free": _l("stufenlos erreichbar")}, OPEN_FACET: {OPEN_NOW: _l("jetzt geöffnet")}}
WIDER_RADII = (2.0, 5.0, 10.0, 20.0, 50.0)
SUGGEST_BELOW = 3  # offer "Did you mean" when fewer results than this


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchResult:
    total: int
    page: int
    per_page: int
    origin: Origin | None
    suggestion: str | None
    offers: list[Offer]
    distances: dict[uuid.UUID, float | None]
    remote: set[uuid.UUID]
    facets: dict[str, list[FacetValue]]
    alternatives: list[dict] = field(default_factory=list)


def _filters(params: SearchParams) -> Filters:
    """The selected facets, and the moment "open now" refers to (now, in Magdeburg)."""
    moment = opening.minute_of_week(opening.current_time())
    return Filters({name: values for name, values in params.filters.items()}, moment)


def _geo(params: SearchParams, radius_km: float | None = None) -> Geo | None:
    if params.origin is None:
        return None
    radius = params.radius_km if radius_km is None else radius_km
    return Geo(params.origin.lat, params.origin.lon, radius, params.sort == "distance")


def search(params: SearchParams) -> SearchResult:
    """Search the published, not ended offers. Whatever the text, this does not raise on it.

    Read-only: counting a search that found nothing is the caller's step (``services.search_log``).
    """
    engine = current_search().engine()
    query = parse_query(params.q)
    filters = _filters(params)
    geo = _geo(params)
    found = engine.run(query, filters, geo, offset=(params.page - 1) * params.per_page, limit=params.per_page)
    offers = _load_in_order(found.ids)
    suggestion = None
    suggested = None
    if found.total < SUGGEST_BELOW and query.clauses:
        suggested = corrected_query(engine, query)
        if suggested is not None and engine.count(suggested, filters, geo) > found.total:
            suggestion = render(suggested)
    result = SearchResult(
        total=found.total,
        page=params.page,
        per_page=params.per_page,
        origin=params.origin,
        suggestion=suggestion,
        offers=offers,
        distances={uuid.UUID(k): v for k, v in found.distances.items()},
        remote={uuid.UUID(k) for k in found.remote},
        facets=_labelled_facets(found.facets, params),
    )
    if found.total == 0:
        result.alternatives = _alternatives(engine, query, filters, params, suggestion)
    return result


def _load_in_order(ids: list[str]) -> list[Offer]:
    if not ids:
        return []
    wanted = [uuid.UUID(i) for i in ids]
    rows = db.session.execute(
        select(Offer)
        .where(Offer.id.in_(wanted))
        .options(*OFFER_LOADERS)
    ).scalars()
    by_id = {offer.id: offer for offer in rows}
    # The index may trail the database by a moment: skip what is gone or no longer public.
    return [
        by_id[i]
        for i in wanted
        if i in by_id and by_id[i].is_listed
    ]


def corrected_query(engine: Engine, query: ParsedQuery) -> ParsedQuery | None:
    """The query with unknown words replaced by the most frequent indexed word within one or two edits."""
    changed = False
    clauses = []
    for clause in query.clauses:
        alternatives = []
        for alt in clause.alternatives:
            if isinstance(alt, Word) and not alt.prefix and not _word_matches(engine, alt):
                better = _best_spelling(engine, alt.text.lower())
                if better is not None:
                    alt = Word(better)
                    changed = True
            alternatives.append(alt)
        clauses.append(Clause(tuple(alternatives), clause.negated))
    return ParsedQuery(tuple(clauses)) if changed else None


def _word_matches(engine: Engine, word: Word) -> bool:
    for variant in engine.word_variants(word):
        if all(any(len(engine.postings(f, stem)[0]) for f in ("title", "summary", "body")) for stem in variant):
            return True
    return False


def _best_spelling(engine: Engine, word: str) -> str | None:
    if len(word) < 4:
        return None
    maxdist = 1 if len(word) <= 6 else 2
    candidates = engine.spelling_candidates(word, maxdist)
    folded = fold_german(word)
    for synonym in engine.synonyms.vocabulary():
        if synonym != folded and _within(folded, synonym, maxdist):
            candidates.append((1, synonym))
    if not candidates:
        return None
    candidates.sort(key=lambda c: (_distance(word, c[1]), -c[0], c[1]))
    return candidates[0][1]


def _distance(a: str, b: str) -> int:
    """Levenshtein distance (short words only)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _within(a: str, b: str, maxdist: int) -> bool:
    return abs(len(a) - len(b)) <= maxdist and _distance(a, b) <= maxdist


def _alternatives(
    engine: Engine, query: ParsedQuery, filters: Filters, params: SearchParams, suggestion: str | None
) -> list[dict]:
    """Ways out of an empty result, each with the number of offers it would find."""
    found: list[dict] = []
    geo = _geo(params)
    if suggestion:
        count = engine.count(parse_query(suggestion), filters, geo)
        found.append({"kind": "suggestion", "q": suggestion, "count": count})
    for name, values in params.filters.items():
        for value in values:
            count = engine.count(query, filters.without(name, value), geo)
            if count:
                found.append({"kind": "drop_filter", "param": name, "value": value, "count": count})
    if geo is not None and params.radius_km is not None:
        for radius in WIDER_RADII:
            if radius > params.radius_km:
                count = engine.count(query, filters, _geo(params, radius))
                if count:
                    found.append({"kind": "widen_radius", "radius_km": radius, "count": count})
                    break
    if query.clauses and (filters.values or geo is not None):
        count = engine.count(query, Filters(), None)
        if count:
            found.append({"kind": "drop_all_filters", "count": count})
    return found


def _labels(name: str) -> dict[str, str]:
    if name == "category":
        categories = db.session.execute(select(Category).order_by(Category.position)).scalars()
        # Plain text (the API shares these labels): the name in the reader's language, else German.
        return {category.slug: localised(category, "name")[0] for category in categories}
    if name == "district":
        rows = db.session.execute(select(District.slug, District.name).order_by(District.name))
        return {slug: label for slug, label in rows}
    if name == "cost":
        return {code: str(label) for code, label in vocab.COST_FILTERS.items()}
    if name in SINGLE_FACETS:
        return {code: str(label) for code, label in SINGLE_FACETS[name].items()}
    vocabulary = {"language": vocab.LANGUAGES, "target_group": vocab.TARGET_GROUPS, "mode": vocab.MODES}[name]
    return {code: str(label) for code, label in vocabulary.items()}


def _labelled_facets(counts: dict[str, dict[str, int]], params: SearchParams) -> dict[str, list[FacetValue]]:
    facets: dict[str, list[FacetValue]] = {}
    for name in FACETS:
        labels = _labels(name)
        selected = set(getattr(params, name))
        values = counts.get(name, {})
        items = [
            FacetValue(value, labels.get(value, value), values.get(value, 0), value in selected)
            for value in dict.fromkeys([*values, *selected])
            if values.get(value, 0) > 0 or value in selected
        ]
        if name in ("category", "cost"):
            order = list(labels) if name == "category" else [*COSTS]
            items.sort(key=lambda f: (order.index(f.value) if f.value in order else len(order), f.label))
        else:
            items.sort(key=lambda f: (-f.count, f.label))
        facets[name] = items
    return facets


__all__ = ["FacetValue", "SearchResult", "search"]
