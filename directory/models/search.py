"""What the search records for the team (queries that found nothing: text and time only, no IP), and the
synonym groups and the vocabulary the team curates."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, DateTime, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import code_list, updated_at, utcnow


class ZeroResultQuery(db.Model):
    __tablename__ = "zero_result_query"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    query: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


class SynonymGroup(db.Model):
    """Words a family would use for the same thing ("Dolmetscher", "Übersetzer", "Sprachmittlung"), applied when
    a query is built. Seeded from ``seed_data/synonyms.csv``; the team edits them in the back office."""

    __tablename__ = "synonym_group"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    terms: Mapped[list[str]] = code_list()  # as typed, the first one names the group
    updated_at: Mapped[datetime] = updated_at()


class VocabularyConcept(db.Model):
    """A concept of the multilingual vocabulary the search reads queries with: its words in the eight
    languages and what it means as a filter. Seeded from ``seed_data/vocabulary.yaml``; the team edits it in
    the back office. Terms outside German are machine-assisted until the team has reviewed them."""

    __tablename__ = "vocabulary_concept"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    type: Mapped[str] = mapped_column(String(20))
    implies: Mapped[dict] = mapped_column(JSON, default=dict, nullable=False)
    terms: Mapped[dict] = mapped_column(JSON, default=dict, nullable=False)  # language → list of terms
    updated_at: Mapped[datetime] = updated_at()


class SearchChange(db.Model):
    """The outbox of the search index: one row per offer whose search document may have changed, written in the
    same transaction as the change. Every host's indexer applies the rows after its last applied ``id``."""

    __tablename__ = "search_change"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)  # the position
    offer_id: Mapped[uuid.UUID] = mapped_column(Uuid)  # no foreign key: a deleted offer leaves the index too
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
