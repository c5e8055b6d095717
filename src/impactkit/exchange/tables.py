"""The tables of a workspace data package: columns, types and keys, declared once.

The same declarations write the CSV files, build each resource's Table Schema in
``datapackage.json`` and read the files back, so the three cannot disagree. Column names are the
domain field names (the workspace table flattens its jurisdiction as ``jurisdiction_*``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass, fields
from datetime import date
from enum import StrEnum
from typing import Any

from impactkit import domain
from impactkit.exchange import cells, formulas
from impactkit.kinds import BY_NAME
from impactkit.reports.editorial import EditorialSection

# Column kinds: how a value becomes text and back, and its Table Schema type.
# "text" str ("" is empty); "optional-text" str | None ("" is None); "integer" / "number" /
# "boolean" / "datetime" / "date" (empty is None when the column is nullable); "list"
# tuple[str, ...] of codes or keys joined with "|"; "array" tuple[str, ...] of free text (labels
# that may hold any character) as a JSON array; "object" a JSON object (a saved document).


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    kind: str
    description: str
    required: bool = False
    enum: type[StrEnum] | None = None

    @property
    def nullable(self) -> bool:
        return self.kind == "optional-text" or (
            self.kind in {"integer", "number", "boolean", "datetime", "date", "object"}
            and not self.required)

    def write(self, value: Any) -> str:
        """The cell's text. Free text (and lists of it) that a spreadsheet would run as a
        formula gets a leading apostrophe (:func:`formulas.neutralise`), which
        :meth:`read` removes again."""
        if value is None:
            return ""
        if isinstance(value, StrEnum):
            return value.value
        writer = _WRITERS.get(self.kind)
        text = writer(value) if writer else str(value)
        return formulas.neutralise(text) if self.kind in _TEXT_KINDS else text

    def read(self, text: str) -> Any:
        """The value of a cell; raises :class:`cells.CellError` on text it cannot read."""
        if self.kind in _TEXT_KINDS:
            text = formulas.restore(text)
        if text == "":
            if self.required:
                raise cells.CellError(f"{self.name} is empty; it is required")
            return None if self.nullable else () if self.kind in {"list", "array"} else ""
        if self.enum is not None:
            try:
                return self.enum(text)
            except ValueError:
                accepted = ", ".join(member.value for member in self.enum)
                raise cells.CellError(f"{text!r} is not one of: {accepted}") from None
        reader = _READERS.get(self.kind)
        value = reader(text) if reader else text
        if self.name == "version" and isinstance(value, int) and value < 1:
            raise cells.CellError(f"version {value} must be at least 1")
        return value

    def descriptor(self) -> dict[str, Any]:
        schema_type = {"text": "string", "optional-text": "string"}.get(self.kind, self.kind)
        field: dict[str, Any] = {"name": self.name, "type": schema_type}
        if self.description:
            field["description"] = self.description
        if self.kind == "list":
            field.update(delimiter=cells.LIST_SEPARATOR, itemType="string")
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.enum is not None:
            constraints["enum"] = [member.value for member in self.enum]
        if self.name == "version":
            constraints["minimum"] = 1
        if constraints:
            field["constraints"] = constraints
        return field


def _format_json(value: Any) -> str:
    """One spelling per value: keys sorted, no spaces, text as written (not escaped)."""
    return json.dumps(list(value) if isinstance(value, tuple) else value,
                      ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _parse_json(text: str, expected: type, example: str) -> Any:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise cells.CellError(f"not valid JSON ({exc.msg}); expected {example}") from None
    if not isinstance(value, expected):
        raise cells.CellError(f"expected {example}")
    return value


def _parse_array(text: str) -> tuple[str, ...]:
    items = _parse_json(text, list, 'a JSON array of texts, like ["a", "b"]')
    if not all(isinstance(item, str) for item in items):
        raise cells.CellError('expected a JSON array of texts, like ["a", "b"]')
    return tuple(items)


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise cells.CellError(f"{text!r} is not an ISO 8601 date (like 2024-05-31)") from None


_TEXT_KINDS = frozenset({"text", "optional-text", "list"})
_WRITERS: dict[str, Callable[[Any], str]] = {
    "list": cells.format_list, "boolean": cells.format_bool, "number": cells.format_number,
    "datetime": cells.format_datetime, "integer": lambda v: str(int(v)),
    "date": lambda v: v.isoformat(), "array": _format_json, "object": _format_json,
}
_READERS: dict[str, Callable[[str], Any]] = {
    "list": cells.parse_list, "boolean": cells.parse_bool, "number": cells.parse_number,
    "datetime": cells.parse_datetime, "integer": cells.parse_int, "date": _parse_date,
    "array": _parse_array,
    "object": lambda text: _parse_json(text, dict, "a JSON object, like {\"a\": 1}"),
}


@dataclass(frozen=True, slots=True)
class ForeignKey:
    column: str
    resource: str
    target: str = "key"


@dataclass(frozen=True, slots=True)
class Table:
    """One resource: a CSV file with one row per record of ``record_type``."""

    name: str
    description: str
    record_type: type
    columns: tuple[Column, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()
    to_row: Callable[[Any], dict[str, Any]] | None = None
    from_row: Callable[[dict[str, Any]], Any] | None = None
    primary_key: tuple[str, ...] = ("key",)
    defaults: Mapping[str, Any] | None = None
    """With ``from_row``: the value of each column a file may leave out."""

    @property
    def path(self) -> str:
        return f"{self.name}.csv"

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)

    def values(self, record: Any) -> dict[str, Any]:
        if self.to_row is not None:
            return self.to_row(record)
        return {c.name: getattr(record, c.name) for c in self.columns}

    def build(self, values: dict[str, Any]) -> Any:
        """A record from column values; absent optional columns take the field's default."""
        if self.from_row is not None:
            return self.from_row(values)
        return self.record_type(**values)

    def has_default(self, column: Column) -> bool:
        """Whether the column may be left out of a file (its field has a default)."""
        if self.from_row is not None:
            return column.name in (self.defaults or {})
        return any(f.name == column.name and (f.default is not MISSING
                                              or f.default_factory is not MISSING)
                   for f in fields(self.record_type))

    def default(self, column: Column) -> Any:
        """What an absent optional column means: the domain default of its field."""
        if self.from_row is not None:  # defaults listed with the table
            return (self.defaults or {}).get(column.name)
        for f in fields(self.record_type):
            if f.name == column.name:
                if f.default is not MISSING:
                    return f.default
                if f.default_factory is not MISSING:
                    return f.default_factory()
        return None


