"""Safe CSV cells and tolerant CSV reading (pure functions, no app)."""

import csv
import io

import pytest

from directory.formats.csvfile import CsvError, read_csv, safe_cell, sniff_delimiter, unescape_cell, write_csv


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")"),
        ("+49 391 123", "'+49 391 123"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("\uff1d1+1", "'\uff1d1+1"),  # full-width ＝, which NFKC folds to "="
        ("\ufe66SUM(A1)", "'\ufe66SUM(A1)"),  # small ﹦
        ("\uff0b49 391", "'\uff0b49 391"),  # full-width ＋
        ("\uff20x", "'\uff20x"),  # full-width ＠
        ("Ａｂｃ", "Ａｂｃ"),  # full-width letters start no formula
        ("Lernförderung", "Lernförderung"),
        ("a=b", "a=b"),
        (None, ""),
        (True, "ja"),
        (3, "3"),
    ],
)
def test_safe_cell_escapes_formula_starts_only(value, expected):
    assert safe_cell(value) == expected


def test_escaped_cells_read_back_unchanged():
    for text in ("=1+1", "+49 391", "-", "@x", "plain", "'quoted", "\uff1d1+1"):
        assert unescape_cell(safe_cell(text)) == text


def test_write_csv_escapes_every_cell_including_the_header():
    document = write_csv(["=name", "ok"], [["=cmd|' /C calc'!A0", "-2"]])
    assert document.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(document.lstrip("\ufeff")), delimiter=";"))
    assert rows == [["'=name", "ok"], ["'=cmd|' /C calc'!A0", "'-2"]]
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


@pytest.mark.parametrize("line, expected", [("a;b;c", ";"), ("a,b,c", ","), ("a", ";"), ('"x;y",b,c', ",")])
def test_delimiter_is_sniffed_from_the_header(line, expected):
    assert sniff_delimiter(line) == expected


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
@pytest.mark.parametrize("delimiter", [";", ","])
def test_read_csv_accepts_utf8_with_or_without_bom_and_both_delimiters(bom, delimiter):
    raw = bom + f"external_id{delimiter}title\r\nx1{delimiter}Straße\n".encode()
    header, rows = read_csv(raw)
    assert header == ["external_id", "title"]
    assert rows == [{"external_id": "x1", "title": "Straße"}]


def test_read_csv_refuses_other_encodings_with_a_clear_message():
    with pytest.raises(CsvError, match="UTF-8"):
        read_csv("external_id;title\nx1;Straße\n".encode("latin-1"))


def test_read_csv_refuses_files_over_the_limit():
    with pytest.raises(CsvError, match="zu groß"):
        read_csv(b"a;b\n" + b"x;y\n" * 1000, max_bytes=1024)


@pytest.mark.parametrize("raw, message", [(b"", "leer"), (b"a;a\n1;2\n", "doppelt"), (b"a\x00;b\n", "Nullbytes")])
def test_read_csv_names_what_is_wrong(raw, message):
    with pytest.raises(CsvError, match=message):
        read_csv(raw)
