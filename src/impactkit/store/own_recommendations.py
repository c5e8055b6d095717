"""The assessing body's own recommendations (:mod:`impactkit.recommendations.own`): load,
add, update with the version a person started from, delete; every change audited (entity
``own-recommendation``) in the same transaction, with the record before and after.

A change based on a stale version is refused with :class:`ConflictError` carrying the stored
record, so an edit never overwrites someone else's silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import sqlalchemy as sa

from impactkit.errors import ConflictError, NotFoundError, UsageError
from impactkit.plain import record_json
from impactkit.recommendations.own import Grade, OwnRecommendation, OwnStatus
from impactkit.store import audit
from impactkit.store import workspaces as workspace_store
from impactkit.store.schema import own_recommendations as table

ENTITY = "own-recommendation"
TAG_FIELDS = ("actors", "provisions", "clusters", "sectors", "groups", "related")


def _record(row: Any) -> OwnRecommendation:
    tags = row.tags or {}
    return OwnRecommendation(
        key=row.key, text=row.text, grade=Grade(row.grade), basis=row.basis,
        basis_target=row.basis_target, rationale=row.rationale,
        status=OwnStatus(row.status), version=row.version,
        **{name: tuple(tags.get(name, ())) for name in TAG_FIELDS})


def _values(record: OwnRecommendation) -> dict[str, Any]:
    return {"text": record.text, "grade": record.grade.value, "basis": record.basis,
            "basis_target": record.basis_target, "rationale": record.rationale,
            "status": record.status.value,
            "tags": {name: list(getattr(record, name)) for name in TAG_FIELDS}}


def load_all(conn: sa.Connection, *, workspace_key: str) -> list[OwnRecommendation]:
    ws = workspace_store.ws_id(conn, workspace_key)
    rows = conn.execute(sa.select(table).where(table.c.workspace_id == ws)
                        .order_by(table.c.key))
    return [_record(r) for r in rows]


def get(conn: sa.Connection, *, workspace_key: str, key: str) -> OwnRecommendation:
    ws = workspace_store.ws_id(conn, workspace_key)
    row = conn.execute(sa.select(table).where(table.c.workspace_id == ws,
                                              table.c.key == key)).one_or_none()
    if row is None:
        raise NotFoundError(f"workspace '{workspace_key}' has no recommendation of its own "
                            f"with key '{key}'")
    return _record(row)


def add(conn: sa.Connection, *, workspace_key: str, records: Sequence[OwnRecommendation],
        user: str) -> None:
    """Add new records (version 1); a key already used is refused, nothing written."""
    ws = workspace_store.ws_id(conn, workspace_key)
    keys = [r.key for r in records]
    taken = set(conn.execute(sa.select(table.c.key).where(
        table.c.workspace_id == ws, table.c.key.in_(keys))).scalars())
    if taken:
        raise UsageError(f"recommendations of our own already exist with the keys: "
                         f"{', '.join(sorted(taken))}")
    if not records:
        return
    stamp = audit.now()
    conn.execute(table.insert(), [{"workspace_id": ws, "key": r.key, "version": 1,
                                   "updated_at": stamp, **_values(r)} for r in records])
    audit.record_many(conn, user=user, workspace_key=workspace_key, entity=ENTITY,
                      action="create", records=[replace(r, version=1) for r in records])


def update(conn: sa.Connection, *, workspace_key: str, record: OwnRecommendation,
           expected_version: int, user: str) -> OwnRecommendation:
    current = get(conn, workspace_key=workspace_key, key=record.key)
    if current.version != expected_version:
        raise ConflictError(
            f"recommendation '{record.key}' was changed by someone else since you loaded it "
            f"(you started from version {expected_version}, the stored one is version "
            f"{current.version}); nothing was saved: compare both and apply your change to "
            "the stored one", current_version=current.version, current=current)
    ws = workspace_store.ws_id(conn, workspace_key)
    saved = replace(record, version=current.version + 1)
    conn.execute(table.update().where(table.c.workspace_id == ws, table.c.key == record.key,
                                      table.c.version == expected_version)
                 .values(version=saved.version, updated_at=audit.now(), **_values(saved)))
    audit.record(conn, user=user, workspace_key=workspace_key, entity=ENTITY, action="update",
                 record_key=record.key, before=record_json(current), after=record_json(saved))
    return saved


def delete(conn: sa.Connection, *, workspace_key: str, key: str, expected_version: int,
           user: str) -> None:
    current = get(conn, workspace_key=workspace_key, key=key)
    if current.version != expected_version:
        raise ConflictError(
            f"recommendation '{key}' was changed by someone else since you loaded it (version "
            f"{current.version}, you had {expected_version}); nothing was deleted",
            current_version=current.version, current=current)
    ws = workspace_store.ws_id(conn, workspace_key)
    conn.execute(table.delete().where(table.c.workspace_id == ws, table.c.key == key))
    audit.record(conn, user=user, workspace_key=workspace_key, entity=ENTITY, action="delete",
                 record_key=key, before=record_json(current))
