"""The back office ("/curate"): log-in, accounts and the team's tools. Every view is guarded by access.py."""

from __future__ import annotations

from flask import Blueprint, current_app
from flask_babel import lazy_gettext as _l
from flask_login import current_user

bp = Blueprint("curate", __name__, url_prefix="/curate")

# The back-office navigation: (endpoint, label, action a user needs, see access.ACTION_ROLES).
# Entries whose endpoint does not exist (yet) are left out.
NAV = [
    ("curate.offers", _l("Angebote"), "view"),
    ("curate.checklist", _l("Prüfliste"), "verify"),
    ("curate.suggestions", _l("Vorschläge"), "review"),
    ("curate.measures", _l("Maßnahmen"), "measures"),
    ("curate.coverage_report", _l("Abdeckung"), "measures"),
    ("curate.import_offers", _l("Import"), "import"),
    ("curate.synonyms", _l("Synonyme"), "synonyms"),
    ("curate.translation_coverage", _l("Übersetzungen"), "translations"),
    ("curate.vocabulary", _l("Suchvokabular"), "synonyms"),
    ("curate.audit_log", _l("Protokoll"), "audit"),
    ("curate.users", _l("Benutzer"), "users"),
    ("curate.account", _l("Konto"), "view"),
]


@bp.after_request
def no_store(response):
    """Back-office pages hold personal data and CSRF tokens: never kept in shared or browser caches."""
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.app_context_processor
def curate_navigation() -> dict:
    def nav_items() -> list[tuple[str, str]]:
        if not current_user.is_authenticated:
            return []
        if current_user.needs_totp and not current_user.totp_enabled:
            return []  # nothing to offer until two-factor log-in is set up
        return [
            (endpoint, label)
            for endpoint, label, action in NAV
            if endpoint in current_app.view_functions and can(current_user, action)
        ]

    return {"curate_nav": nav_items}


from . import (  # noqa: E402,F401,I001
    account, auth, catalogue, checks, coverage, imports, measures, offers, searches, suggestions, synonyms,
    translations, users, vocabulary, work,
)
from .access import can  # noqa: E402  (after bp: the view modules register on it)
