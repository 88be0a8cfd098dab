"""The guided paths: "Nachhilfe finden" for families, "Sprachmittlung finden" for professionals.

Plain GET forms (they work without JavaScript); the answer is on the same page, so its URL can be shared
and printed. The search engine finds and orders the offers; ``guided`` adds what only these paths ask.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import render_template, request
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from ..extensions import db
from ..models import Category, Offer, vocab
from ..queries import public as queries
from ..search.params import InvalidSearchParam, SearchParams, parse_params
from ..services.search_log import search_and_count_misses
from . import bp, guided

# A guided answer is one page: everything that fits, nearest first.
MAX_RESULTS = 500


def known_categories() -> list[str]:
    return list(db.session.execute(select(Category.slug)).scalars())


def run_search(search_args: Mapping[str, Any], question: guided.Question) -> tuple[guided.Answer, SearchParams]:
    """Search with these parameters, then keep what fits the guided questions. Raises ``guided.QuestionError``."""
    args = search_args if isinstance(search_args, MultiDict) else MultiDict(search_args)
    try:
        params = parse_params(args, known=queries.taxonomy_slugs()).with_changes(page=1, per_page=MAX_RESULTS)
    except InvalidSearchParam as error:
        raise guided.QuestionError(error.field, error.message) from error
    result = search_and_count_misses(params)
    found = [(offer, result.distances.get(offer.id), offer.id in result.remote) for offer in result.offers]
    return guided.answer(found, question, guided.today_in_magdeburg()), params


def _languages_offered(categories: tuple[str, ...]) -> dict[str, str]:
    """The languages offers of these categories are given in, German first, then by name."""
    lists = db.session.execute(
        select(Offer.languages).where(
            Offer.workflow_state == "published", Offer.category.has(Category.slug.in_(categories))
        )
    ).scalars()
    codes = {code for languages in lists for code in languages or []} or set(vocab.LANGUAGES)
    codes.add("de")
    ordered = sorted(codes, key=lambda code: (code != "de", vocab.label(vocab.LANGUAGES, code)))
    return {code: vocab.label(vocab.LANGUAGES, code) for code in ordered}


def _render(template: str, default_categories: tuple[str, ...]):
    asked = any(name in request.args for name in guided.PARAMETERS)
    question, answer, params, error = guided.Question(categories=default_categories), None, None, None
    try:
        question = guided.parse_question(
            request.args, default_categories, guided.today_in_magdeburg(), known_categories()
        )
        if asked:
            answer, params = run_search(question.search_args(), question)
    except guided.QuestionError as exc:
        error = exc
    page = render_template(
        template,
        question=question,
        answer=answer,
        origin=params.origin if params else None,
        error=error,
        args=request.args,
        languages=_languages_offered(default_categories),
        cost_choices=guided.COST_CHOICES,
        mode_choices=guided.MODE_CHOICES,
        today=guided.today_in_magdeburg(),
    )
    return page, 400 if error is not None else 200


@bp.get("/nachhilfe")
def tutoring():
    return _render("public/tutoring.html", guided.TUTORING_CATEGORIES)


@bp.get("/sprachmittlung")
def mediation():
    return _render("public/mediation.html", guided.MEDIATION_CATEGORIES)
