"""The domain model. Importing this package registers every table with the metadata."""

from .geo import District, FocusArea, Postcode
from .offer import Offer, OfferTranslation, Organisation, Place
from .search import ZeroResultQuery
from .taxonomy import Category, Challenge, Measure, MeasureStatusChange

__all__ = [
    "Category",
    "Challenge",
    "District",
    "FocusArea",
    "Measure",
    "MeasureStatusChange",
    "Offer",
    "OfferTranslation",
    "Organisation",
    "Place",
    "Postcode",
    "ZeroResultQuery",
]
