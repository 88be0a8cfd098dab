"""The multilingual vocabulary in the database: seeded from the file keeping the team's edits, edited in the
back office, read by the next search through a cache (the file while the table is empty)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from directory.extensions import db
from directory.models import AuditEntry, VocabularyConcept
from directory.search import current_search
from directory.search.vocabulary import read_concepts
from directory.services.errors import CurationError
from directory.services.seed import seed
from directory.services.vocabulary import create_concept, parse_implies, update_concept
from tests.conftest import SEED_DIR
from tests.curate.support import post_form
from tests.search import test_sync as test_search_sync

seeded = test_search_sync.seeded  # an app on the seed without demo offers
titles = test_search_sync.titles
EDITOR = SimpleNamespace(id=None, email="redaktion@example.org")
ALL = ("de", "en", "ar", "uk", "ru", "tr", "fa", "ku")


def _concept(key: str) -> VocabularyConcept:
    return db.session.execute(select(VocabularyConcept).filter_by(key=key)).scalar_one()


def test_seed_loads_the_file_and_keeps_the_teams_edits(seeded) -> None:
    from_file = read_concepts(SEED_DIR / "vocabulary.yaml")
    assert db.session.execute(select(func.count(VocabularyConcept.id))).scalar_one() == len(from_file)
    concept = _concept(from_file[0].key)
    terms = dict(concept.terms) | {"tr": ["quirlwort"]}
    update_concept(concept, concept.type, concept.implies, terms, EDITOR)
    db.session.delete(_concept(from_file[1].key))
    db.session.commit()
    seed(SEED_DIR, demo=False)
    assert _concept(from_file[0].key).terms["tr"] == ["quirlwort"]  # the edit stays
    assert _concept(from_file[1].key).terms == {lang: list(t) for lang, t in from_file[1].terms.items()}


def test_an_edited_term_is_understood_by_the_next_search(seeded) -> None:
    assert titles("quirlwort") == []
    concept = _concept("dolmetschen")
    update_concept(concept, concept.type, concept.implies, dict(concept.terms) | {"ku": ["quirlwort"]}, EDITOR)
    assert any(title.startswith("SiSA") for title in titles("quirlwort"))
    entry = db.session.execute(select(AuditEntry).where(AuditEntry.object_type == "vocabulary_concept")).scalar_one()
    assert entry.action == "update" and "ku" in entry.summary


def test_the_vocabulary_is_compiled_once_per_version(seeded) -> None:
    state = current_search()
    first = state.vocabulary()
    assert state.vocabulary() is first  # nothing read or compiled per search
    state.vocabulary_changed()
    assert state.vocabulary() is first  # checked again, but nothing changed
    concept = _concept("dolmetschen")
    update_concept(concept, concept.type, concept.implies, dict(concept.terms) | {"ku": ["quirlwort"]}, EDITOR)
    assert state.vocabulary() is not first


def test_an_empty_table_uses_the_file(app) -> None:
    with app.app_context():
        assert db.session.execute(select(VocabularyConcept)).first() is None
        assert len(current_search().vocabulary().concepts) == len(read_concepts(SEED_DIR / "vocabulary.yaml"))


def test_a_concept_needs_a_key_a_known_type_and_a_german_word(app) -> None:
    with app.app_context():
        terms = {lang: ["wort"] for lang in ALL}
        with pytest.raises(CurationError):
            create_concept("Bad Key", "service", {}, terms, EDITOR)
        with pytest.raises(CurationError):
            create_concept("good_key", "nonsense", {}, terms, EDITOR)
        with pytest.raises(CurationError):
            create_concept("good_key", "service", {}, terms | {"de": []}, EDITOR)
        with pytest.raises(CurationError):
            parse_implies("colour: blue")
        assert parse_implies("category: lernfoerderung, but: true") == {"category": "lernfoerderung", "but": True}


def test_editors_list_create_and_edit_concepts(app, logged_in_client) -> None:
    editor = logged_in_client("editor")
    listing = editor.get("/curate/vocabulary").get_data(as_text=True)
    assert "übersetzt, nicht geprüft" in listing
    form = {"key": "quirl_concept", "type": "service", "implies": "category: lernfoerderung",
            **{f"terms_{lang}": "" for lang in ALL}}
    refused = post_form(editor, "/curate/vocabulary/new", form)
    assert refused.status_code == 400 and "deutsches Wort" in refused.get_data(as_text=True)
    created = post_form(editor, "/curate/vocabulary/new", form | {"terms_de": "Quirl, Quirle", "terms_tr": "çırpıcı"})
    assert created.status_code == 302
    with app.app_context():
        concept = _concept("quirl_concept")
        assert concept.terms["de"] == ["Quirl", "Quirle"] and concept.implies == {"category": "lernfoerderung"}
        concept_id = concept.id
    page = editor.get(f"/curate/vocabulary/{concept_id}/edit").get_data(as_text=True)
    assert "Quirl, Quirle" in page and "übersetzt, nicht geprüft" in page.lower()
    edited = post_form(editor, f"/curate/vocabulary/{concept_id}/edit", form | {"terms_de": "Quirl", "type": "topic"})
    assert edited.status_code == 302
    with app.app_context():
        assert _concept("quirl_concept").type == "topic"


def test_contributors_cannot_edit_the_vocabulary(logged_in_client) -> None:
    assert logged_in_client("contributor").get("/curate/vocabulary").status_code in (302, 403)
