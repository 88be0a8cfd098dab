"""Information pages: Leichte Sprache, accessibility statement, imprint and privacy notice."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, render_template
from flask_babel import get_locale

from ..infotext import load_info_text
from . import bp


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


@bp.get("/impressum")
def imprint():
    return render_template(
        "pages/impressum.html",
        text=_operator_text("impressum", "IMPRINT_TEXT"),
        contact_email=current_app.config["CONTACT_EMAIL"],
        operator=current_app.config["OPERATOR_NAME"],
    )


@bp.get("/datenschutz")
def privacy():
    return render_template(
        "pages/datenschutz.html",
        text=_operator_text("datenschutz", "PRIVACY_TEXT"),
        contact_email=current_app.config["CONTACT_EMAIL"],
        operator=current_app.config["OPERATOR_NAME"],
        tile_host=urlsplit(current_app.config.get("TILE_URL") or "").hostname or "",
    )
