"""A whole workspace as a Frictionless Data Package: ``datapackage.json`` plus one CSV per table.

The package is the workspace's open, lossless form: what an export writes, an import reads back
equal. Each resource carries a Table Schema (types, required columns, primary and foreign keys),
so any Frictionless tool can check it. Multi-valued cells join items with ``|``; datetimes are
ISO 8601 in UTC; an empty cell is an empty text, an empty list, or "none" for optional values.

Reading checks the whole package before returning anything: every problem in every file is
collected, and the import is rejected as a whole (:class:`~impactkit.errors.ImportRejected`).
Codes are not checked here (that needs a catalogue): the caller runs
:func:`impactkit.validation.check_workspace_data` on the result.
"""

from __future__ import annotations

import csv
import difflib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from impactkit.domain import WorkspaceData
from impactkit.errors import FileRefused, ImportRejected, Problem
from impactkit.exchange import cells
from impactkit.exchange.sources import ROW_NUMBERS, check_is_text, decode_utf8, parse_csv_text
from impactkit.exchange.tables import (
    EDITORIAL_SECTIONS,
    PACKAGE_TABLES,
    TABLES,
    TABLES_BY_NAME,
    WORKSPACE,
    Table,
)
from impactkit.reports.editorial import EditorialSection
from impactkit.userfiles import json_nesting_problem, read_user_file
from impactkit.validation import integrity_issues

__all__ = ["DESCRIPTOR_NAME", "FORMAT_VERSION", "WorkspacePackage", "export_datapackage",
           "read_datapackage", "read_package", "validate_with_frictionless"]

DESCRIPTOR_NAME = "datapackage.json"
FORMAT_VERSION = 1
"""Version of the package layout, stored as ``impactkit.format_version`` in the descriptor.
Raised when a column or table changes meaning; readers refuse versions newer than theirs."""


@dataclass(frozen=True, slots=True)
class WorkspacePackage:
    """What a package holds: the workspace and its records, and the report texts people
    wrote for it (:mod:`impactkit.reports.editorial`), which the analysis never reads and
    which are therefore not part of :class:`~impactkit.domain.WorkspaceData`."""

    data: WorkspaceData
    editorial_sections: tuple[EditorialSection, ...] = ()


# --- export ---------------------------------------------------------------------------------
def export_datapackage(data: WorkspaceData, directory: Path, *,
                       editorial_sections: Sequence[EditorialSection] | None = None) -> Path:
    """Write ``datapackage.json`` and one CSV per table into ``directory`` (created if needed;
    files of the same names are replaced). Returns the path of ``datapackage.json``.

    ``editorial_sections``, when given (even empty), adds the ``editorial_sections``
    resource: a workspace's export always carries it, so that its texts come back on import;
    packages of part of a workspace (the system map's) leave it out."""
    directory.mkdir(parents=True, exist_ok=True)
    tables = TABLES if editorial_sections is None else PACKAGE_TABLES
    for table in tables:
        records: Sequence[Any]
        if table is WORKSPACE:
            records = [data.workspace]
        elif table is EDITORIAL_SECTIONS:
            records = editorial_sections or ()
        else:
            records = getattr(data, table.name)
        with (directory / table.path).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow([column.name for column in table.columns])
            for record in records:
                values = table.values(record)
                writer.writerow([column.write(values[column.name]) for column in table.columns])
    descriptor_path = directory / DESCRIPTOR_NAME
    descriptor_path.write_text(
        json.dumps(package_descriptor(data, tables), indent=2, ensure_ascii=False) + "\n",
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
        "impactkit": {"format_version": FORMAT_VERSION, "workspace_key": workspace.key,
                      "catalogue_key": workspace.catalogue_key},
        "resources": [_resource_descriptor(table) for table in tables],
    }


def _resource_descriptor(table: Table) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "fields": [column.descriptor() for column in table.columns],
        "missingValues": [""],
        "primaryKey": ["key"],
    }
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": [fk.column], "reference": {"resource": fk.resource, "fields": ["key"]}}
            for fk in table.foreign_keys]
    return {"name": table.name, "path": table.path, "profile": "tabular-data-resource",
            "description": table.description, "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8", "schema": schema}


