"""A page of search results costs at most two database queries, in German and in a translated language (none
once its offers are kept at the versions the index holds), and what the process keeps between requests never
shows an old state after a change.

Counted with SQLAlchemy's ``before_cursor_execute`` on the seeded directory, after one search has read what a
process keeps between requests (synonyms, vocabulary, category and Stadtteil names, structure translations,
the result offers at their version).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from directory.extensions import db
from directory.models import Category, District, Offer
from tests.factories import category, district, make_offer, place_in

MAX_QUERIES = 2


@contextmanager
def counted_queries(app) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


@pytest.mark.parametrize("path", ["/search?q=Nachhilfe", "/api/v1/offers?q=Nachhilfe"])
@pytest.mark.parametrize("lang", ["de", "ar"])
def test_a_page_of_twenty_results_takes_at_most_two_queries(seeded_app, seeded_client, path, lang) -> None:
    url = f"{path}&lang={lang}"
    seeded_client.get(url)  # what a process reads once: synonyms, vocabulary, names, structure translations
    with counted_queries(seeded_app) as statements:
        response = seeded_client.get(url)
    assert response.status_code == 200
    if path.startswith("/api/"):
        assert len(response.get_json()["items"]) == 20
    else:
        html = response.get_data(as_text=True)
        assert html.count('class="offer-card"') == 20
        if lang == "ar":
            # The cards are in Arabic where a translation exists: the translations were loaded, not skipped.
            titles = re.findall(r'<h3><a href="/offers/[^"]+"( lang="de")?', html)
            assert any(not german for german in titles)
    assert len(statements) <= MAX_QUERIES, "\n".join(statements)
    with counted_queries(seeded_app) as statements:
        assert seeded_client.get(url).status_code == 200
    assert statements == []  # the index's versions say the kept offers are current


def test_a_result_shows_changes_to_the_offer_and_to_what_it_refers_to_at_once(app) -> None:
    client = app.test_client()
    with app.app_context():
        category()
        district()
        offer_id = make_offer(places=[place_in("altstadt", 52.128, 11.635)]).id
    assert "Altstadt" in client.get("/search?q=Hausaufgabenhilfe").get_data(as_text=True)
    with app.app_context():
        db.session.get(District, db.session.query(District.id).scalar()).name = "Alte Neustadt"
        db.session.get(Category, db.session.query(Category.id).scalar()).name = "Lernen"
        db.session.get(Offer, offer_id).title = "Hausaufgabenhilfe am Nachmittag"
        db.session.commit()
    html = client.get("/search?q=Hausaufgabenhilfe").get_data(as_text=True)
    assert "Hausaufgabenhilfe am Nachmittag" in html
    assert "Alte Neustadt" in html and "Lernen" in html
    assert "Altstadt" not in html.split('class="results"')[1]


def test_kept_result_cards_follow_the_language_and_the_german_original(seeded_client) -> None:
    def card_titles(url: str) -> list[tuple[str, str]]:
        html = seeded_client.get(url).get_data(as_text=True)
        return re.findall(r'<h3><a href="/offers/[^"]+"( lang="de")?[^>]*>([^<]+)</a>', html)

    arabic = card_titles("/search?q=Nachhilfe&lang=ar")
    original = card_titles("/search?q=Nachhilfe&lang=ar&original=1")
    german = card_titles("/search?q=Nachhilfe&lang=de")
    assert any(not marked for marked, _ in arabic)  # translated cards, not the German ones kept before
    assert all(marked for marked, _ in original)  # every card in German, marked as German
    assert all(not marked for marked, _ in german)
    assert [title for _, title in original] == [title for _, title in german]
    assert card_titles("/search?q=Nachhilfe&lang=ar") == arabic


def test_cards_and_facet_links_escape_what_the_team_typed(app) -> None:
    client = app.test_client()
    with app.app_context():
        category(name='Lernen <script>alert("x")</script> & mehr')
        district(name="Alt<b>stadt</b>")
        make_offer('Hausaufgabenhilfe "<i>kursiv</i>"', places=[place_in("altstadt", 52.128, 11.635)])
    html = client.get("/search?q=Hausaufgabenhilfe&lang=de").get_data(as_text=True)
    assert "<script>" not in html and "<i>kursiv" not in html and "<b>stadt" not in html
    assert "Lernen &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; mehr" in html.split('class="facets"')[1]
    assert "Alt&lt;b&gt;stadt&lt;/b&gt;" in html.split('class="results"')[1]
