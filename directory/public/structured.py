"""Machine-readable views of an offer: schema.org JSON-LD on its page, an iCalendar file for dated offers."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, url_for
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from ..formats.ical import offer_event
from ..formats.jsonld import offer_jsonld
from ..models import vocab
from ..queries import public as queries
from . import bp


def offer_jsonld_script(offer: Any) -> Markup:
    """The ``<script type="application/ld+json">`` block: data, never executed, so the CSP allows it."""
    url = url_for("public.offer", slug=offer.slug, _external=True)
    languages = {code: vocab.label(vocab.LANGUAGES, code) for code in offer.languages}
    payload = htmlsafe_json_dumps(offer_jsonld(offer, url, languages))
    return Markup(f'<script type="application/ld+json">{payload}</script>')  # noqa: S704 (escaped JSON)


bp.add_app_template_global(offer_jsonld_script, "offer_jsonld_script")


@bp.get("/offers/<slug>.ics")
def offer_ics(slug: str):
    offer = queries.published_offer_by_slug(slug)
    if offer is None or offer.starts_at is None:
        abort(404)
    url = url_for("public.offer", slug=offer.slug, _external=True)
    body = offer_event(offer, url)
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="{offer.slug}.ics"'},
    )
