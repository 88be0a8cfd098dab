"""The production server on loopback for the HTTP benchmark and the load test: a seeded directory, gunicorn.

``prepared_site`` makes a directory with the demo offers (`flask db upgrade`, `seed --demo`, `index rebuild`)
in a folder of its own, unless one is given to reuse; ``gunicorn_server`` starts gunicorn with N workers on
127.0.0.1 (with the repository's ``gunicorn.conf.py`` when there is one, the command line deciding workers and
address) and stops it gracefully.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
SHARED_BENCH = ROOT.parent / "shared" / "bench"


@dataclass
class Site:
    folder: Path
    env: dict[str, str]

    def flask(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603
            [str(VENV_BIN / "flask"), "--app", "directory", *args],
            cwd=ROOT, env=self.env, check=check, capture_output=True, text=True,
        )


def site_env(folder: Path, database_url: str | None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DIRECTORY_DATABASE_URL": database_url or f"sqlite:///{folder / 'wegweiser.sqlite'}",
            "DIRECTORY_INDEX_DIR": str(folder / "index"),
            "DIRECTORY_SECRET_KEY": "benchmark-only-not-a-secret",
        }
    )
    return env


@contextmanager
def prepared_site(reuse: str | None, database_url: str | None) -> Iterator[Site]:
    """A seeded directory with the demo offers; a temporary folder removed afterwards unless ``reuse`` names one."""
    folder = Path(reuse) if reuse else Path(tempfile.mkdtemp(prefix="wegweiser-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    site = Site(folder, site_env(folder, database_url))
    try:
        if not (folder / "prepared").exists():
            print(f"preparing the seeded directory with examples in {folder} ...", flush=True)
            site.flask("db", "upgrade")
            site.flask("seed", "--demo")
            site.flask("index", "rebuild")
            (folder / "prepared").touch()
        yield site
    finally:
        if not reuse:
            shutil.rmtree(folder, ignore_errors=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gunicorn_command(port: int, workers: int) -> list[str]:
    command = [str(VENV_BIN / "gunicorn")]
    if (ROOT / "gunicorn.conf.py").exists():
        command += ["-c", str(ROOT / "gunicorn.conf.py")]
    return command + ["-w", str(workers), "-b", f"127.0.0.1:{port}", "directory:create_app()"]


def server_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by gunicorn's workers: the server's own work, whatever the load."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    for child in (pid, *map(int, children)):
        try:
            fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def get(url: str, timeout: float = 10.0) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (loopback only)
        return response.status, response.read().decode("utf-8", "replace")


@contextmanager
def gunicorn_server(site: Site, workers: int = 2, log_path: Path | None = None) -> Iterator[tuple[str, int]]:
    """gunicorn serving the site on a free loopback port; yields the base URL and its pid, stops it on exit."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(log_path or os.devnull, "w")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(gunicorn_command(port, workers), cwd=ROOT, env=site.env, stdout=log, stderr=log)  # noqa: S603
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if get(base + "/api/v1/categories", timeout=5)[0] == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start (exit {process.poll()}); see {log_path or 'its log'}")
            time.sleep(0.3)
        yield base, process.pid
    finally:
        process.send_signal(signal.SIGTERM)  # graceful: workers finish their request
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def stylesheet_url(base: str) -> str:
    """The stylesheet URL the pages use (with its version parameter), read from the home page."""
    html = get(base + "/")[1]
    match = re.search(r'<link rel="stylesheet" href="([^"]+)"', html)
    if not match:
        raise RuntimeError("no stylesheet link on the home page")
    return match.group(1).replace("&amp;", "&")


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def search_mix_paths(script: Path) -> list[str]:
    """The query strings of the wrk search mix, for clients other than wrk (the load test)."""
    return re.findall(r'^\s*"(\?[^"]+)"', script.read_text(encoding="utf-8"), flags=re.M)
