"""The system map from spreadsheets: actors, laws and policies, mandates, coordination links
and services as CSV or XLSX tables.

The columns of ``actors``, ``instruments``, ``mandates`` and ``links`` are those of the Data
Package tables (:mod:`impactkit.exchange.tables`) without ``version``: a record read from a
spreadsheet is a new record, at version 1. Lists are separated by ``|``, as everywhere
(:data:`impactkit.exchange.cells.LIST_SEPARATOR`).

A **services** table describes one service (a shelter, a clinic, a helpline) per row: the row
is an actor of type ``service`` and its mandate, keyed ``<key>-mandate``
(:func:`service_mandate_key`), in one go. It is how a field team lists the providers of a
district without learning that the map keeps who they are apart from what they must do.

Reading is the engine of :mod:`impactkit.exchange.rows`: a file is returned whole or
rejected with every problem by file, row and column. References (a mandate's actor and legal
basis, a link's two actors) must name a record the caller knows (``known``: the workspace,
and in a folder the files read before), and keys must be new to it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from impactkit.catalogue.schema import Catalogue
from impactkit.domain import Actor, Mandate, WorkspaceData
from impactkit.errors import Problem
from impactkit.exchange import cells, formulas, tables
from impactkit.exchange.rows import ImportColumn, ImportSpec, read_records
from impactkit.exchange.tables import Column, Table
from impactkit.exchange.tabular import ACTOR_COLUMNS, KEY
from impactkit.kinds import BY_FIELD
from impactkit.validation import (
    TABLES,
    check_actor,
    check_instrument,
    check_link,
    check_mandate,
)

SERVICES = "services"
MAP_TABLE_KINDS = ("actors", "instruments", "mandates", "links", SERVICES)
"""The tables of the map a spreadsheet can hold, in the order a folder is read (a table
refers only to tables before it, services after instruments for their legal basis)."""
FOLDER_ORDER = ("actors", "instruments", SERVICES, "mandates", "links")
TABLE_TITLES = {
    "actors": "Actors: the institutions with a role in the system, one per row.",
    "instruments": "Laws and policies: national laws, policies, plans and budget lines.",
    "mandates": "Mandates: what each actor is responsible for, under which law or policy.",
    "links": "Coordination links: who refers to, coordinates with, funds or supervises whom.",
    SERVICES: "Services: a shelter, a clinic or a helpline with its mandate, in one row.",
}
"""What each table holds, as a person choosing a template reads it."""
SERVICE_TYPE = "service"
"""The actor type of every actor a services row creates."""
MANDATE_SUFFIX = "-mandate"

_VOCABULARIES: dict[str, dict[str, str]] = {
    "instruments": {"kind": "instrument_kinds", "provisions": "provisions",
                    "sectors": "sectors"},
    "mandates": {"provisions": "provisions", "forms": "forms", "groups": "child_groups",
                 "functions": "mandate_functions", "levels": "actor_levels"},
    "links": {"kind": "link_kinds"},
}
"""The catalogue vocabulary of each coded column (``age_bands`` are fixed, not catalogued)."""

_MEANINGS: dict[str, str] = {
    "title": "Title of the law or policy", "year": "Year adopted (empty: unknown)",
    "in_force": "true or false", "url": "Where to read it", "notes": "Remarks",
    "actor_key": "Key of an actor, in the workspace or in the same import",
    "source_key": "Key of an actor, in the workspace or in the same import",
    "target_key": "Key of another actor, in the workspace or in the same import",
    "legal_basis": "Key of a law or policy, in the workspace or in the same import",
}
"""What a column means, where the Data Package's description says too little for a person
filling in a sheet."""

REFERENCES: dict[str, dict[str, str]] = {
    "mandates": {"actor_key": "actors", "legal_basis": "instruments"},
    "links": {"source_key": "actors", "target_key": "actors", "legal_basis": "instruments"},
    SERVICES: {"legal_basis": "instruments"},
}
"""Columns holding the key of another record, and the table it must be in."""


def service_mandate_key(key: str) -> str:
    """The key of the mandate a services row creates: the service's key and ``-mandate``."""
    return f"{key}{MANDATE_SUFFIX}"


@dataclass(frozen=True, slots=True)
class Service:
    """One row of a services table: the service and its mandate."""

    actor: Actor
    mandate: Mandate


def _restoring(column: ImportColumn) -> ImportColumn:
    """Free text comes back as written: the apostrophe an export put before text a
    spreadsheet would run as a formula is removed (:func:`formulas.restore`)."""
    if column.vocabulary or column.is_list or column.parse or column.name == "key":
        return column
    return dataclasses.replace(column, parse=formulas.restore)


def _import_column(table: Table, column: Column) -> ImportColumn:
    """The spreadsheet column of a Data Package column: same name, same requirement."""
    if column.name == "key":
        return KEY
    vocabulary = _VOCABULARIES.get(table.name, {}).get(column.name)
    meaning = _MEANINGS.get(column.name) or column.description
    default = table.default(column) if column.kind != "list" else ()
    parse = {"integer": cells.parse_int, "boolean": cells.parse_bool}.get(column.kind)
    found = ImportColumn(column.name, meaning, required=column.required, default=default,
                         parse=parse, vocabulary=vocabulary, is_list=column.kind == "list")
    return _restoring(found) if column.kind == "text" else found


