"""``flask --app directory seed``: load the seed data."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from ..services.seed import seed as run_seed


@click.command("seed")
@click.option("--demo", is_flag=True, help="Also load the invented example offers (marked \"Beispiel\").")
@click.option("--path", type=click.Path(file_okay=False, path_type=Path), help="Seed folder (default: seed_data/).")
@with_appcontext
def seed_command(demo: bool, path: Path | None) -> None:
    """Load seed_data/: Stadtteile, challenges, measures, categories and the real offers. Safe to run twice."""
    folder = path or Path(current_app.config["SEED_DIR"])
    report = run_seed(folder, demo=demo)
    created = ", ".join(f"{n} {kind}" for kind, n in sorted(report.created.items())) or "nothing"
    click.echo(f"Seeded from {folder.name}/: created {created}.")
