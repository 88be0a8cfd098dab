from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache
from urllib.parse import urlencode

from flask import abort, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from markupsafe import escape
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from ..clock import CITY_TIME
from ..extensions import db
from ..models import Category, Challenge, District, FocusArea, vocab
from ..queries import public as queries
from ..search.params import InvalidSearchParam, SearchParams, parse_params
from ..search.query import clean
from ..services.freshness import check_note
from ..services.search_log import search_and_count_misses
from ..web.i18n import keep_in_language_links, reader_locale
from ..web.translated import translated
from . import bp
from .status_export import status_board_from_request

URL_SAFE = "!$'()*,/:;?@"  # werkzeug's safe characters in query strings

def _by_slug(model: type, slug: str):
    row = db.session.execute(select(model).filter_by(slug=slug)).scalar_one_or_none()
    if row is None:
        abort(404)
    return row


@bp.get("/")
def home():
    return render_template(
        "public/home.html",
        categories=queries.categories_with_counts(),
        challenges=queries.all_challenges(),
        focus_areas=queries.all_focus_areas(),
    )


@bp.get("/search")
def search():
    params, error = _parse_leniently(request.args)
    keep_in_language_links(params.query_args())
    result = search_and_count_misses(params) if error is None else None
    return (
        render_template(
            "public/search.html",
            params=params,
            result=result,
            error=error,
            links=SearchLinks(params.with_changes(page=1).query_args()),
            dropped=_dropped_notice(params.dropped),
            facet_titles=_facet_titles(reader_locale()),
            school_levels=vocab.SCHOOL_LEVELS,
            challenges={c.slug: translated(c, "title") for c in queries.all_challenges()} if params.challenge else {},
        ),
        400 if error is not None else 200,
    )


def _parse_leniently(args: MultiDict) -> tuple[SearchParams, InvalidSearchParam | None]:
    """The search a page can show: unknown filter values are left out (old shared links keep working).

    A value that cannot be used (an unknown place, a bad radius) is the error; the page then keeps the rest
    of the search for its links, and shows the place as typed so it can be corrected.
    """
    remaining, error = MultiDict(args), None
    known = queries.taxonomy_slugs()
    for _attempt in range(len(_SINGLE_PARAMS) + 1):
        try:
            params = parse_params(remaining, known=known, drop_unknown=True)
        except InvalidSearchParam as exc:
            error = error or exc
            remaining.poplist(exc.field)
            continue
        if error is not None and error.field == "near":
            params = params.with_changes(near=clean(args.get("near", ""))[:MAX_NEAR_LENGTH])
        return params, error
    return SearchParams(), error


# The parameters with a single value that can be wrong in a way that leaves nothing to search with.
_SINGLE_PARAMS = ("near", "radius_km", "sort", "page", "per_page")
MAX_NEAR_LENGTH = 200
MAX_DROPPED_SHOWN = 5


def _dropped_notice(dropped: tuple[tuple[str, str], ...]) -> str:
    """Which values of the link were left out, e.g. „Thema: gibt-es-nicht“ (the first few)."""
    titles = {**FACET_TITLES, "challenge": _l("Herausforderung")}
    shown = [f"{titles.get(name, name)}: {value}" for name, value in dropped[:MAX_DROPPED_SHOWN]]
    return ", ".join(shown) + (" …" if len(dropped) > MAX_DROPPED_SHOWN else "")


FACET_TITLES = {
    "category": _l("Thema"),
    "cost": _l("Kosten"),
    "language": _l("Sprache"),
    "district": _l("Stadtteil"),
    "access": _l("Zugang"),
    "open": _l("Öffnungszeit"),
    "target_group": _l("Für wen"),
    "mode": _l("Wie"),
}


@lru_cache(maxsize=4096)
def _encoded(key: str, value: str) -> str:
    """One query argument encoded as ``url_for`` encodes it; the facet values recur on every results page."""
    return urlencode([(key, value)], safe=URL_SAFE)


@lru_cache(maxsize=4096)
def _escaped(key: str, value: str) -> str:
    """``_encoded`` escaped for an HTML attribute."""
    return escape(_encoded(key, value))


@lru_cache(maxsize=16)
def _facet_titles(locale: str) -> dict[str, str]:
    """The facet titles in ``locale`` (the reader's), translated once per process instead of at each use."""
    return {name: str(title) for name, title in FACET_TITLES.items()}


def _query(args: dict[str, list[str]]) -> str:
    return "&".join(_encoded(key, value) for key, values in args.items() for value in values)


