"""Search parameters from a query string (web page and API alike), validated into one value object."""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..geo.origin import lookup_place
from ..models import vocab
from .query import clean

if TYPE_CHECKING:
    from ..geo.gazetteer import Origin

SORTS = ("relevance", "distance")
COSTS = tuple(vocab.COST_FILTERS)
MAX_RADIUS_KM = 1000.0
MAX_VALUES = 50  # values per multi-valued parameter
MAX_VALUE_CHARS = 100
MAX_PAGE = 10000
DEFAULT_PER_PAGE = 20
LIST_PARAMS = ("category", "cost", "language", "district", "challenge", "target_group", "mode", "access", "open")
# The values of the fixed vocabularies. Categories, Stadtteile and challenges are rows the team edits: their
# slugs come from the database (``known`` of ``parse_params``) and have this form.
FIXED_VALUES: dict[str, tuple[str, ...]] = {
    "cost": COSTS,
    "language": tuple(vocab.LANGUAGES),
    "target_group": tuple(vocab.TARGET_GROUPS),
    "mode": tuple(vocab.MODES),
    "access": ("step_free",),
    "open": ("now",),
}
EDITED_PARAMS = ("category", "district", "challenge")
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# What the reader undid of what the search read from the words: a filter, the place, the school level,
# the spelling correction, or all of it (search the words exactly as typed).
IGNORABLE = ("cost", "language", "near", "school", "spelling", "all")


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    category: tuple[str, ...] = ()  # category slugs
    cost: tuple[str, ...] = ()  # free | reduced | paid | unknown | but
    language: tuple[str, ...] = ()  # ISO codes
    district: tuple[str, ...] = ()  # district slugs
    challenge: tuple[str, ...] = ()  # challenge slugs
    target_group: tuple[str, ...] = ()
    mode: tuple[str, ...] = ()
    access: tuple[str, ...] = ()  # step_free
    open: tuple[str, ...] = ()  # now: open at this moment, in Magdeburg
    near: str = ""
    origin: Origin | None = None  # resolved from near
    radius_km: float | None = None
    sort: str = "relevance"  # relevance | distance (the default with a place)
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    ignore: tuple[str, ...] = ()  # IGNORABLE
    dropped: tuple[tuple[str, str], ...] = ()  # (parameter, value) left out as unknown (``drop_unknown``)

    def ignores(self, what: str) -> bool:
        return what in self.ignore or "all" in self.ignore

    @property
    def filters(self) -> dict[str, tuple[str, ...]]:
        """The selected facet values by parameter name (only those with a value)."""
        return {name: getattr(self, name) for name in LIST_PARAMS if getattr(self, name)}

    def with_changes(self, **changes: Any) -> SearchParams:
        return replace(self, **changes)

    def query_args(self) -> dict[str, list[str]]:
        """The search as query parameters: only known ones, each value as validated (and so bounded)."""
        args: dict[str, list[str]] = {"q": [self.q]} if self.q else {}
        args.update({name: list(values) for name, values in self.filters.items()})
        if self.near:
            args["near"] = [self.near]
        if self.radius_km is not None:
            args["radius_km"] = [f"{self.radius_km:g}"]
        if self.sort != ("distance" if self.origin is not None else "relevance"):
            args["sort"] = [self.sort]
        if self.page != 1:
            args["page"] = [str(self.page)]
        if self.per_page != DEFAULT_PER_PAGE:
            args["per_page"] = [str(self.per_page)]
        if self.ignore:
            args["ignore"] = list(self.ignore)
        return args


class InvalidSearchParam(ValueError):
    """A parameter a person or client got wrong; ``message`` says what in German."""

    def __init__(self, field: str, message: str, suggestions: tuple[str, ...] = ()) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.suggestions = suggestions  # values the reader may have meant ("Meinten Sie …?")


def _values(args: Mapping[str, Any], name: str) -> list[str]:
    if hasattr(args, "getlist"):
        raw = args.getlist(name)
    else:
        value = args.get(name)
        raw = value if isinstance(value, list | tuple) else ([] if value is None else [value])
    found: list[str] = []
    for item in raw:
        # "a,b" and repeated parameters both work: ?language=ar,ku or ?language=ar&language=ku
        for part in str(item).split(","):
            part = part.strip()[:MAX_VALUE_CHARS]
            if part and part not in found:
                found.append(part)
    return found[:MAX_VALUES]


def _one(args: Mapping[str, Any], name: str) -> str:
    raw = args.getlist(name) if hasattr(args, "getlist") else args.get(name)
    if isinstance(raw, list | tuple):
        raw = raw[0] if raw else ""
    return str(raw or "").strip()


