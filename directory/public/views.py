from __future__ import annotations

from flask import abort, render_template, request
from sqlalchemy import select

from .. import queries
from ..extensions import db
from ..models import Category, Challenge, District, FocusArea, vocab
from . import bp
from .status_export import status_board_from_request

MAX_QUERY_LENGTH = 500


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
    text = request.args.get("q", "")[:MAX_QUERY_LENGTH].strip()
    offers = queries.search_titles(text) if text else []
    return render_template("public/search.html", q=text, offers=offers)


@bp.get("/categories")
def categories():
    return render_template("public/categories.html", categories=queries.categories_with_counts())


@bp.get("/categories/<slug>")
def category(slug: str):
    category = _by_slug(Category, slug)
    return render_template(
        "public/category.html", category=category, offers=queries.offers_in_category(category)
    )


@bp.get("/challenges")
def challenges():
    return render_template("public/challenges.html", challenges=queries.all_challenges())


@bp.get("/challenges/<slug>")
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


@bp.get("/districts/<slug>")
def district(slug: str):
    district = _by_slug(District, slug)
    local, everywhere = queries.offers_in_district(district)
    return render_template("public/district.html", district=district, offers=local, everywhere=everywhere)


@bp.get("/focus-areas/<slug>")
def focus_area(slug: str):
    area = _by_slug(FocusArea, slug)
    local, everywhere = queries.offers_in_focus_area(area)
    return render_template("public/focus_area.html", area=area, offers=local, everywhere=everywhere)


@bp.get("/offers/<slug>")
def offer(slug: str):
    offer = queries.published_offer_by_slug(slug)
    if offer is None:
        abort(404)
    return render_template("public/offer.html", offer=offer)


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
        statuses=vocab.MEASURE_STATUSES,
    )
