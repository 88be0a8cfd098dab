"""Load ``seed_data/``: Stadtteile, postcodes, focus areas, categories, challenges, measures, offers.

Every record has a stable key (official number, slug, external id), so loading twice changes nothing.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from ..extensions import db
from ..geo.gazetteer import Gazetteer
from ..models import Category, Challenge, District, FocusArea, Measure, Offer, Organisation, Postcode, vocab
from ..text import slugify
from ..yamlfiles import read_yaml
from .offers.data import apply_offer_data
from .synonyms import seed_synonym_groups
from .translations import load_offer_translations, load_structure_translations
from .unit_of_work import commit
from .vocabulary import seed_vocabulary


@dataclass
class SeedReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, created: bool) -> None:
        bucket = self.created if created else self.updated
        bucket[kind] = bucket.get(kind, 0) + 1


def _read_yaml(path: Path) -> list[dict[str, Any]]:
    return read_yaml(path, [])


def _get_or_new(model: type, report: SeedReport, kind: str, **key: Any) -> Any:
    row = db.session.execute(select(model).filter_by(**key)).scalar_one_or_none()
    report.count(kind, row is None)
    if row is None:
        row = model(**key)
        db.session.add(row)
    return row


def _set_if_changed(row: Any, **values: Any) -> None:
    # Assigning equal values still marks JSON columns dirty; compare first so a re-run writes nothing.
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)


def load_districts(seed_dir: Path, report: SeedReport) -> None:
    geo = seed_dir / "geo"
    with (geo / "stadtteile.geojson").open(encoding="utf-8") as handle:
        geometries = {f["properties"]["nr"]: f["geometry"] for f in json.load(handle)["features"]}
    with (geo / "stadtteile.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            district = _get_or_new(District, report, "districts", number=row["nr"])
            lat = row["popw_lat"] or row["label_lat"]
            lon = row["popw_lon"] or row["label_lon"]
            population = row.get("einwohner_zensus2022_grid")
            _set_if_changed(
                district,
                name=row["name"],
                slug=slugify(row["name"]),
                centre_lat=float(lat),
                centre_lon=float(lon),
                geometry=geometries[row["nr"]],
                postcodes=row["plz"],
                population=int(population) if population else None,
            )
    with (geo / "plz.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            postcode = _get_or_new(Postcode, report, "postcodes", code=row["plz"])
            _set_if_changed(
                postcode,
                centre_lat=float(row["popw_lat"] or row["label_lat"]),
                centre_lon=float(row["popw_lon"] or row["label_lon"]),
                district_numbers=row["stadtteile_nr"],
            )


def load_focus_areas(seed_dir: Path, report: SeedReport) -> None:
    for position, item in enumerate(_read_yaml(seed_dir / "focus_areas.yaml")):
        area = _get_or_new(FocusArea, report, "focus_areas", slug=item["slug"])
        districts = [
            db.session.execute(select(District).filter_by(number=nr)).scalar_one() for nr in item["districts"]
        ]
        _set_if_changed(
            area,
            name=item["name"],
            description=item.get("description", ""),
            aliases=item.get("aliases", []),
            position=position,
            districts=districts,
        )


def load_categories(seed_dir: Path, report: SeedReport) -> None:
    for position, item in enumerate(_read_yaml(seed_dir / "categories.yaml")):
        category = _get_or_new(Category, report, "categories", slug=item["slug"])
        _set_if_changed(category, name=item["name"], description=item.get("description", ""), position=position)


def load_challenges(seed_dir: Path, report: SeedReport) -> None:
    """Challenges and measures. Once seeded, wording, order, status and focus areas are the team's; only the
    document's own words (``document_text``, ``document_note``) are reloaded."""
    for position, item in enumerate(_read_yaml(seed_dir / "challenges.yaml")):
        challenge = _get_or_new(Challenge, report, "challenges", slug=item["slug"])
        if challenge.id is None:
            _set_if_changed(
                challenge, title=item["title"], description=item.get("description", ""), position=position
            )
        for m_position, m in enumerate(item.get("measures", [])):
            if m["status"] not in vocab.MEASURE_STATUSES:
                raise ValueError(f"measure {m['key']}: unknown status {m['status']!r}")
            measure = _get_or_new(Measure, report, "measures", key=m["key"])
            if measure.id is None:
                areas = [
                    db.session.execute(select(FocusArea).filter_by(slug=slug)).scalar_one()
                    for slug in m.get("focus_areas", [])
                ]
                _set_if_changed(
                    measure, challenge=challenge, position=m_position, text=m["text"], status=m["status"],
                    status_date=m.get("status_date"), focus_areas=areas,
                )
            _set_if_changed(measure, document_text=m["text"], document_note=m.get("document_note", ""))


