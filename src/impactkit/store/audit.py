"""The audit trail: every create, update and delete, with who, when, before and after.

Writes happen in the same transaction as the change they describe, so the trail can never
disagree with the data.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from impactkit.plain import record_json
from impactkit.store.schema import audit_log, workspaces
from impactkit.store.versions import announce_write


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: datetime
    user: str
    workspace_key: str | None
    entity: str
    record_key: str | None
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    summary: str
    id: int = 0


def now() -> datetime:
    return datetime.now(UTC)


def record(
    conn: sa.Connection,
    *,
    user: str,
    workspace_key: str | None,
    entity: str,
    action: str,
    record_key: str | None = None,
    before: Any = None,
    after: Any = None,
    summary: str = "",
) -> None:
    announce_write(conn)
    conn.execute(audit_log.insert(), [_row(user, workspace_key, entity, action, record_key,
                                           before, after, summary)])


def record_many(
    conn: sa.Connection,
    *,
    user: str,
    workspace_key: str | None,
    entity: str,
    action: str,
    records: Iterable[Any],
    summary: str = "",
) -> int:
    """Audit many records of one kind at once (bulk imports): one entry per record."""
    rows = [
        _row(user, workspace_key, entity, action, getattr(r, "key", None),
             r if action == "delete" else None, None if action == "delete" else r, summary)
        for r in records
    ]
    if rows:
        announce_write(conn)
        conn.execute(audit_log.insert(), rows)
    return len(rows)


def _row(user: str, workspace_key: str | None, entity: str, action: str,
         record_key: str | None, before: Any, after: Any, summary: str) -> dict[str, Any]:
    return {
        "at": now(), "username": user, "workspace_key": workspace_key, "entity": entity,
        "record_key": record_key, "action": action, "before": record_json(before),
        "after": record_json(after), "summary": summary,
    }


STATE_ENTITIES = ("recommendation", "action", "status", "tag-suggestion", "tag-suggestions")
"""Records that belong to the State and are shared by all its workspaces (cycles): a
workspace's history shows their changes made from any of the State's workspaces."""


def _cycles_of(workspace_key: str) -> sa.Select[Any]:
    """The keys of every workspace of ``workspace_key``'s State."""
    same = workspaces.alias("same_state")
    return (sa.select(workspaces.c.key)
            .join(same, same.c.jurisdiction_id == workspaces.c.jurisdiction_id)
            .where(same.c.key == workspace_key))


def _filtered(
    query: sa.Select[Any],
    *,
    workspace_key: str | None,
    entity: str | Sequence[str] | None,
    record_key: str | None,
    user: str | None,
    since: datetime | None,
    until: datetime | None,
) -> sa.Select[Any]:
    """The audit query narrowed by every filter given (all exact matches: a filter value is
    a bound parameter, never part of the SQL, so ``%`` or quotes in it match literally)."""
    if workspace_key is not None:
        query = query.where(sa.or_(
            audit_log.c.workspace_key == workspace_key,
            sa.and_(audit_log.c.entity.in_(STATE_ENTITIES),
                    audit_log.c.workspace_key.in_(_cycles_of(workspace_key)))))
    if isinstance(entity, str):
        query = query.where(audit_log.c.entity == entity)
    elif entity is not None:
        query = query.where(audit_log.c.entity.in_(list(entity)))
    if record_key is not None:
        query = query.where(audit_log.c.record_key == record_key)
    if user is not None:
        query = query.where(audit_log.c.username == user)
    if since is not None:
        query = query.where(audit_log.c.at >= as_utc(since))
    if until is not None:
        query = query.where(audit_log.c.at < as_utc(until))
    return query


def history(
    conn: sa.Connection,
    *,
    workspace_key: str | None = None,
    entity: str | Sequence[str] | None = None,
    record_key: str | None = None,
    user: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[AuditEntry]:
    """Newest first. ``since`` is inclusive, ``until`` exclusive; ``limit`` and ``offset``
    page through the result (the order is stable: by entry id, which only grows)."""
    query = _filtered(sa.select(audit_log), workspace_key=workspace_key, entity=entity,
                      record_key=record_key, user=user, since=since, until=until)
    query = query.order_by(audit_log.c.id.desc())
    if limit is not None:
        query = query.limit(limit)
    if offset:
        query = query.offset(offset)
    return [
        AuditEntry(at=as_utc(row.at), user=row.username, workspace_key=row.workspace_key,
                   entity=row.entity, record_key=row.record_key, action=row.action,
                   before=row.before, after=row.after, summary=row.summary, id=row.id)
        for row in conn.execute(query)
    ]


def count(
    conn: sa.Connection,
    *,
    workspace_key: str | None = None,
    entity: str | Sequence[str] | None = None,
    record_key: str | None = None,
    user: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> int:
    """How many entries :func:`history` would return without a limit (for paging)."""
    query = _filtered(sa.select(sa.func.count()).select_from(audit_log),
                      workspace_key=workspace_key, entity=entity, record_key=record_key,
                      user=user, since=since, until=until)
    return int(conn.execute(query).scalar_one())


def users_of(conn: sa.Connection, *, workspace_key: str) -> list[str]:
    """Everyone who changed something in a workspace, by name (a filter's choices)."""
    query = (sa.select(audit_log.c.username).distinct()
             .where(audit_log.c.workspace_key == workspace_key)
             .order_by(audit_log.c.username))
    return list(conn.execute(query).scalars())


def as_utc(value: datetime) -> datetime:
    """Stored times are UTC; SQLite hands them back (and compares them) without a zone."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def last_changed_by(conn: sa.Connection, *, workspace_key: str, entity: str,
                    record_key: str) -> str | None:
    """Who last wrote a record's content: the user of its newest ``create`` or ``update``
    entry (review steps and comments are other actions, so they do not count). None when
    the trail holds neither."""
    query = (sa.select(audit_log.c.username)
             .where(audit_log.c.workspace_key == workspace_key, audit_log.c.entity == entity,
                    audit_log.c.record_key == record_key,
                    audit_log.c.action.in_(("create", "update")))
             .order_by(audit_log.c.id.desc()).limit(1))
    found = conn.execute(query).scalar_one_or_none()
    return None if found is None else str(found)
