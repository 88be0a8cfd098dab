"""Search relevance on the constructed query set (bench/relevance_queries.yaml).

    make relevance
    .venv/bin/python bench/relevance.py --json relevance.json

Builds a throwaway SQLite database and search index in a temporary folder, loads the full seed with the
example offers through the app's own commands (`db upgrade`, `seed --demo`, `index rebuild`), then sends
every query through the public JSON API with the app's test client:

    GET /api/v1/offers?q=<q>&per_page=10

Only the public API and the CLI are used, never the search's own functions, so the measurement keeps working
however the package is arranged inside. An offer counts as relevant if it meets every condition of the
query's `relevant` entry (category, and where given cost, language, target group), judged from the offer's
public JSON (`/api/v1/offers/<id>`).

Per language, per kind of query and overall it prints: n, success@3 (a relevant offer among the first 3),
success@10, MRR (1/rank of the first relevant offer within the first 10, else 0) and how many queries found
nothing at all. Nothing here is part of `make test`.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from directory import create_app  # noqa: E402

QUERIES = Path(__file__).resolve().parent / "relevance_queries.yaml"
TOP = 10  # results fetched per query; MRR counts a relevant offer only within these
LANGS = ("de", "en", "ar", "uk", "ru", "tr", "fa", "ku")
KINDS = ("keyword", "phrase", "sentence", "typo", "filter")
CONDITIONS = ("categories", "cost", "language", "target_group")


# --- the query set ---------------------------------------------------------------------------------------


def load_queries(path: Path) -> list[dict[str, Any]]:
    """The query set, checked for the fields every entry needs."""
    queries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    seen: set[str] = set()
    for entry in queries:
        ident = entry.get("id")
        problems = []
        if not ident or ident in seen:
            problems.append("missing or repeated id")
        if not str(entry.get("q", "")).strip():
            problems.append("empty q")
        if entry.get("kind") not in KINDS:
            problems.append(f"kind must be one of {', '.join(KINDS)}")
        relevant = entry.get("relevant") or {}
        if not relevant.get("categories"):
            problems.append("relevant.categories is required")
        unknown = set(relevant) - set(CONDITIONS)
        if unknown:
            problems.append(f"unknown condition(s) {', '.join(sorted(unknown))}")
        if problems:
            raise SystemExit(f"{path.name}: {ident or entry}: {'; '.join(problems)}")
        seen.add(ident)
    return queries


def is_relevant(offer: dict[str, Any], relevant: dict[str, Any]) -> bool:
    """Whether an offer (its public JSON) meets every condition of a query's ``relevant`` entry."""
    category = (offer.get("category") or {}).get("slug")
    if category not in relevant["categories"]:
        return False
    costs = relevant.get("cost")
    if costs:
        paid_by_but = "but" in costs and bool(offer.get("but_eligible"))
        if offer.get("cost") not in costs and not paid_by_but:
            return False
    language = relevant.get("language")
    if language and language not in (offer.get("languages") or []):
        return False
    target_group = relevant.get("target_group")
    return not (target_group and target_group not in (offer.get("target_groups") or []))


# --- the app, through its commands and its public API --------------------------------------------------


def build_app(workdir: Path):
    """An app on a fresh SQLite file and index in ``workdir``, seeded with the example offers."""
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": "sqlite:///" + str(workdir / "relevance.sqlite"),
            "INDEX_DIR": str(workdir / "index"),
            "SECRET_KEY": "relevance-benchmark-not-a-secret",  # noqa: S106
            "RATELIMIT_STORAGE_URI": "memory://",
            "GEOCODER_URL": "",  # never ask the network
        }
    )
    runner = app.test_cli_runner()

    def run(*args: str, allow_usage_error: bool = False):
        result = runner.invoke(args=list(args))
        if result.exit_code == 2 and allow_usage_error:
            return result
        if result.exit_code != 0:
            raise SystemExit(f"`flask {' '.join(args)}` failed ({result.exit_code}):\n{result.output}")
        return result

    run("db", "upgrade")
    # The example offers: `seed --demo` where that option exists, else plain `seed` (which then loads them).
    seeded = run("seed", "--demo", allow_usage_error=True)
    if seeded.exit_code == 2:
        if "--demo" not in seeded.output:
            raise SystemExit(f"`flask seed --demo` failed:\n{seeded.output}")
        seeded = run("seed")
    run("index", "rebuild")
    return app


class Api:
    """The public JSON API through the test client, with each offer's details fetched once."""

    def __init__(self, app) -> None:
        self.client = app.test_client(use_cookies=False)
        self.details: dict[str, dict[str, Any]] = {}
        self.send_lang = self._accepts("lang")

    def get(self, path: str, **params: Any) -> dict[str, Any]:
        response = self.client.get(path, query_string=params)
        if response.status_code != 200:
            raise SystemExit(f"GET {path} {params} answered {response.status_code}: {response.get_data(True)[:300]}")
        return response.get_json()

    def _accepts(self, name: str) -> bool:
        """Whether the OpenAPI description lists ``name`` as a parameter of the offer search."""
        document = self.get("/api/v1/openapi.json")
        operation = (document.get("paths", {}).get("/offers") or {}).get("get") or {}
        return any(parameter.get("name") == name for parameter in operation.get("parameters", []))

    def offer(self, ident: str) -> dict[str, Any]:
        if ident not in self.details:
            self.details[ident] = self.get(f"/api/v1/offers/{ident}")
        return self.details[ident]

    def search(self, q: str, lang: str) -> dict[str, Any]:
        params: dict[str, Any] = {"q": q, "per_page": TOP}
        if self.send_lang:
            params["lang"] = lang
        return self.get("/api/v1/offers", **params)

    def all_offers(self) -> list[dict[str, Any]]:
        """Every searchable offer (the search without a query), as list items."""
        items: list[dict[str, Any]] = []
        page = 1
        while True:
            answer = self.get("/api/v1/offers", page=page, per_page=100)
            items.extend(answer["items"])
            if not answer["items"] or len(items) >= answer["total"]:
                return items
            page += 1


