"""Turn a file (CSV or XLSX) into a header and rows of text, or say plainly why it cannot be.

Users hand over what their spreadsheet program saved: CSV in the legacy Windows encoding, a
workbook renamed ``.csv``, an old ``.xls``. Each of these is recognised here and rejected with
the fix, before any column is looked at.

Row numbers are those a spreadsheet shows: the header is row 1, the first data row is row 2.
Entirely blank rows are skipped but still counted, so numbers stay those of the file.
"""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import charset_normalizer

from impactkit.errors import ImportRejected, Problem

UTF8_BOM = b"\xef\xbb\xbf"
TEXT_SUFFIXES = frozenset({".csv", ".tsv", ".txt"})
WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm"})
DELIMITERS = (",", ";", "\t")
ROW_NUMBERS = "rows are numbered as a spreadsheet shows them, header included"


@dataclass(slots=True)
class RawTable:
    """Cells as text, untouched except for decoding. ``rows`` pairs each row's number (as a
    spreadsheet shows it) with its cells; it may be shorter or longer than ``header``."""

    location: str
    header: list[str]
    rows: list[tuple[int, list[str]]]
    header_row: int = 1


def reject(location: str, message: str, *, row: int | None = None,
           field: str | None = None) -> ImportRejected:
    note = f" ({ROW_NUMBERS})" if row is not None else ""
    return ImportRejected([Problem(message, location=location, row=row, field=field)],
                          summary=f"{location}: rejected, nothing was imported{note}")


# --- text -----------------------------------------------------------------------------------
def decode_utf8(raw: bytes, location: str) -> str:
    """UTF-8 text (a leading byte order mark is accepted and dropped), or a rejection that says
    which encoding the file looks like and how to fix it."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise reject(location, "file is UTF-16 text, not UTF-8; save it as 'CSV UTF-8'")
    if raw.startswith(UTF8_BOM):
        raw = raw[len(UTF8_BOM):]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        guess = guess_encoding(raw)
        looks = f" (looks like {guess})" if guess else ""
        raise reject(location, f"file is not UTF-8{looks}; save it as UTF-8 (in a spreadsheet "
                               f"program: 'CSV UTF-8'). First byte that is not UTF-8: "
                               f"line {line}") from None


PREFERRED_GUESSES = ("cp1252",)
"""When several legacy encodings read a file equally well (a few accented Latin letters fit
windows-1250 as well as windows-1252), name the one spreadsheet programs in Western Europe
actually write."""


def guess_encoding(raw: bytes) -> str | None:
    """charset-normalizer's best guess, with ties broken by :data:`PREFERRED_GUESSES`."""
    matches = charset_normalizer.from_bytes(raw)
    best = matches.best()
    if best is None:
        return None
    tied = {encoding for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)
            for encoding in (m.encoding, *m.could_be_from_charset)}
    return next((e for e in PREFERRED_GUESSES if e in tied), best.encoding)


_NOT_CSV: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "is a ZIP archive (an XLSX workbook?), not CSV text: if it is a workbook, "
                    "give it the .xlsx extension"),
    (b"\xd0\xcf\x11\xe0", "is an old Excel (.xls) or other Office file, not CSV text: save it "
                          "as .xlsx or as 'CSV UTF-8'"),
    (b"%PDF", "is a PDF document, not CSV text"),
    (b"\x1f\x8b", "is gzip-compressed, not CSV text: uncompress it first"),
)


def check_is_text(raw: bytes, location: str, *, nul_is_binary: bool = True) -> None:
    """Recognise common things that are not delimited text at all. A NUL byte marks binary
    data in a file a person saved, but may be a character of text that IMPACT exported."""
    for magic, what in _NOT_CSV:
        if raw.startswith(magic):
            raise reject(location, f"file {what}")
    if nul_is_binary and b"\x00" in raw[:4096] \
            and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise reject(location, "file is binary data, not CSV text")
    head = raw.lstrip(UTF8_BOM).lstrip()[:1]
    if head in (b"{", b"["):
        raise reject(location, "file looks like JSON, not CSV text")
    if head == b"<":
        raise reject(location, "file looks like HTML or XML, not CSV text: save it from your "
                               "spreadsheet program as 'CSV UTF-8' or .xlsx")


