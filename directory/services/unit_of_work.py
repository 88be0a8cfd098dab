"""The one way a use case commits: everything or nothing.

A use case either wraps its changes in ``with unit_of_work():`` or, when it decides late whether to keep them,
calls ``commit()`` once at its end. Both roll back on any failure so the session stays usable, and both turn a
concurrent save of the same row into ``StaleEditError``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm.exc import StaleDataError

from ..extensions import db
from .errors import StaleEditError


@contextmanager
def unit_of_work() -> Iterator[None]:
    """One use case, one commit: the block's changes are committed together, or none of them."""
    try:
        yield
        db.session.commit()
    except StaleDataError as exc:
        db.session.rollback()
        raise StaleEditError() from exc
    except Exception:
        db.session.rollback()
        raise


def commit() -> None:
    """Commit the use case's changes made so far; on any failure roll back and raise."""
    with unit_of_work():
        pass
