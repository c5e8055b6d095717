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
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

from impactkit.errors import FileRefused, ImportRejected, Problem
from impactkit.limits import MAX_ROWS, MAX_TEXT_CHARS
from impactkit.userfiles import read_user_file

# Python's csv module refuses fields over 131,072 characters in its own words; IMPACT checks
# each cell against MAX_TEXT_CHARS itself, naming the row and column, so the module's limit
# only has to be out of the way (a field cannot be longer than the file that holds it).
csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))

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


WESTERN = "cp1252"
"""What spreadsheet programs in Western Europe and the Americas write when they do not write
UTF-8 ("ANSI" in Excel, Windows-1252)."""

_WESTERN_MARKS = frozenset("€‚„…†‡‰‹›‘’“”•–—™«»°ºª¡¿§©®±·×÷£¥¢\u00a0")


def guess_encoding(raw: bytes) -> str | None:
    """The encoding the bytes are most probably in. Text that reads as Windows-1252, mostly
    unaccented, with every other character a Latin letter or common punctuation (French,
    Spanish, German, Portuguese, Dutch, Scandinavian...) is taken to be Windows-1252:
    charset-normalizer alone guesses poorly on the few accented letters of a short file (it
    has named French text cp1257 and even johab). Otherwise its best guess, or None."""
    if _reads_as_western(raw):
        return WESTERN
    best = charset_normalizer.from_bytes(raw).best()
    return best.encoding if best is not None else None


def _reads_as_western(raw: bytes) -> bool:
    try:
        text = raw.decode(WESTERN)
    except UnicodeDecodeError:  # bytes Windows-1252 leaves undefined
        return False
    others = [ch for ch in text if ord(ch) > 0x7F]
    letters = sum(1 for ch in text if ch.isalpha())
    accented = sum(1 for ch in others if ch.isalpha())
    # Western text is mostly plain ASCII letters; Cyrillic or Greek bytes read as
    # Windows-1252 are Latin letters too, but nearly all of them accented.
    return bool(others) and accented * 2 <= letters and all(
        ch in _WESTERN_MARKS or (ch.isalpha() and unicodedata.name(ch, "").startswith("LATIN"))
        for ch in others)


_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_NOT_CSV: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "is a ZIP archive (an XLSX workbook?), not CSV text: if it is a workbook, "
                    "give it the .xlsx extension"),
    (b"\xd0\xcf\x11\xe0", "is an old Excel (.xls) or other Office file, not CSV text: save it "
                          "as .xlsx or as 'CSV UTF-8'"),
    (b"%PDF", "is a PDF document, not CSV text"),
    (b"\x1f\x8b", "is gzip-compressed, not CSV text: uncompress it first"),
)


def check_is_text(raw: bytes, location: str, *, nul_is_binary: bool = True) -> None:
    """Recognise common things that are not delimited text at all. NUL and other control
    bytes making up a sixteenth of the start mark binary data; a stray one in text is a
    cell's problem, refused with its row and column (:func:`check_cell`)."""
    for magic, what in _NOT_CSV:
        if raw.startswith(magic):
            raise reject(location, f"file {what}")
    start = raw[:4096]
    if nul_is_binary and b"\x00" in start \
            and len(_CONTROL_BYTES.findall(start)) * 16 > len(start) \
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
    breaks; row numbers count records, as a spreadsheet does, not physical lines. Every cell
    is checked (:func:`check_cell`), and reading stops with a rejection past row
    ``MAX_ROWS + 1`` (:data:`~impactkit.limits.MAX_ROWS` rows below a header in row 1)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    number = 0
    try:
        for number, record in enumerate(reader, start=1):
            if number > MAX_ROWS + 1:
                raise too_many_rows(location, number)
            if not any(cell.strip() for cell in record):
                continue
            if header is None:
                header = record
            for index, cell in enumerate(record):
                check_cell(cell, location, number, index, header)
            records.append((number, record))
    except csv.Error as exc:
        raise reject(location, f"file is not valid CSV: {exc}", row=number + 1) from None
    if not records:
        raise reject(location, "file is empty: expected a header row, then one row per record")
    (header_row, header), *rows = records
    return RawTable(location, header, rows, header_row)


