"""The engine behind tabular imports: match the header, read every cell, build and check every
record, and either return all records or reject the file with every problem found.

Header names are matched ignoring case, surrounding spaces, and the difference between spaces,
hyphens and underscores (``Exclusion Criteria`` is ``exclusion_criteria``). Cells are stripped of
surrounding spaces. Codes are matched the same forgiving way (``Labour`` is ``labour``,
``crc 32`` is ``CRC-32``) and stored in their catalogue spelling; anything else unknown is an
error that lists what would be accepted.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from impactkit.catalogue.schema import Catalogue
from impactkit.errors import ImportRejected, Problem
from impactkit.exchange import cells
from impactkit.exchange.sources import ROW_NUMBERS, RawTable, read_table


@dataclass(frozen=True, slots=True)
class ImportColumn:
    """A column of a tabular import. ``parse`` turns a non-empty, stripped cell into a value
    (raising :class:`cells.CellError`); an empty cell gives ``default``. ``vocabulary`` names a
    catalogue vocabulary (``"sectors"``, ``"provisions"``) whose codes the value is matched to."""

    name: str
    description: str
    required: bool = False
    default: Any = ""
    parse: Callable[[str], Any] | None = None
    vocabulary: str | None = None
    is_list: bool = False
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ImportSpec:
    """One kind of tabular import: its columns and how a row becomes a checked record."""

    label: str  # "findings"
    columns: tuple[ImportColumn, ...]
    build: Callable[[dict[str, Any]], Any]
    check: Callable[..., list[Problem]]  # check(record, catalogue, *, location, row)
    one_of: tuple[str, ...] = ()  # at least one of these columns must be present
    field_columns: Mapping[str, str] | None = None  # record field -> column, where they differ

    @property
    def sheet_names(self) -> tuple[str, ...]:
        return (self.label,)


@lru_cache(maxsize=4096)
def simplify(name: str) -> str:
    """A header or code as compared: lower case, runs of spaces, ``_`` and ``-`` as one ``_``.
    Remembered: a file of a hundred thousand rows spells the same few hundred codes."""
    return re.sub(r"[\s_\-]+", "_", name.strip().lower()).strip("_")


def code_lookup(catalogue: Catalogue, vocabulary: str) -> dict[str, str]:
    """Simplified spelling -> code. Provisions are also found through instrument aliases
    (``PALERMO_TIP-3`` is ``PALERMO-3``)."""
    if vocabulary != "provisions":
        return {simplify(code): code for code in catalogue.codes(vocabulary)}
    lookup: dict[str, str] = {}
    for instrument in catalogue.instruments:
        for provision in instrument.provisions:
            for prefix in (instrument.code, *instrument.aliases):
                lookup.setdefault(simplify(f"{prefix}-{provision.article}"), provision.code)
            lookup[simplify(provision.code)] = provision.code
    return lookup


class _Import:
    def __init__(self, spec: ImportSpec, catalogue: Catalogue, raw: RawTable,
                 references: Mapping[str, tuple[str, Collection[str]]],
                 existing_keys: Collection[str]) -> None:
        self.spec, self.catalogue, self.raw = spec, catalogue, raw
        self.references = references
        self.existing_keys = existing_keys
        self.problems: list[Problem] = []
        self.positions: dict[str, int] = {}  # column name -> index in the row
        self.headers: dict[str, str] = {}  # column name -> header as written
        self.lookups = {c.vocabulary: code_lookup(catalogue, c.vocabulary)
                        for c in spec.columns if c.vocabulary}
        self._plan: list[tuple[ImportColumn, int | None, str]] | None = None

    def problem(self, message: str, row: int | None, field: str | None) -> None:
        self.problems.append(Problem(message, location=self.raw.location, row=row, field=field))

    def header(self) -> set[str]:
        """Match the header; returns the columns that are required but missing."""
        by_name: dict[str, ImportColumn] = {}
        for column in self.spec.columns:
            for name in (column.name, *column.aliases):
                by_name[simplify(name)] = column
        row = self.raw.header_row
        for index, text in enumerate(self.raw.header):
            where = f"column {index + 1} ({get_column_letter(index + 1)})"
            if not text.strip():
                if any(index < len(r) and r[index].strip() for _, r in self.raw.rows):
                    self.problem(f"{where} has values but no header", row, where)
                continue
            found = by_name.get(simplify(text))
            if found is None:
                names = [c.name for c in self.spec.columns]
                close = difflib.get_close_matches(simplify(text), names, n=1, cutoff=0.6)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                self.problem(f"unknown column {text.strip()!r}{hint} (accepted: "
                             f"{', '.join(names)})", row, text.strip())
            elif found.name in self.positions:
                self.problem(f"column {found.name!r} appears twice (also "
                             f"{self.headers[found.name]!r})", row, text.strip())
            else:
                self.positions[found.name] = index
                self.headers[found.name] = text.strip()
        missing = set()
        for column in self.spec.columns:
            if column.required and column.name not in self.positions:
                self.problem(f"required column {column.name!r} is missing", row, column.name)
                missing.add(column.name)
        if self.spec.one_of and not any(name in self.positions for name in self.spec.one_of):
            either = " or ".join(repr(n) for n in self.spec.one_of)
            self.problem(f"the file needs a {either} column", row, self.spec.one_of[0])
            missing.update(self.spec.one_of)
        return missing

    def rows(self, missing: set[str]) -> list[Any]:
        """Every row is read, built and checked. A cell already reported (unreadable, empty
        though required, or in a missing column) holds its column's default meanwhile, and
        what the record checks say about it is dropped: one problem, said once."""
        records: list[Any] = []
        first_row_of: dict[str, int] = {}
        width = len(self.raw.header)
        fields = self.spec.field_columns or {}
        for number, row in self.raw.rows:
            extra = [c for c in row[width:] if c.strip()]
            if extra:
                self.problem(f"row has {width + len(extra)} or more cells but the header has "
                             f"{width}", number, None)
            values, failed = self.values(number, row)
            failed |= missing
            key = values.get("key")
            if isinstance(key, str) and key:
                if key in self.existing_keys:
                    self.problem(f"key {key!r} is already used in the workspace; use a new key",
                                 number, self.headers.get("key", "key"))
                if key in first_row_of:
                    self.problem(f"duplicate key {key!r}: row {first_row_of[key]} has it too",
                                 number, self.headers.get("key", "key"))
                else:
                    first_row_of[key] = number
            record = self.spec.build(values)
            for p in self.spec.check(record, self.catalogue, location=self.raw.location,
                                     row=number):
                column = fields.get(p.field or "", p.field or "")
                if column not in failed:
                    self.problems.append(replace(p, field=self.headers.get(column, column)))
            self.check_references(number, values, failed)
            records.append(record)
        if not self.raw.rows:
            self.problem("the file has a header but no data rows", None, None)
        return records

    def check_references(self, number: int, values: dict[str, Any], failed: set[str]) -> None:
        for column, (label, keys) in self.references.items():
            value = values.get(column) if column not in failed else None
            for ref in value if isinstance(value, tuple) else () if value is None else (value,):
                if ref not in keys:
                    self.problem(f"no {label} has key {ref!r} in the workspace", number,
                                 self.headers.get(column, column))

    def values(self, number: int, row: Sequence[str]) -> tuple[dict[str, Any], set[str]]:
        """The row's values by column, and the columns whose cell was reported."""
        values: dict[str, Any] = {}
        failed: set[str] = set()
        width = len(row)
        for column, index, header in self.plan():
            text = row[index].strip() if index is not None and index < width else ""
            if not text:
                if column.required and index is not None:  # a missing column is said once
                    self.problem(f"{column.name} is empty; it is required", number, header)
                    failed.add(column.name)
                values[column.name] = column.default
                continue
            try:
                values[column.name] = self.parse(column, text)
            except cells.CellError as exc:
                self.problem(str(exc), number, header)
                values[column.name] = column.default
                failed.add(column.name)
        return values, failed

    def plan(self) -> list[tuple[ImportColumn, int | None, str]]:
        """Each column with its position in the row and its header, found once per file
        (after :meth:`header`): a file of a hundred thousand rows asks for every cell."""
        if self._plan is None:
            self._plan = [(column, self.positions.get(column.name),
                           self.headers.get(column.name, column.name))
                          for column in self.spec.columns]
        return self._plan

    def parse(self, column: ImportColumn, text: str) -> Any:
        lookup = self.lookups.get(column.vocabulary) if column.vocabulary else None
        if column.is_list:
            items = cells.parse_list(text)
            return tuple(lookup.get(simplify(i), i) for i in items) if lookup else items
        if lookup is not None:
            return lookup.get(simplify(text), text)
        return column.parse(text) if column.parse else text


def read_records(path: Path, spec: ImportSpec, catalogue: Catalogue, *,
                 location: str | None = None,
                 references: Mapping[str, tuple[str, Collection[str]]] | None = None,
                 existing_keys: Collection[str] = ()) -> list[Any]:
    """All records of the file, checked; or :class:`ImportRejected` with every problem.
    ``references`` maps a column to (label of the target, keys it may name);
    ``existing_keys`` are keys the workspace already uses, which the file must not reuse."""
    raw = read_table(path, sheet_names=spec.sheet_names, location=location)
    job = _Import(spec, catalogue, raw, references or {}, frozenset(existing_keys))
    records = job.rows(job.header())
    if job.problems:
        count = len(job.problems)
        raise ImportRejected(job.problems, summary=(
            f"{raw.location}: {count} problem{'s' if count != 1 else ''} in {spec.label}, "
            f"nothing was imported ({ROW_NUMBERS})"))
    return records
