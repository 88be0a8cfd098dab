"""Errors of the use cases; each message is for the person who tried."""

from __future__ import annotations

from flask_babel import gettext as _


class CurationError(ValueError):
    """A change that cannot be made; the message is for the person who tried."""


class StaleEditError(CurationError):
    """The offer was saved by someone else since the form was loaded."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Jemand anderes hat dieses Angebot inzwischen gespeichert. Ihre Eingaben wurden nicht "
                "gespeichert, sind aber unten noch vorhanden. Bitte vergleichen Sie mit dem aktuellen Stand "
                "(Verlauf) und speichern Sie erneut."
            )
        )


class WorkflowError(CurationError):
    """A workflow step that does not apply to the offer's current state."""


class AccountError(ValueError):
    """A request about an account that cannot be carried out; the message is for the user."""
