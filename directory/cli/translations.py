"""``flask --app directory translations coverage``: how far the content translations are, per language."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from ..queries.translations import coverage, translation_backlog

translations_cli = AppGroup("translations", help="Content translations: coverage per language.")


@translations_cli.command("coverage")
def coverage_command() -> None:
    """Per language and content type: translated/total, reviewed, machine-assisted, outdated, missing."""
    click.echo("lang type        translated reviewed machine outdated missing")
    for locale, by_type in coverage().items():
        for content_type, cov in by_type.items():
            click.echo(
                f"{locale:4} {content_type:11} {cov.translated:>4}/{cov.total:<5} {cov.reviewed:>8} "
                f"{cov.machine_assisted:>7} {cov.outdated:>8} {cov.missing:>7}"
            )
    click.echo(f"Outdated or missing, all languages: {translation_backlog()}")
