"""``flask --app directory index rebuild|verify``."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup
from sqlalchemy.orm import Session

from ..extensions import db
from ..search import current_search
from ..search.indexing import rebuild, searchable_count, verify

index_cli = AppGroup("index", help="The search index: rebuild it from the database or verify it.")


@index_cli.command("rebuild")
def rebuild_command() -> None:
    """Build the index afresh from the database; searches keep working and switch over at the end."""
    store = current_search().store
    with Session(db.engine) as session:
        total = searchable_count(session)
    with click.progressbar(length=total, label="Indexing offers", file=sys.stderr) as bar:
        count = rebuild(store, progress=bar.update)
    click.echo(f"Indexed {count} offers into {store.current_dir().name}.")


@index_cli.command("verify")
def verify_command() -> None:
    """Compare database and index; exit with status 1 on any difference."""
    drift = verify(current_search().store)
    for label, ids in (("missing", drift.missing), ("extra", drift.extra), ("stale", drift.stale)):
        if ids:
            click.echo(f"{label}: {len(ids)} offer(s): {', '.join(ids[:10])}{' …' if len(ids) > 10 else ''}")
    if not drift.ok:
        click.echo("The index differs from the database: run `flask --app directory index rebuild`.", err=True)
        raise SystemExit(1)
    click.echo("The index matches the database.")
