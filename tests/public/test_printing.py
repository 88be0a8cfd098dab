"""Print views: A4 lists with a QR code per offer, the date and the source; the one-page district notice."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from sqlalchemy import select

from directory.extensions import db
from directory.formats.qr import qr_svg
from directory.models import Offer


def html(response) -> str:
    return response.get_data(as_text=True)


def qr_codes(page: str) -> list[str]:
    return re.findall(r"<svg [^>]*class=\"qr[^\"]*\".*?</svg>", page, re.S)


def test_qr_code_is_well_formed_svg_hidden_from_screen_readers():
    svg = str(qr_svg("https://example.org/offers/a"))
    root = ET.fromstring(svg)  # noqa: S314 (our own output)
    assert root.tag == "svg" and root.get("aria-hidden") == "true"
    assert root.get("viewBox") and root.find("path") is not None
    assert "style" not in svg  # sized by the print stylesheet, allowed by the CSP


def test_district_print_view_has_a_qr_code_per_offer_the_date_and_the_source(seeded_client):
    page = html(seeded_client.get("/print/districts/neue-neustadt"))
    offers = re.findall(r'<p class="print-url">(http://localhost/offers/[a-z0-9-]+)</p>', page)
    assert offers and len(qr_codes(page)) == len(offers)
    assert re.search(r"Stand: \d{1,2}\. \w+ \d{4}", page)
    assert "Quelle: Wegweiser Magdeburg, http://localhost/districts/neue-neustadt" in page
    assert 'href="/static/css/print.css' in page
    assert "Beispiel" in page  # demo entries stay marked on paper


def test_print_stylesheet_is_for_a4():
    from directory.config import PROJECT_ROOT

    css = (PROJECT_ROOT / "static/css/print.css").read_text()
    assert "size: A4" in css and "@media print" in css and "break-inside: avoid" in css


def test_focus_area_print_view(seeded_client):
    page = html(seeded_client.get("/print/focus-areas/neue-neustadt-neustaedter-see-kannenstieg"))
    assert "Neue Neustadt / Neustädter See / Kannenstieg" in page
    assert qr_codes(page)


def test_print_view_of_a_result_set_names_its_filters(seeded_client, seeded_app):
    page = html(seeded_client.get("/print/offers?category=lernfoerderung&near=Neue+Neustadt&cost=free"))
    assert "Angebote in der Nähe von Neue Neustadt" in page
    assert "Nachhilfe und Lernförderung · kostenlos" in page
    with seeded_app.app_context():
        paid = db.session.execute(
            select(Offer.title).where(Offer.cost == "paid", Offer.category.has(slug="lernfoerderung"))
        ).scalars().all()
    assert paid and not any(f"<h3>{title}" in page for title in paid)
    assert len(qr_codes(page)) == page.count('<article class="print-offer">')
    assert re.search(r"\d,\d km", page)


@pytest.mark.parametrize(
    "url",
    ["/print/offers?near=Atlantis", "/print/offers?category=zauberei", "/print/offers?cost=billig",
     "/print/offers?date=morgen"],
)
def test_print_view_rejects_bad_filters_with_400(seeded_client, url):
    assert seeded_client.get(url).status_code == 400


@pytest.mark.parametrize("url", ["/print/districts/atlantis", "/print/districts/atlantis/aushang",
                                 "/print/focus-areas/atlantis"])
def test_unknown_district_or_area_is_404(seeded_client, url):
    assert seeded_client.get(url).status_code == 404


def test_district_notice_is_one_page_with_a_large_qr_code_to_the_district(seeded_client):
    page = html(seeded_client.get("/print/districts/leipziger-strasse/aushang"))
    assert "<h1>Hilfe und Angebote in Leipziger Straße</h1>" in page
    codes = qr_codes(page)
    assert len(codes) == 1 and 'class="qr qr-large"' in codes[0]
    assert '<p class="notice-url">http://localhost/districts/leipziger-strasse</p>' in page
    assert re.search(r"Stand: \d{1,2}\. \w+ \d{4}", page)
    assert "Kontakt: Team Integration" in page and "integration@example.org" in page
    assert "print-offer" not in page  # a notice, not a list


def test_district_page_links_to_its_print_view_and_notice(seeded_client):
    page = html(seeded_client.get("/districts/neue-neustadt"))
    assert 'href="/print/districts/neue-neustadt"' in page
    assert 'href="/print/districts/neue-neustadt/aushang"' in page


def test_printed_mediation_list_says_how_to_book_and_what_is_not_covered(seeded_client):
    page = html(seeded_client.get("/print/offers?category=sprachmittlung&language=ar"))
    assert "SiSA" in page
    assert "So nutzen Sie das Angebot:" in page and "Was das Angebot nicht leistet:" in page
    assert "Arabisch" in page.split("</header>")[0]  # the filter is named in the heading
