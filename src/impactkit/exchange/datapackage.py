"""A whole workspace as a Frictionless Data Package: ``datapackage.json`` plus one CSV per table.

The package is the workspace's open, lossless form: what an export writes, an import reads back
equal. Each resource carries a Table Schema (types, required columns, primary and foreign keys),
so any Frictionless tool can check it. Multi-valued cells join items with ``|``; datetimes are
ISO 8601 in UTC; an empty cell is an empty text, an empty list, or "none" for optional values.

Reading checks the whole package before returning anything: every problem in every file is
collected, and the import is rejected as a whole (:class:`~impactkit.errors.ImportRejected`;
see :mod:`impactkit.exchange.package_reader`).
Codes are not checked here (that needs a catalogue): the caller runs
:func:`impactkit.validation.check_workspace_data` on the result.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from impactkit.domain import WorkspaceData
from impactkit.errors import Problem
from impactkit.exchange import cells
from impactkit.exchange.package_reader import (
    ALL_TABLES,
    DESCRIPTOR_NAME,
    FORMAT_VERSION,
    package_kind,
    read_tables,
)
from impactkit.exchange.record_tables import (
    STATE_TABLES,
    WORKSPACE_RECORD_TABLES,
    StateRecords,
    WorkspaceRecords,
)
from impactkit.exchange.tables import EDITORIAL_SECTIONS, TABLES, WORKSPACE, Table, WorkspaceRow
from impactkit.reports.editorial import EditorialSection

__all__ = ["ALL_TABLES", "DESCRIPTOR_NAME", "FORMAT_VERSION", "WorkspacePackage",
           "export_datapackage", "package_kind", "read_datapackage", "read_package",
           "read_tables", "validate_with_frictionless"]


@dataclass(frozen=True, slots=True)
class WorkspacePackage:
    """What a package holds: the workspace and its records, the report texts people
    wrote for it (:mod:`impactkit.reports.editorial`), which the analysis never reads and
    which are therefore not part of :class:`~impactkit.domain.WorkspaceData`, the State's
    records (recommendations, actions, status, suggestions, panel, definitions), the
    workspace's other records (scenarios, review trail, own recommendations), whether the
    workspace applies the four-eyes rule (on when the package does not say), and the row
    of each record in its file (``rows[resource][i]``, for messages)."""

    data: WorkspaceData
    editorial_sections: tuple[EditorialSection, ...] = ()
    state: StateRecords = field(default_factory=StateRecords)
    records: WorkspaceRecords = field(default_factory=WorkspaceRecords)
    four_eyes: bool = True
    rows: Mapping[str, Sequence[int]] = field(default_factory=dict)


# --- export ---------------------------------------------------------------------------------
def export_datapackage(data: WorkspaceData, directory: Path, *,
                       editorial_sections: Sequence[EditorialSection] | None = None,
                       state: StateRecords | None = None,
                       records: WorkspaceRecords | None = None,
                       four_eyes: bool | None = None) -> Path:
    """Write ``datapackage.json`` and one CSV per table into ``directory`` (created if needed;
    files of the same names are replaced). Returns the path of ``datapackage.json``.

    ``editorial_sections``, ``state`` and ``records``, when given (even empty), add their
    resources: a workspace's export always carries them, so that they come back on import;
    packages of part of a workspace (the system map's) leave them out. ``four_eyes`` is the
    workspace's setting, written when given (a whole workspace's export)."""
    tables = [*TABLES, *([EDITORIAL_SECTIONS] if editorial_sections is not None else []),
              *(STATE_TABLES if state is not None else ()),
              *(WORKSPACE_RECORD_TABLES if records is not None else ())]

    def records_of(table: Table) -> Sequence[Any]:
        if table is WORKSPACE:
            return [WorkspaceRow(data.workspace, four_eyes)]
        if table is EDITORIAL_SECTIONS:
            return editorial_sections or ()
        holder = state if table in STATE_TABLES else records \
            if table in WORKSPACE_RECORD_TABLES else data
        return list(getattr(holder, table.name))

    write_tables(directory, tables, records_of)
    return write_descriptor(directory, package_descriptor(data, tables))


def write_tables(directory: Path, tables: Sequence[Table],
                 records_of: Callable[[Table], Sequence[Any]]) -> None:
    """One CSV file per table (CRLF line ends, a header of the column names)."""
    directory.mkdir(parents=True, exist_ok=True)
    for table in tables:
        with (directory / table.path).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow([column.name for column in table.columns])
            for record in records_of(table):
                values = table.values(record)
                writer.writerow([column.write(values[column.name]) for column in table.columns])


def write_descriptor(directory: Path, descriptor: dict[str, Any]) -> Path:
    descriptor_path = directory / DESCRIPTOR_NAME
    descriptor_path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n",
                               encoding="utf-8")
    return descriptor_path


def package_descriptor(data: WorkspaceData, tables: Sequence[Table] = TABLES
                       ) -> dict[str, Any]:
    """The ``datapackage.json`` of a workspace (tabular-data-package profile)."""
    workspace = data.workspace
    slug = re.sub(r"[^a-z0-9._-]+", "-", workspace.key.lower()).strip("-") or "workspace"
    return {
        "profile": "tabular-data-package",
        "name": f"impact-{slug}",
        "title": workspace.title,
        "description": f"IMPACT workspace {workspace.key!r}: {workspace.jurisdiction.name}, "
                       f"cycle {workspace.cycle}. Multi-valued cells separate items with "
                       f"'{cells.LIST_SEPARATOR}'; datetimes are ISO 8601 in UTC.",
        "impactkit": {"format_version": FORMAT_VERSION, "kind": "workspace",
                      "workspace_key": workspace.key, "catalogue_key": workspace.catalogue_key},
        "resources": [resource_descriptor(table) for table in tables],
    }


def resource_descriptor(table: Table) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "fields": [column.descriptor() for column in table.columns],
        "missingValues": [""],
        "primaryKey": list(table.primary_key),
    }
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": [fk.column], "reference": {"resource": fk.resource,
                                                  "fields": [fk.target]}}
            for fk in table.foreign_keys]
    return {"name": table.name, "path": table.path, "profile": "tabular-data-resource",
            "description": table.description, "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8", "dialect": CSV_DIALECT, "schema": schema}


CSV_DIALECT = {"delimiter": ",", "quoteChar": '"', "doubleQuote": True,
               "lineTerminator": "\r\n", "header": True}
"""How the CSV files are written (Table Dialect), said outright: left unsaid, a reader
guesses it from the data, and text full of one character can make it guess that as the
delimiter."""


def read_datapackage(path: Path) -> WorkspaceData:
    """A workspace from a data package (``datapackage.json`` or the folder holding it): its
    records, without the report texts (:func:`read_package` gives both).

    Raises :class:`~impactkit.errors.ImportRejected` listing every problem (file, row, column)
    when anything is wrong; never returns part of a package."""
    return read_package(path).data


def read_package(path: Path) -> WorkspacePackage:
    """A workspace, its report texts, the State's records and the workspace's other records
    from a data package (``datapackage.json`` or the folder holding it). Section keys are
    not checked here (which clusters exist is the catalogue's business): the caller checks
    them, as it checks codes.

    Raises :class:`~impactkit.errors.ImportRejected` listing every problem (file, row, column)
    when anything is wrong; never returns part of a package."""
    reader = read_tables(path)
    tables = {table.name: reader.records[table.name] for table in TABLES
              if table is not WORKSPACE}
    row: WorkspaceRow = reader.records[WORKSPACE.name][0]
    data = WorkspaceData(workspace=row.workspace, **tables)
    return WorkspacePackage(
        four_eyes=row.four_eyes is not False, rows=reader.rows,
        data=data, editorial_sections=tuple(reader.records[EDITORIAL_SECTIONS.name]),
        state=StateRecords(**{t.name: reader.records[t.name] for t in STATE_TABLES}),
        records=WorkspaceRecords(**{t.name: reader.records[t.name]
                                    for t in WORKSPACE_RECORD_TABLES}))


# --- a second opinion -----------------------------------------------------------------------
def validate_with_frictionless(path: Path) -> list[Problem]:
    """Problems the reference implementation (frictionless-py) finds in a package: a check
    that our exports keep to the standard, independent of our own reader."""
    import frictionless  # deferred: heavy, and only needed for this check

    descriptor_path = path / DESCRIPTOR_NAME if path.is_dir() else path
    report = frictionless.validate(str(descriptor_path))
    problems = []
    for task in report.tasks:
        for error in task.errors:
            problems.append(Problem(error.message, location=Path(task.place).name or task.name,
                                    row=getattr(error, "row_number", None),
                                    field=getattr(error, "field_name", None)))
    for error in report.errors:
        problems.append(Problem(error.message, location=DESCRIPTOR_NAME))
    return problems