# --- import ---------------------------------------------------------------------------------
class _Reader:
    """Reads one package, collecting problems instead of stopping at the first."""

    def __init__(self, descriptor_path: Path) -> None:
        self.descriptor_path = descriptor_path
        self.base = descriptor_path.parent
        self.problems: list[Problem] = []
        self.records: dict[str, list[Any]] = {t.name: [] for t in PACKAGE_TABLES}
        self.rows: dict[str, list[int]] = {t.name: [] for t in PACKAGE_TABLES}
        self.failed_keys: dict[str, set[str]] = {t.name: set() for t in PACKAGE_TABLES}
        self.paths: dict[str, str] = {t.name: t.path for t in PACKAGE_TABLES}
        self.row_counts: dict[str, int] = {}  # data rows of each table whose header was read
        self.descriptor_broken = False  # a resource could not be declared: tables are unsure
        self.unreadable: set[str] = set()  # tables whose file or header could not be read

    def problem(self, message: str, location: str = DESCRIPTOR_NAME, row: int | None = None,
                field: str | None = None) -> None:
        self.problems.append(Problem(message, location=location, row=row, field=field))

    def descriptor(self) -> dict[str, Table]:
        """The tables the descriptor declares, with their paths checked."""
        try:
            raw = read_user_file(self.descriptor_path, DESCRIPTOR_NAME)
        except FileRefused as exc:
            raise _rejected(self.descriptor_path, exc.problems) from None
        except OSError as exc:
            raise _rejected(self.descriptor_path, [Problem(
                f"cannot read the package descriptor: {exc.strerror or exc}",
                location=str(self.descriptor_path))]) from None
        try:
            text = decode_utf8(raw, DESCRIPTOR_NAME)
            too_deep = json_nesting_problem(text, DESCRIPTOR_NAME)
            if too_deep is not None:
                raise _rejected(self.descriptor_path, [too_deep])
            descriptor = json.loads(text)
        except json.JSONDecodeError as exc:
            raise _rejected(self.descriptor_path, [Problem(
                f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
                location=DESCRIPTOR_NAME)]) from None
        except ImportRejected as exc:
            raise _rejected(self.descriptor_path, exc.problems) from None
        if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
            raise _rejected(self.descriptor_path, [Problem(
                "not a data package descriptor: expected an object with a 'resources' list",
                location=DESCRIPTOR_NAME)])
        version = (descriptor.get("impactkit") or {}).get("format_version", FORMAT_VERSION) \
            if isinstance(descriptor.get("impactkit"), dict) else FORMAT_VERSION
        if not isinstance(version, int) or version > FORMAT_VERSION:
            self.problem(f"package format version {version!r} is newer than this version of "
                         f"IMPACT reads ({FORMAT_VERSION}); update IMPACT", field="impactkit")
        declared: dict[str, Table] = {}
        before = len(self.problems)
        for i, resource in enumerate(descriptor["resources"]):
            self._resource(i, resource, declared)
        self.descriptor_broken = len(self.problems) > before
        if WORKSPACE.name not in declared:
            self.problem("the package has no 'workspace' resource", field="resources")
        return declared

    def _resource(self, i: int, resource: object, declared: dict[str, Table]) -> None:
        field = f"resources[{i}]"
        if not isinstance(resource, dict):
            self.problem("a resource must be an object", field=field)
            return
        name, path = resource.get("name"), resource.get("path")
        table = TABLES_BY_NAME.get(name) if isinstance(name, str) else None
        if table is None:
            self.problem(f"unknown resource {name!r}{_suggest(name, list(TABLES_BY_NAME))} "
                         f"(accepted: {', '.join(TABLES_BY_NAME)})", field=f"{field}.name")
            return
        if table.name in declared:
            self.problem(f"resource {name!r} is declared twice", field=f"{field}.name")
            return
        if not isinstance(path, str) or not _safe_relative(path):
            self.problem(f"resource path {path!r} must be a file name inside the package "
                         "folder", field=f"{field}.path")
            return
        declared[table.name] = table
        self.paths[table.name] = path

    def table(self, table: Table) -> None:
        location = self.paths[table.name]
        path = self.base / location
        try:
            raw = read_user_file(path, location, inside=self.base)
            check_is_text(raw, location, nul_is_binary=False)
            raw_table = parse_csv_text(decode_utf8(raw, location), location)
        except OSError:
            self.problem(f"file not found in the package folder {self.base}", location)
            self.unreadable.add(table.name)
            return
        except (ImportRejected, FileRefused) as exc:
            self.problems += exc.problems
            self.unreadable.add(table.name)
            return
        header = [name.strip() for name in raw_table.header]
        positions: dict[str, int] = {}
        for index, name in enumerate(header):
            if name in positions:
                self.problem(f"column {name!r} appears twice", location, raw_table.header_row,
                             name)
            elif table.column(name) is None:
                known = [c.name for c in table.columns]
                self.problem(f"unknown column {name!r}{_suggest(name, known)}", location,
                             raw_table.header_row, name)
            else:
                positions[name] = index
        missing = [c.name for c in table.columns
                   if c.required and not table.has_default(c) and c.name not in positions]
        for name in missing:
            self.problem(f"required column {name!r} is missing", location,
                         raw_table.header_row, name)
        if missing:
            self.unreadable.add(table.name)
            return
        self.row_counts[table.name] = len(raw_table.rows)
        for row_number, row in raw_table.rows:
            self._row(table, location, row_number, row, positions, len(header))

    def _row(self, table: Table, location: str, row_number: int, row: Sequence[str],
             positions: dict[str, int], width: int) -> None:
        if len(row) != width:
            self.problem(f"row has {len(row)} cells but the header has {width}", location,
                         row_number)
            self._failed(table, row, positions)
            return
        values: dict[str, Any] = {}
        ok = True
        for column in table.columns:
            if column.name not in positions:
                values[column.name] = table.default(column)
                continue
            try:
                values[column.name] = column.read(row[positions[column.name]])
            except cells.CellError as exc:
                self.problem(str(exc), location, row_number, column.name)
                ok = False
        if not ok:
            self._failed(table, row, positions)
            return
        record = self.section(values) if table is EDITORIAL_SECTIONS else table.build(values)
        self.records[table.name].append(record)
        self.rows[table.name].append(row_number)

    def _failed(self, table: Table, row: Sequence[str], positions: dict[str, int]) -> None:
        """Remember the key of a row that could not be read, so that references to it are
        not reported as dangling on top of the row's own problem."""
        index = positions.get("key")
        if index is not None and index < len(row):
            self.failed_keys[table.name].add(row[index])

    def integrity(self) -> None:
        """Keys and references across tables, unless a table is missing for a reason already
        reported: its absence would only add false dangling references."""
        if self.descriptor_broken:
            return
        targets = {"actor_key": "actors", "source_key": "actors", "target_key": "actors",
                   "legal_basis": "instruments", "finding_key": "findings",
                   "tension_instruments": "instruments"}
        for issue in integrity_issues(self.records):
            target = targets.get(issue.field)
            if target and (target in self.unreadable or issue.value in self.failed_keys[target]):
                continue
            rows = self.rows[issue.table]
            message = issue.message if issue.first is None \
                else f"{issue.message}: row {rows[issue.first]} has it too"
            self.problem(message, self.paths[issue.table], rows[issue.index], issue.field)
        self.unique_sections()

    def unique_sections(self) -> None:
        """A report text is named by its section: two rows for one section would leave it
        unclear which text the workspace holds."""
        table = EDITORIAL_SECTIONS.name
        first: dict[str, int] = {}
        for section, row in zip(self.records[table], self.rows[table], strict=True):
            if section.key in first:
                self.problem(f"section {section.key!r} is given twice: row {first[section.key]}"
                             " has it too", self.paths[table], row, "key")
            else:
                first[section.key] = row

    def section(self, values: dict[str, Any]) -> EditorialSection:
        """A report text as stored: line ends as ``\\n`` whatever the file used."""
        body = str(values["body"]).replace("\r\n", "\n").replace("\r", "\n")
        return EditorialSection(key=values["key"], body=body)


