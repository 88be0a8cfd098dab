"""The offers the public sees, and what showing an offer needs loaded: each written once."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload, selectinload

from ..models import District, FocusArea, Offer, OfferTranslation, Place

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


def result_loaders(locale: str | None) -> tuple:
    """What a result card and an API list item show, in two queries for any number of offers.

    The offers with their category, Stadtteile, challenges and the translation in ``locale`` (none for German:
    the card shows the offer's own text) are one joined query; the places with their Stadtteil a second.
    Stadtteil outlines are not loaded (a list never draws them). ``offer.translations`` then holds only the
    one language: use these options for showing a list, never for editing.
    """
    options = [
        joinedload(Offer.category),
        joinedload(Offer.districts).defer(District.geometry),
        joinedload(Offer.challenges),
        selectinload(Offer.places).joinedload(Place.district).defer(District.geometry),
    ]
    if locale:
        options.append(joinedload(Offer.translations.and_(OfferTranslation.locale == locale)))
    return tuple(options)


def listed_offers() -> Select[tuple[Offer]]:
    """Published offers that have not ended (``Offer.is_listed``), with ``OFFER_LOADERS``."""
    return select(Offer).where(Offer.is_listed).options(*OFFER_LOADERS)


def open_data_offers() -> Select[tuple[Offer]]:
    """The offers of the open-data feeds (``/api/hsds/services`` and ``flask export hsds``), in a stable order.

    Like the public pages they leave out ended offers: open data describes what a reader can still use.
    """
    return listed_offers().order_by(Offer.title, Offer.id)