def too_many_rows(location: str, row: int) -> ImportRejected:
    return reject(location, f"The file has more than {MAX_ROWS:,} data rows (rows past row "
                            f"{MAX_ROWS + 1:,}), the limit for one file or sheet; split it "
                            "into several files.", row=row)


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""Control characters a cell may not hold: all but tab, line feed and carriage return. No one
types them; they come from binary data or a broken export, and PostgreSQL cannot store NUL."""


def check_cell(text: str, location: str, row: int, index: int,
               header: Sequence[str] | None) -> None:
    """Refuse a cell longer than :data:`~impactkit.limits.MAX_TEXT_CHARS` or holding a
    control character, naming its row and column."""
    if len(text) <= MAX_TEXT_CHARS and CONTROL_CHARACTERS.search(text) is None:
        return
    column = column_name(index, header)
    name = header[index].strip() if header is not None and index < len(header) else ""
    field = name or f"column {column}"
    if len(text) > MAX_TEXT_CHARS:
        raise reject(location, f"The cell in column {column} holds {len(text):,} characters, "
                               f"more than the limit of {MAX_TEXT_CHARS:,} characters in one "
                               "cell.", row=row, field=field)
    found = CONTROL_CHARACTERS.search(text)
    code = f"U+{ord(found.group()):04X}" if found else ""
    raise reject(location, f"The cell in column {column} holds the control character {code}; "
                           "cells may hold tab and line breaks but no other control "
                           "characters. Remove it and save the file again.",
                 row=row, field=field)


def column_name(index: int, header: Sequence[str] | None) -> str:
    """``3 (C, 'title')``: a column's number, its letter as a spreadsheet shows it, and its
    header when there is one."""
    letters, number = "", index + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    name = header[index].strip() if header is not None and index < len(header) else ""
    return f"{index + 1} ({letters}, {name!r})" if name else f"{index + 1} ({letters})"


def sniff_delimiter(text: str) -> str:
    """The delimiter of the header line: spreadsheet programs in much of Europe save CSV with
    ``;``, and some users save tab-separated text."""
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    counts = {d: first_line.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(path: Path, location: str) -> RawTable:
    raw = read_bytes(path, location)
    check_is_text(raw, location)
    text = decode_utf8(raw, location)
    return parse_csv_text(text, location, delimiter=sniff_delimiter(text))


def read_bytes(path: Path, location: str) -> bytes:
    try:
        return read_user_file(path, location)
    except FileRefused as exc:
        raise reject(location, exc.problem.message) from None
    except FileNotFoundError:
        raise reject(location, f"file not found: {path}") from None
    except IsADirectoryError:
        raise reject(location, f"{path} is a folder, not a file") from None
    except OSError as exc:
        raise reject(location, f"cannot read the file: {exc.strerror}") from None


def read_table(path: Path, *, sheet_names: Iterable[str] = (),
               location: str | None = None) -> RawTable:
    """A CSV (``.csv``, ``.tsv``, ``.txt``) or XLSX (``.xlsx``, ``.xlsm``) file as text rows."""
    where = location or path.name
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return read_csv(path, where)
    if suffix in WORKBOOK_SUFFIXES:
        from impactkit.exchange.workbooks import read_xlsx  # it imports this module

        return read_xlsx(path, where, tuple(sheet_names))
    if suffix in {".xls", ".ods", ".numbers"}:
        raise reject(where, f"{suffix} files cannot be read: save it as .xlsx or 'CSV UTF-8'")
    raise reject(where, f"unsupported file type {suffix or '(no extension)'!r}: "
                        "use .csv (UTF-8) or .xlsx")
