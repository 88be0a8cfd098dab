"""``flask --app directory geo load-streets FILE``: give the place look-up a more complete street list."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from ..geo.streets import StreetFileError, read_street_file


@click.group("geo")
def geo_cli() -> None:
    """The offline gazetteer behind place look-ups."""


@geo_cli.command("load-streets")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def load_streets(path: Path) -> None:
    """Check a street file (CSV: name, lat, lon, optional postcode; e.g. an OpenStreetMap extract) and install it
    as STREETS_FILE. Look-ups use it after the app restarts; the built-in streets stay as they are."""
    try:
        streets = read_street_file(path)
    except StreetFileError as error:
        raise click.ClickException(f"{path.name}: {error}") from None
    target = Path(current_app.config["STREETS_FILE"])
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the target and renamed, so a running app never reads half a file.
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".csv")
    os.close(handle)
    shutil.copyfile(path, temporary)
    os.replace(temporary, target)
    click.echo(f"{len(streets)} streets installed as {target.name}; restart the app to use them.")
