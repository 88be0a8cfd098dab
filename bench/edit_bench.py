"""The first search after an edit, on deterministic synthetic corpora (those of ``search_bench.py``).

    .venv/bin/python bench/edit_bench.py                      # 1,000 and 100,000 offers
    .venv/bin/python bench/edit_bench.py --sizes 100000 --edits 50

For each corpus size: the index is built once as the app builds it (a generation with its manifest), then,
for each edit, one offer's document is replaced through the store (``IndexStore.apply``: the writer lock, the
commit and the manifest: what the indexer does per outbox batch, without the database read) and the first
search that must find the new title is timed through the app's ``SearchState.engine()`` (the manifest check
when due, the incremental ``searcher.refresh()`` that keeps the readers of unchanged segments, and the
engine's columns) plus ``engine.run``. For comparison, the same search over an index reopened whole
(a new searcher and engine over every segment), which is what a search paid before.

Reports median and p95 in ms of: apply, first search after the edit, and the whole reopen. Prints the load
average before and after. Nothing here is part of `make test`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from flask_migrate import upgrade  # noqa: E402
from search_bench import corpus, load, p95, whoosh_doc  # noqa: E402

from directory import create_app  # noqa: E402
from directory.search.engine import Engine, Filters  # noqa: E402
from directory.search.indexing import check_rebuild, commit_rebuild, rebuild_writer  # noqa: E402
from directory.search.manifest import write_manifest, write_position  # noqa: E402
from directory.search.query import parse_query  # noqa: E402
from directory.search.schema import document_stamp, writer_fields  # noqa: E402
from directory.search.store import IndexStore, open_index  # noqa: E402


def build(offers: list[dict], folder: Path) -> IndexStore:
    store = IndexStore(folder)
    generation = store.new_generation()
    ix = open_index(generation)
    writer = rebuild_writer(ix, len(offers))
    for offer in offers:
        writer.add_document(**writer_fields(whoosh_doc(offer)))
    commit_rebuild(writer)
    check_rebuild(ix, len(offers))
    write_manifest(generation)
    write_position(generation, 0)
    store.swap(generation)
    return store


def ms(values: list[float]) -> str:
    return f"median {statistics.median(values) * 1000:7.1f} ms   p95 {p95(values) * 1000:7.1f} ms"


def run(size: int, edits: int, workdir: Path) -> None:
    print(f"\n== {size:,} offers   load {load()}")
    offers = corpus(size)
    started = time.perf_counter()
    store = build(offers, workdir / f"index-{size}")
    print(f"index built in {time.perf_counter() - started:.1f} s")
    app = create_app({
        "TESTING": True,
        "DATABASE_URL": "sqlite:///" + str(workdir / f"bench-{size}.sqlite"),
        "INDEX_DIR": str(store.root),
        "SECRET_KEY": "bench",
        "SEARCH_INDEXER": "off",
    })
    apply_s, first_s, reopen_s = [], [], []
    with app.app_context():
        upgrade()
        state = app.extensions["search"]
        state.engine().run(parse_query("Nachhilfe"), Filters(), None)  # warm: the columns of every segment
        for i in range(edits):
            doc = whoosh_doc(offers[(i * 7919) % size])
            word = f"zauberwort{i}"
            doc["title"] = f"{word} {doc['title']}"
            doc["stamp"] = document_stamp(doc)
            t0 = time.perf_counter()
            store.apply([doc], [])
            t1 = time.perf_counter()
            found = state.engine().run(parse_query(word), Filters(), None)
            t2 = time.perf_counter()
            assert found.total == 1, (word, found.total)
            reopened = Engine(open_index(store.current_dir()).searcher(), state.synonyms())
            assert reopened.run(parse_query(word), Filters(), None).total == 1
            t3 = time.perf_counter()
            apply_s.append(t1 - t0)
            first_s.append(t2 - t1)
            reopen_s.append(t3 - t2)
    print(f"apply one edit (writer lock, commit, manifest)  {ms(apply_s)}")
    print(f"first search after the edit (refresh + run)    {ms(first_s)}")
    print(f"same search over an index reopened whole        {ms(reopen_s)}")
    print(f"ratio first search / whole reopen (p95)         {p95(first_s) / p95(reopen_s):.2f}")
    print(f"load after: {load()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,100000")
    parser.add_argument("--edits", type=int, default=40, help="timed edits per corpus size")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="edit-bench-"))
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            run(size, args.edits, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
