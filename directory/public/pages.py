"""Information pages: Leichte Sprache, accessibility statement, imprint and privacy notice."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, render_template
from flask_babel import get_locale

from . import bp
from .infotext import load_info_text


def _operator_text(name: str, config_key: str):
    return load_info_text(
        name,
        str(get_locale() or "de"),
        instance_path=current_app.instance_path,
        configured=current_app.config.get(config_key),
    )


@bp.get("/leichte-sprache")
def easy_language():
    return render_template("pages/leichte_sprache.html")


@bp.get("/barrierefreiheit")
def accessibility():
    return render_template(
        "pages/barrierefreiheit.html",
        contact_email=current_app.config["CONTACT_EMAIL"],
        statement_date=current_app.config["ACCESSIBILITY_STATEMENT_DATE"],
        enforcement_text=_operator_text("barrierefreiheit-durchsetzung", "ACCESSIBILITY_ENFORCEMENT_TEXT"),
    )


def _operator_page(template: str, name: str, config_key: str, **extra):
    """An imprint or privacy page: the operator's text if there is one, else the built-in default."""
    return render_template(
        template,
        text=_operator_text(name, config_key),
        contact_email=current_app.config["CONTACT_EMAIL"],
        operator=current_app.config["OPERATOR_NAME"],
        **extra,
    )


@bp.get("/impressum")
def imprint():
    return _operator_page("pages/impressum.html", "impressum", "IMPRINT_TEXT")


@bp.get("/datenschutz")
def privacy():
    tile_host = urlsplit(current_app.config.get("TILE_URL") or "").hostname or ""
    return _operator_page("pages/datenschutz.html", "datenschutz", "PRIVACY_TEXT", tile_host=tile_host)
