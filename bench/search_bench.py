"""Search benchmark on deterministic synthetic corpora spread over Magdeburg.

    make bench                                   # 1,000 / 10,000 / 100,000 offers
    .venv/bin/python bench/search_bench.py --sizes 1000,10000 --runs 3

Every query is timed twice over: wall time (perf_counter) and this process's CPU time (process_time). On a
shared machine wall time includes the time the process was ready to run but pre-empted by others; CPU time
is the search's own work. The engine and both baselines are measured interleaved (engine, FTS5, naive on the
same query, one after the other), so load on the machine falls on all three alike. The load average is
printed before and after each corpus.

Measures, in one run per corpus size: index build time and size; median and p95 latency of the in-process
search call (engine.run: matching, ranking, facet counts, distance, the page of ids) for seven query classes
(the seventh, long requests in eight languages, includes reading the request with the vocabulary);
the same queries through a naive baseline (SQL LIKE + geopy geodesic on every row) and through SQLite FTS5
(bm25, a lat/lon box then haversine, GROUP BY facet counts); and the ratios. Nothing here is part of `make test`.
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import platform
import random
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geopy.distance import geodesic  # noqa: E402
from whoosh import index as whoosh_index  # noqa: E402

from directory.geo.shapes import haversine_km  # noqa: E402
from directory.search.columns import bounding_box  # noqa: E402
from directory.search.engine import Engine, Filters, Geo  # noqa: E402
from directory.search.filters import ANY_SCHOOL_LEVEL  # noqa: E402
from directory.search.indexing import check_rebuild, commit_rebuild, rebuild_writer  # noqa: E402
from directory.search.planning import reading_query, school_filter  # noqa: E402
from directory.search.query import parse_query  # noqa: E402
from directory.search.schema import (  # noqa: E402
    FACET_FIELDS,
    document_stamp,
    make_schema,
    pack_points,
    writer_fields,
)
from directory.search.synonyms import load_synonyms  # noqa: E402
from directory.search.understanding import understand  # noqa: E402
from directory.search.vocabulary import Vocabulary, read_concepts, read_query_words  # noqa: E402

CATEGORIES = ["lernfoerderung", "hausaufgabenhilfe", "sprachmittlung", "beratung", "begegnung", "netzwerk",
              "information", "workshop", "jugendarbeit", "elternarbeit"]
TOPICS = ["Nachhilfe", "Hausaufgabenhilfe", "Sprachmittlung", "Beratung", "Sprachcafé", "Elterntreff",
          "Lernförderung", "Begegnungscafé", "Deutschkurs", "Jugendtreff", "Familienzentrum", "Lesepatenschaft",
          "Antragshilfe", "Nähcafé", "Computerkurs", "Mathematik", "Bewerbungstraining", "Frauentreff"]
SUBJECTS = ["Mathe", "Deutsch", "Englisch", "Physik", "Chemie", "Biologie", "Geschichte", "Musik"]
PEOPLE = ["Kinder", "Jugendliche", "Eltern", "Familien", "Frauen", "Schüler", "Senioren", "Neuzugewanderte"]
LANGS = ["de", "ar", "ku", "fa", "prs", "ps", "ti", "ru", "uk", "tr", "ro", "pl", "vi", "en", "fr", "so", "sq"]
LANG_WORDS = {"ar": "Arabisch", "ku": "Kurdisch", "fa": "Persisch", "ru": "Russisch", "uk": "Ukrainisch",
              "tr": "Türkisch", "en": "Englisch", "vi": "Vietnamesisch"}
DISTRICTS = [f"stadtteil-{i:02d}" for i in range(40)]
TARGETS = ["children", "youth", "parents", "families", "adults", "women", "seniors", "newcomers"]
MODES = ["in_person", "phone", "video", "online", "outreach"]
FILLER = ["kostenlos", "offen", "montags", "dienstags", "nachmittags", "Anmeldung", "Termin", "Treffpunkt",
          "Gruppe", "gemeinsam", "lernen", "spielen", "sprechen", "helfen", "unterstützen", "Stadtteil",
          "Schule", "Kita", "Verein", "Projekt", "ehrenamtlich", "Information", "Austausch", "Bildung",
          "Teilhabe", "Zukunft", "Alltag", "Nachbarschaft", "Wohnung", "Arbeit", "Ausbildung"]
# Long requests as families type them, in the eight languages; {n} is a grade. Read by the vocabulary first.
SENTENCES = [
    "ich suche Nachhilfe in Mathe für meinen Sohn Klasse {n}",
    "wo finde ich eine kostenlose Hausaufgabenhilfe für meine Tochter in der {n}. Klasse",
    "wir brauchen einen Dolmetscher auf Arabisch für das Gespräch beim Jobcenter",
    "gibt es einen Elterntreff oder ein Sprachcafé für Frauen in der Nähe von Neustädter See",
    "I am looking for free tutoring in English for my son in grade {n}",
    "where can I find an interpreter for a doctor's appointment for my mother",
    "أبحث عن دروس خصوصية في الرياضيات لابني في الصف {n}",
    "أحتاج مترجم عربي للموعد في المدرسة مجاني",
    "шукаю безкоштовного репетитора з математики для доньки {n} клас",
    "мне нужен переводчик с русского для похода к врачу и в школу",
    "oğlum için ücretsiz matematik özel ders arıyorum {n}. sınıf",
    "برای پسرم کلاس تقویتی ریاضی رایگان می‌خواهم کلاس {n}",
    "ji bo kurê min dersa taybet a matematîkê bêpere li Sudenburgê",
]
# Magdeburg's extent
LAT0, LAT1, LON0, LON1 = 52.05, 52.22, 11.52, 11.75


SCHOOL_LEVELS = ["primary", "secondary_1", "secondary_2"]


def corpus(n: int, seed: int = 42) -> list[dict]:
    rng = random.Random(seed + n)
    levels = random.Random(seed + n + 1)  # its own stream: the rest of the corpus as before school levels
    offers = []
    for i in range(n):
        topic = rng.choice(TOPICS)
        subject = rng.choice(SUBJECTS)
        people = rng.choice(PEOPLE)
        langs = sorted(set(["de"] + rng.sample(LANGS, rng.randint(0, 3))))
        title = f"{topic} {subject} für {people}"
        summary = f"{rng.choice(TOPICS)} und {rng.choice(TOPICS)} " + " ".join(rng.choices(FILLER, k=6))
        body = " ".join(rng.choices(FILLER, k=30)) + " " + " ".join(LANG_WORDS.get(lang, "") for lang in langs)
        located = rng.random() > 0.15
        points = []
        if located:
            points = [(rng.uniform(LAT0, LAT1), rng.uniform(LON0, LON1)) for _ in range(rng.choice([1, 1, 1, 2]))]
        cost = rng.choice(["free", "free", "reduced", "paid"])
        offers.append({
            "id": f"{i:08d}",
            "title": title,
            "summary": summary,
            "body": body,
            "category": rng.choice(CATEGORIES),
            "cost": [cost] + (["but"] if cost != "free" and rng.random() < 0.3 else []),
            "language": langs,
            "district": sorted(set(rng.sample(DISTRICTS, rng.randint(0, 2)))) if located else [],
            "target_group": rng.sample(TARGETS, rng.randint(1, 2)),
            "mode": rng.sample(MODES, rng.randint(1, 2)),
            "points": points,
            # A third of the offers name school levels, the others none (as in the directory).
            "school_level": (sorted(levels.sample(SCHOOL_LEVELS, levels.randint(1, 2))) if levels.random() < 1 / 3
                             else [ANY_SCHOOL_LEVEL]),
        })
    return offers


def whoosh_doc(o: dict) -> dict:
    text = " \n".join((o["title"], o["summary"], o["body"]))
    doc = {"id": o["id"], "title": o["title"], "summary": o["summary"], "body": o["body"], "phrase": text,
           "spell": text, "points": pack_points(o["points"]), "sortkey": ("0" + o["title"].lower()).encode()}
    for name in FACET_FIELDS:
        value = o.get(name, [])
        doc[name] = " ".join(value) if isinstance(value, list) else value
    doc["stamp"] = document_stamp(doc)
    return doc


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build_whoosh(offers: list[dict], folder: Path) -> tuple[float, float, int, int]:
    """Index the corpus the way `index rebuild` does. (wall s, CPU s incl. worker processes, bytes, segments)."""
    start, cpu0, child0 = time.perf_counter(), time.process_time(), _children_cpu()
    folder.mkdir(parents=True, exist_ok=True)
    ix = whoosh_index.create_in(str(folder), make_schema(), indexname="offers")
    writer = rebuild_writer(ix, len(offers))
    try:
        for o in offers:
            writer.add_document(**writer_fields(whoosh_doc(o)))
        commit_rebuild(writer)
    except BaseException:
        writer.cancel()
        raise
    check_rebuild(ix, len(offers))
    wall = time.perf_counter() - start
    cpu = time.process_time() - cpu0 + _children_cpu() - child0
    size = sum(p.stat().st_size for p in folder.iterdir())
    return wall, cpu, size, len(ix._segments())


def queries(offers: list[dict], per_class: int, seed: int = 7) -> dict[str, list[tuple]]:
    """Per class: (text, facets, geo) items; "long request" items are read by the vocabulary when run."""
    rng = random.Random(seed)
    words = TOPICS + SUBJECTS + PEOPLE + ["kostenlos", "Arabisch", "Kurdisch", "Dolmetscher", "tutoring"]

    def origin() -> tuple[float, float]:
        return rng.uniform(52.10, 52.17), rng.uniform(11.58, 11.68)

    out: dict[str, list[tuple]] = {k: [] for k in ("single word", "two words", "phrase", "text + facets",
                                                   "text + distance", "distance only", "long request")}
    for _ in range(per_class):
        out["single word"].append((rng.choice(words), {}, None))
        out["two words"].append((f"{rng.choice(TOPICS)} {rng.choice(SUBJECTS + PEOPLE)}", {}, None))
        title = rng.choice(offers)["title"].split()
        out["phrase"].append((f'"{title[0]} {title[1]}"', {}, None))
        facets = {"language": (rng.choice(LANGS[1:]),), "cost": (rng.choice(["free", "but"]),)}
        if rng.random() < 0.5:
            facets["district"] = (rng.choice(DISTRICTS),)
        out["text + facets"].append((rng.choice(words), facets, None))
        out["text + distance"].append((rng.choice(words), {}, (*origin(), 2.0)))
        out["distance only"].append(("", {}, (*origin(), 2.0)))
        out["long request"].append((rng.choice(SENTENCES).format(n=rng.randint(1, 12)), {}, None, "read"))
    return out


PARTIAL_BELOW = 3  # as directory.search.service


def run_engine(engine: Engine, q: tuple, vocabulary: Vocabulary | None = None) -> int:
    """The search's own work: for a long request also reading it (vocabulary, filters, school level) and,
    when fewer than three offers hold every word, the second pass that ranks by how many words match."""
    text, facets, geo = q[:3]
    g = Geo(geo[0], geo[1], geo[2], by_distance=True) if geo else None
    if len(q) > 3 and vocabulary is not None:
        reading = understand(text, vocabulary)
        query = reading_query(reading)
        filters = Filters({**dict(facets), **reading.filters, **school_filter(reading)})
        total = engine.run(query, filters, g, limit=20).total
        if total < PARTIAL_BELOW and len(query.positive) >= 2:
            total = engine.run(query, filters, g, limit=20, partial=True).total
        return total
    return engine.run(parse_query(text), Filters(dict(facets)), g, limit=20).total


# --- the baselines on SQLite ----------------------------------------------------------------------------

def build_sqlite(offers: list[dict], path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(str(path))
    con.executescript("""
        CREATE TABLE offer (id TEXT PRIMARY KEY, title TEXT, summary TEXT, body TEXT, facets TEXT);
        CREATE TABLE place (offer_id TEXT, lat REAL, lon REAL);
        CREATE INDEX ix_place_lat_lon ON place(lat, lon);
        CREATE TABLE facet (offer_id TEXT, name TEXT, value TEXT);
        CREATE INDEX ix_facet ON facet(name, value, offer_id);
        CREATE INDEX ix_facet_offer ON facet(offer_id);
        CREATE VIRTUAL TABLE fts USING fts5(id UNINDEXED, title, summary, body,
                                            tokenize = 'unicode61 remove_diacritics 2');
    """)
    for o in offers:
        tags = " ".join(f"{n}={v}" for n in FACET_FIELDS for v in (o[n] if isinstance(o.get(n), list)
                                                                      else [o.get(n, "")]) if v)
        con.execute("INSERT INTO offer VALUES (?,?,?,?,?)", (o["id"], o["title"], o["summary"], o["body"],
                                                              f" {tags} "))
        con.execute("INSERT INTO fts VALUES (?,?,?,?)", (o["id"], o["title"], o["summary"], o["body"]))
        con.executemany("INSERT INTO place VALUES (?,?,?)", [(o["id"], lat, lon) for lat, lon in o["points"]])
        con.executemany("INSERT INTO facet VALUES (?,?,?)", [
            (o["id"], n, v) for n in FACET_FIELDS for v in (o[n] if isinstance(o.get(n), list) else [o.get(n)]) if v
        ])
    con.commit()
    return con


def _words(text: str) -> list[str]:
    return [w for w in text.replace('"', " ").split() if w]


def run_naive(con: sqlite3.Connection, q: tuple) -> int:
    """SQL LIKE for every word and facet, geodesic on every row, counting and sorting in Python."""
    text, facets, geo = q[:3]
    sql, args = "SELECT o.id, o.title, o.facets, p.lat, p.lon FROM offer o LEFT JOIN place p ON p.offer_id = o.id", []
    where = []
    for word in _words(text):
        where.append("(o.title LIKE ? OR o.summary LIKE ? OR o.body LIKE ?)")
        args += [f"%{word}%"] * 3
    for name, values in facets.items():
        where.append("(" + " OR ".join("o.facets LIKE ?" for _ in values) + ")")
        args += [f"% {name}={v} %" for v in values]
    if where:
        sql += " WHERE " + " AND ".join(where)
    best: dict[str, float] = {}
    tags: dict[str, str] = {}
    for offer_id, _title, facet_text, lat, lon in con.execute(sql, args):
        tags[offer_id] = facet_text
        d = geodesic((geo[0], geo[1]), (lat, lon)).km if geo and lat is not None else math.inf
        best[offer_id] = min(best.get(offer_id, math.inf), d)
    keep = [i for i, d in best.items() if d <= geo[2] or d == math.inf] if geo else list(best)
    counts = Counter(tag for i in keep for tag in tags[i].split())
    sorted(keep, key=lambda i: best[i])[:20]
    return len(keep) + 0 * len(counts)


def _fts_query(text: str, any_word: bool = False) -> str:
    if any_word:  # a long request: any word, ranked by bm25 (all words would find nothing)
        return " OR ".join('"' + w.replace('"', "") + '"' for w in _words(text))
    if text.startswith('"'):
        return '"' + text.strip('"').replace('"', "") + '"'
    return " AND ".join('"' + w.replace('"', "") + '"' for w in _words(text))


def run_fts(con: sqlite3.Connection, q: tuple) -> int:
    """FTS5 bm25 with field weights, facet filters by the facet table, a lat/lon box then haversine."""
    text, facets, geo = q[:3]
    if text:
        sql = "SELECT id, bm25(fts, 0, 3.0, 2.0, 1.0) FROM fts WHERE fts MATCH ?"
        rows = con.execute(sql, [_fts_query(text, any_word=len(q) > 3)]).fetchall()
    else:
        rows = [(i, 0.0) for (i,) in con.execute("SELECT id FROM offer")]
    ids = {i: s for i, s in rows}
    for name, values in facets.items():
        marks = ",".join("?" * len(values))
        allowed = {i for (i,) in con.execute(
            f"SELECT offer_id FROM facet WHERE name = ? AND value IN ({marks})", [name, *values])}  # noqa: S608
        ids = {i: s for i, s in ids.items() if i in allowed}
    distance: dict[str, float] = {}
    if geo:
        a, b, c, d = bounding_box(geo[0], geo[1], geo[2])
        located = {i for (i,) in con.execute("SELECT DISTINCT offer_id FROM place")}
        for offer_id, lat, lon in con.execute(
            "SELECT offer_id, lat, lon FROM place WHERE lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?", [a, b, c, d]
        ):
            if offer_id in ids:
                km = haversine_km(geo[0], geo[1], lat, lon)
                if km <= geo[2]:
                    distance[offer_id] = min(distance.get(offer_id, math.inf), km)
        ids = {i: s for i, s in ids.items() if i in distance or i not in located}
    con.execute("CREATE TEMP TABLE IF NOT EXISTS hits (id TEXT PRIMARY KEY)")
    con.execute("DELETE FROM hits")
    con.executemany("INSERT INTO hits VALUES (?)", [(i,) for i in ids])
    con.execute("SELECT name, value, count(*) FROM facet JOIN hits ON hits.id = facet.offer_id "
                "GROUP BY name, value").fetchall()
    sorted(ids, key=lambda i: (distance.get(i, math.inf), ids[i]))[:20]
    return len(ids)


def clock(fn, item) -> tuple[float, float]:
    """(wall ms, CPU ms of this process) of one call."""
    wall0, cpu0 = time.perf_counter(), time.process_time()
    fn(item)
    cpu1, wall1 = time.process_time(), time.perf_counter()
    return (wall1 - wall0) * 1000, (cpu1 - cpu0) * 1000


class Samples:
    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def add(self, timing: tuple[float, float]) -> None:
        self.wall.append(timing[0])
        self.cpu.append(timing[1])

    def __len__(self) -> int:
        return len(self.wall)


def measure_class(engine: Engine, con: sqlite3.Connection, items: list, runs: int, baseline_queries: int,
                  naive_budget_s: float, vocabulary: Vocabulary | None = None) -> dict[str, Samples]:
    """Cold pass of the engine, then ``runs`` passes; in the first pass FTS5 and naive run right after the
    engine on the same query (interleaved). The naive baseline stops after ``naive_budget_s`` (at least 3)."""
    out = {k: Samples() for k in ("cold", "engine", "fts", "naive")}
    engine_fn = partial(run_engine, engine, vocabulary=vocabulary)
    fts_fn, naive_fn = partial(run_fts, con), partial(run_naive, con)
    # Collections triggered by earlier allocations would land on whichever query runs next.
    gc.collect()
    gc.disable()
    try:
        for item in items:
            out["cold"].add(clock(engine_fn, item))
        naive_spent = 0.0
        for run in range(runs):
            for i, item in enumerate(items):
                out["engine"].add(clock(engine_fn, item))
                if run == 0 and i < baseline_queries:
                    out["fts"].add(clock(fts_fn, item))
                    if len(out["naive"]) < 3 or naive_spent < naive_budget_s * 1000:
                        out["naive"].add(clock(naive_fn, item))
                        naive_spent += out["naive"].wall[-1]
                        gc.collect()
    finally:
        gc.enable()
    return out


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 else values[0]


def load() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


TARGETS_MS = {1000: 10.0, 100000: 15.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--queries", type=int, default=40, help="distinct queries per class")
    parser.add_argument("--runs", type=int, default=3, help="timed passes over the queries (after a cold pass)")
    parser.add_argument("--baseline-queries", type=int, default=10, help="queries per class for the baselines")
    parser.add_argument("--classes", default="",
                        help="only these query classes (comma-separated names, e.g. 'long request,phrase')")
    parser.add_argument("--naive-budget", type=float, default=45.0,
                        help="seconds per query class after which the naive baseline stops (at least 3 queries)")
    args = parser.parse_args()
    synonyms = load_synonyms(ROOT / "seed_data" / "synonyms.csv")
    # Compiled once, as the app does per version of the vocabulary (not timed).
    vocabulary = Vocabulary(read_concepts(ROOT / "seed_data" / "vocabulary.yaml"),
                            read_query_words(ROOT / "seed_data" / "query_words.yaml"),
                            ["Neustädter See", "Sudenburg", "Stadtfeld Ost"])
    print(f"# search benchmark: {args.queries} queries per class × {args.runs} runs after a cold pass; "
          f"baselines interleaved on the first {args.baseline_queries} queries of the first run "
          f"(naive: until {args.naive_budget:.0f} s per class, at least 3)\n")
    print(f"Python {platform.python_version()}, {os.cpu_count()} CPUs; load average (1 / 5 / 15 min) at start: "
          f"{load()}\n")
    print("Times in ms. *wall*: perf_counter; *CPU*: process_time of the benchmark process (the search's own "
          "work, not inflated by pre-emption). Ratios are baseline p95 / engine p95, CPU against CPU.\n")
    for n in [int(s) for s in args.sizes.split(",")]:
        tmp = Path(tempfile.mkdtemp(prefix="wegweiser-bench-"))
        try:
            load_before = load()
            offers = corpus(n)
            build_s, build_cpu, size, segments = build_whoosh(offers, tmp / "whoosh")
            start = time.perf_counter()
            ix = whoosh_index.open_dir(str(tmp / "whoosh"), indexname="offers")
            engine = Engine(ix.searcher(), synonyms)
            open_s = time.perf_counter() - start
            start = time.perf_counter()
            con = build_sqlite(offers, tmp / "baseline.sqlite")
            sqlite_s = time.perf_counter() - start
            print(f"## {n:,} offers\n\nload average before: {load_before}\n\n"
                  f"index build {build_s:.1f} s wall, {build_cpu:.1f} s CPU (incl. worker processes), "
                  f"{segments} segment(s), {size / 1e6:.1f} MB; engine open (cold, columns read) "
                  f"{open_s * 1000:.0f} ms; SQLite baseline build {sqlite_s:.1f} s\n")
            print("| query class | engine median CPU | engine p95 CPU | engine median wall | engine p95 wall "
                  "| cold p95 wall | FTS5 p95 CPU | naive p95 CPU (n) | FTS5 / engine | naive / engine "
                  "| FTS5 p95 wall | naive p95 wall |")
            print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
            worst = 0.0
            wanted = {c.strip() for c in args.classes.split(",") if c.strip()}
            for name, items in queries(offers, args.queries).items():
                if wanted and name not in wanted:
                    continue
                m = measure_class(engine, con, items, args.runs, args.baseline_queries, args.naive_budget,
                                  vocabulary)
                e = m["engine"]
                e95, f95, n95 = p95(e.cpu), p95(m["fts"].cpu), p95(m["naive"].cpu)
                worst = max(worst, e95)
                print(f"| {name} | {statistics.median(e.cpu):.2f} | {e95:.2f} | {statistics.median(e.wall):.2f} "
                      f"| {p95(e.wall):.2f} | {p95(m['cold'].wall):.2f} | {f95:.1f} | {n95:.1f} "
                      f"({len(m['naive'])}) | {f95 / e95:.1f}× | {n95 / e95:.0f}× | {p95(m['fts'].wall):.1f} "
                      f"| {p95(m['naive'].wall):.1f} |", flush=True)
            target = TARGETS_MS.get(n)
            verdict = (f"; target p95 ≤ {target:.0f} ms: {'met' if worst <= target else 'MISSED'} "
                       f"(worst class {worst:.2f} ms CPU)") if target else ""
            print(f"\nload average after: {load()}{verdict}\n", flush=True)
            con.close()
            ix.close()
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
