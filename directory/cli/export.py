"""``flask --app directory export hsds``: the directory in open formats."""

from __future__ import annotations

import json

import click
from flask import current_app
from flask.cli import with_appcontext

from ..extensions import db
from ..formats.hsds import service_document
from ..queries.offers import open_data_offers


@click.group("export")
def export_group() -> None:
    """Export the directory in open formats."""


@export_group.command("hsds")
@click.option("--output", "-o", type=click.File("w", encoding="utf-8"), default="-", help="File (default: stdout).")
@with_appcontext
def export_hsds(output) -> None:
    """The listed offers (published, not ended) as an Open Referral HSDS 3.0 JSON list of services."""
    base = current_app.config["BASE_URL"].rstrip("/")
    offers = db.session.execute(open_data_offers()).scalars()
    documents = [service_document(offer, lambda o: f"{base}/offers/{o.slug}") for offer in offers]
    json.dump(documents, output, ensure_ascii=False, indent=2)
    output.write("\n")