class SearchLinks:
    """Links to the same search with one thing changed, for facets and filters that work without JavaScript.

    Built from the validated search, never from the raw query string: only known parameters, each with the
    values the search accepted (bounded as in the API), so a link is never longer than the search it came from.
    """

    def __init__(self, args: dict[str, list[str]]) -> None:
        self.args = args
        self._paths: dict[str, str] = {}
        self._around: dict[str, tuple[str, str]] = {}
        self._whole: str | None = None  # all the arguments, encoded

    def _path(self, endpoint: str) -> str:
        # Each path is built once, and each argument encoded once (``_encoded``) as url_for encodes it (the same
        # safe characters), without routing each link: a results page has dozens of these links.
        path = self._paths.get(endpoint)
        if path is None:
            path = self._paths[endpoint] = url_for(endpoint)
        return path

    def toggle(self, name: str, value: str) -> str:
        values = self.args.get(name, [])
        return self._set(name, [v for v in values if v != value] if value in values else [*values, value])

    def without(self, name: str, value: str | None = None) -> str:
        return self.toggle(name, value) if value is not None else self.set(name, None)

    def set(self, name: str, value: object | None) -> str:
        return self._set(name, [] if value is None else [str(value)])

    def toggled(self, name: str, values: Iterable[str]) -> list[str]:
        """``toggle(name, value)`` for each value, escaped for an HTML attribute (a facet list): what the links
        share, everything but the added value, is encoded and escaped once."""
        chosen = self.args.get(name, [])
        before, after = self._around_of(name)
        head = "".join(part + "&" for part in (before, _query({name: chosen})) if part)
        head = escape(f"{self._path('public.search')}?{head}")
        tail = escape(f"&{after}") if after else ""
        return [
            escape(self.toggle(name, value)) if value in chosen else f"{head}{_escaped(name, value)}{tail}"
            for value in values
        ]

    def _around_of(self, name: str) -> tuple[str, str]:
        # A parameter keeps its place in the link. The arguments before and after it are encoded once per
        # parameter: a facet list asks for fifty links that differ only in one parameter.
        around = self._around.get(name)
        if around is None:
            keys = list(self.args)
            cut = keys.index(name) if name in self.args else len(keys)
            around = self._around[name] = (
                _query({key: self.args[key] for key in keys[:cut]}),
                _query({key: self.args[key] for key in keys[cut + 1:]}),
            )
        return around

    def _set(self, name: str, values: list[str]) -> str:
        before, after = self._around_of(name)
        query = "&".join(part for part in (before, _query({name: values}), after) if part)
        path = self._path("public.search")
        return f"{path}?{query}" if query else path

    def ignore(self, what: str) -> str:
        """The same search without something read from its words (a filter, the place, the correction)."""
        values = self.args.get("ignore", [])
        return self._set("ignore", values if what in values else [*values, what])

    def page(self, number: int) -> str:
        return self._set("page", [str(number)] if number != 1 else [])

    def elsewhere(self, endpoint: str) -> str:
        """The same result set on another page (the map, the print view)."""
        if self._whole is None:
            self._whole = _query(self.args)
        path = self._path(endpoint)
        return f"{path}?{self._whole}" if self._whole else path


@bp.get("/categories")
def categories():
    return render_template("public/categories.html", categories=queries.categories_with_counts())


@bp.get("/categories/<slug:slug>")
def category(slug: str):
    category = _by_slug(Category, slug)
    return render_template(
        "public/category.html", category=category, offers=queries.offers_in_category(category)
    )


@bp.get("/challenges")
def challenges():
    return render_template("public/challenges.html", challenges=queries.all_challenges())


@bp.get("/challenges/<slug:slug>")
def challenge(slug: str):
    challenge = _by_slug(Challenge, slug)
    return render_template(
        "public/challenge.html", challenge=challenge, offers=queries.offers_for_challenge(challenge)
    )


@bp.get("/districts")
def districts():
    return render_template(
        "public/districts.html", districts=queries.all_districts(), focus_areas=queries.all_focus_areas()
    )


@bp.get("/districts/<slug:slug>")
def district(slug: str):
    district = _by_slug(District, slug)
    local, everywhere = queries.offers_in_district(district)
    return render_template("public/district.html", district=district, offers=local, everywhere=everywhere)


@bp.get("/focus-areas/<slug:slug>")
def focus_area(slug: str):
    area = _by_slug(FocusArea, slug)
    local, everywhere = queries.offers_in_focus_area(area)
    measures = [(challenge, items) for challenge, items in queries.status_board(area) if items]
    return render_template("public/focus_area.html", area=area, offers=local, everywhere=everywhere,
                           measures=measures)


@bp.get("/offers/<slug:slug>")
def offer(slug: str):
    offer = queries.published_offer_by_slug(slug)
    if offer is None:
        abort(404)
    today = datetime.now(CITY_TIME).date()
    return render_template("public/offer.html", offer=offer, check_note=check_note(offer, today))


@bp.get("/status")
def status():
    board = status_board_from_request()
    return render_template(
        "public/status.html",
        board=board.rows,
        focus_areas=board.focus_areas,
        selected=board.selected,
        since=board.since,
        changes=board.changes,
        has_measures=board.has_measures,
        statuses=vocab.MEASURE_STATUSES,
    )
