"""Print views: A4 lists with a QR code per offer, and a one-page notice ("Aushang") per Stadtteil."""

from __future__ import annotations

from flask import abort, current_app, render_template, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from .. import guided, queries
from ..extensions import db
from ..models import Category, District, FocusArea, vocab
from ..qr import qr_svg
from ..templating import format_km
from . import bp
from .paths import answer_for, known_categories, read_question
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


def describe(question: guided.Question) -> list[str]:
    """The question in words, for the heading of a printed list."""
    names = dict(db.session.execute(select(Category.slug, Category.name)).all())
    parts = [", ".join(names.get(slug, slug) for slug in question.categories)]
    if question.cost != "any":
        parts.append(str(guided.COST_CHOICES[question.cost]))
    for vocabulary, code in (
        (vocab.SCHOOL_LEVELS, question.school_level),
        (vocab.SUBJECTS, question.subject),
        (vocab.LANGUAGES, question.language),
        (vocab.SETTINGS, question.setting),
        (guided.MODE_CHOICES, question.mode),
    ):
        if code:
            parts.append(vocab.label(vocabulary, code))
    if question.needed_on:
        parts.append(_("Termin: %(date)s", date=format_date(question.needed_on, "medium")))
    if question.radius_km:
        parts.append(_("Umkreis: %(km)s", km=format_km(question.radius_km)))
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
    """Any result set of the guided paths' filters, e.g. tutoring near Neue Neustadt, free of charge."""
    try:
        question, origin = read_question(known_categories())
    except guided.QuestionError as error:
        abort(400, description=error.message)
    answer = answer_for(question, origin)
    title = _("Angebote in der Nähe von %(place)s", place=origin.label) if origin else _("Angebote")
    return _print(
        "print/offers.html",
        title=title,
        filters=describe(question),
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
