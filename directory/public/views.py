from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

from flask import abort, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from ..clock import CITY_TIME
from ..extensions import db
from ..models import Category, Challenge, District, FocusArea, vocab
from ..queries import public as queries
from ..search.params import InvalidSearchParam, SearchParams, parse_params
from ..services.freshness import check_note
from ..services.search_log import search_and_count_misses
from ..web.translated import translated
from . import bp
from .status_export import status_board_from_request

MAX_QUERY_LENGTH = 500
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
    status = 200
    error = None
    try:
        params = parse_params(request.args)
    except InvalidSearchParam as exc:
        error, status = exc, 400
        params = SearchParams(q=request.args.get("q", "")[:MAX_QUERY_LENGTH], near=request.args.get("near", "")[:200])
    result = search_and_count_misses(params) if error is None else None
    return (
        render_template(
            "public/search.html",
            params=params,
            result=result,
            error=error,
            links=SearchLinks(request.args),
            facet_titles=FACET_TITLES,
            school_levels=vocab.SCHOOL_LEVELS,
            challenges={c.slug: translated(c, "title") for c in queries.all_challenges()} if params.challenge else {},
        ),
        status,
    )


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


class SearchLinks:
    """Links to the same search with one thing changed, for facets and filters that work without JavaScript."""

    def __init__(self, args: MultiDict) -> None:
        self.args = MultiDict(args)
        self.args.pop("page", None)
        self.path = url_for("public.search")  # built once: a results page has dozens of these links
        self._encoded: dict[tuple[str, str], str] = {}

    def _url(self, args: MultiDict) -> str:
        # Encoded as url_for encodes query arguments (the same safe characters), without routing each link,
        # and each argument once per page.
        parts = []
        for key in args:
            for value in args.getlist(key):
                part = self._encoded.get((key, value))
                if part is None:
                    part = self._encoded[(key, value)] = urlencode([(key, value)], safe=URL_SAFE)
                parts.append(part)
        return f"{self.path}?{'&'.join(parts)}" if parts else self.path

    def toggle(self, name: str, value: str) -> str:
        args = MultiDict(self.args)
        values = [v for part in args.getlist(name) for v in part.split(",") if v]
        args.setlist(name, [v for v in values if v != value] if value in values else [*values, value])
        return self._url(args)

    def without(self, name: str, value: str | None = None) -> str:
        return self.toggle(name, value) if value is not None else self.set(name, None)

    def set(self, name: str, value: object | None) -> str:
        args = MultiDict(self.args)
        if value is None:
            args.pop(name, None)
        else:
            args.setlist(name, [str(value)])
        return self._url(args)

    def ignore(self, what: str) -> str:
        """The same search without something read from its words (a filter, the place, the correction)."""
        args = MultiDict(self.args)
        values = [v for part in args.getlist("ignore") for v in part.split(",") if v]
        args.setlist("ignore", [*values, what] if what not in values else values)
        return self._url(args)

    def page(self, number: int) -> str:
        args = MultiDict(self.args)
        args.setlist("page", [str(number)])
        return self._url(args)


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
