"""Filters of the back-office lists: offers, and date ranges (audit log, searches, suggestions)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    SelectField,
    StringField,
)
from wtforms.validators import Length, Optional

from ...models import vocab
from .fields import Choices, options, vocabulary_choices


class OfferFilterForm(FlaskForm):
    """The offer list's filters (a GET form: no CSRF token, nothing changes)."""

    class Meta:
        csrf = False

    q = StringField(_l("Titel enthält"), validators=[Length(max=200)])
    state = SelectField(_l("Bearbeitungsstand"), default="",
                        choices=options([("", _l("alle"))]) + vocabulary_choices(vocab.WORKFLOW_STATES))
    category = SelectField(_l("Kategorie"), default="")

    def __init__(self, *args: Any, categories: Choices = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.category.choices = options([("", _l("alle")), *categories])


class DateRangeFilterForm(FlaskForm):
    """A list's date range filter, both days included (a GET form: no CSRF token, nothing changes)."""

    class Meta:
        csrf = False

    since = DateField(_l("von (Datum)"), validators=[Optional()])
    until = DateField(_l("bis (Datum)"), validators=[Optional()])

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if self.since.data and self.until.data and self.until.data < self.since.data:
            self.until.errors.append(_l("Das Ende des Zeitraums liegt vor seinem Anfang."))
            valid = False
        return valid


class AuditFilterForm(DateRangeFilterForm):
    """The audit log's filters: person and date range."""

    person = SelectField(_l("Person"), default="")

    def __init__(self, *args: Any, people: Sequence[str] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.person.choices = options([("", _l("alle")), *((p, p) for p in people)])