def _col(name: str, kind: str = "text", description: str = "", *, required: bool = False,
         enum: type[StrEnum] | None = None) -> Column:
    return Column(name, kind, description, required, enum)


KEY = _col("key", description="Identifier, unique in this table", required=True)
VERSION = _col("version", "integer", "Edit counter of the record (optimistic locking)",
               required=True)


@dataclass(frozen=True, slots=True)
class WorkspaceRow:
    """The row of ``workspace.csv``: the workspace, and the one setting of its own a package
    carries, whether it applies the four-eyes rule (``None``: the package does not say, as
    in packages written before it did and in a map's package; read as on)."""

    workspace: domain.Workspace
    four_eyes: bool | None = None


def _workspace_row(row: WorkspaceRow) -> dict[str, Any]:
    w = row.workspace
    j = w.jurisdiction
    return {"key": w.key, "title": w.title, "jurisdiction_code": j.code,
            "jurisdiction_name": j.name, "jurisdiction_kind": j.kind,
            "jurisdiction_parent_code": j.parent_code, "jurisdiction_fictional": j.fictional,
            "cycle": w.cycle, "catalogue_key": w.catalogue_key, "year": w.year,
            "description": w.description, "four_eyes": row.four_eyes,
            "created_at": w.created_at}


def _workspace_from_row(v: dict[str, Any]) -> WorkspaceRow:
    jurisdiction = domain.Jurisdiction(
        code=v["jurisdiction_code"], name=v["jurisdiction_name"], kind=v["jurisdiction_kind"],
        parent_code=v["jurisdiction_parent_code"], fictional=v["jurisdiction_fictional"])
    return WorkspaceRow(domain.Workspace(
        key=v["key"], title=v["title"], jurisdiction=jurisdiction, cycle=v["cycle"],
        catalogue_key=v["catalogue_key"], year=v["year"], description=v["description"],
        created_at=v["created_at"]), four_eyes=v["four_eyes"])


