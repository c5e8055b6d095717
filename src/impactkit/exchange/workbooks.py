"""Read one sheet of an XLSX workbook as text rows, refusing a hostile workbook before openpyxl
parses anything.

An XLSX file is a zip archive of XML documents, and both layers can be turned into weapons: a
1 MB archive can unpack to gigabytes (a decompression bomb) or to millions of rows, and an XML
part can declare entities that expand a billion times. So the archive is inspected first, from
its directory and one streaming pass over its XML parts (nothing is kept in memory):

- at most :data:`~impactkit.limits.MAX_ZIP_MEMBERS` members, unpacking to at most
  :data:`~impactkit.limits.MAX_UNPACKED_BYTES` together (Python's zip reader never unpacks a
  member past the size the directory declares, so the declared sizes are the real bound);
- no member of 1 MiB or more unpacking to more than
  :data:`~impactkit.limits.MAX_COMPRESSION_RATIO` times its packed size;
- no document type declaration (``<!DOCTYPE``, ``<!ENTITY``) in any XML part: spreadsheet
  programs never write one. openpyxl parses with defusedxml, which refuses them too;
- at most :data:`~impactkit.limits.MAX_ROWS` rows in a sheet and
  :data:`~impactkit.limits.MAX_CELLS` cells in the workbook, counted in the raw XML.

Reading the sheet then stops at the same limits (a sheet can skip row numbers, and openpyxl
fills the gap), and every cell is checked as a CSV cell is
(:func:`~impactkit.exchange.sources.check_cell`).
"""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from defusedxml import DefusedXmlException

from impactkit.exchange.sources import RawTable, check_cell, read_bytes, reject, too_many_rows
from impactkit.limits import (
    MAX_CELLS,
    MAX_COMPRESSION_RATIO,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    MAX_ZIP_MEMBERS,
)

RATIO_CHECKED_FROM = 1 << 20
"""Members smaller than this (1 MiB unpacked) are not held to the compression ratio: a small
part of repeated markup packs well, and cannot be a bomb (their total is bounded anyway)."""

_XML_SUFFIXES = (".xml", ".rels", ".vml")
_DECLARATIONS = (b"<!DOCTYPE", b"<!ENTITY")
_ROW_TAGS = (b"<row ", b"<row>")
_CELL_TAGS = (b"<c ", b"<c>")
_DECLARES = ("The workbook declares a document type or entities (<!DOCTYPE or <!ENTITY), "
             "which spreadsheet programs never write and entity bombs rely on; it was not "
             "read.")
_CHUNK = 1 << 20
_OVERLAP = max(len(tag) for tag in (*_DECLARATIONS, *_ROW_TAGS, *_CELL_TAGS)) - 1


@dataclass(slots=True)
class _Counts:
    rows: dict[str, int] = field(default_factory=dict)  # worksheet member -> rows
    cells: int = 0


