"""HTTP benchmark: search API and results page against a static file, under gunicorn, in one run.

    make bench-http
    .venv/bin/python bench/http_bench.py --duration 15 --rounds 3 --reuse /some/folder

On the seeded directory with examples (`flask seed --demo`), gunicorn with 2 workers on 127.0.0.1 and wrk
as the client (Debian package `wrk`). The searches are the 60 distinct requests of
``../shared/bench/wrk-search-mix.lua`` (with and without a place), so a response cache cannot decide the
figure. Compared in the same run, with the same client settings: the stylesheet URL the pages use (a static
file) and ``/api/v1/categories`` (a small JSON route). The targets are read as ratios to the static file:
search API ≥ 0.5, results page ≥ 0.35. The four targets are measured in turn, ``--rounds`` times, so that load
from other processes on a shared machine falls on all of them alike; a target's figure is its median.
Besides requests per second, the CPU time gunicorn's processes used per request is read from /proc: on a
machine whose cores others also use, it tells the server's own cost apart from the time spent waiting for a
core. Not part of `make test`.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serving import (  # noqa: E402
    SHARED_BENCH,
    get,
    gunicorn_server,
    load_average,
    prepared_site,
    server_cpu_seconds,
    stylesheet_url,
)

TARGETS = {"search API": 0.5, "results page": 0.35}


@dataclass
class Measured:
    name: str
    path: str
    rates: list[float] = field(default_factory=list)
    p50_ms: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)  # server CPU time per request
    errors: int = 0

    @property
    def rate(self) -> float:
        return statistics.median(self.rates)


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(
    url: str, args: argparse.Namespace, script: Path | None, prefix: str | None
) -> tuple[float, float, int, int]:
    """(requests per second, median latency in ms, errors: non-2xx/3xx answers and socket errors, requests)."""
    command = ["wrk", "-t", str(args.threads), "-c", str(args.connections), "-d", f"{args.duration}s", "--latency",
               "--timeout", "10s"]
    if script is not None:
        command += ["-s", str(script)]
    env = {"PATH": "/usr/bin:/bin:/usr/local/bin", **({"PREFIX": prefix} if prefix else {})}
    out = subprocess.run([*command, url], capture_output=True, text=True, env=env, check=True).stdout  # noqa: S603
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", out)
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses:\s+(\d+)", out))
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if socket:
        errors += int(socket.group(1)) + int(socket.group(3)) + int(socket.group(4))  # reads: closed connections
    return rate, _ms(*p50.groups()) if p50 else float("nan"), errors, requests


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run (default 10)")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each target, interleaved (default 3)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--script", type=Path, default=SHARED_BENCH / "wrk-search-mix.lua")
    parser.add_argument("--reuse", help="a folder to keep the seeded directory in between runs")
    parser.add_argument("--database-url", help="default: SQLite in the folder")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is missing: install the Debian package `wrk` (apt-get install wrk)", file=sys.stderr)
        return 2
    if not args.script.is_file():
        print(f"the search mix {args.script} is missing", file=sys.stderr)
        return 2
    with prepared_site(args.reuse, args.database_url) as site, gunicorn_server(site, args.workers) as (base, pid):
        static = stylesheet_url(base)
        targets = [
            (Measured("static file", static), None, None),
            (Measured("search API", "/api/v1/offers + mix"), args.script, "/api/v1/offers"),
            (Measured("results page", "/search + mix"), args.script, "/search"),
            (Measured("categories JSON", "/api/v1/categories"), None, None),
        ]
        for measured, script, prefix in targets:  # warm up: caches filled, index read, like a running site
            run_wrk(base + (prefix or measured.path), _short(args), script, prefix)
        before = load_average()
        for _ in range(args.rounds):
            for measured, script, prefix in targets:
                get(base + static)  # answered once the previous run's queued requests are: each run starts idle
                cpu = server_cpu_seconds(pid)
                rate, p50, errors, requests = run_wrk(base + (prefix or measured.path), args, script, prefix)
                measured.cpu_ms.append((server_cpu_seconds(pid) - cpu) * 1000 / max(requests, 1))
                measured.rates.append(rate)
                measured.p50_ms.append(p50)
                measured.errors += errors
        after = load_average()
    _report(targets, args, before, after)
    return 0


def _short(args: argparse.Namespace) -> argparse.Namespace:
    return argparse.Namespace(**{**vars(args), "duration": 5})


def _report(targets, args: argparse.Namespace, before: str, after: str) -> None:
    static = targets[0][0]
    static_cpu = statistics.median(static.cpu_ms)
    print(f"\ngunicorn {args.workers} workers, wrk -t{args.threads} -c{args.connections} -d{args.duration}s, "
          f"{args.rounds} rounds interleaved; load average (1/5/15 min) before {before}, after {after}\n")
    print("| target | URL | requests/s (median) | runs | p50 ms | ratio to static | target | ratio per round "
          "(median, range) | server CPU ms/request | static's CPU / this | errors |")
    print("|---|---|---:|---|---:|---:|---:|---|---:|---:|---:|")
    for measured, _script, _prefix in targets:
        goal = TARGETS.get(measured.name)
        ratio = measured.rate / static.rate if static.rate else float("nan")
        verdict = "" if goal is None else f"≥ {goal} ({'met' if ratio >= goal else 'not met'})"
        runs = ", ".join(f"{r:.0f}" for r in measured.rates)
        # Each round's rate against the static file's in the same round: the machine's load drifts between
        # rounds, and a round's two runs are next to each other.
        rounds = [rate / base for rate, base in zip(measured.rates, static.rates, strict=True) if base]
        per_round = f"{statistics.median(rounds):.2f} ({min(rounds):.2f}–{max(rounds):.2f})" if rounds else ""
        cpu = statistics.median(measured.cpu_ms)
        print(f"| {measured.name} | `{measured.path}` | {measured.rate:.0f} | {runs} | "
              f"{statistics.median(measured.p50_ms):.1f} | {ratio:.2f} | {verdict} | {per_round} | {cpu:.2f} | "
              f"{static_cpu / cpu if cpu else float('nan'):.2f} | {measured.errors} |")


if __name__ == "__main__":
    sys.exit(main())
