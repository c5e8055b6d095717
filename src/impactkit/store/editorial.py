"""A workspace's report texts (:mod:`impactkit.reports.editorial`): read, save, clear.

A section is one row per workspace and key, written only when someone wrote it; clearing it
deletes the row, so "not written" has one form. Every save names the version it started
from (0 or None for a section not written yet) and is refused with :class:`ConflictError`,
carrying the stored section, when someone saved or cleared it in between: a text is never
overwritten unseen. Every change is audited (entity ``editorial-section``) in the same
transaction, with the text before and after.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from impactkit.errors import ConflictError
from impactkit.reports.editorial import EditorialSection
from impactkit.store import audit
from impactkit.store import workspaces as workspace_store
from impactkit.store.schema import editorial_sections as table
from impactkit.store.workspaces import as_utc

ENTITY = "editorial-section"
"""The name of a report text in the audit trail."""


def _section(row: Any) -> EditorialSection:
    return EditorialSection(key=row.key, body=row.body, version=row.version,
                            updated_at=as_utc(row.updated_at))


def load_sections(conn: sa.Connection, *, workspace_key: str) -> list[EditorialSection]:
    """Every written section of a workspace, by key (the caller orders them for a form or a
    report: the order depends on the catalogue's clusters)."""
    ws_id = workspace_store.ws_id(conn, workspace_key)
    rows = conn.execute(sa.select(table).where(table.c.workspace_id == ws_id)
                        .order_by(table.c.key))
    return [_section(row) for row in rows]


def get_section(conn: sa.Connection, *, workspace_key: str, key: str
                ) -> EditorialSection | None:
    """The stored section, or None when nobody has written it (or it was cleared)."""
    return _get(conn, workspace_store.ws_id(conn, workspace_key), key)


def _get(conn: sa.Connection, ws_id: int, key: str) -> EditorialSection | None:
    row = conn.execute(sa.select(table).where(table.c.workspace_id == ws_id,
                                              table.c.key == key)).one_or_none()
    return None if row is None else _section(row)


def _stale(key: str, expected: int, current: EditorialSection | None, doing: str
           ) -> ConflictError:
    """The error for a change based on ``expected`` when ``current`` is stored (None: the
    section is not written, someone cleared it or it never was)."""
    stored = current.version if current is not None else 0
    if current is None:
        message = (f"the section '{key}' was cleared by someone else since you loaded it (you "
                   f"started from version {expected}); nothing was {doing}: save again to "
                   "write it anew")
    elif expected == 0:
        message = (f"the section '{key}' was written by someone else since you loaded it "
                   f"(it is now at version {stored}); nothing was {doing}: compare both texts "
                   "and apply your change to the stored one")
    else:
        message = (f"the section '{key}' was changed by someone else since you loaded it (you "
                   f"started from version {expected}, the stored one is version {stored}); "
                   f"nothing was {doing}: compare both texts and apply your change to the "
                   "stored one")
    return ConflictError(message, current_version=stored, current=current)


def save_section(conn: sa.Connection, *, workspace_key: str, key: str, body: str,
                 expected_version: int | None, user: str, summary: str = ""
                 ) -> EditorialSection:
    """Write a section over the stored one if that is still at ``expected_version`` (0 or
    None: the section must not be written yet); returns it as saved (version 1 when new,
    one more otherwise). The caller checks the key and the text."""
    ws_id = workspace_store.ws_id(conn, workspace_key)
    expected = expected_version or 0
    before = _get(conn, ws_id, key)
    if (before.version if before is not None else 0) != expected:
        raise _stale(key, expected, before, "saved")
    stamp = audit.now()
    if before is None:
        if _insert_unless_taken(conn, ws_id, key, body, stamp) is None:
            # written by someone else between our read and our write
            raise _stale(key, expected, _get(conn, ws_id, key), "saved")
        action = "create"
    else:
        updated = conn.execute(
            table.update()
            .where(table.c.workspace_id == ws_id, table.c.key == key,
                   table.c.version == expected)
            .values(body=body, version=table.c.version + 1, updated_at=stamp)
            .returning(table.c.id)).scalar_one_or_none()
        if updated is None:
            raise _stale(key, expected, _get(conn, ws_id, key), "saved")
        action = "update"
    after = _get(conn, ws_id, key)
    assert after is not None
    audit.record(conn, user=user, workspace_key=workspace_key, entity=ENTITY, action=action,
                 record_key=key, before=before, after=after, summary=summary)
    return after


def _insert_unless_taken(conn: sa.Connection, ws_id: int, key: str, body: str,
                         stamp: datetime) -> int | None:
    """Insert a new section unless its key is taken (``ON CONFLICT DO NOTHING``), returning
    its id or None: a section written by someone else after our read is then a conflict to
    report, not a constraint error that aborts the whole transaction."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = (dialect.insert(table)
                 .values(workspace_id=ws_id, key=key, body=body, version=1, updated_at=stamp)
                 .on_conflict_do_nothing(index_elements=["workspace_id", "key"])
                 .returning(table.c.id))
    found = conn.execute(statement).scalar_one_or_none()
    return None if found is None else int(found)


def clear_section(conn: sa.Connection, *, workspace_key: str, key: str,
                  expected_version: int | None, user: str) -> EditorialSection | None:
    """Delete a section still at ``expected_version``; returns it as it was. Clearing a
    section based on version 0 (or None: "not written") writes nothing and returns None
    while it is indeed not written. A section cleared meanwhile, or changed since, is a
    conflict: nothing is deleted."""
    ws_id = workspace_store.ws_id(conn, workspace_key)
    expected = expected_version or 0
    before = _get(conn, ws_id, key)
    if (before.version if before is not None else 0) != expected:
        raise _stale(key, expected, before, "cleared")
    if before is None:
        return None
    deleted = conn.execute(table.delete().where(
        table.c.workspace_id == ws_id, table.c.key == key,
        table.c.version == expected)).rowcount
    if deleted != 1:
        raise _stale(key, expected, _get(conn, ws_id, key), "cleared")
    audit.record(conn, user=user, workspace_key=workspace_key, entity=ENTITY,
                 action="delete", record_key=key, before=before)
    return before


def add_sections(conn: sa.Connection, *, workspace_key: str,
                 sections: list[EditorialSection], user: str, summary: str = "") -> int:
    """Write the sections of a workspace that has none yet (the demo, an imported package),
    each at version 1, audited as created; returns how many."""
    if not sections:
        return 0
    ws_id = workspace_store.ws_id(conn, workspace_key)
    stamp = audit.now()
    conn.execute(table.insert(), [
        {"workspace_id": ws_id, "key": s.key, "body": s.body, "version": 1,
         "updated_at": stamp} for s in sections])
    stored = {s.key: s for s in load_sections(conn, workspace_key=workspace_key)}
    return audit.record_many(conn, user=user, workspace_key=workspace_key, entity=ENTITY,
                             action="create", records=[stored[s.key] for s in sections],
                             summary=summary)
