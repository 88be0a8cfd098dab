"""Figures on the real directory, without the examples: what a family or a professional finds today.

    .venv/bin/python scripts/real_data_report.py

Seeds a throwaway SQLite database with `flask seed` (no --demo), builds the index and asks the public JSON API,
as a reader would. Prints counts per category, focus area and precision, how many offers have a phone number or
e-mail from a source, what searches for tutoring and language mediation find, and how many real offers have a
place within 3 km of Neustädter See.
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import select  # noqa: E402

from directory import create_app  # noqa: E402
from directory.extensions import db  # noqa: E402
from directory.geo.shapes import haversine_km  # noqa: E402
from directory.models import FocusArea, Offer  # noqa: E402
from directory.services.seed import seed  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
NEUSTAEDTER_SEE = (52.170725, 11.634461)  # the Stadtteil's population-weighted centre (seed_data/geo)
TUTORING = ("Nachhilfe", "Hausaufgabenhilfe", "Lernförderung")
MEDIATION = ("Sprachmittlung", "Dolmetscher", "Sprachmittler")


def _found(client, query: str) -> set[str]:
    slugs: set[str] = set()
    page = 1
    while True:
        data = client.get("/api/v1/offers", query_string={"q": query, "per_page": 50, "page": page}).get_json()
        slugs |= {item["slug"] for item in data["items"]}
        if page * 50 >= data["total"]:
            return slugs
        page += 1


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({
            "DATABASE_URL": f"sqlite:///{folder}/real.sqlite", "INDEX_DIR": f"{folder}/index",
            "SECRET_KEY": "report", "SEED_DIR": str(ROOT / "seed_data"),
        })
        with app.app_context():
            upgrade()
            seed(ROOT / "seed_data", demo=False)
            from directory.search import current_search
            from directory.search.indexing import rebuild

            rebuild(current_search().store)
            offers = db.session.execute(select(Offer)).scalars().all()
            published = [o for o in offers if o.workflow_state == "published"]
            print(f"real offers: {len(offers)} ({len(published)} published, {len(offers) - len(published)} drafts)")
            print("per category (published/draft):")
            for (category, state), n in sorted(Counter((o.category.slug, o.workflow_state) for o in offers).items()):
                print(f"  {category:20} {state:10} {n}")
            for area in db.session.execute(select(FocusArea)).scalars():
                members = {d.id for d in area.districts}
                with_place = [o for o in offers if any(p.district_id in members for p in o.places)]
                serving = [o for o in offers if o not in with_place and (
                    {d.id for d in o.districts} & members or area in o.focus_areas)]
                print(f"focus area {area.name}: {len(with_place)} with a place there "
                      f"({sum(o.workflow_state == 'published' for o in with_place)} published), "
                      f"{len(serving)} more serving it")
            places = {p.id: p for o in offers for p in o.places}
            print("places per precision:", dict(Counter(p.location_precision or "none" for p in places.values())))
            contact = [o for o in offers if o.phone or o.email]
            print(f"offers with a phone or e-mail from a source: {len(contact)} "
                  f"(phone {sum(bool(o.phone) for o in offers)}, e-mail {sum(bool(o.email) for o in offers)})")
            near: Counter[str] = Counter()
            for o in published:
                best = min((haversine_km(*NEUSTAEDTER_SEE, p.lat, p.lon), p.location_precision)
                           for p in o.places if p.lat is not None) if any(
                    p.lat is not None for p in o.places) else None
                if best is not None and best[0] <= 3.0:
                    near[best[1]] += 1
            print(f"published offers with a place within 3 km of Neustädter See: {sum(near.values())} "
                  f"per precision {dict(near)}")
        client = app.test_client()
        tutoring = set().union(*(_found(client, q) for q in TUTORING))
        mediation = set().union(*(_found(client, q) for q in MEDIATION))
        print(f"search for tutoring ({', '.join(TUTORING)}): {len(tutoring)} published offers")
        print(f"search for language mediation ({', '.join(MEDIATION)}): {len(mediation)} published offers")


if __name__ == "__main__":
    main()
