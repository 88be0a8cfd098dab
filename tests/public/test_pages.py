"""Every public page type, as a family, a professional or the city team would open it."""

import re

import pytest
from sqlalchemy import select

from directory.extensions import db
from directory.models import Offer


def html(response) -> str:
    return response.get_data(as_text=True)


def test_home_shows_search_categories_challenges_and_focus_areas(seeded_client):
    page = html(seeded_client.get("/"))
    assert 'type="search"' in page
    assert "Nachhilfe und Lernförderung" in page
    assert "Bedarf Sprachmittlung, insbesondere an KiTas und Schulen" in page
    assert page.count('href="/challenges/') >= 10
    assert "Neue Neustadt / Neustädter See / Kannenstieg" in page
    assert "Leipziger Straße / Schilfbreite" in page


def test_footer_credits_openstreetmap(seeded_client):
    assert "OpenStreetMap" in html(seeded_client.get("/"))


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/categories",
        "/categories/lernfoerderung",
        "/challenges",
        "/challenges/sprachmittlung",
        "/districts",
        "/districts/neustaedter-see",
        "/districts/leipziger-strasse",
        "/focus-areas/leipziger-strasse-schilfbreite",
        "/status",
        "/search?q=Nachhilfe",
    ],
)
def test_pages_render_and_load_nothing_from_elsewhere(seeded_client, url):
    response = seeded_client.get(url)
    assert response.status_code == 200
    page = html(response)
    # No script, style, image or font from another host.
    assert not re.search(r'<(script|link|img|iframe)[^>]+(src|href)="(https?:)?//', page)
    assert '<html lang="de" dir="ltr">' in page


def test_districts_lists_all_forty_stadtteile(seeded_client):
    page = html(seeded_client.get("/districts"))
    assert len(re.findall(r'href="/districts/[a-z0-9-]+"', page)) == 40
    assert 'href="/districts/neustaedter-see"' in page
    assert 'href="/districts/westerhuesen"' in page


def test_offer_page_has_what_a_family_needs_to_act(seeded_client, seeded_app):
    with seeded_app.app_context():
        offer = db.session.execute(
            select(Offer).where(Offer.demo.is_(True), Offer.phone != "", Offer.category.has(slug="lernfoerderung"))
        ).scalars().first()
        slug, title, phone = offer.slug, offer.title, offer.phone
    page = html(seeded_client.get(f"/offers/{slug}"))
    assert title in page
    assert "Beispiel" in page
    assert f'href="tel:{phone.replace(" ", "")}"' in page
    assert "Kosten" in page and "Sprachen" in page and "Zuletzt geprüft" in page


def test_sisa_page_says_what_it_does_not_cover(seeded_client, seeded_app):
    with seeded_app.app_context():
        slug = db.session.execute(select(Offer.slug).filter_by(external_id="sisa")).scalar_one()
    page = html(seeded_client.get(f"/offers/{slug}"))
    assert "Was das Angebot nicht leistet" in page
    assert "Sachsen-Anhalt" in page


def test_listings_mark_examples(seeded_client):
    page = html(seeded_client.get("/categories/lernfoerderung"))
    assert 'class="badge badge-demo">Beispiel<' in page


def test_district_page_lists_local_offers_and_statewide_ones_separately(seeded_client):
    page = html(seeded_client.get("/districts/neustaedter-see"))
    local, _, everywhere = page.partition("Auch hier erreichbar")
    assert "SiSA" not in local
    assert "SiSA" in everywhere


def test_status_board_shows_measures_and_filters_by_focus_area(seeded_client):
    page = html(seeded_client.get("/status"))
    assert "3 Veranstaltungen durchgeführt, weitere in Planung" in page
    assert "derzeit schwer planbar" in page
    assert "Austauschformat im Bereich Leipziger Straße/Schilfbreite" in page
    north = html(seeded_client.get("/status?focus_area=neue-neustadt-neustaedter-see-kannenstieg"))
    assert "Austauschformat im Bereich Leipziger Straße/Schilfbreite" not in north
    assert "Informationsaushänge in den Stadtteilen" in north
    with seeded_client.get("/static/css/site.css") as stylesheet:
        assert "@media print" in html(stylesheet)


@pytest.mark.parametrize(
    "url",
    [
        "/offers/gibt-es-nicht",
        "/districts/schilfbreite",
        "/challenges/x",
        "/categories/%00",
        "/focus-areas/nope",
        "/nope",
    ],
)
def test_unknown_slugs_are_404(seeded_client, url):
    response = seeded_client.get(url)
    assert response.status_code == 404
    assert "Diese Seite gibt es nicht" in html(response)


@pytest.mark.parametrize(
    "url",
    ["/search?q=%00%01", "/search?q=" + "a" * 7000, "/search?q=%E2%80%AE%D8%B9%D8%B1%D8%A8%D9%8A", "/?q[]=1&x=%ff",
     "/status?focus_area=", "/districts?page=-1"],
)
def test_odd_query_strings_never_fail(seeded_client, url):
    assert seeded_client.get(url).status_code == 200


def test_an_address_over_the_length_limit_is_a_414_page_not_a_failure(seeded_client):
    response = seeded_client.get("/search?q=" + "a" * 10000)
    assert response.status_code == 414 and len(response.data) < 50_000


def test_unknown_filter_is_a_clear_400(seeded_client):
    response = seeded_client.get("/status?focus_area=mond")
    assert response.status_code == 400
    assert "Unbekannter Schwerpunktbereich" in html(response)


@pytest.mark.parametrize("url", ["/", "/offers/x", "/status", "/districts"])
def test_wrong_methods_are_405(seeded_client, url):
    assert seeded_client.post(url).status_code in (400, 405)  # 400: CSRF refuses a form post first
    assert seeded_client.delete(url).status_code == 405


def test_api_errors_are_json(seeded_client):
    response = seeded_client.get("/api/v1/nope")
    assert response.status_code == 404
    assert response.get_json()["error"] == "not_found"