def load_organisations(path: Path, report: SeedReport) -> None:
    for item in _read_yaml(path):
        organisation = _get_or_new(Organisation, report, "organisations", slug=item["slug"])
        _set_if_changed(
            organisation,
            name=item["name"],
            description=item.get("description", "") or "",
            website=item.get("website", "") or "",
            email=item.get("email", "") or "",
            phone=item.get("phone", "") or "",
            demo=bool(item.get("demo", False)),
        )


def position_places(item: dict[str, Any], gazetteer: Gazetteer) -> dict[str, Any]:
    """The offer's data with coordinates for its places that have none: from the offline gazetteer, with the
    precision recorded (street, postcode area or Stadtteil). A place with coordinates of its own keeps them."""
    places = []
    for place in item.get("places") or []:
        if isinstance(place, dict) and place.get("lat") is None:
            district = db.session.execute(
                select(District.number).filter_by(slug=place.get("district"))
            ).scalar_one_or_none() if place.get("district") else None
            found = gazetteer.place_position(place.get("street") or "", str(place.get("postcode") or ""),
                                             district or "")
            if found is not None:
                place = {**place, "lat": found.lat, "lon": found.lon, "location_precision": found.precision}
        places.append(place)
    return {**item, "places": places} if "places" in item else item


def load_offers(path: Path, report: SeedReport, gazetteer: Gazetteer) -> None:
    for item in _read_yaml(path):
        offer = db.session.execute(
            select(Offer).filter_by(external_id=item["external_id"])
        ).scalar_one_or_none()
        if offer is not None:
            # Offers are the team's once seeded: a re-run does not overwrite their edits.
            report.count("offers", False)
            continue
        # Researched entries come as drafts or published; the workshop's and the examples are published.
        offer = Offer(workflow_state=item.get("workflow_state") or "published")
        db.session.add(offer)
        apply_offer_data(offer, position_places(item, gazetteer))
        db.session.flush()  # later offers may share this offer's places
        report.count("offers", True)


def load_synonyms(path: Path, report: SeedReport) -> None:
    """The synonyms file, into an empty table only: after that the groups are the team's."""
    for _ in range(seed_synonym_groups(path)):
        report.count("synonyms", True)


def _count(report: SeedReport, kind: str, created: int, updated: int) -> None:
    for _ in range(created):
        report.count(kind, True)
    for _ in range(updated):
        report.count(kind, False)


def load_translations(seed_dir: Path, report: SeedReport) -> None:
    """Machine-assisted translations of the structure and of offers (``translations/``), where the team
    has not written or reviewed its own."""
    folder = seed_dir / "translations"
    _count(report, "translations", *load_structure_translations(folder / "structure.yaml"))
    german = {
        str(item["external_id"]): item
        for name in ("offers.yaml", "demo_offers.yaml")
        for item in _read_yaml(seed_dir / name)
    }
    _count(report, "offer_translations", *load_offer_translations(folder, german))


def load_vocabulary(path: Path, report: SeedReport) -> None:
    """The vocabulary file: concepts the table does not hold yet; the team's concepts stay as they are."""
    for _ in range(seed_vocabulary(path)):
        report.count("vocabulary", True)


STEPS: list[tuple[str, Callable[[Path, SeedReport], None]]] = [
    ("districts", load_districts),
    ("focus_areas", load_focus_areas),
    ("categories", load_categories),
    ("challenges", load_challenges),
    ("organisations", lambda d, r: load_organisations(d / "organisations.yaml", r)),
    ("offers", lambda d, r: load_offers(d / "offers.yaml", r, Gazetteer.load(d))),
    ("synonyms", lambda d, r: load_synonyms(d / "synonyms.csv", r)),
    ("vocabulary", lambda d, r: load_vocabulary(d / "vocabulary.yaml", r)),
]


def seed(seed_dir: Path, *, demo: bool = False) -> SeedReport:
    """Load the seed data in one transaction: the real directory, and with ``demo`` the invented examples
    (marked "Beispiel") as well."""
    report = SeedReport()
    try:
        with db.session.no_autoflush:
            for _name, step in STEPS:
                step(seed_dir, report)
                db.session.flush()
            if demo:
                load_organisations(seed_dir / "demo_organisations.yaml", report)
                db.session.flush()
                load_offers(seed_dir / "demo_offers.yaml", report, Gazetteer.load(seed_dir))
                db.session.flush()
            load_translations(seed_dir, report)
    except Exception:
        db.session.rollback()
        raise
    commit()
    return report
