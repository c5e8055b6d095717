"""How each kind of record maps to its table, row by row, for one-record editing.

An :class:`Entity` names a record's table, its domain class, its references to other
records (stored as ids, shown as keys) and its tag table; :func:`select` reads rows with
every reference resolved to a key, :func:`from_row` and :func:`values` turn rows into domain
objects and back. The bulk loader of :mod:`impactkit.store.records` maps whole tables at once
with look-up dicts instead; a finding is built by the same ``finding_from_row`` in both.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from impactkit.domain import (
    Actor,
    CoordinationLink,
    Evidence,
    Finding,
    IndicatorValue,
    Mandate,
    NationalInstrument,
)
from impactkit.errors import UsageError
from impactkit.store.records import finding_from_row
from impactkit.store.schema import (
    actors,
    evidence,
    finding_tags,
    findings,
    indicator_values,
    instrument_tags,
    instruments,
    links,
    mandate_tags,
    mandates,
)
from impactkit.store.tags import FINDING_TAGS, INSTRUMENT_TAGS, MANDATE_TAGS, load_tags


# --- what each entity is made of ------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Reference:
    """An attribute holding another record's key, stored as that record's id."""

    attribute: str  # "actor_key"
    column: str  # "actor_id"
    target: str  # entity name: "actor"
    required: bool = True


@dataclass(frozen=True, slots=True)
class Entity:
    name: str
    label: str  # "coordination link": for messages
    table: sa.Table
    cls: type
    references: tuple[Reference, ...] = ()
    tags: sa.Table | None = None
    tag_map: Mapping[str, str] = field(default_factory=dict)
    title_column: str = "title"  # what a choice list shows beside the key


ENTITIES: dict[str, Entity] = {
    e.name: e for e in (
        Entity("actor", "actor", actors, Actor, title_column="name"),
        Entity("instrument", "instrument", instruments, NationalInstrument,
               tags=instrument_tags, tag_map=INSTRUMENT_TAGS),
        Entity("mandate", "mandate", mandates, Mandate,
               references=(Reference("actor_key", "actor_id", "actor"),
                           Reference("legal_basis", "legal_basis_id", "instrument",
                                     required=False)),
               tags=mandate_tags, tag_map=MANDATE_TAGS, title_column="notes"),
        Entity("link", "coordination link", links, CoordinationLink,
               references=(Reference("source_key", "source_id", "actor"),
                           Reference("target_key", "target_id", "actor"),
                           Reference("legal_basis", "legal_basis_id", "instrument",
                                     required=False)),
               title_column="kind"),
        Entity("finding", "finding", findings, Finding, tags=finding_tags,
               tag_map=FINDING_TAGS),
        Entity("evidence", "evidence item", evidence, Evidence,
               references=(Reference("finding_key", "finding_id", "finding"),)),
        Entity("indicator-value", "indicator value", indicator_values, IndicatorValue,
               title_column="indicator"),
    )
}


def entity(name: str) -> Entity:
    found = ENTITIES.get(name)
    if found is None:
        raise UsageError(f"unknown entity '{name}'; use one of: {', '.join(ENTITIES)}")
    return found


# --- rows <-> domain objects -----------------------------------------------------------------
def select(spec: Entity) -> sa.Select[Any]:
    """The entity's columns plus each reference resolved to the target's key, labelled with
    the domain attribute (``actor_key``...)."""
    table = spec.table
    joined: sa.FromClause = table
    columns: list[Any] = [table]
    for ref in spec.references:
        target = ENTITIES[ref.target].table.alias(f"ref_{ref.attribute}")
        columns.append(target.c.key.label(ref.attribute))
        joined = joined.outerjoin(target, target.c.id == table.c[ref.column])
    return sa.select(*columns).select_from(joined)


def from_row(spec: Entity, row: Any, tags: dict[str, tuple[str, ...]]) -> Any:
    if spec.name == "finding":
        return finding_from_row(row, tags)
    if spec.name == "actor":
        return Actor(key=row.key, name=row.name, sector=row.sector, level=row.level,
                     type=row.type, description=row.description, version=row.version)
    if spec.name == "instrument":
        return NationalInstrument(key=row.key, title=row.title, kind=row.kind, year=row.year,
                                  in_force=bool(row.in_force), url=row.url, notes=row.notes,
                                  version=row.version, **tags)
    if spec.name == "mandate":
        return Mandate(key=row.key, actor_key=row.actor_key, legal_basis=row.legal_basis,
                       notes=row.notes, version=row.version, **tags)
    if spec.name == "link":
        return CoordinationLink(key=row.key, source_key=row.source_key,
                                target_key=row.target_key, kind=row.kind,
                                legal_basis=row.legal_basis, notes=row.notes,
                                version=row.version)
    if spec.name == "evidence":
        return Evidence(key=row.key, finding_key=row.finding_key, kind=row.kind,
                        title=row.title, source=row.source, url=row.url, date=row.date,
                        reliability=row.reliability, version=row.version)
    assert spec.name == "indicator-value"
    return IndicatorValue(key=row.key, indicator=row.indicator, year=row.year,
                          value=row.value, group=row.child_group, sector=row.sector,
                          source=row.source, note=row.note, version=row.version)


def values(spec: Entity, record: Any) -> dict[str, Any]:
    """The entity's own columns (not id, workspace, key, version, references or tags)."""
    r = record
    if spec.name == "finding":
        return {"area": r.area, "layer": r.layer, "rating": r.rating,
                "rating_state": str(r.rating_state), "confidence": str(r.confidence),
                "title": r.title, "narrative": r.narrative, "status": str(r.status),
                "author": r.author, "reviewed_by": r.reviewed_by,
                "validated_by": r.validated_by}
    if spec.name == "actor":
        return {"name": r.name, "sector": r.sector, "level": r.level, "type": r.type,
                "description": r.description}
    if spec.name == "instrument":
        return {"title": r.title, "kind": r.kind, "year": r.year, "in_force": r.in_force,
                "url": r.url, "notes": r.notes}
    if spec.name in ("mandate", "link"):
        own = {"notes": r.notes}
        return {**own, "kind": r.kind} if spec.name == "link" else own
    if spec.name == "evidence":
        return {"kind": r.kind, "title": r.title, "source": r.source, "url": r.url,
                "date": r.date, "reliability": r.reliability}
    assert spec.name == "indicator-value"
    return {"indicator": r.indicator, "year": r.year, "value": r.value,
            "child_group": r.group, "sector": r.sector, "source": r.source, "note": r.note}


def load(conn: sa.Connection, spec: Entity, rows: Sequence[Any]) -> list[Any]:
    tags: dict[int, dict[str, tuple[str, ...]]] = {}
    if spec.tags is not None and rows:
        tags = load_tags(conn, spec.tags, [r.id for r in rows], spec.tag_map)
    return [from_row(spec, r, tags.get(r.id, {})) for r in rows]
