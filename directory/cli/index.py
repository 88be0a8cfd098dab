"""``flask --app directory index rebuild|verify|follow``."""

from __future__ import annotations

import logging
import signal
import sys
import threading

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.orm import Session

from ..extensions import db
from ..search import current_search
from ..search.indexing import outbox_head, rebuild, searchable_count, verify
from ..search.manifest import Damaged, read_position
from ..search.store import IndexUnavailable

index_cli = AppGroup("index", help="The search index: rebuild, verify, or follow the database's changes.")


@index_cli.command("rebuild")
def rebuild_command() -> None:
    """Build the index afresh from the database, whatever state the old one is in; searches keep working and
    switch over at the end."""
    state = current_search()
    with Session(db.engine) as session:
        total = searchable_count(session)
    with click.progressbar(length=total, label="Indexing offers", file=sys.stderr) as bar:
        count = rebuild(state.store, progress=bar.update)
    state.indexer.catch_up()  # the changes committed during the build (the host's indexer does it otherwise)
    click.echo(f"Indexed {count} offers into {state.store.current_dir().name}.")


@index_cli.command("verify")
def verify_command() -> None:
    """Compare database and index; exit with status 1 on any difference."""
    store = current_search().store
    try:
        folder = store.check()
        drift = verify(store)
    except (IndexUnavailable, Damaged) as exc:
        click.echo(f"The index is not usable: {exc}. Run `flask --app directory index rebuild`.", err=True)
        raise SystemExit(1) from None
    with Session(db.engine) as session:
        behind = outbox_head(session) - read_position(folder)
    for label, ids in (("missing", drift.missing), ("extra", drift.extra), ("stale", drift.stale)):
        if ids:
            click.echo(f"{label}: {len(ids)} offer(s): {', '.join(ids[:10])}{' …' if len(ids) > 10 else ''}")
    if behind > 0:
        click.echo(f"not yet applied: {behind} change(s) in the outbox")
    if not drift.ok:
        click.echo("The index differs from the database: the indexer repairs it within "
                   f"{current_app.config['SEARCH_RECONCILE_SECONDS']:.0f} s, "
                   "or run `flask --app directory index rebuild`.", err=True)
        raise SystemExit(1)
    click.echo("The index matches the database.")


@index_cli.command("follow")
def follow_command() -> None:
    """Be this host's indexer until stopped: apply the database's changes to the local index as they are
    committed, rebuild it when it is missing or damaged, reconcile it every few minutes. Waits while another
    process of this host is the indexer."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    click.echo(f"Following the database's changes into {current_search().store.root} (Ctrl-C stops).", err=True)
    current_search().indexer.follow(stop)