# --- measuring -----------------------------------------------------------------------------------------


def measure(api: Api, entry: dict[str, Any], directory: list[dict[str, Any]]) -> dict[str, Any]:
    answer = api.search(entry["q"], entry["lang"])
    items = answer.get("items") or []
    rank = None
    for position, item in enumerate(items[:TOP], start=1):
        if is_relevant(api.offer(item["id"]), entry["relevant"]):
            rank = position
            break
    return {
        "id": entry["id"],
        "lang": entry["lang"],
        "kind": entry["kind"],
        "q": entry["q"],
        "relevant": entry["relevant"],
        "relevant_in_directory": sum(is_relevant(api.offer(o["id"]), entry["relevant"]) for o in directory),
        "total": answer.get("total", 0),
        "rank": rank,
        "reciprocal_rank": 1.0 / rank if rank else 0.0,
        "suggestion": answer.get("suggestion"),
        # What the search reports having understood (filters taken from the words), where it does.
        "understood": answer.get("understood"),
        "top": [
            {"title": item["title"], "category": (item.get("category") or {}).get("slug"), "cost": item.get("cost")}
            for item in items[:3]
        ],
    }


def summary(results: list[dict[str, Any]]) -> dict[str, Any]:
    n = len(results)
    if not n:
        return {"n": 0, "success_at_3": 0.0, "success_at_10": 0.0, "mrr": 0.0, "zero_results": 0}
    return {
        "n": n,
        "success_at_3": sum(1 for r in results if r["rank"] and r["rank"] <= 3) / n,
        "success_at_10": sum(1 for r in results if r["rank"]) / n,
        "mrr": sum(r["reciprocal_rank"] for r in results) / n,
        "zero_results": sum(1 for r in results if not r["total"]),
    }


def table(title: str, groups: dict[str, list[dict[str, Any]]], order: tuple[str, ...], everything) -> str:
    lines = [
        f"| {title} | n | success@3 | success@10 | MRR | 0 results |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    rows = [(name, groups[name]) for name in order if groups.get(name)] + [("all", everything)]
    for name, results in rows:
        s = summary(results)
        label = f"**{name}**" if name == "all" else name
        lines.append(
            f"| {label} | {s['n']} | {s['success_at_3']:.2f} | {s['success_at_10']:.2f} | {s['mrr']:.3f} "
            f"| {s['zero_results']} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--queries", type=Path, default=QUERIES, help="query set (default: %(default)s)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write per-query results to FILE")
    parser.add_argument("--lang", action="append", choices=LANGS, help="only these languages (repeatable)")
    parser.add_argument("-v", "--verbose", action="store_true", help="one line per query")
    args = parser.parse_args(argv)

    logging.getLogger("directory").setLevel(logging.WARNING)
    queries = load_queries(args.queries)
    if args.lang:
        queries = [q for q in queries if q["lang"] in args.lang]

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="wegweiser-relevance-") as tmp:
        app = build_app(Path(tmp))
        built = time.perf_counter() - started
        with app.app_context():
            api = Api(app)
            directory = api.all_offers()
            demo = sum(1 for offer in directory if offer.get("demo"))
            if not demo:
                raise SystemExit("The seeded directory holds no example offers: the measurement needs them.")
            results = [measure(api, entry, directory) for entry in queries]
    elapsed = time.perf_counter() - started

    unanswerable = [r["id"] for r in results if not r["relevant_in_directory"]]
    by_lang: dict[str, list[dict[str, Any]]] = defaultdict(list)
    by_kind: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for result in results:
        by_lang[result["lang"]].append(result)
        by_kind[result["kind"]].append(result)

    if args.verbose:
        for r in results:
            top = r["top"][0]["title"] if r["top"] else "–"
            print(f"{r['id']:6} rank {r['rank'] or '-':>2} total {r['total']:>3}  {r['q']}  → {top}")
        print()
    print(f"Directory: {len(directory)} searchable offers ({demo} examples); {len(results)} queries; "
          f"lang parameter {'sent' if api.send_lang else 'not sent (the API does not list it)'}.")
    if unanswerable:
        print(f"No relevant offer exists for: {', '.join(unanswerable)} (they count as misses).")
    print()
    print(table("language", by_lang, LANGS, results))
    print()
    print(table("kind", by_kind, KINDS, results))
    print()
    print(f"Set-up {built:.1f} s, total {elapsed:.1f} s.")

    if args.json:
        report = {
            "query_set": args.queries.name,
            "per_page": TOP,
            "lang_sent": api.send_lang,
            "offers": len(directory),
            "demo_offers": demo,
            "by_language": {name: summary(group) for name, group in sorted(by_lang.items())},
            "by_kind": {name: summary(group) for name, group in sorted(by_kind.items())},
            "overall": summary(results),
            "queries": results,
        }
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"Per-query results: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
