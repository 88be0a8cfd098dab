"""A small in-memory index for search unit tests: no app, no database."""

from __future__ import annotations

from whoosh.filedb.filestore import RamStorage

from directory.config import PROJECT_ROOT
from directory.search.engine import Engine
from directory.search.schema import document_stamp, make_schema, pack_points, writer_fields
from directory.search.synonyms import load_synonyms

SYNONYMS = PROJECT_ROOT / "seed_data" / "synonyms.csv"


def doc(offer_id: str, title: str = "", summary: str = "", body: str = "", points=(), **facets) -> dict:
    text = " \n".join((title, summary, body))
    document = {
        "id": offer_id,
        "title": title,
        "summary": summary,
        "body": body,
        "phrase": text,
        "spell": text,
        "points": pack_points(list(points)),
        "sortkey": title.lower().encode(),
        **{name: " ".join(values) if isinstance(values, list | tuple) else values for name, values in facets.items()},
    }
    document["stamp"] = document_stamp(document)
    return document


def tiny_engine(*docs: dict) -> Engine:
    ix = RamStorage().create_index(make_schema(), indexname="offers")
    with ix.writer() as writer:
        for document in docs:
            writer.add_document(**writer_fields(document))
    return Engine(ix.searcher(), load_synonyms(SYNONYMS))


def ids(engine: Engine, text: str, **kwargs) -> list[str]:
    from directory.search.engine import Filters
    from directory.search.query import parse_query

    return engine.run(parse_query(text), kwargs.pop("filters", Filters()), kwargs.pop("geo", None), limit=50).ids
