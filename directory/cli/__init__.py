"""Flask CLI commands, all registered here: seed, index, users, export, data, geo, translations."""

from __future__ import annotations

from flask import Flask

from .data import data_cli
from .export import export_group
from .geo import geo_cli
from .index import index_cli
from .seed import seed_command
from .translations import translations_cli
from .users import users_cli


def register(app: Flask) -> None:
    app.cli.add_command(seed_command)
    app.cli.add_command(export_group)
    app.cli.add_command(data_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(index_cli)
    app.cli.add_command(geo_cli)
    app.cli.add_command(translations_cli)