def inspect_archive(raw: bytes, location: str) -> _Counts:
    """Refuse a workbook whose archive breaks a limit; returns the rows of each worksheet."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise reject(location, f"file is not a valid XLSX workbook ({exc})") from None
    if len(members) > MAX_ZIP_MEMBERS:
        raise reject(location, f"The workbook is a zip archive of {len(members):,} files, more "
                               f"than the limit of {MAX_ZIP_MEMBERS:,}; it is not a "
                               "spreadsheet a program saved.")
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise reject(location, f"The workbook unpacks to {unpacked:,} bytes, more than the "
                               f"limit of {MAX_UNPACKED_BYTES:,} bytes; split it into smaller "
                               "workbooks or save the sheet as CSV.")
    for member in members:
        if member.file_size >= RATIO_CHECKED_FROM and \
                member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1):
            ratio = member.file_size // max(member.compress_size, 1)
            raise reject(location, f"The part {member.filename} of the workbook unpacks to "
                                   f"{ratio:,} times its packed size, more than the limit of "
                                   f"{MAX_COMPRESSION_RATIO} times: this is how a "
                                   "decompression bomb is built, not a spreadsheet.")
    counts = _Counts()
    try:
        for member in members:
            if member.filename.lower().endswith(_XML_SUFFIXES):
                _scan(archive, member, location, counts)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError) as exc:
        raise reject(location, f"file is not a valid XLSX workbook ({exc})") from None
    if counts.cells > MAX_CELLS:
        raise reject(location, f"The workbook has {counts.cells:,} cells, more than the limit of "
                               f"{MAX_CELLS:,} cells in all sheets together; split it into "
                               "smaller workbooks.")
    return counts


def _scan(archive: zipfile.ZipFile, member: zipfile.ZipInfo, location: str,
          counts: _Counts) -> None:
    is_sheet = member.filename.startswith("xl/worksheets/") \
        and member.filename.endswith(".xml")
    rows = cells = 0
    tail = b""
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            window = tail + chunk
            if any(declaration in window for declaration in _DECLARATIONS):
                raise reject(location, _DECLARES, field=member.filename)
            if is_sheet:  # a tag cut by the chunk boundary is counted in the next window
                rows += sum(window.count(tag) - tail.count(tag) for tag in _ROW_TAGS)
                cells += sum(window.count(tag) - tail.count(tag) for tag in _CELL_TAGS)
            tail = window[-_OVERLAP:]
    if is_sheet:
        counts.rows[member.filename] = rows
        counts.cells += cells


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

    raw = read_bytes(path, location)
    if not raw.startswith(b"PK\x03\x04"):
        hint = "; it looks like text: if it is CSV, give it the .csv extension" \
            if b"\x00" not in raw[:4096] else ""
        raise reject(location, f"file is not a valid XLSX workbook{hint}")
    counts = inspect_archive(raw, location)
    try:
        with warnings.catch_warnings():  # openpyxl warns about styles and data validation
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except DefusedXmlException:
        raise reject(location, _DECLARES) from None
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError,
            SyntaxError) as exc:
        raise reject(location, f"file is not a valid XLSX workbook ({exc})") from None
    try:
        sheets = workbook.worksheets
        if not sheets:
            raise reject(location, "workbook has no worksheet")
        wanted = {_simplify(name) for name in sheet_names}
        sheet = next((s for s in sheets if _simplify(s.title) in wanted), sheets[0])
        sheet_location = f"{location} (sheet '{sheet.title}')"
        member = str(getattr(sheet, "_worksheet_path", "")).lstrip("/")
        if counts.rows.get(member, 0) > MAX_ROWS + 1:
            raise too_many_rows(sheet_location, MAX_ROWS + 2)
        rows = _rows(sheet, sheet_location)
    finally:
        workbook.close()
    if not rows:
        raise reject(sheet_location, "sheet is empty: expected a header row, then one row per "
                                     "record")
    (header_row, header), *data = rows
    return RawTable(sheet_location, header, data, header_row)


def _rows(sheet: object, location: str) -> list[tuple[int, list[str]]]:
    """The sheet's non-blank rows, each cell checked, stopping at the row and cell limits, and
    padded to the width of the widest (not to the size the file claims for the sheet)."""
    reset = getattr(sheet, "reset_dimensions", None)
    if reset is not None:
        reset()  # rows as stored, not padded to a size the file claims
    rows: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    cells = 0
    try:
        for number, values in enumerate(sheet.iter_rows(values_only=True),  # type: ignore[attr-defined]
                                        start=1):
            if number > MAX_ROWS + 1:
                raise too_many_rows(location, number)
            cells += len(values)
            if cells > MAX_CELLS:
                raise reject(location, f"The sheet has more than {MAX_CELLS:,} cells, the "
                                       "limit for one workbook; split it into smaller "
                                       "workbooks.", row=number)
            row = [cell_text(v) for v in values]
            if not any(cell.strip() for cell in row):
                continue
            header = header if header is not None else row
            for index, text in enumerate(row):
                check_cell(text, location, number, index, header)
            rows.append((number, row))
    except DefusedXmlException:
        raise reject(location, _DECLARES) from None
    except (SyntaxError, ValueError, KeyError, OSError, zipfile.BadZipFile) as exc:
        raise reject(location, f"the sheet cannot be read: {exc}") from None
    width = max((len(row) for _, row in rows), default=0)  # as wide as the widest row read
    return [(number, row + [""] * (width - len(row))) for number, row in rows]


def _simplify(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())

