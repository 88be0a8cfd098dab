"""Fields, choices and checks shared by the back-office forms."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    FloatField,
    SelectChoice,
)
from wtforms.validators import Regexp, ValidationError

from ...clock import CITY_TIME

Choices = Sequence[tuple[str, str]]
EMAIL = Regexp(r"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Bitte eine gültige E-Mail-Adresse angeben."))
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def options(pairs: Choices) -> list[SelectChoice]:
    """Choices for a select or checkbox group from (value, label) pairs."""
    return [SelectChoice(str(value), label) for value, label in pairs]


def vocabulary_choices(vocabulary: dict) -> list[SelectChoice]:
    return options(list(vocabulary.items()))


class DecimalField(FloatField):
    """A number that may be written the German way, with a decimal comma."""

    def process_formdata(self, valuelist: list[str]) -> None:
        if valuelist and valuelist[0].strip():
            valuelist = [valuelist[0].strip().replace(",", ".")]
            try:
                self.data = float(valuelist[0])
            except ValueError as exc:
                self.data = None
                raise ValueError(_l("Bitte eine Zahl angeben, z. B. 52,1301.")) from exc
        else:
            self.data = None


def to_utc(local: datetime | None) -> datetime | None:
    """A time typed in Magdeburg (a datetime-local input) as an aware UTC time."""
    return local.replace(tzinfo=CITY_TIME).astimezone(UTC) if local else None


def to_local(moment: datetime) -> datetime:
    """A stored time (aware, or naive UTC) as Magdeburg wall-clock time for a datetime-local input."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(CITY_TIME).replace(tzinfo=None)


def check_website(form: Any, field: Any) -> None:
    if field.data and not re.match(r"^https?://[^\s/]+\.[^\s]+$", field.data.strip()):
        raise ValidationError(_l("Bitte eine vollständige Adresse angeben, die mit https:// beginnt."))
