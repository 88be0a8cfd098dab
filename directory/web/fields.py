"""Form fields shared by the public forms and the back office."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import SelectMultipleField
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget


class MultiCheckboxField(SelectMultipleField):
    """A group of checkboxes; render it inside a fieldset with a legend."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form: Any) -> None:
        known = {choice.value for choice in self.choices or []}
        unknown = [value for value in self.data or [] if value not in known]
        if unknown:
            raise ValidationError(_l("Unbekannte Auswahl: %(values)s", values=", ".join(unknown)))
