"""A manifest of the files of one index generation, written at each commit and checked before a search reads
them: a damaged file is found before Whoosh trips over it (a 500, or SIGBUS when a truncated file is mapped).

``MANIFEST.json`` names the generation's table of contents (TOC) and every file with its size and CRC-32.
Whoosh never changes a segment file once written, so a commit reuses the checksums of the files it kept, and a
reader checks each file's checksum once per process (again when its size or modification time changes); the
sizes are checked every time.
"""

from __future__ import annotations

import json
import os
import threading
import zlib
from pathlib import Path

MANIFEST = "MANIFEST.json"
POSITION = "POSITION"
# Raise when the schema or the documents change: an index written by older code is rebuilt.
INDEX_FORMAT = 3
# Files in a generation folder that are not part of the index.
_OWN = {MANIFEST, POSITION}
_CHUNK = 1 << 20


class Damaged(Exception):
    """The generation's files are not the ones its manifest lists."""


class InProgress(Exception):
    """A commit is between writing its files and writing its manifest: look again in a moment."""


def _crc(path: Path) -> int:
    crc = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            crc = zlib.crc32(chunk, crc)
    return crc


def _index_files(folder: Path) -> list[Path]:
    return sorted(
        p for p in folder.iterdir()
        if p.is_file() and p.name not in _OWN and not p.name.endswith(("_LOCK", ".lock")) and ".tmp" not in p.name
    )


def _latest_toc(folder: Path) -> str | None:
    tocs = [p.name for p in folder.glob("_*_*.toc")]
    return max(tocs, key=lambda name: int(name.rsplit("_", 1)[1].split(".")[0]), default=None)


def write_manifest(folder: Path) -> None:
    """List the generation's files as they are now (call under the writer lock, right after a commit)."""
    try:
        old = {f["name"]: f for f in json.loads((folder / MANIFEST).read_text())["files"]}
    except (OSError, ValueError, KeyError, TypeError):
        old = {}
    files = []
    for path in _index_files(folder):
        size = path.stat().st_size
        known = old.get(path.name)
        crc = known["crc"] if known and known["size"] == size and not path.name.endswith(".toc") else _crc(path)
        files.append({"name": path.name, "size": size, "crc": crc})
    data = {"format": INDEX_FORMAT, "toc": _latest_toc(folder), "files": files}
    tmp = folder / f"{MANIFEST}.tmp"
    tmp.write_text(json.dumps(data))
    os.replace(tmp, folder / MANIFEST)


class ManifestChecker:
    """Checks generations against their manifests; remembers which files' checksums it has seen right."""

    def __init__(self) -> None:
        self._verified: set[tuple[str, int, int]] = set()
        self._lock = threading.Lock()

    def check(self, folder: Path) -> None:
        """Raise ``Damaged`` (or ``InProgress``) unless every listed file is there, whole and unchanged."""
        try:
            data = json.loads((folder / MANIFEST).read_text())
        except FileNotFoundError:
            raise Damaged("no manifest: written by an older version, or never committed") from None
        except ValueError:
            raise Damaged("the manifest is unreadable") from None
        if data.get("format") != INDEX_FORMAT:
            raise Damaged(f"index format {data.get('format')}, this version reads {INDEX_FORMAT}")
        latest = _latest_toc(folder)
        if latest != data.get("toc"):
            if latest is not None and data.get("toc") is not None and _toc_gen(latest) > _toc_gen(data["toc"]):
                raise InProgress(latest)
            raise Damaged(f"table of contents {latest}, the manifest lists {data.get('toc')}")
        for entry in data["files"]:
            path = folder / entry["name"]
            try:
                stat = path.stat()
            except FileNotFoundError:
                raise Damaged(f"{entry['name']} is missing") from None
            if stat.st_size != entry["size"]:
                raise Damaged(f"{entry['name']} has {stat.st_size} bytes, the manifest lists {entry['size']}")
            key = (str(path), stat.st_size, stat.st_mtime_ns)
            with self._lock:
                if key in self._verified:
                    continue
            if _crc(path) != entry["crc"]:
                raise Damaged(f"{entry['name']} does not match its checksum")
            with self._lock:
                self._verified.add(key)


def _toc_gen(name: str) -> int:
    return int(name.rsplit("_", 1)[1].split(".")[0])


def read_position(folder: Path) -> int:
    """The id of the last outbox row this generation has applied (0: none yet)."""
    try:
        return int((folder / POSITION).read_text().strip() or 0)
    except (FileNotFoundError, ValueError):
        return 0


def write_position(folder: Path, position: int) -> None:
    tmp = folder / f"{POSITION}.tmp"
    tmp.write_text(str(position))
    os.replace(tmp, folder / POSITION)
