"""Reading a package: every resource its descriptor declares, checked whole.

Every problem in every file is collected (file, row, column) and the package is refused as a
whole (:class:`~impactkit.errors.ImportRejected`): a reader never returns part of a package.
Used for a workspace's package (:mod:`impactkit.exchange.datapackage`) and a State's
(:mod:`impactkit.exchange.state_package`).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from impactkit.errors import FileRefused, ImportRejected, Problem
from impactkit.exchange import cells
from impactkit.exchange.record_tables import STATE_TABLES, WORKSPACE_RECORD_TABLES
from impactkit.exchange.sources import ROW_NUMBERS, check_is_text, decode_utf8, parse_csv_text
from impactkit.exchange.tables import (
    EDITORIAL_SECTIONS,
    PACKAGE_TABLES,
    WORKSPACE,
    ForeignKey,
    Table,
)
from impactkit.reports.editorial import EditorialSection
from impactkit.userfiles import json_nesting_problem, read_user_file
from impactkit.validation import TABLES as TABLE_NAMES
from impactkit.validation import integrity_issues

DESCRIPTOR_NAME = "datapackage.json"
FORMAT_VERSION = 1
"""Version of the package layout, stored as ``impactkit.format_version`` in the descriptor.
Raised when a column or table changes meaning; readers refuse versions newer than theirs.
(Resources and optional columns added since are read when present and empty when absent.)"""

ALL_TABLES: tuple[Table, ...] = (*PACKAGE_TABLES, *STATE_TABLES, *WORKSPACE_RECORD_TABLES)
"""Every resource a workspace's package may hold, in the order they are written."""


class _Reader:
    """Reads one package, collecting problems instead of stopping at the first."""

    def __init__(self, descriptor_path: Path, tables: Sequence[Table] = ALL_TABLES,
                 main: Table = WORKSPACE) -> None:
        self.descriptor_path = descriptor_path
        self.base = descriptor_path.parent
        self.tables = tuple(tables)
        self.main = main  # the one-row resource the package is about
        self.by_name = {t.name: t for t in self.tables}
        self.problems: list[Problem] = []
        self.records: dict[str, list[Any]] = {t.name: [] for t in self.tables}
        self.rows: dict[str, list[int]] = {t.name: [] for t in self.tables}
        self.failed_keys: dict[str, set[str]] = {t.name: set() for t in self.tables}
        self.paths: dict[str, str] = {t.name: t.path for t in self.tables}
        self.row_counts: dict[str, int] = {}  # data rows of each table whose header was read
        self.descriptor_broken = False  # a resource could not be declared: tables are unsure
        self.unreadable: set[str] = set()  # tables whose file or header could not be read
        self._targets: dict[str, set[Any]] = {}  # values a foreign key may point at

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
        if self.main.name not in declared:
            self.problem(f"the package has no '{self.main.name}' resource", field="resources")
        return declared

    def _resource(self, i: int, resource: object, declared: dict[str, Table]) -> None:
        field = f"resources[{i}]"
        if not isinstance(resource, dict):
            self.problem("a resource must be an object", field=field)
            return
        name, path = resource.get("name"), resource.get("path")
        table = self.by_name.get(name) if isinstance(name, str) else None
        if table is None:
            self.problem(f"unknown resource {name!r}{_suggest(name, list(self.by_name))} "
                         f"(accepted: {', '.join(self.by_name)})", field=f"{field}.name")
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
        self.keys_and_references()

    def keys_and_references(self) -> None:
        """Primary keys and foreign keys of the resources validation does not know (the
        State's and the workspace's other records), as their Table Schemas declare them."""
        for table in self.tables:
            if table.name in TABLE_NAMES or table in (EDITORIAL_SECTIONS, self.main):
                continue
            location = self.paths[table.name]
            first: dict[tuple[Any, ...], int] = {}
            for record, row in zip(self.records[table.name], self.rows[table.name],
                                   strict=True):
                values = table.values(record)
                key = tuple(values[name] for name in table.primary_key)
                if key in first:
                    self.problem(f"{', '.join(table.primary_key)} {_shown(key)} is given twice: "
                                 f"row {first[key]} has it too", location, row,
                                 table.primary_key[-1])
                else:
                    first[key] = row
                for fk in table.foreign_keys:
                    self._reference(table, fk, values[fk.column], location, row)

    def _reference(self, table: Table, fk: ForeignKey, value: Any, location: str,
                   row: int) -> None:
        target = self.by_name.get(fk.resource)
        if target is None or fk.resource in self.unreadable \
                or value in self.failed_keys[fk.resource]:
            return
        known = self._targets.get(fk.resource)
        if known is None:
            known = self._targets[fk.resource] = {
                target.values(r)[fk.target] for r in self.records[fk.resource]}
        if value not in known:
            self.problem(f"{fk.column} {value!r} is not a {fk.target} of {target.path}",
                         location, row, fk.column)

    def unique_sections(self) -> None:
        """A report text is named by its section: two rows for one section would leave it
        unclear which text the workspace holds."""
        table = EDITORIAL_SECTIONS.name
        if table not in self.records:
            return
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
        return EditorialSection(key=values["key"], body=body, version=values["version"] or 1,
                                updated_at=values["updated_at"])


def read_tables(path: Path, tables: Sequence[Table] = ALL_TABLES,
                main: Table = WORKSPACE) -> _Reader:
    """Read every resource of a package (``datapackage.json`` or its folder) that ``tables``
    knows, ``main`` being its one-row resource; a reader holding every record, or
    :class:`~impactkit.errors.ImportRejected` listing every problem."""
    descriptor_path = path / DESCRIPTOR_NAME if path.is_dir() else path
    if not descriptor_path.is_file():
        raise _rejected(path, [Problem(f"no {DESCRIPTOR_NAME} at {path}", location=str(path))])
    reader = _Reader(descriptor_path, tables, main)
    declared = reader.descriptor()
    for table in reader.tables:
        if table.name in declared:
            reader.table(table)
    reader.integrity()
    count = reader.row_counts.get(main.name)
    if count is not None and count != 1:
        reader.problem(f"the {main.name} table must hold exactly one row, not {count}",
                       reader.paths[main.name])
    if reader.problems:
        raise _rejected(descriptor_path, reader.problems)
    return reader


def package_kind(path: Path) -> str:
    """What a package says it holds (``impactkit.kind`` in its descriptor): ``state`` for a
    State's package, else ``workspace`` (also when the descriptor cannot be read: reading
    it as a workspace's then reports why)."""
    descriptor_path = path / DESCRIPTOR_NAME if path.is_dir() else path
    try:
        text = decode_utf8(read_user_file(descriptor_path, DESCRIPTOR_NAME), DESCRIPTOR_NAME)
        if json_nesting_problem(text, DESCRIPTOR_NAME) is not None:
            return "workspace"
        descriptor = json.loads(text)
    except (OSError, ValueError, FileRefused, ImportRejected):
        return "workspace"
    meta = descriptor.get("impactkit") if isinstance(descriptor, dict) else None
    kind = meta.get("kind") if isinstance(meta, dict) else None
    return kind if kind == "state" else "workspace"


def _shown(key: tuple[Any, ...]) -> str:
    return repr(key[0]) if len(key) == 1 else "(" + ", ".join(repr(v) for v in key) + ")"


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


