"""Likely duplicates of a new offer: a similar title, the same provider together with a related title, or the
same address. A hint for the person entering it, never a refusal."""

from __future__ import annotations

import difflib
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ...extensions import db
from ...models import Offer, Organisation, Place
from ...text import fold_german

# Words that say nothing about which offer it is.
_STOPWORDS = frozenset({
    "der", "die", "das", "und", "oder", "fuer", "mit", "im", "in", "am", "an", "zu", "zum", "zur",
    "von", "vom", "bei", "auf", "den", "dem", "des", "ein", "eine", "einer", "e", "v",
})
SIMILAR_TITLE = 0.75  # at or above: "similar title" on its own
RELATED_TITLE = 0.45  # at or above: related, enough together with the same provider


def title_tokens(title: str) -> set[str]:
    return {t for t in re.findall(r"[a-z0-9]+", fold_german(title)) if t not in _STOPWORDS and len(t) > 1}


def title_similarity(a: str, b: str) -> float:
    """0..1: the better of the word overlap (Jaccard) and the character similarity of the folded titles."""
    tokens_a, tokens_b = title_tokens(a), title_tokens(b)
    overlap = len(tokens_a & tokens_b) / len(tokens_a | tokens_b) if tokens_a and tokens_b else 0.0
    folded_a, folded_b = " ".join(sorted(tokens_a)), " ".join(sorted(tokens_b))
    ratio = difflib.SequenceMatcher(None, folded_a, folded_b).ratio() if folded_a and folded_b else 0.0
    return max(overlap, ratio)


def address_key(street: str, postcode: str) -> str:
    """Street and postcode folded, so "Breiter Weg 10" and "breiter weg 10 " are the same address."""
    street = re.sub(r"\bstr\b\.?", "strasse", fold_german(street or ""))
    return " ".join(re.findall(r"[a-z0-9]+", street)) + "|" + (postcode or "").strip()


@dataclass
class DuplicateHint:
    offer: Offer
    reasons: list[str] = field(default_factory=list)
    score: float = 0.0


def find_likely_duplicates(
    title: str,
    organisation_slug: str | None = None,
    place_ids: Iterable[str] = (),
    exclude_id: uuid.UUID | None = None,
    limit: int = 5,
) -> list[DuplicateHint]:
    """Offers that may be the same as the one being entered, most likely first."""
    places = [db.session.get(Place, uuid.UUID(str(pid))) for pid in place_ids]
    addresses = {address_key(p.street, p.postcode) for p in places if p is not None and p.street}
    place_set = {p.id for p in places if p is not None}
    organisation_id = None
    if organisation_slug:
        organisation_id = db.session.execute(
            select(Organisation.id).where(Organisation.slug == organisation_slug)
        ).scalar_one_or_none()
    hints = []
    offers = db.session.execute(select(Offer).options(selectinload(Offer.places))).scalars()
    for offer in offers:
        if offer.id == exclude_id:
            continue
        similarity = title_similarity(title, offer.title)
        reasons = []
        if similarity >= SIMILAR_TITLE:
            reasons.append(str(_l("ähnlicher Titel")))
        if organisation_id is not None and offer.organisation_id == organisation_id and similarity >= RELATED_TITLE:
            reasons.append(str(_l("gleicher Träger")))
        if any(p.id in place_set or (p.street and address_key(p.street, p.postcode) in addresses)
               for p in offer.places):
            reasons.append(str(_l("gleiche Adresse")))
        if reasons:
            hints.append(DuplicateHint(offer=offer, reasons=reasons, score=similarity + len(reasons)))
    hints.sort(key=lambda hint: -hint.score)
    return hints[:limit]
