"""The "near" widget: usable without JavaScript, the location button only with it, no inline script."""

from __future__ import annotations

import re

from flask import Flask, get_template_attribute

from directory.config import PROJECT_ROOT
from directory.web.translated import kept_macro_printing


def render(app: Flask, *args, **kwargs) -> str:
    with app.test_request_context("/"):
        return str(get_template_attribute("macros/near.html", "near_field")(*args, **kwargs))


def test_near_field_is_a_labelled_text_input(app: Flask) -> None:
    html = render(app, "Sudenburg")
    assert '<label for="near">In der Nähe von</label>' in html
    assert re.search(r'<input id="near" name="near" type="text" value="Sudenburg"', html)
    assert 'placeholder="Stadtteil, PLZ, Straße oder 52.13,11.62"' in html


def test_location_button_is_hidden_until_javascript_shows_it(app: Flask) -> None:
    html = render(app)
    button = re.search(r"<button[^>]*data-locate-button[^>]*>", html).group(0)
    assert " hidden" in button and 'type="button"' in button
    assert "Meinen Standort verwenden" in html
    # only an external script from our own origin: a strict CSP (script-src 'self') allows it
    scripts = re.findall(r"<script[^>]*>", html)
    assert len(scripts) == 1 and re.fullmatch(r'<script src="/static/js/locate\.js(\?v=[0-9a-f]+)?" defer>', scripts[0])
    assert "onclick" not in html


def test_value_is_escaped(app: Flask) -> None:
    html = render(app, '"><script>alert(1)</script>')
    assert "<script>alert" not in html
    assert "&#34;&gt;&lt;script&gt;" in html or "&quot;&gt;&lt;script&gt;" in html


def test_radius_is_preselected_and_an_unusual_radius_is_kept(app: Flask) -> None:
    assert re.search(r'<option value="5" selected>5 km</option>', render(app, "", 5))
    assert re.search(r'<option value="" selected>beliebig</option>', render(app, ""))
    html = render(app, "", 3.5)
    assert re.search(r'<option value="3.5" selected>3,5 km</option>', html)


def test_locate_script_is_served_and_talks_to_no_other_host(seeded_client) -> None:
    response = seeded_client.get("/static/js/locate.js")
    assert response.status_code == 200
    source = (PROJECT_ROOT / "static/js/locate.js").read_text(encoding="utf-8")
    assert not re.search(r"https?://", source)
    assert "fetch(" not in source and "XMLHttpRequest" not in source
    assert "getCurrentPosition" in source and "toFixed(DECIMALS)" in source
    response.close()


def test_the_kept_field_is_the_field_with_the_typed_place(app: Flask) -> None:
    """The results page keeps the field per language and radius and fills in the place (escaped)."""
    for value, radius in [("Sudenburg", None), ('"><script>alert(1)</script>', 2), ("", 5), (None, 0.5)]:
        with app.test_request_context("/?lang=ar"):
            kept = str(kept_macro_printing("macros/near.html", "near_field", value, radius))
            kept_again = str(kept_macro_printing("macros/near.html", "near_field", value, radius))
            direct = str(get_template_attribute("macros/near.html", "near_field")(value, radius))
        assert kept == kept_again == direct
