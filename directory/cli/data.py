"""``flask --app directory data export|import``: everything the team curated, in one file and back."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from ..search import current_search
from ..search.indexing import rebuild
from ..services import portability

data_cli = AppGroup("data", help="Move the directory between databases, or restore it: export and import.")


@data_cli.command("export")
@click.argument("file", type=click.Path(dir_okay=False, writable=True))
@click.option("--include-secrets", is_flag=True, help="Keep password hashes and two-factor secrets.")
@click.option("--include-security-log", is_flag=True, help="Add the security log (it holds addresses).")
def export_command(file: str, include_secrets: bool, include_security_log: bool) -> None:
    """Write every table (see README, "Backups and moving") to FILE as JSON, readable by its owner only."""
    options = portability.ExportOptions(include_secrets=include_secrets, include_security_log=include_security_log)
    portability.write_export(file, options)
    names = ", ".join(t.name for t in portability.exported_tables(options))
    click.echo(f"Exported {names} to {file}.")
    if not include_secrets:
        click.echo(
            "Accounts are without passwords and two-factor secrets: after an import set each password with "
            "`flask --app directory users set-password EMAIL`.",
            err=True,
        )


@data_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def import_command(file: str) -> None:
    """Load FILE into this empty database (after `flask db upgrade`), then rebuild the search index."""
    try:
        counts = portability.import_data(portability.read_export(file))
    except portability.PortabilityError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Imported {sum(counts.values())} rows into {len([n for n, c in counts.items() if c])} tables.")
    click.echo(f"Indexed {rebuild(current_search().store)} offers.")
