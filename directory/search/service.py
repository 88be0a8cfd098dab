"""The search use case: parameters in, a page of offers with facets, distances and alternatives out."""

from __future__ import annotations

import logging
import pickle
import re
import struct
import uuid
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session
from whoosh.index import IndexError as WhooshIndexError

from .. import opening
from ..extensions import db
from ..models import Category, District, Offer, vocab
from ..queries.offers import result_loaders
from ..text import fold_german
from ..web.reference import reference_cache, reference_data
from ..web.translated import localised, reader_locale, showing_original
from . import SearchState, current_search
from .engine import OPEN_FACET, OPEN_NOW, Engine, Filters, Geo
from .params import COSTS, SearchParams
from .planning import has_syntax, reading_query, school_filter
from .query import Clause, ParsedQuery, Word, parse_query, render
from .understanding import Understanding, understand
from .vocabulary import Vocabulary

log = logging.getLogger(__name__)
# What reading a damaged index file raises (files are read without mmap, so no SIGBUS).
INDEX_READ_ERRORS = (OSError, EOFError, ValueError, struct.error, pickle.UnpicklingError, WhooshIndexError)

if TYPE_CHECKING:
    from ..geo.gazetteer import Origin

FACETS = ("category", "cost", "language", "district", "target_group", "mode", "access", OPEN_FACET)
# Facets with one value each: step-free access (from the places) and open now (from the opening hours).
SINGLE_FACETS = {"access": {"step_free": _l("stufenlos erreichbar")}, OPEN_FACET: {OPEN_NOW: _l("jetzt geöffnet")}}
WIDER_RADII = (2.0, 5.0, 10.0, 20.0, 50.0)
SUGGEST_BELOW = 3  # offer "Did you mean" when fewer results than this
PARTIAL_BELOW = 3  # rank by how many words match when the strict match finds fewer than this
CONFIDENT_RATIO = 3  # a correction is confident when no other as close is at least a third as frequent


@dataclass
class Understood:
    """What the search read from the words, for the chips on the page and ``understood`` in the API."""

    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)  # applied from words: cost, language
    filter_words: dict[str, str] = field(default_factory=dict)
    but_offered: bool = False
    place: str | None = None  # the origin's label, when a place named in the words is measured from
    place_words: str = ""
    school_level: str | None = None
    grade: int | None = None
    school_words: str = ""
    corrected_query: str | None = None  # the results are those of this query
    original_query: str | None = None  # the query as typed, when corrected
    partial: bool = False  # results need not contain every word
    concepts: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # the meaningful words
    dropped: list[str] = field(default_factory=list)


@dataclass(slots=True)
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
    understood: Understood = field(default_factory=Understood)
    degraded: bool = False  # answered from the database while the index is rebuilt


def _filters(params: SearchParams, reading: Understanding | None = None) -> Filters:
    """The selected facets, the school level read from the words unless the reader removed it, and the
    moment "open now" refers to (now, in Magdeburg)."""
    moment = opening.minute_of_week(opening.current_time())
    school = {} if params.ignores("school") else school_filter(reading)
    return Filters({**params.filters, **school}, moment)


def _geo(params: SearchParams, radius_km: float | None = None) -> Geo | None:
    if params.origin is None:
        return None
    radius = params.radius_km if radius_km is None else radius_km
    return Geo(params.origin.lat, params.origin.lon, radius, params.sort == "distance")


@dataclass
class Plan:
    """A query read into what the engine runs: clauses, the parameters with understood filters, the reading."""

    query: ParsedQuery
    params: SearchParams
    reading: Understanding | None = None


def plan_query(params: SearchParams, vocabulary: Vocabulary, *, correct: bool = False) -> Plan:
    """Read the request (unless it uses the query syntax or the reader asked for the words as typed) into
    clauses, and apply the filters and the place it names unless the reader removed them."""
    if not params.q or has_syntax(params.q) or params.ignores("all"):
        return Plan(parse_query(params.q), params)
    reading = understand(params.q, vocabulary, correct=correct)
    if params.ignores("school") and reading.school_words:
        reading.meanings.extend(understand(reading.school_words, _NO_VOCABULARY).meanings)
    changes: dict = {}
    for name, values in reading.filters.items():
        if not params.ignores(name):
            changes[name] = tuple(dict.fromkeys((*getattr(params, name), *values)))
    if reading.place and not params.near and not params.ignores("near"):
        from ..geo.origin import get_gazetteer

        origin = get_gazetteer().resolve(reading.place)
        if origin is not None:
            changes["origin"] = origin
    return Plan(reading_query(reading), params.with_changes(**changes) if changes else params, reading)


