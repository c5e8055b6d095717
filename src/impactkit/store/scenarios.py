"""Saved referral scenarios: a situation (no personal data), the notes a training session
adds to it, and the navigator's answer when it was saved, so that replaying it after the
map changed shows what a reform fixed. Stored as JSON documents; audited like every record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from impactkit.errors import ConflictError, NotFoundError
from impactkit.store import audit
from impactkit.store.schema import scenarios
from impactkit.store.workspaces import ws_id


@dataclass(frozen=True, slots=True)
class StoredScenario:
    key: str
    title: str
    document: dict[str, Any]
    route: dict[str, Any]
    saved_at: datetime
    saved_by: str
    version: int


def _from_row(row: Any) -> StoredScenario:
    return StoredScenario(key=row.key, title=row.title, document=dict(row.document),
                          route=dict(row.route), saved_at=audit.as_utc(row.saved_at),
                          saved_by=row.saved_by, version=row.version)


def list_scenarios(conn: sa.Connection, *, workspace_key: str) -> list[StoredScenario]:
    rows = conn.execute(sa.select(scenarios).where(
        scenarios.c.workspace_id == ws_id(conn, workspace_key)).order_by(scenarios.c.key))
    return [_from_row(r) for r in rows]


def get_scenario(conn: sa.Connection, *, workspace_key: str, key: str) -> StoredScenario:
    row = conn.execute(sa.select(scenarios).where(
        scenarios.c.workspace_id == ws_id(conn, workspace_key),
        scenarios.c.key == key)).one_or_none()
    if row is None:
        raise NotFoundError(f"workspace '{workspace_key}' has no scenario '{key}'")
    return _from_row(row)


def save_scenario(conn: sa.Connection, *, workspace_key: str, key: str, title: str,
                  document: dict[str, Any], route: dict[str, Any], by: str,
                  expected_version: int | None = None) -> StoredScenario:
    """Add a scenario (``expected_version`` None) or replace a stored one that is still at
    ``expected_version`` (a stale save raises :class:`ConflictError`, writing nothing)."""
    ws = ws_id(conn, workspace_key)
    current = conn.execute(sa.select(scenarios).where(
        scenarios.c.workspace_id == ws, scenarios.c.key == key)).one_or_none()
    values = {"title": title, "document": document, "route": route, "saved_at": audit.now(),
              "saved_by": by}
    if current is None:
        if expected_version is not None:
            raise NotFoundError(f"workspace '{workspace_key}' has no scenario '{key}'")
        conn.execute(scenarios.insert().values(workspace_id=ws, key=key, version=1, **values))
        before = None
    else:
        if expected_version != current.version:
            raise ConflictError(
                f"scenario '{key}' exists (version {current.version}); "
                + ("save it with that version to replace it" if expected_version is None else
                   f"your edit was based on version {expected_version}"),
                current_version=current.version, current=_from_row(current))
        conn.execute(scenarios.update().where(scenarios.c.id == current.id)
                     .values(version=current.version + 1, **values))
        before = _from_row(current)
    saved = get_scenario(conn, workspace_key=workspace_key, key=key)
    audit.record(conn, user=by, workspace_key=workspace_key, entity="scenario",
                 action="create" if before is None else "update", record_key=key,
                 before=before, after=saved)
    return saved


def delete_scenario(conn: sa.Connection, *, workspace_key: str, key: str, by: str) -> None:
    current = get_scenario(conn, workspace_key=workspace_key, key=key)
    conn.execute(scenarios.delete().where(scenarios.c.workspace_id == ws_id(conn, workspace_key),
                                          scenarios.c.key == key))
    audit.record(conn, user=by, workspace_key=workspace_key, entity="scenario",
                 action="delete", record_key=key, before=current)