def read_datapackage(path: Path) -> WorkspaceData:
    """A workspace from a data package (``datapackage.json`` or the folder holding it): its
    records, without the report texts (:func:`read_package` gives both).

    Raises :class:`~impactkit.errors.ImportRejected` listing every problem (file, row, column)
    when anything is wrong; never returns part of a package."""
    return read_package(path).data


def read_package(path: Path) -> WorkspacePackage:
    """A workspace and its report texts from a data package (``datapackage.json`` or the
    folder holding it). Section keys are not checked here (which clusters exist is the
    catalogue's business): the caller checks them, as it checks codes.

    Raises :class:`~impactkit.errors.ImportRejected` listing every problem (file, row, column)
    when anything is wrong; never returns part of a package."""
    descriptor_path = path / DESCRIPTOR_NAME if path.is_dir() else path
    if not descriptor_path.is_file():
        raise _rejected(path, [Problem(f"no {DESCRIPTOR_NAME} at {path}", location=str(path))])
    reader = _Reader(descriptor_path)
    declared = reader.descriptor()
    for table in PACKAGE_TABLES:
        if table.name in declared:
            reader.table(table)
    reader.integrity()
    count = reader.row_counts.get(WORKSPACE.name)
    if count is not None and count != 1:
        reader.problem(f"the workspace table must hold exactly one row, not {count}",
                       reader.paths[WORKSPACE.name])
    if reader.problems:
        raise _rejected(descriptor_path, reader.problems)
    tables = {table.name: reader.records[table.name] for table in TABLES
              if table is not WORKSPACE}
    data = WorkspaceData(workspace=reader.records[WORKSPACE.name][0], **tables)
    return WorkspacePackage(data=data, editorial_sections=tuple(
        reader.records[EDITORIAL_SECTIONS.name]))


def _rejected(path: Path, problems: Sequence[Problem]) -> ImportRejected:
    count = len(problems)
    return ImportRejected(problems, summary=f"{path}: {count} problem{'s' if count != 1 else ''}"
                                            f", nothing was imported ({ROW_NUMBERS})")


def _safe_relative(path: str) -> bool:
    pure = PurePosixPath(path)
    return bool(path) and "://" not in path and "\\" not in path and not pure.is_absolute() \
        and ".." not in pure.parts


def _suggest(value: object, options: list[str]) -> str:
    if not isinstance(value, str):
        return ""
    matches = difflib.get_close_matches(value.lower(), options, n=1, cutoff=0.6)
    return f"; did you mean {matches[0]!r}?" if matches else ""


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