_NO_VOCABULARY = Vocabulary(())


def _understood(plan: Plan, original: SearchParams) -> Understood:
    reading = plan.reading
    if reading is None:
        return Understood()
    applied = {name: tuple(v for v in values if v not in getattr(original, name))
               for name, values in reading.filters.items() if not original.ignores(name)}
    place_applied = plan.params.origin is not None and original.origin is None
    school = not original.ignores("school")
    return Understood(
        filters={name: values for name, values in applied.items() if values},
        filter_words={name: reading.filter_words.get(name, "") for name, values in applied.items() if values},
        but_offered=reading.but_offered and "cost" in applied and "but" not in plan.params.cost,
        place=plan.params.origin.label if place_applied else None,
        place_words=reading.place_words if place_applied else "",
        school_level=reading.school_level if school else None,
        grade=reading.grade if school else None,
        school_words=reading.school_words if school else "",
        concepts=reading.concepts,
        words=[m.text for m in reading.meanings],
        dropped=list(reading.dropped),
    )


def search(params: SearchParams) -> SearchResult:
    """Search the published, not ended offers. Whatever the text, this does not raise on it.

    Without a usable index the answer comes from the database (``degraded``), never an error or an empty page.
    Read-only: counting a search that found nothing is the caller's step (``services.search_log``).
    """
    state = current_search()
    engine = state.engine()
    if engine is not None:
        try:
            return _search_index(state, engine, params)
        except INDEX_READ_ERRORS:
            log.exception("search index unreadable during a search; answering from the database")
            state.index_failed()
    return _search_database(params)


def _search_database(params: SearchParams) -> SearchResult:
    from .fallback import database_search

    geo = _geo(params)
    if geo is not None and not params.q and params.sort == "relevance":
        geo.by_distance = True
    offset, limit = (params.page - 1) * params.per_page, params.per_page
    found = database_search(db.session, params.q, _filters(params), geo, offset=offset, limit=limit)
    return SearchResult(
        total=found.total,
        page=params.page,
        per_page=params.per_page,
        origin=params.origin,
        suggestion=None,
        offers=_load_in_order(found.ids),
        distances={offer_uuid(k): v for k, v in found.distances.items()},
        remote={offer_uuid(k) for k in found.remote},
        facets=_labelled_facets(found.facets, params),
        degraded=True,
    )


def _search_index(state: SearchState, engine: Engine, params: SearchParams) -> SearchResult:
    plan = plan_query(params, state.vocabulary())
    query, effective = plan.query, plan.params
    filters = _filters(effective, plan.reading)
    geo = _geo(effective)
    if geo is not None and effective is not params and not query.positive and effective.sort == "relevance":
        geo.by_distance = True  # only a place was asked for: the nearest first
    offset, limit = (params.page - 1) * params.per_page, params.per_page
    found = engine.run(query, filters, geo, offset=offset, limit=limit)
    understood = _understood(plan, params)
    suggestion = None
    if found.total == 0 and query.clauses and not params.ignores("spelling"):
        corrected = _confident_correction(engine, plan, state.vocabulary(), filters, geo)
        if corrected is not None:
            plan, text = corrected
            query = plan.query
            found = engine.run(query, filters, geo, offset=offset, limit=limit)
            understood = _understood(plan, params)
            understood.corrected_query, understood.original_query = text, params.q
    if found.total < PARTIAL_BELOW and plan.reading is not None and len(query.positive) >= 2:
        partial = engine.run(query, filters, geo, offset=offset, limit=limit, partial=True)
        if partial.total > found.total:
            found = partial
            understood.partial = True
    if found.total < SUGGEST_BELOW and query.clauses and understood.corrected_query is None:
        suggested = corrected_query(engine, query)
        if suggested is not None and engine.count(suggested, filters, geo) > found.total:
            suggestion = render(suggested)
    offers = _load_in_order(found.ids, found.versions)
    result = SearchResult(
        total=found.total,
        page=params.page,
        per_page=params.per_page,
        origin=effective.origin,
        suggestion=suggestion,
        offers=offers,
        distances={offer_uuid(k): v for k, v in found.distances.items()},
        remote={offer_uuid(k) for k in found.remote},
        facets=_labelled_facets(found.facets, effective),
        understood=understood,
    )
    if found.total == 0:
        result.alternatives = _alternatives(engine, query, filters, effective, suggestion)
    return result


