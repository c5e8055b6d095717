"""A State's package: what belongs to a jurisdiction rather than to one of its workspaces.

The recommendations made to the State, the actions answering them, each source's status
history, the tagger's suggestions with people's decisions, the State's indicator panel and the
indicator definitions its values may use: the same resources, written and read by the same
code, as in a workspace's package (:mod:`impactkit.exchange.datapackage`), with a one-row
``jurisdiction`` resource in place of ``workspace``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from impactkit import domain
from impactkit.exchange import cells
from impactkit.exchange.datapackage import (
    FORMAT_VERSION,
    read_tables,
    resource_descriptor,
    write_descriptor,
    write_tables,
)
from impactkit.exchange.record_tables import STATE_TABLES, StateRecords
from impactkit.exchange.tables import Table, _col

JURISDICTION = Table(
    "jurisdiction", "The State (or region) the records belong to: exactly one row",
    domain.Jurisdiction, (
        _col("code", description="ISO 3166-1 alpha-3 country code, or a region code; "
             "fictional jurisdictions start with X", required=True),
        _col("name"),
        _col("kind", required=True, enum=domain.JurisdictionKind),
        _col("parent_code", "optional-text", "Country code of a region"),
        _col("fictional", "boolean", "true for an invented jurisdiction", required=True),
    ), primary_key=("code",))

STATE_PACKAGE_TABLES: tuple[Table, ...] = (JURISDICTION, *STATE_TABLES)


@dataclass(frozen=True, slots=True)
class StatePackage:
    """A State's records, and the row of each in its file (``rows[resource][i]``)."""

    jurisdiction: domain.Jurisdiction
    state: StateRecords
    rows: Mapping[str, Sequence[int]] = field(default_factory=dict)


def export_state_package(jurisdiction: domain.Jurisdiction, state: StateRecords,
                         directory: Path) -> Path:
    """Write a State's package into ``directory``; the path of its ``datapackage.json``."""
    def records_of(table: Table) -> Sequence[Any]:
        return [jurisdiction] if table is JURISDICTION else list(getattr(state, table.name))

    write_tables(directory, STATE_PACKAGE_TABLES, records_of)
    slug = re.sub(r"[^a-z0-9._-]+", "-", jurisdiction.code.lower()).strip("-") or "state"
    return write_descriptor(directory, {
        "profile": "tabular-data-package",
        "name": f"impact-state-{slug}",
        "title": jurisdiction.name or jurisdiction.code,
        "description": f"IMPACT records of the State {jurisdiction.code!r}: recommendations, "
                       "actions, status history, tag suggestions and indicator panel. "
                       f"Multi-valued cells separate items with '{cells.LIST_SEPARATOR}'; "
                       "datetimes are ISO 8601 in UTC.",
        "impactkit": {"format_version": FORMAT_VERSION, "kind": "state",
                      "jurisdiction": jurisdiction.code},
        "resources": [resource_descriptor(table) for table in STATE_PACKAGE_TABLES],
    })


def read_state_package(path: Path) -> StatePackage:
    """A State's records from its package (``datapackage.json`` or its folder), checked
    whole: :class:`~impactkit.errors.ImportRejected` lists every problem by file, row and
    column, and nothing is returned in part."""
    reader = read_tables(path, STATE_PACKAGE_TABLES, JURISDICTION)
    return StatePackage(
        jurisdiction=reader.records[JURISDICTION.name][0],
        state=StateRecords(**{t.name: reader.records[t.name] for t in STATE_TABLES}),
        rows=reader.rows)