_WORKSPACE_DEFAULTS: dict[str, Any] = {
    "jurisdiction_name": "", "jurisdiction_kind": domain.JurisdictionKind.COUNTRY,
    "jurisdiction_parent_code": None, "jurisdiction_fictional": False,
    "catalogue_key": "impact-default", "year": None, "description": "", "created_at": None,
    "four_eyes": None,
}

WORKSPACE = Table(
    "workspace", "The assessment itself: exactly one row", WorkspaceRow, (
        KEY,
        _col("title", required=True),
        _col("jurisdiction_code", description="ISO 3166-1 alpha-3 country code, or a region "
             "code; fictional jurisdictions start with X", required=True),
        _col("jurisdiction_name"),
        _col("jurisdiction_kind", required=True, enum=domain.JurisdictionKind),
        _col("jurisdiction_parent_code", "optional-text", "Country code of a region"),
        _col("jurisdiction_fictional", "boolean", "true for an invented jurisdiction",
             required=True),
        _col("cycle", description="Reporting period", required=True),
        _col("catalogue_key", description="Catalogue (methodology) the workspace uses",
             required=True),
        _col("year", "integer"),
        _col("description"),
        _col("four_eyes", "boolean", "Whether the workspace keeps whoever wrote or last "
             "changed a finding from reviewing or validating it; empty or absent: true"),
        _col("created_at", "datetime", "ISO 8601, UTC"),
    ), to_row=_workspace_row, from_row=_workspace_from_row, defaults=_WORKSPACE_DEFAULTS)

def _records(kind_name: str, description: str, columns: tuple[Column, ...]) -> Table:
    """The resource of one kind of record (:mod:`impactkit.kinds`): named by the kind's
    field, its foreign keys the kind's references (those holding one key each)."""
    kind = BY_NAME[kind_name]
    return Table(kind.field, description, kind.cls, columns, foreign_keys=tuple(
        ForeignKey(ref.attribute, BY_NAME[ref.target].field)
        for ref in kind.references if not ref.many))


ACTORS = _records("actor", "Institutions with a role in the system", (
    KEY, _col("name", required=True),
    _col("sector", description="Sector code", required=True),
    _col("level", description="Actor level code", required=True),
    _col("type", description="Actor type code", required=True),
    _col("description"), VERSION))

INSTRUMENTS = _records("instrument", "National laws, policies, plans and budget lines", (
    KEY, _col("title", required=True),
    _col("kind", description="Instrument kind code", required=True),
    _col("year", "integer"),
    _col("in_force", "boolean", required=True),
    _col("provisions", "list", "Provision codes it implements"),
    _col("sectors", "list", "Sector codes"),
    _col("url"), _col("notes"), VERSION))

MANDATES = _records("mandate", "What each actor is responsible for", (
    KEY, _col("actor_key", description="Key of an actor", required=True),
    _col("provisions", "list", "Provision codes"),
    _col("forms", "list", "Form of exploitation codes"),
    _col("groups", "list", "Child group codes the mandate serves in particular"),
    _col("functions", "list", "Mandate function codes"),
    _col("legal_basis", "optional-text", "Key of an instrument"),
    _col("notes"), VERSION,
    _col("limited_to_groups", "boolean",
         "true: the mandate serves only the groups named; false: those groups in particular"),
    _col("levels", "list", "Levels where the actor acts under this mandate besides its own"),
    _col("age_bands", "list", "Age bands the mandate is limited to (none: every age)")))

