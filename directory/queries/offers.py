"""The offers the public sees, and what showing an offer needs loaded: each written once."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload, selectinload

from ..models import District, FocusArea, Offer, Place

# What a listing, an offer page, an API or HSDS document, the CSV export and the search index read from an
# offer, loaded up front: one query per relationship instead of one per offer.
OFFER_LOADERS = (
    selectinload(Offer.category),
    selectinload(Offer.organisation),
    selectinload(Offer.places).selectinload(Place.district),
    selectinload(Offer.districts),
    selectinload(Offer.focus_areas).selectinload(FocusArea.districts),
    selectinload(Offer.challenges),
    selectinload(Offer.translations),
)


def result_loaders() -> tuple:
    """What a result card, an API list item, the results map and the printed list read from an offer.

    The offers with their category, organisation, Stadtteile and challenges are one joined query; places
    (with their Stadtteil) and translations one query each. Stadtteil outlines are not loaded (a list never
    draws them). Result offers are kept detached between requests (``web.reference``), so anything read
    from them must be loaded here.
    """
    return (
        joinedload(Offer.category),
        joinedload(Offer.organisation),
        joinedload(Offer.districts).defer(District.geometry),
        joinedload(Offer.challenges),
        selectinload(Offer.places).joinedload(Place.district).defer(District.geometry),
        selectinload(Offer.focus_areas).selectinload(FocusArea.districts).defer(District.geometry),
        selectinload(Offer.translations),
    )


def listed_offers() -> Select[tuple[Offer]]:
    """Published offers that have not ended (``Offer.is_listed``), with ``OFFER_LOADERS``."""
    return select(Offer).where(Offer.is_listed).options(*OFFER_LOADERS)


def open_data_offers() -> Select[tuple[Offer]]:
    """The offers of the open-data feeds (``/api/hsds/services`` and ``flask export hsds``), in a stable order.

    Like the public pages they leave out ended offers: open data describes what a reader can still use.
    """
    return listed_offers().order_by(Offer.title, Offer.id)
