"""Building the index fast must build the same index: pre-analysed text and the parallel rebuild writer."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import index as whoosh_index
from whoosh.filedb.filestore import RamStorage

from directory.search import analysis, indexing
from directory.search.schema import make_schema, writer_fields
from tests.search.helpers import doc

WORDS = [
    "Nachhilfeangebot", "Hausaufgabenhilfe", "Begegnungscafé", "Familienzentrum", "für", "FÜR", "über", "und",
    "Straße", "Strasse", "Lernförderung", "Dolmetscherinnen", "Sprachmittlerin", "Kindergärten", "Café", "a",
    "Ämter", "BuT", "12", "x2", "Peer-to-peer", "مساعدة", "Дети", "子供", "ǅemal", "İstanbul", "ß", "ﬁ",
]
TEXTS = [
    "",
    "für",
    "Nachhilfe",
    "Nachhilfeangebot für Kinder und Eltern",
    "Hilfe \n für \n Familien",
    "Straße, Lernförderung; Begegnungscafé!",
    " ".join(WORDS),
]
text_strategy = st.lists(st.sampled_from(WORDS) | st.text(max_size=12), max_size=12).map(" ".join)


def analysed(analyzer, text: str) -> list[str]:
    return [token.text for token in analyzer(text, mode="index")]


@pytest.mark.parametrize("text", TEXTS)
def test_pre_analysed_terms_are_the_analyzers_terms(text: str) -> None:
    assert analysis.index_terms(text) == analysed(analysis.german_analyzer(), text)
    assert analysis.spelling_terms(text) == analysed(analysis.spelling_analyzer(), text)
    if analysis.index_terms(text):  # Whoosh's BiWordFilter fails on a text without any word
        assert analysis.phrase_index_terms(text) == analysed(analysis.phrase_analyzer(), text)


@settings(max_examples=300, deadline=None)
@given(text_strategy)
def test_pre_analysed_terms_equal_the_analyzers_for_any_text(text: str) -> None:
    assert analysis.index_terms(text) == analysed(analysis.german_analyzer(), text)
    assert analysis.spelling_terms(text) == analysed(analysis.spelling_analyzer(), text)
    if [w for w in analysed(analysis.german_analyzer(), text)]:
        assert analysis.phrase_index_terms(text) == analysed(analysis.phrase_analyzer(), text)


def corpus() -> list[dict]:
    docs = []
    for i in range(60):
        title = f"{WORDS[i % len(WORDS)]} {WORDS[(i * 7) % len(WORDS)]} Nachhilfe"
        body = " ".join(WORDS[(i + k) % len(WORDS)] for k in range(i % 9 + 1))
        docs.append(doc(f"{i:03d}", title=title, summary=f"Angebot {i} für Familien", body=body,
                        points=[(52.1 + i / 1000, 11.6)] if i % 3 else (), category=f"c{i % 4}",
                        language=["de", "ar"] if i % 2 else ["de"]))
    return docs


def content(ix) -> dict:
    """Everything a search reads from an index, keyed by offer id (independent of segments and docnums)."""
    out: dict = {}
    with ix.searcher() as searcher:
        for leaf, _ in searcher.leaf_searchers():
            reader = leaf.reader()
            ids = {docnum: fields["id"] for docnum, fields in reader.iter_docs()}
            for fieldname, text in reader.all_terms():
                matcher = reader.postings(fieldname, text)
                while matcher.is_active():
                    out.setdefault((fieldname, text), set()).add((ids[matcher.id()], matcher.weight(),
                                                                  matcher.value()))
                    matcher.next()
            for docnum, offer_id in ids.items():
                for fieldname in ("title", "summary", "body", "phrase", "spell"):
                    out[("length", fieldname, offer_id)] = reader.doc_field_length(docnum, fieldname)
                for column in ("points", "sortkey"):
                    out[(column, offer_id)] = reader.column_reader(column)[docnum]
                out[("stored", offer_id)] = reader.stored_fields(docnum)
    return out


def build(docs: list[dict], prepare) -> dict:
    ix = RamStorage().create_index(make_schema(), indexname="offers")
    with ix.writer() as writer:
        for document in docs:
            writer.add_document(**prepare(document))
    return content(ix)


def test_pre_analysed_documents_build_the_same_index() -> None:
    docs = corpus()
    assert build(docs, writer_fields) == build(docs, dict)


def test_parallel_rebuild_writer_builds_the_same_index(tmp_path, monkeypatch) -> None:
    docs = corpus()
    monkeypatch.setattr(indexing, "PARALLEL_REBUILD_MIN", 10)
    tmp_path.joinpath("mp").mkdir()
    ix = whoosh_index.create_in(str(tmp_path / "mp"), make_schema(), indexname="offers")
    writer = indexing.rebuild_writer(ix, len(docs))
    assert getattr(writer, "multisegment", False), "a large rebuild uses the worker processes"
    for document in docs:
        writer.add_document(**writer_fields(document))
    indexing.commit_rebuild(writer)
    indexing.check_rebuild(ix, len(docs))
    assert content(ix) == build(docs, dict)


def test_a_rebuild_that_lost_documents_fails_loudly() -> None:
    ix = RamStorage().create_index(make_schema(), indexname="offers")
    writer = indexing.rebuild_writer(ix, 1)
    writer.add_document(**writer_fields(doc("1", title="Nachhilfe")))
    indexing.commit_rebuild(writer)
    indexing.check_rebuild(ix, 1)
    with pytest.raises(RuntimeError, match="2 documents written, 1 in the index"):
        indexing.check_rebuild(ix, 2)
