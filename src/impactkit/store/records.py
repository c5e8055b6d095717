"""Bulk saving and loading of a workspace's records.

Used by the demo, imports and exports, which write or read whole tables at once. The caller
owns the transaction: a failed bulk save leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any, NamedTuple

import sqlalchemy as sa

from impactkit.domain import (
    Actor,
    CoordinationLink,
    Evidence,
    IndicatorValue,
    Mandate,
    NationalInstrument,
    WorkspaceData,
)
from impactkit.kinds import KINDS
from impactkit.store import audit
from impactkit.store.db import batches
from impactkit.store.rows import ENTITIES, finding_from_row
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
from impactkit.store.tags import (
    FINDING_TAGS,
    INSTRUMENT_TAGS,
    MANDATE_TAGS,
    insert_tags,
    load_tags,
    tag_rows,
)
from impactkit.store.workspaces import get_workspace, lock_workspace, workspace_id

ENTITY_TABLES = {name: spec.table for name, spec in ENTITIES.items()}


def key_ids(conn: sa.Connection, table: sa.Table, ws_id: int) -> dict[str, int]:
    rows = conn.execute(sa.select(table.c.key, table.c.id).where(table.c.workspace_id == ws_id))
    return {key: int(id_) for key, id_ in rows}


def _insert(conn: sa.Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(table.insert(), rows)


def add_records(
    conn: sa.Connection, *, workspace_key: str, data: WorkspaceData, user: str,
    summary: str = "",
) -> dict[str, int]:
    """Insert every record of ``data`` (not its workspace) into an existing workspace and
    audit each one. References (actor keys, finding keys, instrument keys) may point at
    records already in the workspace or at records inserted in the same call. Returns the
    number of records inserted per entity."""
    ws_id = workspace_id(conn, key=workspace_key)
    assert ws_id is not None
    base = {"workspace_id": ws_id}

    _insert(conn, actors, [
        {**base, "key": a.key, "name": a.name, "sector": a.sector, "level": a.level,
         "type": a.type, "description": a.description, "version": a.version}
        for a in data.actors])
    _insert(conn, instruments, [
        {**base, "key": i.key, "title": i.title, "kind": i.kind, "year": i.year,
         "in_force": i.in_force, "url": i.url, "notes": i.notes, "version": i.version}
        for i in data.instruments])
    actor_ids = key_ids(conn, actors, ws_id)
    instrument_ids = key_ids(conn, instruments, ws_id)
    insert_tags(conn, instrument_tags, [
        row for i in data.instruments
        for row in tag_rows(instrument_ids[i.key], i, INSTRUMENT_TAGS)])

    _insert(conn, mandates, [
        {**base, "key": m.key, "actor_id": actor_ids[m.actor_key],
         "legal_basis_id": instrument_ids[m.legal_basis] if m.legal_basis else None,
         "notes": m.notes, "version": m.version, "limited_to_groups": m.limited_to_groups}
        for m in data.mandates])
    mandate_ids = key_ids(conn, mandates, ws_id)
    insert_tags(conn, mandate_tags, [
        row for m in data.mandates for row in tag_rows(mandate_ids[m.key], m, MANDATE_TAGS)])

    _insert(conn, links, [
        {**base, "key": link.key, "source_id": actor_ids[link.source_key],
         "target_id": actor_ids[link.target_key], "kind": link.kind,
         "legal_basis_id": instrument_ids[link.legal_basis] if link.legal_basis else None,
         "notes": link.notes, "version": link.version}
        for link in data.links])

    stamp = audit.now()
    _insert(conn, findings, [
        {**base, "key": f.key, "area": f.area, "layer": f.layer, "rating": f.rating,
         "rating_state": f.rating_state.value, "confidence": f.confidence.value,
         "title": f.title, "narrative": f.narrative, "status": f.status.value,
         "author": f.author, "reviewed_by": f.reviewed_by, "validated_by": f.validated_by,
         "created_at": f.created_at or stamp, "updated_at": f.updated_at or stamp,
         "version": f.version}
        for f in data.findings])
    finding_ids = key_ids(conn, findings, ws_id)
    insert_tags(conn, finding_tags, [
        row for f in data.findings for row in tag_rows(finding_ids[f.key], f, FINDING_TAGS)])

    _insert(conn, evidence, [
        {**base, "key": e.key, "finding_id": finding_ids[e.finding_key], "kind": e.kind,
         "title": e.title, "source": e.source, "url": e.url, "date": e.date,
         "reliability": e.reliability, "confidential": e.confidential,
         "indicator": e.indicator, "version": e.version}
        for e in data.evidence])
    _insert(conn, indicator_values, [
        {**base, "key": v.key, "indicator": v.indicator, "year": v.year, "value": v.value,
         "child_group": v.group, "sector": v.sector, "source": v.source, "note": v.note,
         "version": v.version}
        for v in data.indicator_values])

    counts: dict[str, int] = {}
    for entity, records in _entities(data):
        counts[entity] = audit.record_many(conn, user=user, workspace_key=workspace_key,
                                           entity=entity, action="create", records=records,
                                           summary=summary)
    return counts


def _entities(data: WorkspaceData) -> list[tuple[str, Sequence[Any]]]:
    return [(kind.name, getattr(data, kind.field)) for kind in KINDS]


def existing_keys(conn: sa.Connection, *, workspace_key: str) -> dict[str, set[str]]:
    """Keys already used in a workspace, per entity: imports check new keys against them."""
    ws_id = workspace_id(conn, key=workspace_key)
    assert ws_id is not None
    return {entity: set(key_ids(conn, table, ws_id)) for entity, table in ENTITY_TABLES.items()}


def load_workspace_data(conn: sa.Connection, *, workspace_key: str,
                        for_share: bool = False) -> WorkspaceData:
    """Everything a workspace holds, each table in the order its records were added.

    ``for_share`` is for an import about to add records checked against these (in
    :meth:`~impactkit.store.db.Database.begin_write`): on PostgreSQL the workspace is locked
    against other imports and every record read against change and deletion until the
    transaction ends (``FOR SHARE``: records can still be added, and edits wait), so what
    the check saw is what the import writes next to; on SQLite the transaction's write lock
    already does this."""
    workspace = get_workspace(conn, key=workspace_key)
    ws_id = lock_workspace(conn, workspace_key) if for_share \
        else workspace_id(conn, key=workspace_key)
    assert ws_id is not None  # get_workspace raised NotFoundError otherwise

    def locked(query: sa.Select[Any]) -> sa.Select[Any]:
        return query.with_for_update(read=True) if for_share else query

    def rows(table: sa.Table) -> list[Any]:
        return list(conn.execute(locked(
            sa.select(table).where(table.c.workspace_id == ws_id).order_by(table.c.id))))

    system = load_system(conn, ws_id, locked)
    finding_rows = rows(findings)
    finding_keys = {r.id: r.key for r in finding_rows}
    owned = sa.select(findings.c.id).where(findings.c.workspace_id == ws_id)
    f_tags = load_tags(conn, finding_tags, owned, FINDING_TAGS)

    return WorkspaceData(
        workspace=workspace, actors=system.actors, instruments=system.instruments,
        mandates=system.mandates, links=system.links,
        findings=[finding_from_row(r, f_tags.get(r.id, {})) for r in finding_rows],
        evidence=[Evidence(
            key=r.key, finding_key=finding_keys[r.finding_id], kind=r.kind, title=r.title,
            source=r.source, url=r.url, date=r.date, reliability=r.reliability,
            confidential=bool(r.confidential), indicator=r.indicator, version=r.version)
            for r in rows(evidence)],
        indicator_values=[IndicatorValue(
            key=r.key, indicator=r.indicator, year=r.year, value=r.value, group=r.child_group,
            sector=r.sector, source=r.source, note=r.note, version=r.version)
            for r in rows(indicator_values)],
    )


def finding_titles(conn: sa.Connection, *, workspace_key: str,
                   keys: Collection[str]) -> dict[str, str]:
    """The titles of the findings of a workspace named by ``keys`` (unknown keys are left
    out), read in chunks that stay under every backend's limit on bound parameters."""
    ws_id = workspace_id(conn, key=workspace_key)
    titles: dict[str, str] = {}
    for chunk in batches(sorted(keys)):
        titles.update(conn.execute(
            sa.select(findings.c.key, findings.c.title)
            .where(findings.c.workspace_id == ws_id, findings.c.key.in_(chunk))).all())
    return titles


