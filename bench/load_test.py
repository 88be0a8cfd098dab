"""Load test: 60 s of mixed traffic against gunicorn with 2 workers on loopback, then `flask index verify`.

    make load-test
    .venv/bin/python bench/load_test.py --duration 60 --users 12 --editors 2

On a fresh seeded directory with examples (`flask seed --demo`): searches and offer pages as 80 to 15, and
editors saving through the back office (``bench/load_users.py``, a locustfile run headless by locust). Each
editor is a user of its own (role editor, two factors) and saves only the offers assigned to it. Reported:
requests and their shares, errors (5xx answers, timeouts, refused connections; saves the app refuses are
counted apart), p50/p95 per kind, and the drift of the search index afterwards (`flask index verify`,
exit 0 = none). Not part of `make test`; needs the `load` extra (locust).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serving import (  # noqa: E402
    SHARED_BENCH,
    VENV_BIN,
    Site,
    gunicorn_server,
    load_average,
    prepared_site,
    search_mix_paths,
)

PASSWORD = "Lasttest nur auf Loopback 2026"  # noqa: S105 (a throwaway database)


def make_plan(site: Site, editors: int, offers_each: int, searches: list[str]) -> dict:
    """Editors with their own offers (published ones, disjoint), and the offer pages readers visit."""
    import pyotp
    from sqlalchemy import select

    from directory import create_app
    from directory.extensions import db
    from directory.models import Offer
    from directory.services import accounts

    app = create_app({key.removeprefix("DIRECTORY_"): value for key, value in site.env.items()
                      if key.startswith("DIRECTORY_")})
    with app.app_context():
        offers = db.session.execute(select(Offer.id, Offer.slug).where(Offer.is_listed).order_by(Offer.slug)).all()
        plan: dict = {"editors": [], "offer_slugs": [offer.slug for offer in offers], "searches": searches}
        for n in range(editors):
            email = f"lasttest-editor{n + 1}@team.example.org"
            user = accounts.find_user(email) or accounts.create_user(email, PASSWORD, "editor")
            user.totp_secret = user.totp_secret or pyotp.random_base32()
            user.totp_enabled = True
            db.session.commit()
            own = [str(offer.id) for offer in offers[n * offers_each : (n + 1) * offers_each]]
            plan["editors"].append({"email": email, "password": PASSWORD, "totp_secret": user.totp_secret,
                                    "offers": own})
        db.engine.dispose()
    return plan


def run_locust(base: str, plan_path: Path, args: argparse.Namespace, csv_prefix: Path) -> None:
    env = {**os.environ, "LOAD_TEST_PLAN": str(plan_path)}
    subprocess.run(  # noqa: S603
        [str(VENV_BIN / "locust"), "-f", str(Path(__file__).with_name("load_users.py")), "--headless",
         "-u", str(args.users), "-r", str(args.users), "-t", f"{args.duration}s", "--host", base,
         "--csv", str(csv_prefix), "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "15"],
        env=env, check=False,
    )


def read_stats(csv_prefix: Path) -> list[dict]:
    with open(f"{csv_prefix}_stats.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def read_failures(csv_prefix: Path) -> list[dict]:
    with open(f"{csv_prefix}_failures.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def report(stats: list[dict], failures: list[dict], verify: subprocess.CompletedProcess, args, before, after) -> None:
    rows = {row["Name"]: row for row in stats}
    total = rows.pop("Aggregated")
    refused_rows = {name: rows.pop(name) for name in list(rows) if name.startswith("save refused")}
    refused = sum(int(row["Request Count"]) for row in refused_rows.values())
    count = int(total["Request Count"]) - refused
    print(f"\n{args.duration} s, {args.users} users ({args.editors} editors), gunicorn {args.workers} workers; "
          f"load average (1/5/15 min) before {before}, after {after}\n")
    print("| kind | requests | share | failures | p50 ms | p95 ms |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, row in sorted(rows.items()):
        n = int(row["Request Count"])
        print(f"| {name} | {n} | {n / count:.1%} | {row['Failure Count']} | {row['50%']} | {row['95%']} |")
    print(f"| all | {count} | | {total['Failure Count']} | {total['50%']} | {total['95%']} |")
    kinds = ", ".join(f"{name.removeprefix('save refused ')}: {row['Request Count']}"
                      for name, row in refused_rows.items())
    print(f"\nerrors (5xx, timeouts, refused connections): {total['Failure Count']}; saves refused by the app "
          f"(409 conflict / 400 form error): {refused}{f' ({kinds})' if kinds else ''}")
    for failure in failures:
        print(f"  {failure['Occurrences']} × {failure['Method']} {failure['Name']}: {failure['Error']}")
    drift = "none" if verify.returncode == 0 else "FOUND"
    print(f"index verify afterwards: exit {verify.returncode} (drift: {drift})\n{verify.stdout.strip()}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--users", type=int, default=12, help="simulated people, editors included")
    parser.add_argument("--editors", type=int, default=2)
    parser.add_argument("--offers-each", type=int, default=5, help="offers each editor owns and saves")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--script", type=Path, default=SHARED_BENCH / "wrk-search-mix.lua",
                        help="the search mix whose 60 requests the readers send")
    parser.add_argument("--reuse", help="a folder to keep the seeded directory in (saves change it)")
    parser.add_argument("--database-url", help="default: SQLite in the folder")
    args = parser.parse_args()
    with prepared_site(args.reuse, args.database_url) as site, tempfile.TemporaryDirectory() as work:
        plan_path = Path(work) / "plan.json"
        plan = make_plan(site, args.editors, args.offers_each, search_mix_paths(args.script))
        plan_path.write_text(json.dumps(plan), encoding="utf-8")
        with gunicorn_server(site, args.workers, Path(work) / "gunicorn.log") as (base, _pid):
            before = load_average()
            run_locust(base, plan_path, args, Path(work) / "locust")
            after = load_average()
        time.sleep(1)
        verify = site.flask("index", "verify", check=False)
        report(read_stats(Path(work) / "locust"), read_failures(Path(work) / "locust"), verify, args, before, after)
    return 0 if verify.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
