"""Editing recommendations and actions one at a time, as people do in the web app: adding a
recommendation by hand, and deleting a recommendation or an action at the version last read.
Both belong to the workspace's State (:func:`~impactkit.store.workspaces.state_id`), shared by
all its workspaces; the audit names the workspace the change was made from.

The imports write recommendations in batches
(:func:`~impactkit.store.recommendations.save_imported`); this module holds the writes of
single State records by hand, which the imports never make: one recommendation added under
a key not yet used, one recommendation or action deleted at the version its page showed.
Every write is audited in the caller's transaction, and a deletion is conditional on the
version as every edit is: a record changed since it was read is never deleted
(:class:`ConflictError`, nothing written).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import sqlalchemy as sa

from impactkit.errors import ConflictError
from impactkit.recommendations.model import Action, Recommendation
from impactkit.store import audit
from impactkit.store import recommendation_tracking as tracking
from impactkit.store import recommendations as store
from impactkit.store.schema import actions, recommendations
from impactkit.store.workspaces import get_workspace, state_id


def add_recommendation(conn: sa.Connection, *, workspace_key: str, record: Recommendation,
                       families: Mapping[str, str], by: str) -> Recommendation:
    """Add one recommendation (version 1) under a key not yet used; ``families`` maps every
    key of the workspace, this one included, to its reiteration family (a recommendation
    written by hand may reiterate an imported one)."""
    if store.load_recommendations(conn, workspace_key=workspace_key, keys=[record.key]):
        state = get_workspace(conn, key=workspace_key).jurisdiction.name
        raise ConflictError(f"{state} already has a recommendation with the key "
                            f"'{record.key}': open it to edit it, or give this one "
                            "another paragraph or cycle")
    store.save_imported(conn, workspace_key=workspace_key,
                        records=[dataclasses.replace(record, version=1)], families=families,
                        by=by, summary="added by hand")
    return store.get_recommendation(conn, workspace_key=workspace_key, key=record.key)


def delete_recommendation(conn: sa.Connection, *, workspace_key: str, key: str,
                          expected_version: int, by: str) -> list[Action]:
    """Delete a recommendation still at ``expected_version``, with its tags, suggestions and
    status history. The actions answering it are kept and no longer name it (each change
    audited); returns them as they are now."""
    current = store.get_recommendation(conn, workspace_key=workspace_key, key=key)
    if current.version != expected_version:
        raise _stale("recommendation", key, current.version, expected_version, current)
    answering = tracking.load_actions(conn, workspace_key=workspace_key, recommendation=key)
    deleted = conn.execute(recommendations.delete().where(
        recommendations.c.jurisdiction_id == state_id(conn, workspace_key),
        recommendations.c.key == key, recommendations.c.version == expected_version))
    if deleted.rowcount != 1:
        latest = store.get_recommendation(conn, workspace_key=workspace_key, key=key)
        raise _stale("recommendation", key, latest.version, expected_version, latest)
    audit.record(conn, user=by, workspace_key=workspace_key, entity=store.ENTITY,
                 action="delete", record_key=key, before=current)
    kept: list[Action] = []
    for action in answering:
        without = dataclasses.replace(action, recommendations=tuple(
            k for k in action.recommendations if k != key))
        kept.append(tracking.update_action(conn, workspace_key=workspace_key, action=without,
                                           expected_version=action.version, by=by))
    return kept


def delete_action(conn: sa.Connection, *, workspace_key: str, key: str,
                  expected_version: int, by: str) -> None:
    """Delete an action still at ``expected_version`` (its links go with it)."""
    current = tracking.get_action(conn, workspace_key=workspace_key, key=key)
    if current.version != expected_version:
        raise _stale("action", key, current.version, expected_version, current)
    deleted = conn.execute(actions.delete().where(
        actions.c.jurisdiction_id == state_id(conn, workspace_key), actions.c.key == key,
        actions.c.version == expected_version))
    if deleted.rowcount != 1:
        latest = tracking.get_action(conn, workspace_key=workspace_key, key=key)
        raise _stale("action", key, latest.version, expected_version, latest)
    audit.record(conn, user=by, workspace_key=workspace_key, entity="action",
                 action="delete", record_key=key, before=current)


def _stale(kind: str, key: str, now: int, expected: int,
           current: Recommendation | Action) -> ConflictError:
    return ConflictError(f"{kind} '{key}' was changed by someone else (now version {now}, "
                         f"you asked to delete version {expected}): nothing was deleted",
                         current_version=now, current=current)
