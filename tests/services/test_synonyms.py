"""Synonym groups the team curates: seeded once from the file, edited in the back office, applied by the
next search without a restart or a re-index."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from sqlalchemy import insert, select

from directory.extensions import db
from directory.models import AuditEntry, SynonymGroup
from directory.search import current_search
from directory.search.synonyms import Synonyms, read_synonym_groups
from directory.services.errors import CurationError
from directory.services.seed import seed
from directory.services.synonyms import (
    all_groups,
    create_synonym_group,
    delete_synonym_group,
    parse_terms,
    update_synonym_group,
)
from tests.conftest import SEED_DIR
from tests.curate.support import post_form
from tests.search import test_sync as test_search_sync

seeded = test_search_sync.seeded  # the same fixture: an app on the seed without demo offers
titles = test_search_sync.titles
EDITOR = SimpleNamespace(id=None, email="redaktion@example.org")
SYNONYMS_FILE = SEED_DIR / "synonyms.csv"


def test_seed_loads_the_file_once_and_keeps_the_teams_edits(seeded) -> None:
    from_file = read_synonym_groups(SYNONYMS_FILE)
    assert sorted(group.terms for group in all_groups()) == sorted(from_file)
    first = all_groups()[0]
    update_synonym_group(first, ["Quirlwort", "Wirbelwort"], EDITOR)
    delete_synonym_group(all_groups()[-1], EDITOR)
    seed(SEED_DIR, demo=False)
    terms = [group.terms for group in all_groups()]
    assert len(terms) == len(from_file) - 1 and ["Quirlwort", "Wirbelwort"] in terms


def test_a_new_group_is_applied_by_the_next_search_and_a_deleted_one_is_gone(seeded) -> None:
    assert titles("Quirlwort") == []
    group = create_synonym_group(["Quirlwort", "Sprachmittlung"], EDITOR)
    assert any(title.startswith("SiSA") for title in titles("Quirlwort"))
    update_synonym_group(group, ["Quirlwort", "Kochkurs"], EDITOR)
    assert not any(title.startswith("SiSA") for title in titles("Quirlwort"))
    delete_synonym_group(group, EDITOR)
    assert titles("Quirlwort") == []


def test_synonyms_are_cached_until_a_commit_changes_them(seeded) -> None:
    state = current_search()
    before = state.synonyms()
    assert state.synonyms() is before  # no query per search
    with db.engine.begin() as connection:  # behind the session's back: the cache does not notice
        connection.execute(insert(SynonymGroup).values(terms=["Quirlwort", "Sprachmittlung"]))
    assert titles("Quirlwort") == []
    state.synonyms_changed()
    assert any(title.startswith("SiSA") for title in titles("Quirlwort"))


def test_a_database_without_groups_uses_the_file(app) -> None:
    with app.app_context():
        assert db.session.execute(select(SynonymGroup)).first() is None
        synonyms = current_search().synonyms()
        assert synonyms.vocabulary() == Synonyms.from_csv(SYNONYMS_FILE).vocabulary()


def test_terms_are_tidied_and_a_group_needs_two(app) -> None:
    assert parse_terms(" Kita,\nKindergarten , kita,\x00Krippe ") == ["Kita", "Kindergarten", "Krippe"]
    with app.app_context():
        with pytest.raises(CurationError):
            create_synonym_group(["Kita"], EDITOR)
        with pytest.raises(CurationError):
            create_synonym_group(["Kita", "x" * 101], EDITOR)
        assert db.session.execute(select(SynonymGroup)).first() is None


def test_editors_list_create_edit_and_delete_groups_with_confirmation(app, logged_in_client) -> None:
    editor = logged_in_client("editor")
    refused = post_form(editor, "/curate/synonyms/new", {"terms": "Kita"})
    assert refused.status_code == 400 and "mindestens zwei verschiedene Begriffe" in refused.get_data(as_text=True)
    created = post_form(editor, "/curate/synonyms/new", {"terms": "Kita, Kindergarten\nKrippe"})
    assert created.status_code == 302
    listing = editor.get("/curate/synonyms").get_data(as_text=True)
    assert "Kita, Kindergarten, Krippe" in listing
    group_id = int(re.search(r'id="row-(\d+)">\s*<td>Kita, Kindergarten, Krippe<', listing).group(1))
    assert "Kita, Kindergarten, Krippe" in editor.get(f"/curate/synonyms/{group_id}/edit").get_data(as_text=True)
    edited = post_form(editor, f"/curate/synonyms/{group_id}/edit", {"terms": "Kita, Kindertagesstätte"})
    assert edited.status_code == 302
    confirm = editor.get(f"/curate/synonyms/{group_id}/delete").get_data(as_text=True)
    assert "Kita, Kindertagesstätte" in confirm and "Endgültig löschen" in confirm
    assert editor.post(f"/curate/synonyms/{group_id}/delete").status_code == 400  # no CSRF token: nothing deleted
    assert post_form(editor, f"/curate/synonyms/{group_id}/delete").status_code == 302
    assert editor.get(f"/curate/synonyms/{group_id}/edit").status_code == 404
    with app.app_context():
        entries = db.session.execute(
            select(AuditEntry.action, AuditEntry.actor_name, AuditEntry.summary)
            .where(AuditEntry.object_type == "synonym_group").order_by(AuditEntry.id)
        ).all()
    assert [(action, actor) for action, actor, _ in entries] == [
        ("create", editor.user.email), ("update", editor.user.email), ("delete", editor.user.email),
    ]
    assert entries[-1].summary == "Kita, Kindertagesstätte"  # the log keeps what was deleted
