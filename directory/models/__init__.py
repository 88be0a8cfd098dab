"""The domain model. Importing this package registers every table with the metadata."""

from .curation import AuditEntry, OfferRevision, RecordRevision
from .geo import District, FocusArea, Postcode
from .offer import Offer, OfferTranslation, Organisation, Place
from .search import SearchChange, SynonymGroup, VocabularyConcept, ZeroResultQuery
from .suggestion import OfferVerification, ProblemReport, Suggestion
from .taxonomy import Category, Challenge, Measure, MeasureStatusChange
from .translation import ContentTranslation
from .user import SecurityEvent, User, UserSession

__all__ = [
    "AuditEntry",
    "OfferRevision",
    "RecordRevision",
    "Category",
    "Challenge",
    "ContentTranslation",
    "District",
    "FocusArea",
    "Measure",
    "MeasureStatusChange",
    "Offer",
    "OfferVerification",
    "OfferTranslation",
    "Organisation",
    "Place",
    "Postcode",
    "ZeroResultQuery",
    "SearchChange",
    "SynonymGroup",
    "VocabularyConcept",
    "ProblemReport",
    "SecurityEvent",
    "Suggestion",
    "User",
    "UserSession",
]