class System(NamedTuple):
    """A workspace's actors, laws and policies, mandates and coordination links."""

    actors: list[Actor]
    instruments: list[NationalInstrument]
    mandates: list[Mandate]
    links: list[CoordinationLink]


def load_system(conn: sa.Connection, ws_id: int,
                locked: Callable[[sa.Select[Any]], sa.Select[Any]] = lambda query: query
                ) -> System:
    """The records of a workspace's system of actors, each table in the order its records
    were added (``locked`` adds the row locks of :func:`load_workspace_data`)."""

    def rows(table: sa.Table) -> list[Any]:
        return list(conn.execute(locked(
            sa.select(table).where(table.c.workspace_id == ws_id).order_by(table.c.id))))

    actor_rows = rows(actors)
    actor_keys = {r.id: r.key for r in actor_rows}
    instrument_rows = rows(instruments)
    instrument_keys = {r.id: r.key for r in instrument_rows}
    owned = sa.select(instruments.c.id).where(instruments.c.workspace_id == ws_id)
    i_tags = load_tags(conn, instrument_tags, owned, INSTRUMENT_TAGS)
    mandate_rows = rows(mandates)
    owned = sa.select(mandates.c.id).where(mandates.c.workspace_id == ws_id)
    m_tags = load_tags(conn, mandate_tags, owned, MANDATE_TAGS)
    return System(
        actors=[Actor(key=r.key, name=r.name, sector=r.sector, level=r.level, type=r.type,
                      description=r.description, version=r.version) for r in actor_rows],
        instruments=[NationalInstrument(
            key=r.key, title=r.title, kind=r.kind, year=r.year, in_force=bool(r.in_force),
            url=r.url, notes=r.notes, version=r.version, **i_tags.get(r.id, {}))
            for r in instrument_rows],
        mandates=[Mandate(
            key=r.key, actor_key=actor_keys[r.actor_id],
            legal_basis=instrument_keys.get(r.legal_basis_id), notes=r.notes,
            version=r.version, limited_to_groups=bool(r.limited_to_groups),
            **m_tags.get(r.id, {})) for r in mandate_rows],
        links=[CoordinationLink(
            key=r.key, source_key=actor_keys[r.source_id], target_key=actor_keys[r.target_id],
            kind=r.kind, legal_basis=instrument_keys.get(r.legal_basis_id), notes=r.notes,
            version=r.version) for r in rows(links)],
    )