def _confident_correction(
    engine: Engine, plan: Plan, vocabulary: Vocabulary, filters: Filters, geo: Geo | None
) -> tuple[Plan, str] | None:
    """The plan with misspelt words corrected, and the corrected query text, when the correction is sure and
    finds something: a vocabulary term one typing error away that belongs to one concept only, or an
    indexed word one edit away that is far more frequent than any other as close."""
    text = plan.params.q
    if plan.reading is not None:
        reread = plan_query(plan.params, vocabulary, correct=True)
        changed = [m for m in reread.reading.meanings if m.corrected_from] if reread.reading else []
        if changed and engine.count(reread.query, _filters(reread.params, reread.reading), geo) > 0:
            for meaning in changed:
                text = text.replace(meaning.corrected_from, meaning.text, 1)
            return reread, text
    replacements: dict[str, str] = {}
    clauses = []
    for clause in plan.query.clauses:
        alternatives = []
        for alt in clause.alternatives:
            if (len(clause.alternatives) == 1 and isinstance(alt, Word) and not alt.prefix
                    and not _word_matches(engine, alt)):
                better = _best_spelling(engine, alt.text.lower(), confident=True)
                if better is None:
                    return None
                replacements[alt.text] = better
                alt = Word(better)
            alternatives.append(alt)
        clauses.append(Clause(tuple(alternatives), clause.negated))
    if not replacements:
        return None
    query = ParsedQuery(tuple(clauses))
    if engine.count(query, filters, geo) == 0:
        return None
    for typed, better in replacements.items():
        text = re.sub(rf"(?<!\w){re.escape(typed)}(?!\w)", better, text, count=1)
    return Plan(query, plan.params, plan.reading), text


@lru_cache(maxsize=1 << 16)
def offer_uuid(key: str) -> uuid.UUID:
    """An offer's id from the index's text form (parsing a UUID costs more than a page's other look-ups)."""
    return uuid.UUID(key)


# Built once: building the statement cost as much as running it.
LISTED_VERSIONS = select(Offer.id, Offer.version).where(Offer.id.in_(bindparam("ids", expanding=True)), Offer.is_listed)


def _load_in_order(ids: list[str], indexed: dict[str, int] | None = None) -> list[Offer]:
    """The listed offers among ``ids``, in their order, from the process's cache (``web.reference``) where it
    keeps them at the current version, loading only the others.

    The current version is the index's (``indexed``, which the change log keeps up to date): a page whose
    offers are all kept asks the database nothing. Without it (the database fallback), one query asks for the
    versions.
    """
    if not ids:
        return []
    wanted = [offer_uuid(i) for i in ids]
    cache = reference_cache()
    if indexed:
        by_id = {
            offer_id: offer
            for key, offer_id in zip(ids, wanted, strict=True)
            if (offer := cache.offer(offer_id, indexed.get(key, 0))) is not None
        }
        missing = [i for i in wanted if i not in by_id]
    else:
        # The index may trail the database by a moment: skip what is gone or no longer public.
        versions = {offer_id: version for offer_id, version in db.session.execute(LISTED_VERSIONS, {"ids": wanted})}
        by_id = {i: offer for i in versions if (offer := cache.offer(i, versions[i])) is not None}
        missing = [i for i in versions if i not in by_id]
    if missing:
        loaded = cache.keep_offers(
            lambda session: list(
                session.execute(select(Offer).where(Offer.id.in_(missing)).options(*result_loaders())).unique().scalars()
            )
        )
        by_id.update((offer.id, offer) for offer in loaded if offer.is_listed)
    return [by_id[i] for i in wanted if i in by_id]


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


