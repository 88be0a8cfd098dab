from __future__ import annotations

import uuid

from flask import abort, jsonify, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..extensions import db
from ..formats.hsds import page, service_document
from ..models import Offer
from ..queries.offers import listed_offers, open_data_offers
from . import bp

MAX_PAGE_SIZE = 100


def _page_url(offer: Offer) -> str:
    return url_for("public.offer", slug=offer.slug, _external=True)


def _positive_int(name: str, default: int, maximum: int = 1_000_000) -> int:
    raw = request.args.get(name, "")
    if raw == "":
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= maximum:
        abort(400, description=_("%(name)s muss eine ganze Zahl von 1 bis %(max)d sein.", name=name, max=maximum))
    return int(raw)


@bp.get("/services")
def services():
    """The listed offers (published, not ended) as HSDS services, paginated (``page``, ``per_page``)."""
    number = _positive_int("page", 1)
    size = min(_positive_int("per_page", 50), MAX_PAGE_SIZE)
    total = db.session.execute(select(func.count(Offer.id)).where(Offer.is_listed)).scalar_one()
    offers = db.session.execute(open_data_offers().offset((number - 1) * size).limit(size)).scalars()
    return jsonify(page([service_document(o, _page_url) for o in offers], total, number, size))


@bp.get("/services/<service_id>")
def service(service_id: str):
    try:
        offer_id = uuid.UUID(service_id)
    except ValueError:
        abort(404)
    offer = db.session.execute(listed_offers().where(Offer.id == offer_id)).scalar_one_or_none()
    if offer is None:
        abort(404)
    return jsonify(service_document(offer, _page_url))
