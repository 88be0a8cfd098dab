"""Print views: A4 lists with a QR code per offer, and a one-page notice ("Aushang") per Stadtteil."""

from __future__ import annotations

from flask import abort, current_app, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..formats.qr import qr_svg
from ..models import Category, District, FocusArea, vocab
from ..queries import public as queries
from ..search.params import SearchParams
from ..web.templating import format_km
from . import bp, guided
from .paths import known_categories, run_search
from .views import _by_slug


def _print(template: str, **context):
    return render_template(
        template,
        printed_on=format_date(guided.today_in_magdeburg(), "long"),
        home_url=url_for("public.home", _external=True),
        contact_email=current_app.config["CONTACT_EMAIL"],
        **context,
    )


bp.add_app_template_global(qr_svg, "qr_svg")


def _names(model: type, slugs: tuple[str, ...]) -> list[str]:
    names = dict(db.session.execute(select(model.slug, model.name).where(model.slug.in_(slugs))).all())
    return [names.get(slug, slug) for slug in slugs]


def describe(params: SearchParams, extras: guided.Question) -> list[str]:
    """The result set in words, for the heading of a printed list."""
    parts = []
    if params.q:
        parts.append(f"„{params.q}“")
    if params.category:
        parts.append(", ".join(_names(Category, params.category)))
    if params.cost:
        parts.append(_(" oder ").join(vocab.label(vocab.COST_FILTERS, code) for code in params.cost))
    for vocabulary, codes in ((vocab.LANGUAGES, params.language), (vocab.MODES, params.mode),
                              (vocab.TARGET_GROUPS, params.target_group)):
        if codes:
            parts.append(", ".join(vocab.label(vocabulary, code) for code in codes))
    if params.district:
        parts.append(", ".join(_names(District, params.district)))
    for vocabulary, code in ((vocab.SCHOOL_LEVELS, extras.school_level), (vocab.SUBJECTS, extras.subject),
                             (vocab.SETTINGS, extras.setting)):
        if code:
            parts.append(vocab.label(vocabulary, code))
    if extras.needed_on:
        parts.append(_("Termin: %(date)s", date=format_date(extras.needed_on, "medium")))
    if params.radius_km and params.origin:
        parts.append(_("Umkreis: %(km)s", km=format_km(params.radius_km)))
    return parts


def _print_area(name: str, page_url: str, local_heading: str, offers: tuple[list, list]):
    local, everywhere = offers
    return _print(
        "print/offers.html",
        title=_("Angebote in %(name)s", name=name),
        page_url=page_url,
        sections=[(local_heading, local), (_("Stadt- und landesweit"), everywhere)],
    )


@bp.get("/print/districts/<slug>")
def print_district(slug: str):
    district = _by_slug(District, slug)
    page_url = url_for("public.district", slug=district.slug, _external=True)
    return _print_area(district.name, page_url, _("Im Stadtteil"), queries.offers_in_district(district))


@bp.get("/print/focus-areas/<slug>")
def print_focus_area(slug: str):
    area = _by_slug(FocusArea, slug)
    page_url = url_for("public.focus_area", slug=area.slug, _external=True)
    return _print_area(area.name, page_url, _("Im Schwerpunktbereich"), queries.offers_in_focus_area(area))


@bp.get("/print/offers")
def print_offers():
    """Any result set: the search's parameters (as on the results page) and the guided paths' own questions.

    E.g. ``?category=lernfoerderung&near=Neue+Neustadt&cost=free``: tutoring near Neue Neustadt, free of charge.
    """
    try:
        unknown = set(request.args.getlist("category")) - set(known_categories())
        if unknown:
            raise guided.QuestionError("category", _("Diese Art von Angebot kennen wir nicht."))
        extras = guided.parse_extras(request.args, guided.today_in_magdeburg())
        answer, params = run_search(request.args, extras)
    except guided.QuestionError as error:
        abort(400, description=error.message)
    origin = params.origin
    return _print(
        "print/offers.html",
        title=_("Angebote in der Nähe von %(place)s", place=origin.label) if origin else _("Angebote"),
        filters=describe(params, extras),
        page_url=None,
        sections=[
            (_("In der Nähe") if origin else _("Vor Ort"), [m.offer for m in answer.near]),
            (_("Von überall erreichbar"), [m.offer for m in answer.anywhere]),
        ],
        distances={m.offer.id: m.distance_km for m in answer.near},
    )


@bp.get("/print/districts/<slug>/aushang")
def print_notice(slug: str):
    district = _by_slug(District, slug)
    return _print(
        "print/notice.html",
        district=district,
        page_url=url_for("public.district", slug=district.slug, _external=True),
    )