LINKS = _records("link", "Typed links between two actors", (
    KEY, _col("source_key", description="Key of an actor", required=True),
    _col("target_key", description="Key of an actor", required=True),
    _col("kind", description="Link kind code", required=True),
    _col("legal_basis", "optional-text", "Key of an instrument"),
    _col("notes"), VERSION))

FINDINGS = _records("finding", "The assessment's findings", (
    KEY, _col("area", description="Area code", required=True),
    _col("layer", description="Layer code", required=True),
    _col("provisions", "list", "Provision codes in scope"),
    _col("clusters", "list", "Whole reporting clusters in scope"),
    _col("sectors", "list", "Sector codes in scope"),
    _col("groups", "list", "Child group codes in scope"),
    _col("forms", "list", "Form of exploitation codes in scope"),
    _col("rating", "integer", "Rating on the catalogue's scale; empty unless rating_state is "
         "rated"),
    _col("rating_state", required=True, enum=domain.RatingState),
    _col("confidence", required=True, enum=domain.Confidence),
    _col("title"), _col("narrative"),
    _col("exclusion_criteria", "list", "Exclusion criterion codes (inclusion findings)"),
    _col("tension_sectors", "list", "Sector codes in tension (coherence findings)"),
    _col("tension_instruments", "list", "Instrument keys in tension (coherence findings)"),
    _col("status", required=True, enum=domain.FindingStatus),
    _col("author"),
    _col("reviewed_by", "optional-text"), _col("validated_by", "optional-text"),
    VERSION,
    _col("created_at", "datetime", "ISO 8601, UTC"),
    _col("updated_at", "datetime", "ISO 8601, UTC"),
))

EVIDENCE = _records("evidence", "Sources behind findings", (
    KEY, _col("finding_key", description="Key of a finding", required=True),
    _col("kind", description="Evidence kind code", required=True),
    _col("title", required=True), _col("source"), _col("url"),
    _col("date", description="ISO date or year, as precise as the source"),
    _col("reliability", description="high, medium or low", required=True),
    _col("confidential", "boolean", "true for a source a published report cites by its type "
         "and date only (an interview, an unpublished file)", required=True),
    _col("indicator", "optional-text", "Indicator code when the evidence is its value"),
    VERSION))

INDICATOR_VALUES = _records("indicator-value", "Observed values of catalogue indicators", (
    KEY, _col("indicator", description="Indicator code", required=True),
    _col("year", "integer", required=True),
    _col("value", "number", required=True),
    _col("group", "optional-text", "Child group code"),
    _col("sector", "optional-text", "Sector code"),
    _col("source"), _col("note"), VERSION))

TABLES: tuple[Table, ...] = (WORKSPACE, ACTORS, INSTRUMENTS, MANDATES, LINKS, FINDINGS,
                             EVIDENCE, INDICATOR_VALUES)
"""The workspace and its records: one table per field of
:class:`~impactkit.domain.WorkspaceData`."""

EDITORIAL_SECTIONS = Table(
    "editorial_sections", "The report texts people wrote (introduction, context, conclusions, "
    "a cluster's narrative, the State's comments), as Markdown, one row per written section",
    EditorialSection, (
        _col("key", description="The section: introduction, context, cluster:<code>, "
             "conclusions or state-comments", required=True),
        _col("body", description="The text, in Markdown", required=True),
        _col("version", "integer", "Edit counter of the section (1 when first written)"),
        _col("updated_at", "datetime", "When it was last saved, ISO 8601, UTC"),
    ))
"""Not a record table: report texts travel with the records but are not part of
:class:`~impactkit.domain.WorkspaceData` (the analysis never reads them). A package without
this resource, as every package written before it existed, simply has no texts."""

PACKAGE_TABLES: tuple[Table, ...] = (*TABLES, EDITORIAL_SECTIONS)
"""Every resource a workspace's package may hold, in the order they are written."""
TABLES_BY_NAME = {table.name: table for table in PACKAGE_TABLES}
