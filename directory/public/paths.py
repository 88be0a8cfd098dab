"""The guided paths: "Nachhilfe finden" for families, "Sprachmittlung finden" for professionals.

Plain GET forms (they work without JavaScript); the answer is on the same page, so its URL can be shared
and printed.
"""

from __future__ import annotations

from typing import Any

from flask import render_template, request
from flask_babel import gettext as _
from sqlalchemy import select

from .. import guided, queries
from ..extensions import db
from ..models import Category, District, Offer, vocab
from . import bp


def candidate_offers(categories: tuple[str, ...]) -> list[Offer]:
    stmt = queries.public_offers().where(Offer.category.has(Category.slug.in_(categories)))
    return list(db.session.execute(stmt).scalars())


def district_points() -> list[Any]:
    """Name, slug and centre of every Stadtteil (without the heavy boundary geometry)."""
    return list(
        db.session.execute(
            select(District.name, District.slug, District.centre_lat, District.centre_lon).order_by(District.name)
        )
    )


def known_categories() -> list[str]:
    return list(db.session.execute(select(Category.slug)).scalars())


def read_question(default_categories: tuple[str, ...] | list[str]) -> tuple[guided.Question, guided.Origin | None]:
    """The question in the query string and where it measures from; raises ``guided.QuestionError``."""
    question = guided.parse_question(
        request.args, default_categories, guided.today_in_magdeburg(), known_categories()
    )
    origin = None
    if question.near:
        origin = guided.resolve_origin(question.near, district_points())
        if origin is None:
            raise guided.QuestionError(
                "near", _("Diesen Ort kennen wir nicht. Bitte wählen Sie einen Stadtteil aus der Liste.")
            )
    return question, origin


def answer_for(question: guided.Question, origin: guided.Origin | None) -> guided.Answer:
    return guided.answer(candidate_offers(question.categories), question, origin, guided.today_in_magdeburg())


def _languages_offered(offers: list[Offer]) -> dict[str, str]:
    """The languages the candidate offers are given in, German first, then by name."""
    codes = {code for offer in offers for code in offer.languages} or set(vocab.LANGUAGES)
    codes.add("de")
    ordered = sorted(codes, key=lambda code: (code != "de", vocab.label(vocab.LANGUAGES, code)))
    return {code: vocab.label(vocab.LANGUAGES, code) for code in ordered}


def _render(template: str, default_categories: tuple[str, ...]):
    asked = any(name in request.args for name in guided.PARAMETERS)
    question, answer, origin, error = guided.Question(categories=default_categories), None, None, None
    try:
        question, origin = read_question(default_categories)
    except guided.QuestionError as exc:
        error = exc
    if asked and error is None:
        answer = answer_for(question, origin)
    page = render_template(
        template,
        question=question,
        answer=answer,
        origin=origin,
        error=error,
        args=request.args,
        languages=_languages_offered(candidate_offers(default_categories)),
        districts=district_points(),
        cost_choices=guided.COST_CHOICES,
        mode_choices=guided.MODE_CHOICES,
        radius_choices=guided.RADIUS_CHOICES,
        today=guided.today_in_magdeburg(),
    )
    return page, 400 if error is not None else 200


@bp.get("/nachhilfe")
def tutoring():
    return _render("public/tutoring.html", guided.TUTORING_CATEGORIES)


@bp.get("/sprachmittlung")
def mediation():
    return _render("public/mediation.html", guided.MEDIATION_CATEGORIES)
