"""What a search asks the engine for and what it answers: filters, the place, the page of results."""

from __future__ import annotations

from dataclasses import dataclass, field

# The facet computed at search time rather than stored: "open" = "now", from the indexed opening slots.
OPEN_FACET, OPEN_NOW = "open", "now"
# The school-level facet: an offer's levels (primary, secondary_1, secondary_2), or this value when it names
# none. A level read from the words ("Klasse 7") keeps the offers for that level and those that name none.
SCHOOL_FACET, ANY_SCHOOL_LEVEL = "school_level", "any"


@dataclass
class Filters:
    """Selected facet values (OR within a facet, AND across facets).

    ``open_at`` (minute of the week in Magdeburg) adds the facet "open now" for that moment.
    """

    values: dict[str, tuple[str, ...]] = field(default_factory=dict)
    open_at: int | None = None

    def without(self, name: str, value: str | None = None) -> Filters:
        values = dict(self.values)
        if value is None:
            values.pop(name, None)
        else:
            values[name] = tuple(v for v in values.get(name, ()) if v != value)
        return Filters(values, self.open_at)


@dataclass
class Geo:
    lat: float
    lon: float
    radius_km: float | None = None
    by_distance: bool = False


@dataclass
class EngineResult:
    total: int
    ids: list[str]  # offer ids of the page, in order
    distances: dict[str, float | None]
    remote: set[str]
    facets: dict[str, dict[str, int]]
    # The indexed version of each offer on the page (by id): a kept card or offer at that version is current as
    # far as the index knows, so the page needs no query. Empty from the database fallback.
    versions: dict[str, int] = field(default_factory=dict)


__all__ = ["ANY_SCHOOL_LEVEL", "OPEN_FACET", "OPEN_NOW", "SCHOOL_FACET", "EngineResult", "Filters", "Geo"]
