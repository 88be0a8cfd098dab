"""Back office: what people searched for and did not find."""

from __future__ import annotations

from flask import render_template, request

from ..queries import curate as queries
from . import bp
from .access import role_required
from .forms.filters import DateRangeFilterForm


@bp.get("/searches")
@role_required("admin", "editor")
def zero_result_searches():
    """What people searched for and did not find: each query with its count and when it was last asked."""
    form = DateRangeFilterForm(request.args)
    valid = form.validate()
    page = queries.zero_result_page(
        since=form.since.data if valid else None,
        until=form.until.data if valid else None,
        page=max(1, request.args.get("page", 1, type=int) or 1),
    )
    filter_args = {key: value for key, value in request.args.items() if key in ("since", "until")}
    return render_template("curate/searches.html", form=form, page=page, filter_args=filter_args), (
        200 if valid else 400
    )
