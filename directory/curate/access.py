"""Access control for the back office: who may open which page and do what to which object.

``role_required`` guards every curate view (server-side, per route); ``can`` answers per-object questions
(may this contributor edit this draft?); ``require`` is ``can`` that refuses with a recorded 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from flask import abort, redirect, request, url_for
from flask_login import current_user

from ..models.user import ROLES, TOTP_ROLES
from ..services import accounts

__all__ = ["ROLES", "ACTION_ROLES", "can", "require", "role_required"]

EDITORS = ("admin", "editor")

# Which roles may do an action at all; ``can`` narrows some of them down per object.
ACTION_ROLES: dict[str, tuple[str, ...]] = {
    "view": ROLES,  # open the back office
    "create": ROLES,  # create an offer (contributors: as a draft)
    "edit": ROLES,  # contributors: drafts, and entries in review that they created
    "submit": ROLES,  # draft -> in review; contributors as for "edit"
    "publish": EDITORS,
    "archive": EDITORS,
    "unarchive": EDITORS,
    "restore": EDITORS,  # restore an earlier revision
    "verify": EDITORS,  # mark as checked ("zuletzt geprüft")
    "review": EDITORS,  # suggestions and problem reports
    "measures": EDITORS,  # status and progress of measures
    "import": EDITORS,
    "export": EDITORS,
    "audit": EDITORS,  # the change log
    "synonyms": EDITORS,  # the search's synonym groups
    "translations": EDITORS,  # translation coverage; edit the structure's translations, review any translation
    "hard_delete": ("admin",),
    "users": ("admin",),  # manage accounts
    "security_log": ("admin",),
}

# Workflow states a contributor may still change.
_CONTRIBUTOR_EDITABLE = {"draft"}
_CONTRIBUTOR_OWN_EDITABLE = {"draft", "review"}


def _same_id(a: Any, b: Any) -> bool:
    return a is not None and b is not None and str(a) == str(b)


def can(user: Any, action: str, obj: Any = None) -> bool:
    """Whether ``user`` may do ``action`` (to ``obj`` when given). Unknown actions are refused.

    Per-object rule: a contributor may edit or submit an entry only while it is a draft, or while it is in
    review if they created it (``obj.created_by_id``). Objects without a ``workflow_state`` are judged by role.
    """
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    role = getattr(user, "role", None)
    if role not in ACTION_ROLES.get(action, ()):
        return False
    if role in EDITORS or obj is None or action not in {"edit", "submit"}:
        return True
    state = getattr(obj, "workflow_state", None)
    if state is None:
        return True
    if state in _CONTRIBUTOR_EDITABLE:
        return True
    return state in _CONTRIBUTOR_OWN_EDITABLE and _same_id(getattr(obj, "created_by_id", None), user.id)


def require(action: str, obj: Any = None) -> None:
    """Abort with a 403 (recorded as "denied") unless the current user ``can`` do ``action``."""
    if not can(current_user, action, obj):
        accounts.record_denied(_user_or_none(), detail=f"{action} {request.method} {request.path}")
        abort(403)


def _user_or_none():
    return current_user._get_current_object() if current_user.is_authenticated else None


def login_redirect():
    """Send an anonymous visitor to the log-in page, remembering where they wanted to go."""
    target = request.full_path if request.method == "GET" else request.path
    if target.endswith("?"):
        target = target[:-1]
    return redirect(url_for("curate.login") + "?" + urlencode({"next": target}))


def role_required(*roles: str, enrolment: bool = False) -> Callable:
    """Guard a curate view: anonymous -> log-in page; a role not in ``roles`` -> 403 (recorded).

    No roles means any signed-in role. Editors and admins without two-factor log-in are sent to enrol first,
    except on views marked ``enrolment=True`` (the enrolment page itself, log-out).
    """
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles: {sorted(unknown)}")
    allowed = set(roles or ROLES)

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any):
            if not current_user.is_authenticated:
                return login_redirect()
            if current_user.role in TOTP_ROLES and not current_user.totp_enabled and not enrolment:
                return redirect(url_for("curate.totp_enrol"))
            if current_user.role not in allowed:
                accounts.record_denied(_user_or_none(), detail=f"{request.method} {request.path}")
                abort(403)
            return view(*args, **kwargs)

        guarded.allowed_roles = frozenset(allowed)  # type: ignore[attr-defined]
        return guarded

    return decorator