def _columns(table: Table) -> tuple[ImportColumn, ...]:
    return tuple(_import_column(table, c) for c in table.columns if c.name != "version")


ACTOR_SHEET_COLUMNS = tuple(_restoring(c) for c in ACTOR_COLUMNS)
INSTRUMENT_COLUMNS = _columns(tables.INSTRUMENTS)
MANDATE_COLUMNS = _columns(tables.MANDATES)
LINK_COLUMNS = _columns(tables.LINKS)

SERVICE_ACTOR_FIELDS = ("key", "name", "sector", "level", "description")
SERVICE_MANDATE_FIELDS = ("functions", "forms", "groups", "limited_to_groups", "age_bands",
                          "levels", "provisions", "legal_basis", "notes")
_BY_NAME = {c.name: c for c in (*ACTOR_SHEET_COLUMNS, *MANDATE_COLUMNS)}
SERVICE_COLUMNS = tuple(_BY_NAME[name]
                        for name in (*SERVICE_ACTOR_FIELDS, *SERVICE_MANDATE_FIELDS))


def _service(values: dict[str, Any]) -> Service:
    actor = Actor(type=SERVICE_TYPE, **{name: values[name] for name in SERVICE_ACTOR_FIELDS})
    mandate = Mandate(key=service_mandate_key(actor.key), actor_key=actor.key,
                      **{name: values[name] for name in SERVICE_MANDATE_FIELDS})
    return Service(actor, mandate)


def _check_service(service: Service, catalogue: Catalogue, *, location: str | None = None,
                   row: int | None = None) -> list[Problem]:
    return [*check_actor(service.actor, catalogue, location=location, row=row),
            *check_mandate(service.mandate, catalogue, location=location, row=row)]


SPECS: dict[str, ImportSpec] = {
    "actors": ImportSpec("actors", ACTOR_SHEET_COLUMNS, lambda v: Actor(**v), check_actor),
    "instruments": ImportSpec("instruments", INSTRUMENT_COLUMNS,
                              lambda v: tables.INSTRUMENTS.record_type(**v), check_instrument),
    "mandates": ImportSpec("mandates", MANDATE_COLUMNS, lambda v: Mandate(**v), check_mandate),
    "links": ImportSpec("links", LINK_COLUMNS,
                        lambda v: tables.LINKS.record_type(**v), check_link),
    SERVICES: ImportSpec(SERVICES, SERVICE_COLUMNS, _service, _check_service),
}
"""How each map table is read: its columns, how a row becomes a record, its checks."""


def _keys(data: WorkspaceData, table: str) -> frozenset[str]:
    return frozenset(record.key for record in getattr(data, table))


def _with_taken_mandates(spec: ImportSpec, taken: Collection[str],
                         actors: Collection[str]) -> ImportSpec:
    """The services spec, also refusing a row whose mandate key is already taken (said
    only of a new service: a row whose key is taken is refused for that already)."""
    def check(service: Service, catalogue: Catalogue, *, location: str | None = None,
              row: int | None = None) -> list[Problem]:
        problems = _check_service(service, catalogue, location=location, row=row)
        if service.mandate.key in taken and service.actor.key not in actors:
            problems.append(Problem(
                f"the service's mandate key {service.mandate.key!r} is already used by a "
                "mandate; give the service another key", location=location, row=row,
                field="key"))
        return problems
    return dataclasses.replace(spec, check=check)


def read_map_table(path: Path, kind: str, catalogue: Catalogue, *, known: WorkspaceData,
                   location: str | None = None, unsure: Collection[str] = ()
                   ) -> WorkspaceData:
    """The records of one map table (``kind``: one of :data:`MAP_TABLE_KINDS`) from a CSV
    or XLSX file, checked whole, as a :class:`WorkspaceData` of ``known``'s workspace
    holding only them; or :class:`~impactkit.errors.ImportRejected` with every problem.

    ``known`` holds the records the file may refer to and whose keys it must not reuse;
    references to the tables named in ``unsure`` (whose file could not be read) are not
    checked, so that one broken file does not make every row of the next one wrong."""
    spec = SPECS[kind]
    target_table = "actors" if kind == SERVICES else kind
    references: Mapping[str, tuple[str, Collection[str]]] = {
        column: (BY_FIELD[target].label, _keys(known, target))
        for column, target in REFERENCES.get(kind, {}).items() if target not in unsure}
    if kind == SERVICES:
        spec = _with_taken_mandates(spec, _keys(known, "mandates"), _keys(known, "actors"))
    records = read_records(path, spec, catalogue, location=location, references=references,
                           existing_keys=_keys(known, target_table))
    incoming = WorkspaceData(workspace=known.workspace)
    if kind == SERVICES:
        incoming.actors = [service.actor for service in records]
        incoming.mandates = [service.mandate for service in records]
    else:
        setattr(incoming, kind, list(records))
    return incoming


def merged(*parts: WorkspaceData) -> WorkspaceData:
    """The records of ``parts`` together, in the workspace of the first."""
    return WorkspaceData(workspace=parts[0].workspace, **{
        name: [record for part in parts for record in getattr(part, name)]
        for name in TABLES})
