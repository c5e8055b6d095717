"""Reading a workspace as the analysis needs it: findings straight into columns.

Analysing a stored workspace used to read every finding into a
:class:`~impactkit.domain.Finding` and every tag into a per-finding dictionary, which cost
several times the analysis itself. Here the few fields and tag kinds the analysis reads
(:data:`~impactkit.analysis.table.SCALAR_FIELDS`,
:data:`~impactkit.analysis.table.LIST_FIELDS`) come out of two queries as columns: one row
of the findings table per finding, one row of the tag table per code, split by kind with
numpy. No object is built per finding or per tag.
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any

import numpy as np
import sqlalchemy as sa

from impactkit.analysis.table import (
    LIST_FIELDS,
    SCALAR_FIELDS,
    AnalysisInput,
    CodeList,
    FindingTable,
)
from impactkit.store.records import load_system
from impactkit.store.schema import finding_tags, findings
from impactkit.store.tags import FINDING_TAGS
from impactkit.store.workspaces import get_workspace, workspace_id

_KINDS = [FINDING_TAGS[name] for name in LIST_FIELDS]


def load_analysis_input(conn: sa.Connection, *, workspace_key: str) -> AnalysisInput:
    """A workspace's actors, mandates and links, and its findings as a table, in the order
    they were added (raises NotFoundError for an unknown workspace)."""
    workspace = get_workspace(conn, key=workspace_key)
    ws_id = workspace_id(conn, key=workspace_key)
    assert ws_id is not None
    system = load_system(conn, ws_id)
    return AnalysisInput(workspace=workspace, actors=system.actors, mandates=system.mandates,
                         links=system.links, findings=load_finding_table(conn, ws_id))


def load_finding_table(conn: sa.Connection, ws_id: int) -> FindingTable:
    """The findings of workspace ``ws_id`` as columns, in id order (see module doc)."""
    columns = [findings.c.id, findings.c.key, *(findings.c[name] for name in SCALAR_FIELDS)]
    found = _columns(conn, sa.select(*columns).where(findings.c.workspace_id == ws_id)
                     .order_by(findings.c.id), len(columns))
    ids = np.asarray(found[0], dtype=np.int64)
    tags = _columns(conn, sa.select(finding_tags.c.owner_id, finding_tags.c.kind,
                                    finding_tags.c.code)
                    .where(finding_tags.c.owner_id.in_(
                        sa.select(findings.c.id).where(findings.c.workspace_id == ws_id)))
                    .where(finding_tags.c.kind.in_(_KINDS))
                    .order_by(finding_tags.c.owner_id, finding_tags.c.kind,
                              finding_tags.c.position), 3)
    owner_ids = np.asarray(tags[0], dtype=np.int64)
    owner = np.searchsorted(ids, owner_ids)
    kind_of = {kind: i for i, kind in enumerate(_KINDS)}
    kinds = np.fromiter(map(kind_of.__getitem__, tags[1]), dtype=np.int64, count=len(tags[1]))
    # Outside a transaction (PostgreSQL reads, see Database.connect) a finding added between
    # the two queries brings tags without a row: they are left out, as the finding is.
    if len(ids):
        kinds[ids[np.minimum(owner, len(ids) - 1)] != owner_ids] = -1
    codes = np.asarray(tags[2], dtype=object)
    return FindingTable(
        keys=found[1],
        scalars=dict(zip(SCALAR_FIELDS, found[2:], strict=True)),
        lists={name: CodeList(owner[kinds == i], codes[kinds == i].tolist())
               for i, name in enumerate(LIST_FIELDS)})


def _columns(conn: sa.Connection, query: sa.Select[Any], width: int) -> list[list[Any]]:
    """The rows of ``query`` as ``width`` columns.

    Read with the driver's own cursor on the connection (SQLAlchemy's "raw DBAPI
    connection", same transaction): its plain tuples cost half the time of result rows
    over half a million tags. Only for columns whose values need no conversion by
    SQLAlchemy's types (integers and text here). Rows are fetched a chunk at a time and
    turned into columns as they come, so the tuples of a million findings' five million
    tags never all exist at once."""
    compiled = query.compile(dialect=conn.dialect,
                             compile_kwargs={"render_postcompile": True})
    params = compiled.params
    parameters = tuple(params[name] for name in compiled.positiontup or ()) \
        if compiled.positional else params
    columns: list[list[Any]] = [[] for _ in range(width)]
    getters = [itemgetter(i) for i in range(width)]
    cursor = conn.connection.cursor()
    try:
        cursor.execute(str(compiled), parameters)
        while rows := cursor.fetchmany(_CHUNK_ROWS):
            for column, getter in zip(columns, getters, strict=True):
                column.extend(map(getter, rows))
    finally:
        cursor.close()
    return columns


_CHUNK_ROWS = 50_000