def parse_csv_text(text: str, location: str, *, delimiter: str = ",") -> RawTable:
    """Rows of already-decoded CSV text. Quoted cells may hold delimiters, quotes and line
    breaks; row numbers count records, as a spreadsheet does, not physical lines."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[tuple[int, list[str]]] = []
    try:
        for number, record in enumerate(reader, start=1):
            records.append((number, record))
    except csv.Error as exc:
        raise reject(location, f"file is not valid CSV: {exc}", row=len(records) + 1) from None
    records = [(n, r) for n, r in records if any(cell.strip() for cell in r)]
    if not records:
        raise reject(location, "file is empty: expected a header row, then one row per record")
    (header_row, header), *rows = records
    return RawTable(location, header, rows, header_row)


def sniff_delimiter(text: str) -> str:
    """The delimiter of the header line: spreadsheet programs in much of Europe save CSV with
    ``;``, and some users save tab-separated text."""
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    counts = {d: first_line.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(path: Path, location: str) -> RawTable:
    raw = _read_bytes(path, location)
    check_is_text(raw, location)
    text = decode_utf8(raw, location)
    return parse_csv_text(text, location, delimiter=sniff_delimiter(text))


def _read_bytes(path: Path, location: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise reject(location, f"file not found: {path}") from None
    except IsADirectoryError:
        raise reject(location, f"{path} is a folder, not a file") from None
    except OSError as exc:
        raise reject(location, f"cannot read the file: {exc.strerror}") from None


# --- workbooks ------------------------------------------------------------------------------
def cell_text(value: object) -> str:
    """A workbook cell as the text a user typed: ``3.0`` is ``3``, a date is ISO 8601."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def read_xlsx(path: Path, location: str, sheet_names: Sequence[str] = ()) -> RawTable:
    """The worksheet named like one of ``sheet_names`` (case and spaces ignored), else the
    first worksheet."""
    import openpyxl  # deferred: only workbook imports pay for it
    from openpyxl.utils.exceptions import InvalidFileException

    raw = _read_bytes(path, location)
    if not raw.startswith(b"PK\x03\x04"):
        hint = "; it looks like text: if it is CSV, give it the .csv extension" \
            if b"\x00" not in raw[:4096] else ""
        raise reject(location, f"file is not a valid XLSX workbook{hint}")
    try:
        with warnings.catch_warnings():  # openpyxl warns about styles and data validation
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise reject(location, f"file is not a valid XLSX workbook ({exc})") from None
    try:
        sheets = workbook.worksheets
        if not sheets:
            raise reject(location, "workbook has no worksheet")
        wanted = {_simplify(name) for name in sheet_names}
        sheet = next((s for s in sheets if _simplify(s.title) in wanted), sheets[0])
        sheet_location = f"{location} (sheet '{sheet.title}')"
        rows = [(n, [cell_text(v) for v in values])
                for n, values in enumerate(sheet.iter_rows(values_only=True), start=1)]
    finally:
        workbook.close()
    rows = [(n, r) for n, r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise reject(sheet_location, "sheet is empty: expected a header row, then one row per "
                                     "record")
    (header_row, header), *data = rows
    return RawTable(sheet_location, header, data, header_row)


def _simplify(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def read_table(path: Path, *, sheet_names: Iterable[str] = (),
               location: str | None = None) -> RawTable:
    """A CSV (``.csv``, ``.tsv``, ``.txt``) or XLSX (``.xlsx``, ``.xlsm``) file as text rows."""
    where = location or path.name
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return read_csv(path, where)
    if suffix in WORKBOOK_SUFFIXES:
        return read_xlsx(path, where, tuple(sheet_names))
    if suffix in {".xls", ".ods", ".numbers"}:
        raise reject(where, f"{suffix} files cannot be read: save it as .xlsx or 'CSV UTF-8'")
    raise reject(where, f"unsupported file type {suffix or '(no extension)'!r}: "
                        "use .csv (UTF-8) or .xlsx")
