"""Flask CLI commands: ``flask --app directory seed`` and friends."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from .services.seed import seed as run_seed


@click.command("seed")
@click.option("--no-demo", is_flag=True, help="Skip the example offers.")
@click.option("--path", type=click.Path(file_okay=False, path_type=Path), help="Seed folder (default: seed_data/).")
@with_appcontext
def seed_command(no_demo: bool, path: Path | None) -> None:
    """Load seed_data/: Stadtteile, challenges, measures, categories and offers. Safe to run twice."""
    folder = path or Path(current_app.config["SEED_DIR"])
    report = run_seed(folder, demo=not no_demo)
    created = ", ".join(f"{n} {kind}" for kind, n in sorted(report.created.items())) or "nothing"
    click.echo(f"Seeded from {folder.name}/: created {created}.")


@click.group("export")
def export_group() -> None:
    """Export the directory in open formats."""


@export_group.command("hsds")
@click.option("--output", "-o", type=click.File("w", encoding="utf-8"), default="-", help="File (default: stdout).")
@with_appcontext
def export_hsds(output) -> None:
    """All published offers as an Open Referral HSDS 3.0 JSON list of services."""
    import json

    from sqlalchemy import select

    from .extensions import db
    from .models import Offer
    from .openreferral.serialise import service_document

    base = current_app.config["BASE_URL"].rstrip("/")
    offers = db.session.execute(
        select(Offer).where(Offer.workflow_state == "published").order_by(Offer.title)
    ).scalars()
    documents = [service_document(offer, lambda o: f"{base}/offers/{o.slug}") for offer in offers]
    json.dump(documents, output, ensure_ascii=False, indent=2)
    output.write("\n")


def register(app: Flask) -> None:
    app.cli.add_command(seed_command)
    app.cli.add_command(export_group)
    from .cli_users import users_cli

    app.cli.add_command(users_cli)