def _int(text: str, field: str, message: LazyString) -> int | None:
    """The number in ``text`` (None when empty); ``message`` is translated only when it is needed."""
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise InvalidSearchParam(field, str(message)) from None


def _unknown_place(near: str, lookup: Any) -> InvalidSearchParam:
    if lookup.known_street:
        message = _(
            "Die Straße „%(street)s“ kennen wir, aber nicht ihre genaue Lage. Bitte geben Sie den Stadtteil "
            "oder die Postleitzahl an.",
            street=lookup.known_street,
        )
    elif lookup.suggestions:
        message = _("Den Ort „%(near)s“ kennen wir nicht. Meinten Sie einen dieser Orte?", near=near)
    else:
        message = _("Den Ort „%(near)s“ kennen wir nicht.", near=near)
    return InvalidSearchParam("near", message, suggestions=lookup.suggestions)


def _unknown_value(name: str, value: str) -> InvalidSearchParam:
    if name == "cost":
        return InvalidSearchParam(name, _("Unbekannte Kostenangabe: %(value)s.", value=value))
    return InvalidSearchParam(name, _("Unbekannter Wert für „%(field)s“: %(value)s.", field=name, value=value))


def parse_params(
    args: Mapping[str, str | list[str]],
    *,
    max_per_page: int = 50,
    known: Mapping[str, Collection[str]] | None = None,
    drop_unknown: bool = False,
) -> SearchParams:
    """Validate a query string into ``SearchParams``; raise ``InvalidSearchParam`` for what cannot be used.

    Filter values are checked against the fixed vocabularies and against ``known`` (the slugs of categories,
    Stadtteile and challenges; a parameter missing there is not checked). An unknown value is an error, or with
    ``drop_unknown`` is left out and listed in ``dropped`` (old shared links keep working on the web).
    """
    q = clean(_one(args, "q"))
    allowed = {**FIXED_VALUES, "ignore": IGNORABLE, **(known or {})}
    lists: dict[str, tuple[str, ...]] = {}
    dropped: list[tuple[str, str]] = []
    for name in (*LIST_PARAMS, "ignore"):
        values = _values(args, name)
        unknown = [v for v in values if name in allowed and v not in allowed[name]]
        if unknown and not drop_unknown:
            raise _unknown_value(name, unknown[0])
        dropped.extend((name, value) for value in unknown)
        lists[name] = tuple(v for v in values if v not in unknown)

    near = clean(_one(args, "near"))[:200]
    origin = None
    if near:
        lookup = lookup_place(near)
        origin = lookup.origin
        if origin is None:
            raise _unknown_place(near, lookup)

    radius_text = _one(args, "radius_km").replace(",", ".")
    radius_km = None
    if radius_text:
        try:
            radius_km = float(radius_text)
        except ValueError:
            raise InvalidSearchParam("radius_km", _("Der Umkreis muss eine Zahl in Kilometern sein.")) from None
        if not math.isfinite(radius_km) or radius_km < 0 or radius_km > MAX_RADIUS_KM:
            raise InvalidSearchParam(
                "radius_km", _("Der Umkreis muss zwischen 0 und %(max)d km liegen.", max=int(MAX_RADIUS_KM))
            )

    # With a place, nearest first unless the reader asks for the best match first.
    sort = _one(args, "sort") or ("distance" if origin is not None else "relevance")
    if sort not in SORTS:
        raise InvalidSearchParam("sort", _("Sortierung nach Relevanz oder Entfernung (relevance, distance)."))
    if sort == "distance" and origin is None:
        raise InvalidSearchParam("sort", _("Für die Sortierung nach Entfernung fehlt ein Ort („near“)."))

    page = _int(_one(args, "page"), "page", _l("Die Seite muss eine ganze Zahl ab 1 sein."))
    page = 1 if page is None else page
    if page < 1 or page > MAX_PAGE:
        raise InvalidSearchParam("page", _("Die Seite muss eine ganze Zahl ab 1 sein."))
    per_page = _int(_one(args, "per_page"), "per_page", _l("Die Anzahl pro Seite muss eine ganze Zahl sein."))
    if per_page is not None and per_page < 1:
        raise InvalidSearchParam("per_page", _("Die Anzahl pro Seite muss eine ganze Zahl ab 1 sein."))
    per_page = DEFAULT_PER_PAGE if per_page is None else min(per_page, max_per_page)  # more are capped

    ignore = lists.pop("ignore")

    return SearchParams(
        q=q,
        ignore=ignore,
        near=near,
        origin=origin,
        radius_km=radius_km,
        sort=sort,
        page=page,
        per_page=per_page,
        dropped=tuple(dropped),
        **lists,
    )
