"""How each kind of record maps to its table, row by row, for one-record editing.

An :class:`Entity` is a kind of record (:mod:`impactkit.kinds`: its names, label, domain
class and references) with where the store keeps it: its table, the id columns of its
references (shown as keys) and its tag table; :func:`select` reads rows with
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
    Confidence,
    CoordinationLink,
    Evidence,
    Finding,
    FindingStatus,
    IndicatorValue,
    Mandate,
    NationalInstrument,
    RatingState,
)
from impactkit.kinds import KINDS, RecordKind, kind_named
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
from impactkit.store.workspaces import as_utc

# --- what each entity is made of ------------------------------------------------------------
_ID_COLUMNS = {"actor_key": "actor_id", "legal_basis": "legal_basis_id",
               "source_key": "source_id", "target_key": "target_id",
               "finding_key": "finding_id"}
"""The column holding the referred record's id, per reference attribute."""


@dataclass(frozen=True, slots=True)
class Reference:
    """An attribute holding another record's key, stored as that record's id."""

    attribute: str  # "actor_key"
    column: str  # "actor_id"
    target: str  # entity name: "actor"
    required: bool = True


@dataclass(frozen=True, slots=True)
class Entity:
    """A kind of record (:mod:`impactkit.kinds`) and where the store keeps it."""

    kind: RecordKind
    table: sa.Table
    tags: sa.Table | None = None
    tag_map: Mapping[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.kind.name

    @property
    def label(self) -> str:
        return self.kind.label

    @property
    def cls(self) -> type:
        return self.kind.cls

    @property
    def title_column(self) -> str:
        return self.kind.title_attribute

    @property
    def references(self) -> tuple[Reference, ...]:
        """The references kept as id columns (a tuple of keys is kept with the tags)."""
        return tuple(Reference(r.attribute, _ID_COLUMNS[r.attribute], r.target, r.required)
                     for r in self.kind.references if not r.many)


_STORAGE: dict[str, tuple[sa.Table, sa.Table | None, Mapping[str, str]]] = {
    "actor": (actors, None, {}),
    "instrument": (instruments, instrument_tags, INSTRUMENT_TAGS),
    "mandate": (mandates, mandate_tags, MANDATE_TAGS),
    "link": (links, None, {}),
    "finding": (findings, finding_tags, FINDING_TAGS),
    "evidence": (evidence, None, {}),
    "indicator-value": (indicator_values, None, {}),
}
ENTITIES: dict[str, Entity] = {kind.name: Entity(kind, *_STORAGE[kind.name]) for kind in KINDS}


def entity(name: str) -> Entity:
    """Where the store keeps the kind named ``name`` (UsageError listing the names)."""
    return ENTITIES[kind_named(name).name]


_RATING_STATES = {state.value: state for state in RatingState}
_CONFIDENCES = {level.value: level for level in Confidence}
_STATUSES = {status.value: status for status in FindingStatus}


def finding_from_row(row: Any, tags: dict[str, tuple[str, ...]]) -> Finding:
    """A stored finding. Enums are looked up by value in dictionaries, not built by calling
    the enum: this runs once per finding when a whole workspace is analysed."""
    return Finding(
        key=row.key, area=row.area, layer=row.layer, rating=row.rating,
        rating_state=_RATING_STATES[row.rating_state], confidence=_CONFIDENCES[row.confidence],
        title=row.title, narrative=row.narrative, status=_STATUSES[row.status],
        author=row.author, reviewed_by=row.reviewed_by, validated_by=row.validated_by,
        version=row.version, created_at=as_utc(row.created_at),
        updated_at=as_utc(row.updated_at), **tags,
    )


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
                       notes=row.notes, version=row.version,
                       limited_to_groups=bool(row.limited_to_groups), **tags)
    if spec.name == "link":
        return CoordinationLink(key=row.key, source_key=row.source_key,
                                target_key=row.target_key, kind=row.kind,
                                legal_basis=row.legal_basis, notes=row.notes,
                                version=row.version)
    if spec.name == "evidence":
        return Evidence(key=row.key, finding_key=row.finding_key, kind=row.kind,
                        title=row.title, source=row.source, url=row.url, date=row.date,
                        reliability=row.reliability, confidential=bool(row.confidential),
                        indicator=row.indicator, version=row.version)
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
    if spec.name == "mandate":
        return {"notes": r.notes, "limited_to_groups": r.limited_to_groups}
    if spec.name == "link":
        return {"notes": r.notes, "kind": r.kind}
    if spec.name == "evidence":
        return {"kind": r.kind, "title": r.title, "source": r.source, "url": r.url,
                "date": r.date, "reliability": r.reliability, "confidential": r.confidential,
                "indicator": r.indicator}
    assert spec.name == "indicator-value"
    return {"indicator": r.indicator, "year": r.year, "value": r.value,
            "child_group": r.group, "sector": r.sector, "source": r.source, "note": r.note}


def load(conn: sa.Connection, spec: Entity, rows: Sequence[Any]) -> list[Any]:
    tags: dict[int, dict[str, tuple[str, ...]]] = {}
    if spec.tags is not None and rows:
        tags = load_tags(conn, spec.tags, [r.id for r in rows], spec.tag_map)
    return [from_row(spec, r, tags.get(r.id, {})) for r in rows]
