"""One finding at a time: read, update with optimistic locking, delete — each audited.

An update names the version it was based on; if someone saved in between, nothing is written
and :class:`ConflictError` says so. Never last-write-wins.
"""

from __future__ import annotations

import dataclasses

import sqlalchemy as sa

from impactkit.domain import Finding
from impactkit.errors import ConflictError, NotFoundError
from impactkit.store import audit
from impactkit.store.records import finding_from_row
from impactkit.store.schema import finding_tags, findings
from impactkit.store.tags import FINDING_TAGS, delete_tags, insert_tags, load_tags, tag_rows
from impactkit.store.workspaces import workspace_id


def _row(conn: sa.Connection, ws_id: int, key: str) -> sa.Row:
    row = conn.execute(sa.select(findings).where(
        findings.c.workspace_id == ws_id, findings.c.key == key)).one_or_none()
    if row is None:
        raise NotFoundError(f"no finding '{key}' in this workspace")
    return row


def get_finding(conn: sa.Connection, *, workspace_key: str, key: str) -> Finding:
    ws_id = workspace_id(conn, key=workspace_key)
    assert ws_id is not None
    row = _row(conn, ws_id, key)
    tags = load_tags(conn, finding_tags, [row.id], FINDING_TAGS)
    return finding_from_row(row, tags.get(row.id, {}))


def list_findings(
    conn: sa.Connection, *, workspace_key: str, area: str | None = None,
    layer: str | None = None, status: str | None = None,
) -> list[Finding]:
    ws_id = workspace_id(conn, key=workspace_key)
    query = sa.select(findings).where(findings.c.workspace_id == ws_id)
    if area is not None:
        query = query.where(findings.c.area == area)
    if layer is not None:
        query = query.where(findings.c.layer == layer)
    if status is not None:
        query = query.where(findings.c.status == status)
    rows = list(conn.execute(query.order_by(findings.c.key)))
    tags = load_tags(conn, finding_tags, [r.id for r in rows], FINDING_TAGS)
    return [finding_from_row(r, tags.get(r.id, {})) for r in rows]


def update_finding(
    conn: sa.Connection, *, workspace_key: str, finding: Finding, expected_version: int,
    user: str,
) -> Finding:
    """Save ``finding`` over the stored one if the stored version is still
    ``expected_version``; returns the saved finding with its new version."""
    before = get_finding(conn, workspace_key=workspace_key, key=finding.key)
    ws_id = workspace_id(conn, key=workspace_key)
    stamp = audit.now()
    result = conn.execute(
        findings.update()
        .where(findings.c.workspace_id == ws_id, findings.c.key == finding.key,
               findings.c.version == expected_version)
        .values(area=finding.area, layer=finding.layer, rating=finding.rating,
                rating_state=finding.rating_state.value, confidence=finding.confidence.value,
                title=finding.title, narrative=finding.narrative, status=finding.status.value,
                author=finding.author, reviewed_by=finding.reviewed_by,
                validated_by=finding.validated_by, updated_at=stamp,
                version=findings.c.version + 1)
    )
    if result.rowcount != 1:
        raise ConflictError(
            f"finding '{finding.key}' was changed by someone else (you edited version "
            f"{expected_version}, the stored one is version {before.version}); nothing was "
            "saved: reload it and apply your change again",
            current_version=before.version,
        )
    row_id = _row(conn, ws_id, finding.key).id  # type: ignore[arg-type]
    delete_tags(conn, finding_tags, row_id)
    insert_tags(conn, finding_tags, tag_rows(row_id, finding, FINDING_TAGS))
    after = dataclasses.replace(finding, version=expected_version + 1, updated_at=stamp,
                                created_at=before.created_at)
    audit.record(conn, user=user, workspace_key=workspace_key, entity="finding",
                 action="update", record_key=finding.key, before=before, after=after)
    return after


def delete_finding(conn: sa.Connection, *, workspace_key: str, key: str,
                   expected_version: int, user: str) -> None:
    before = get_finding(conn, workspace_key=workspace_key, key=key)
    if before.version != expected_version:
        raise ConflictError(
            f"finding '{key}' changed since you loaded it (version {expected_version}, now "
            f"{before.version}); nothing was deleted", current_version=before.version)
    ws_id = workspace_id(conn, key=workspace_key)
    conn.execute(findings.delete().where(findings.c.workspace_id == ws_id,
                                         findings.c.key == key,
                                         findings.c.version == expected_version))
    audit.record(conn, user=user, workspace_key=workspace_key, entity="finding",
                 action="delete", record_key=key, before=before)
