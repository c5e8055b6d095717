"""Workspaces and their jurisdictions: one assessment of one jurisdiction in one cycle."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import sqlalchemy as sa

from impactkit.domain import Jurisdiction, JurisdictionKind, Workspace
from impactkit.errors import NotFoundError, UsageError
from impactkit.store import audit
from impactkit.store.schema import (
    actions,
    findings,
    jurisdictions,
    recommendations,
    workspaces,
)


@dataclass(frozen=True, slots=True)
class WorkspaceSummary:
    key: str
    title: str
    jurisdiction_code: str
    jurisdiction_name: str
    fictional: bool
    cycle: str
    catalogue_key: str
    n_findings: int


def as_utc(value: datetime | None) -> datetime | None:
    """SQLite hands datetimes back naive; everything stored is UTC, so say so."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def ensure_jurisdiction(conn: sa.Connection, jurisdiction: Jurisdiction) -> int:
    """The id of the jurisdiction with this code, created if new (names are not overwritten:
    a jurisdiction is shared by every workspace about it)."""
    existing = conn.execute(
        sa.select(jurisdictions.c.id).where(jurisdictions.c.code == jurisdiction.code)
    ).scalar_one_or_none()
    if existing is not None:
        return int(existing)
    result = conn.execute(jurisdictions.insert().values(
        code=jurisdiction.code, name=jurisdiction.name, kind=jurisdiction.kind.value,
        parent_code=jurisdiction.parent_code, fictional=jurisdiction.fictional,
    ))
    return _new_id(result)


def create_workspace(conn: sa.Connection, *, workspace: Workspace, user: str) -> int:
    if workspace_id(conn, key=workspace.key, missing_ok=True) is not None:
        raise UsageError(f"a workspace with key '{workspace.key}' already exists; choose "
                         "another key or delete it first")
    jurisdiction_id = ensure_jurisdiction(conn, workspace.jurisdiction)
    created = workspace.created_at or audit.now()
    result = conn.execute(workspaces.insert().values(
        key=workspace.key, title=workspace.title, jurisdiction_id=jurisdiction_id,
        cycle=workspace.cycle, year=workspace.year, catalogue_key=workspace.catalogue_key,
        description=workspace.description, created_at=created,
    ))
    audit.record(conn, user=user, workspace_key=workspace.key, entity="workspace",
                 action="create", record_key=workspace.key, after=workspace)
    return _new_id(result)


def workspace_id(conn: sa.Connection, *, key: str, missing_ok: bool = False) -> int | None:
    found = conn.execute(
        sa.select(workspaces.c.id).where(workspaces.c.key == key)
    ).scalar_one_or_none()
    if found is None and not missing_ok:
        raise NotFoundError(_missing_message(conn, key))
    return None if found is None else int(found)


def ws_id(conn: sa.Connection, key: str) -> int:
    """The id of a workspace that must exist (NotFoundError naming the known ones if not)."""
    found = workspace_id(conn, key=key)
    assert found is not None  # workspace_id raised otherwise
    return found


def lock_workspace(conn: sa.Connection, key: str) -> int:
    """The id of a workspace that must exist, its row locked until the transaction ends
    (PostgreSQL: ``FOR NO KEY UPDATE``, which does not hold up records being added to the
    workspace; SQLite has no row locks, and a write transaction there locks the whole file).
    Work that reads a workspace's records to change them takes it first, so that two such
    pieces of work on one workspace run one after the other and the second reads what the
    first wrote."""
    found = conn.execute(sa.select(workspaces.c.id).where(workspaces.c.key == key)
                         .with_for_update(key_share=True)).scalar_one_or_none()
    if found is None:
        raise NotFoundError(_missing_message(conn, key))
    return int(found)


def state_id(conn: sa.Connection, workspace_key: str) -> int:
    """The id of the workspace's jurisdiction (State): recommendations, actions and their
    status belong to it and are shared by all its workspaces (cycles)."""
    found = conn.execute(sa.select(workspaces.c.jurisdiction_id)
                         .where(workspaces.c.key == workspace_key)).scalar_one_or_none()
    if found is None:
        raise NotFoundError(_missing_message(conn, workspace_key))
    return int(found)


def lock_state(conn: sa.Connection, workspace_key: str) -> int:
    """:func:`state_id`, with the jurisdiction's row locked until the transaction ends
    (PostgreSQL ``FOR NO KEY UPDATE``; SQLite's write transaction locks the whole file): two
    imports into two cycles of one State run one after the other, and the second reads what
    the first wrote."""
    state = state_id(conn, workspace_key)
    conn.execute(sa.select(jurisdictions.c.id).where(jurisdictions.c.id == state)
                 .with_for_update(key_share=True))
    return state


def cycle_end(conn: sa.Connection, workspace_key: str) -> date | None:
    """The last day of the workspace's year: a cycle's analysis and reports see the
    recommendations made, and the status assessed, up to it (None: no year, see all)."""
    year = conn.execute(sa.select(workspaces.c.year)
                        .where(workspaces.c.key == workspace_key)).scalar_one_or_none()
    return None if year is None else date(int(year), 12, 31)


