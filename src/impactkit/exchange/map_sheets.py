"""The system map written as spreadsheets: one table of a workspace as CSV or XLSX, and the
empty templates people fill in (a header row; in a workbook, a second sheet saying what each
column holds and the codes the workspace's catalogue accepts).

What these write, :mod:`impactkit.exchange.map_tables` reads back equal. Each record is in
exactly one table: a service written in ``services`` (an actor of type ``service`` with its
mandate ``<key>-mandate``) is left out of ``actors`` and ``mandates``, so the five tables of
a workspace, put in one folder, import into an empty workspace as they were.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from impactkit.catalogue.schema import Catalogue
from impactkit.domain import AGE_BANDS, Actor, Mandate, WorkspaceData
from impactkit.errors import UsageError
from impactkit.exchange import cells, tables
from impactkit.exchange.map_tables import (
    MAP_TABLE_KINDS,
    REFERENCES,
    SERVICE_ACTOR_FIELDS,
    SERVICE_MANDATE_FIELDS,
    SERVICE_TYPE,
    SERVICES,
    SPECS,
    service_mandate_key,
)
from impactkit.exchange.rows import ImportColumn
from impactkit.exchange.tables import Column
from impactkit.kinds import BY_FIELD

SHEET_FORMATS = ("csv", "xlsx")
COLUMNS_SHEET = "columns"
"""The sheet of a template workbook that explains the columns (the data sheet comes first,
so that it is the one read back)."""


def _without_version(table: tables.Table) -> tuple[Column, ...]:
    return tuple(c for c in table.columns if c.name != "version")


def _service_columns() -> tuple[Column, ...]:
    actor = {c.name: c for c in tables.ACTORS.columns}
    mandate = {c.name: c for c in tables.MANDATES.columns}
    return (*(actor[n] for n in SERVICE_ACTOR_FIELDS),
            *(mandate[n] for n in SERVICE_MANDATE_FIELDS))


WRITE_COLUMNS: dict[str, tuple[Column, ...]] = {
    "actors": _without_version(tables.ACTORS),
    "instruments": _without_version(tables.INSTRUMENTS),
    "mandates": _without_version(tables.MANDATES),
    "links": _without_version(tables.LINKS),
    SERVICES: _service_columns(),
}
"""How each table's cells are written: the Data Package's way (lists joined with ``|``,
true/false, text that a spreadsheet would run as a formula behind an apostrophe)."""


def header(kind: str) -> list[str]:
    """The column names of a table, in the order they are written."""
    return [column.name for column in WRITE_COLUMNS[_known(kind)]]


def services_of(data: WorkspaceData) -> list[tuple[Actor, Mandate]]:
    """Each actor of type ``service`` that has its mandate ``<key>-mandate``, with it: the
    rows of a services table."""
    mandates = {m.key: m for m in data.mandates}
    found = []
    for actor in data.actors:
        mandate = mandates.get(service_mandate_key(actor.key))
        if actor.type == SERVICE_TYPE and mandate is not None \
                and mandate.actor_key == actor.key:
            found.append((actor, mandate))
    return found


def table_records(data: WorkspaceData, kind: str) -> list[dict[str, Any]]:
    """The values of each row of a table, by column name."""
    services = services_of(data)
    if kind == SERVICES:
        return [{**{n: getattr(a, n) for n in SERVICE_ACTOR_FIELDS},
                 **{n: getattr(m, n) for n in SERVICE_MANDATE_FIELDS}} for a, m in services]
    in_services = {a.key for a, _ in services} | {m.key for _, m in services}
    columns = WRITE_COLUMNS[_known(kind)]
    return [{c.name: getattr(record, c.name) for c in columns}
            for record in getattr(data, kind) if record.key not in in_services]


def table_rows(data: WorkspaceData, kind: str) -> list[list[str]]:
    """The header, then one row of cell texts per record."""
    columns = WRITE_COLUMNS[_known(kind)]
    return [header(kind), *([c.write(values[c.name]) for c in columns]
                            for values in table_records(data, kind))]


def write_map_table(data: WorkspaceData, kind: str, path: Path) -> Path:
    """One table of the map into ``path``, as CSV or XLSX by its suffix."""
    file_format = _format_of(path)
    rows = table_rows(data, kind)
    path.write_bytes(csv_bytes(rows) if file_format == "csv" else xlsx_bytes([(kind, rows)]))
    return path


def template_bytes(kind: str, catalogue: Catalogue, file_format: str) -> bytes:
    """An empty table to fill in: the header; a workbook also explains each column."""
    if file_format == "csv":
        return csv_bytes([header(kind)])
    if file_format != "xlsx":
        raise UsageError(f"unknown template format {file_format!r}; use one of "
                         f"{', '.join(SHEET_FORMATS)}")
    guide = [["column", "required", "meaning", "accepted values"],
             *([c.name, "yes" if c.required else "", c.description,
                accepted_values(kind, c, catalogue)] for c in SPECS[kind].columns)]
    return xlsx_bytes([(kind, [header(kind)]), (COLUMNS_SHEET, guide)])


def accepted_values(kind: str, column: ImportColumn, catalogue: Catalogue) -> str:
    """What a cell of ``column`` may hold, in words a person filling in the sheet reads."""
    target = REFERENCES.get(kind, {}).get(column.name)
    if target is not None:
        return f"the key of one of the workspace's {BY_FIELD[target].labels}"
    if column.vocabulary == "provisions":
        accepted = ", ".join(p.code for p in catalogue.provisions())
    elif column.vocabulary:
        accepted = ", ".join(catalogue.codes(column.vocabulary))
    elif column.name == "age_bands":
        accepted = ", ".join(AGE_BANDS)
    elif column.parse is cells.parse_bool:
        return "true or false"
    elif column.parse is cells.parse_int:
        return "a whole number"
    elif column.name == "key":
        return "letters, digits and - _ . ( ), starting with a letter or a digit"
    else:
        return "any text"
    if column.is_list:
        return f"one or more of, separated by '{cells.LIST_SEPARATOR}': {accepted}"
    return f"one of: {accepted}"


def csv_bytes(rows: Sequence[Sequence[str]]) -> bytes:
    """UTF-8 with a byte order mark, so that a spreadsheet program opening it reads the
    accents right (readers accept the mark)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(sheets: Sequence[tuple[str, Sequence[Sequence[str]]]]) -> bytes:
    """A workbook with one sheet per (title, rows), the first row of each in bold and kept
    in view; every cell is text, as typed."""
    from openpyxl import Workbook  # deferred: only workbook exports pay for it
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            sheet.column_dimensions[cell.column_letter].width = max(12, len(str(cell.value))
                                                                    + 4)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _format_of(path: Path) -> str:
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in SHEET_FORMATS:
        raise UsageError(f"{path}: write a table to a .csv or .xlsx file")
    return suffix


def _known(kind: str) -> str:
    if kind not in MAP_TABLE_KINDS:
        raise UsageError(f"unknown table of the map '{kind}'; use one of: "
                         f"{', '.join(MAP_TABLE_KINDS)}")
    return kind
