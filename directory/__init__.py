"""Wegweiser Magdeburg: a directory of support offers for people with a migration history."""

from __future__ import annotations

import logging
import os
from typing import Any

from flask import Flask

from . import config as config_module
from . import models  # noqa: F401  (registers the tables)
from .api import bp as api_bp
from .cli import register as register_cli
from .curate import bp as curate_bp
from .curate import sessions as curate_sessions
from .extensions import babel, csrf, db, limiter, migrate
from .health import bp as health_bp
from .openreferral import bp as openreferral_bp
from .public import bp as public_bp
from .public.maps import register as register_maps
from .search import register_search
from .web import delivery, errors, json_provider, proxy, request_log, result_html, security, templating
from .web.i18n import init_app as init_locale
from .web.i18n import select_locale
from .web.routing import SlugConverter

MIGRATIONS_DIR = os.path.join(os.path.dirname(__file__), "migrations")


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create the app: configuration, extensions, blueprints, CLI commands and error handlers."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(config_module.PROJECT_ROOT / "templates"),
        static_folder=str(config_module.PROJECT_ROOT / "static"),
    )
    os.makedirs(app.instance_path, exist_ok=True)
    settings = config_module.default_config(app.instance_path)
    settings.update(config_module.from_environment())
    if test_config:
        settings.update(test_config)
    app.config.update(config_module.finalise(settings, app.instance_path))

    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_commands(app)
    register_security(app)
    register_delivery(app)
    register_search(app)
    register_serving(app)
    logging.getLogger("directory").setLevel(logging.INFO)
    return app


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    init_locale(app)
    limiter.init_app(app)
    curate_sessions.init_app(app)  # Flask-Login with the user loader


def register_blueprints(app: Flask) -> None:
    app.url_map.converters["slug"] = SlugConverter
    app.register_blueprint(public_bp)
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    app.register_blueprint(openreferral_bp, url_prefix="/api/hsds")
    app.register_blueprint(curate_bp)
    app.register_blueprint(health_bp)
    csrf.exempt(api_bp)
    register_maps(app)


def register_errorhandlers(app: Flask) -> None:
    errors.register(app)


def register_template_helpers(app: Flask) -> None:
    templating.register(app)
    result_html.register(app)


def register_security(app: Flask) -> None:
    security.register(app)


def register_delivery(app: Flask) -> None:
    delivery.register(app)
    json_provider.register(app)


def register_serving(app: Flask) -> None:
    request_log.register(app)
    proxy.register(app)


def register_commands(app: Flask) -> None:
    register_cli(app)