def _missing_message(conn: sa.Connection, key: str) -> str:
    keys = list(conn.execute(sa.select(workspaces.c.key).order_by(workspaces.c.key)).scalars())
    if not keys:
        return f"no workspace '{key}': the database has none yet (try 'impact demo')"
    return f"no workspace '{key}'; known workspaces: {', '.join(keys)}"


_WORKSPACE = (
    sa.select(workspaces, jurisdictions.c.code.label("j_code"),
              jurisdictions.c.name.label("j_name"), jurisdictions.c.kind.label("j_kind"),
              jurisdictions.c.parent_code.label("j_parent"),
              jurisdictions.c.fictional.label("j_fictional"))
    .join(jurisdictions, jurisdictions.c.id == workspaces.c.jurisdiction_id)
    .where(workspaces.c.key == sa.bindparam("key")))
"""Built once: pages ask it on every view."""


def get_workspace(conn: sa.Connection, *, key: str) -> Workspace:
    row = conn.execute(_WORKSPACE, {"key": key}).one_or_none()
    if row is None:
        raise NotFoundError(_missing_message(conn, key))
    return Workspace(
        key=row.key, title=row.title, cycle=row.cycle, year=row.year,
        catalogue_key=row.catalogue_key, description=row.description,
        created_at=as_utc(row.created_at),
        jurisdiction=Jurisdiction(code=row.j_code, name=row.j_name,
                                  kind=JurisdictionKind(row.j_kind),
                                  parent_code=row.j_parent, fictional=bool(row.j_fictional)),
    )


def list_workspaces(conn: sa.Connection) -> list[WorkspaceSummary]:
    counts = (sa.select(findings.c.workspace_id, sa.func.count().label("n"))
              .group_by(findings.c.workspace_id).subquery())
    query = (
        sa.select(workspaces.c.key, workspaces.c.title, workspaces.c.cycle,
                  workspaces.c.catalogue_key, jurisdictions.c.code, jurisdictions.c.name,
                  jurisdictions.c.fictional, sa.func.coalesce(counts.c.n, 0).label("n"))
        .join(jurisdictions, jurisdictions.c.id == workspaces.c.jurisdiction_id)
        .outerjoin(counts, counts.c.workspace_id == workspaces.c.id)
        .order_by(workspaces.c.key)
    )
    return [
        WorkspaceSummary(key=r.key, title=r.title, jurisdiction_code=r.code,
                         jurisdiction_name=r.name, fictional=bool(r.fictional), cycle=r.cycle,
                         catalogue_key=r.catalogue_key, n_findings=int(r.n))
        for r in conn.execute(query)
    ]


def four_eyes(conn: sa.Connection, *, key: str) -> bool:
    """Whether the workspace keeps whoever wrote or last changed a finding from reviewing or
    validating it (see :mod:`impactkit.services.review`)."""
    value = conn.execute(sa.select(workspaces.c.four_eyes)
                         .where(workspaces.c.key == key)).scalar_one_or_none()
    if value is None:
        raise NotFoundError(_missing_message(conn, key))
    return bool(value)


def set_four_eyes(conn: sa.Connection, *, key: str, on: bool, user: str) -> bool:
    """Switch the four-eyes rule; audited (before and after) in the same transaction.
    Returns whether it changed."""
    before = four_eyes(conn, key=key)
    if before == on:
        return False
    conn.execute(workspaces.update().where(workspaces.c.key == key).values(four_eyes=on))
    audit.record(conn, user=user, workspace_key=key, entity="workspace", action="update",
                 record_key=key, before={"four_eyes": before}, after={"four_eyes": on},
                 summary="four-eyes review on" if on else "four-eyes review off")
    return True


def delete_state_records(conn: sa.Connection, state: int) -> None:
    """Delete a State's recommendations and the actions answering them (their tags, status
    history and suggestions go with them)."""
    conn.execute(actions.delete().where(actions.c.jurisdiction_id == state))
    conn.execute(recommendations.delete().where(recommendations.c.jurisdiction_id == state))


def delete_workspace(conn: sa.Connection, *, key: str, user: str) -> None:
    """Delete a workspace with its records. The State's recommendations and actions stay for
    its other workspaces (cycles); deleting its last workspace deletes them too (nothing
    could show them any more)."""
    before = get_workspace(conn, key=key)
    state = state_id(conn, key)
    conn.execute(workspaces.delete().where(workspaces.c.key == key))
    left = conn.execute(sa.select(sa.func.count()).where(
        workspaces.c.jurisdiction_id == state)).scalar_one()
    if not left:
        delete_state_records(conn, state)
    audit.record(conn, user=user, workspace_key=key, entity="workspace", action="delete",
                 record_key=key, before=before)


def _new_id(result: sa.CursorResult[object]) -> int:
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])
