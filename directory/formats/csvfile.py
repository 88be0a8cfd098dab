"""Reading and writing CSV files safely. Pure functions: no app, no database.

Every CSV the app writes goes through ``safe_cell``, so a cell can never be run as a spreadsheet formula;
every CSV it reads goes through ``read_csv``, which accepts UTF-8 (with or without BOM) and ``;`` or ``,``.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

# A spreadsheet treats a cell starting with one of these as a formula (tab and CR as well, since some
# programs strip them and then see the next character).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
DELIMITERS = (";", ",")
# The key under which ``read_csv`` keeps cells beyond the header's last column.
SURPLUS = "\x00surplus"


class CsvError(ValueError):
    """A file that cannot be read as CSV; the message says why, in words for the team."""


def starts_formula(text: str) -> bool:
    """Whether a spreadsheet may read the text as a formula: also look-alikes such as full-width ＝ or small ﹦,
    which some programs fold to "=" (hence NFKC, the normalisation that folds them, before the check)."""
    return unicodedata.normalize("NFKC", text[:8]).startswith(FORMULA_PREFIXES)


def safe_cell(value: Any) -> str:
    """The text of a value for a CSV cell, with a leading ``'`` when it would start a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    text = str(value)
    if starts_formula(text):
        return "'" + text
    return text


def unescape_cell(text: str) -> str:
    """Undo ``safe_cell`` on a cell read back, so an exported file imports unchanged."""
    if text.startswith("'") and text[1:2] and starts_formula(text[1:]):
        return text[1:]
    return text


def write_csv(header: Sequence[str], rows: Iterable[Sequence[Any]], delimiter: str = ";") -> str:
    """A whole CSV document (with a BOM, so spreadsheet programs see UTF-8), every cell made safe."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([safe_cell(name) for name in header])
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return out.getvalue()


def decode(raw: bytes) -> str:
    """The text of an uploaded file: UTF-8, with or without BOM; anything else is refused."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CsvError(
            f"Die Datei ist nicht in UTF-8 gespeichert (Byte {exc.start + 1}). "
            "Bitte als „CSV UTF-8“ speichern und erneut hochladen."
        ) from exc


def sniff_delimiter(first_line: str) -> str:
    """``;`` or ``,``: whichever splits the header line into more columns (``;`` on a tie)."""
    counts = {d: next(csv.reader([first_line], delimiter=d), []).__len__() for d in DELIMITERS}
    return max(DELIMITERS, key=lambda d: (counts[d], d == ";"))


def read_csv(raw: bytes, max_bytes: int | None = None) -> tuple[list[str], list[dict[str, str]]]:
    """(column names, rows as dicts) of a CSV file; raises ``CsvError`` for what cannot be read."""
    if max_bytes is not None and len(raw) > max_bytes:
        raise CsvError(
            f"Die Datei ist zu groß ({len(raw) // 1024} KB); erlaubt sind höchstens {max_bytes // 1024} KB."
        )
    text = decode(raw)
    if "\x00" in text:
        raise CsvError("Die Datei enthält Nullbytes; sie ist wohl keine CSV-Datei.")
    if not text.strip():
        raise CsvError("Die Datei ist leer.")
    first_line = text.lstrip("\r\n").splitlines()[0]
    reader = csv.reader(io.StringIO(text.lstrip("\r\n")), delimiter=sniff_delimiter(first_line), strict=True)
    try:
        header = [name.strip() for name in next(reader)]
        body = list(reader)
    except csv.Error as exc:
        raise CsvError(f"Die Datei ist keine gültige CSV-Datei: {exc}") from exc
    if len(set(header)) != len(header):
        doubled = sorted({name for name in header if header.count(name) > 1})
        raise CsvError(f"Spalten kommen doppelt vor: {', '.join(doubled)}")
    rows = []
    for values in body:
        if not any(v.strip() for v in values):
            rows.append({})  # an empty line keeps its row number, and is skipped later
            continue
        row = {name: unescape_cell(values[i].strip()) if i < len(values) else "" for i, name in enumerate(header)}
        if len(values) > len(header) and any(v.strip() for v in values[len(header):]):
            row[SURPLUS] = ";".join(values[len(header):])
        rows.append(row)
    return header, rows