def _best_spelling(engine: Engine, word: str, *, confident: bool = False) -> str | None:
    """The most likely intended indexed word; with ``confident``, only one that leaves little doubt.

    Remembered per engine: the answer depends only on the index and the synonyms, and comparing the word with
    every synonym is the slow part of a search that finds little."""
    if len(word) < 4:
        return None
    return engine.remembered_spelling(("best", word, confident), lambda: _find_best_spelling(engine, word, confident))


def _find_best_spelling(engine: Engine, word: str, confident: bool) -> str | None:
    maxdist = 1 if len(word) <= 6 else 2
    candidates = engine.spelling_candidates(word, maxdist)
    folded = fold_german(word)
    for synonym in engine.synonyms.vocabulary():
        if synonym != folded and _within(folded, synonym, maxdist):
            candidates.append((1, synonym))
    if not candidates:
        return None
    candidates.sort(key=lambda c: (_distance(word, c[1]), -c[0], c[1]))
    if confident:
        best = candidates[0]
        distance = _distance(word, best[1])
        rivals = [c for c in candidates[1:] if _distance(word, c[1]) == distance and c[1] != best[1]]
        if distance > 1 or any(c[0] * CONFIDENT_RATIO > best[0] for c in rivals):
            return None
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


def _labels(name: str, locale: str) -> dict[str, str]:
    if name == "category":
        # Plain text (the API shares these labels): the name in the reader's language, else German.
        return reference_cache().fragment(("category labels", locale, showing_original()), _category_labels)
    if name == "district":
        return reference_data("district_names", _district_names)
    return _code_labels(name, locale)


def _category_labels() -> dict[str, str]:
    return {category.slug: localised(category, "name")[0] for category in reference_data("categories", _categories)}


@lru_cache(maxsize=64)
def _code_labels(name: str, locale: str) -> dict[str, str]:
    """The labels of a code list in ``locale`` (the reader's): the UI catalogs do not change while running."""
    if name == "cost":
        return {code: str(label) for code, label in vocab.COST_FILTERS.items()}
    if name in SINGLE_FACETS:
        return {code: str(label) for code, label in SINGLE_FACETS[name].items()}
    vocabulary = {"language": vocab.LANGUAGES, "target_group": vocab.TARGET_GROUPS, "mode": vocab.MODES}[name]
    return {code: str(label) for code, label in vocabulary.items()}


def _categories(session: Session) -> list[Category]:
    return list(session.execute(select(Category).order_by(Category.position)).scalars())


def _district_names(session: Session) -> dict[str, str]:
    rows = session.execute(select(District.slug, District.name).order_by(District.name))
    return {slug: name for slug, name in rows}


@lru_cache(maxsize=16)
def _positions(order: tuple[str, ...]) -> dict[str, int]:
    return {value: i for i, value in enumerate(order)}


def _labelled_facets(counts: dict[str, dict[str, int]], params: SearchParams) -> dict[str, list[FacetValue]]:
    facets: dict[str, list[FacetValue]] = {}
    locale = reader_locale()
    for name in FACETS:
        labels = _labels(name, locale)
        chosen = getattr(params, name)
        values = counts.get(name, {})
        if chosen:  # a chosen value stays in the list even when no offer has it now
            selected = set(chosen)
            items = [
                FacetValue(value, labels.get(value, value), values.get(value, 0), value in selected)
                for value in dict.fromkeys([*values, *chosen])
                if values.get(value, 0) > 0 or value in selected
            ]
        else:
            items = [FacetValue(value, labels.get(value, value), n, False) for value, n in values.items() if n > 0]
        if name in ("category", "cost"):
            position = _positions(tuple(labels) if name == "category" else COSTS)
            items.sort(key=lambda f: (position.get(f.value, len(position)), f.label))
        else:  # most offers first, then by label (two stable sorts with C keys, quicker than one with a lambda)
            items.sort(key=attrgetter("label"))
            items.sort(key=attrgetter("count"), reverse=True)
        facets[name] = items
    return facets


__all__ = ["FacetValue", "Plan", "SearchResult", "Understood", "has_syntax", "plan_query", "search"]
