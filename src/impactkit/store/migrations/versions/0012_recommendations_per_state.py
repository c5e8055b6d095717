"""recommendations per State: recommendations and actions belong to the workspace's
jurisdiction and are shared by all its workspaces (cycles); a ``sort_key`` orders paragraph
numbers naturally (121.2 before 121.10)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 20:10:00

What the upgrade does with data already stored, so that nothing is lost:

- links to findings name their workspace (``veldmark-2024/F-12``): findings stay in one
  workspace while the recommendation is now seen from all of them;
- the same recommendation stored in two workspaces of one State (the same key and the same
  source text, mechanism, symbol and paragraph) becomes one: the copy of the newest cycle stays,
  the other copies' tags are added to it, their status assessments and actions move to it, and
  their tag suggestions move to it when it has none for that tag (a decision beats a pending
  suggestion); the highest version is kept;
- two different recommendations that shared a key in two workspaces both stay: the one of the
  older cycle takes the key ``KEY-WORKSPACE`` (and the actions and own recommendations of its
  workspace follow it);
- actions are merged the same way (same key, title and description) or renamed.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_WORKSPACES = sa.table("workspaces", sa.column("id", sa.Integer), sa.column("key", sa.String),
                       sa.column("jurisdiction_id", sa.Integer), sa.column("year", sa.Integer))
_RECS = sa.table("recommendations", sa.column("id", sa.Integer),
                 sa.column("workspace_id", sa.Integer), sa.column("jurisdiction_id", sa.Integer),
                 sa.column("key", sa.String), sa.column("mechanism", sa.String),
                 sa.column("text", sa.Text), sa.column("document_symbol", sa.String),
                 sa.column("paragraph", sa.String), sa.column("family", sa.String),
                 sa.column("version", sa.Integer), sa.column("sort_key", sa.String))
_ACTIONS = sa.table("actions", sa.column("id", sa.Integer), sa.column("workspace_id", sa.Integer),
                    sa.column("jurisdiction_id", sa.Integer), sa.column("key", sa.String),
                    sa.column("title", sa.Text), sa.column("description", sa.Text),
                    sa.column("version", sa.Integer))


def _tag_table(name: str) -> Any:
    return sa.table(name, sa.column("owner_id", sa.Integer), sa.column("kind", sa.String),
                    sa.column("position", sa.Integer), sa.column("code", sa.String))


_REC_TAGS = _tag_table("recommendation_tags")
_ACTION_TAGS = _tag_table("action_tags")
_STATUS = sa.table("status_assessments", sa.column("id", sa.Integer),
                   sa.column("recommendation_id", sa.Integer), sa.column("source", sa.String),
                   sa.column("status", sa.String), sa.column("assessed_on", sa.Date),
                   sa.column("assessor", sa.Text), sa.column("evidence", sa.Text),
                   sa.column("note", sa.Text))
_SUGGESTIONS = sa.table("tag_suggestions", sa.column("id", sa.Integer),
                        sa.column("recommendation_id", sa.Integer), sa.column("kind", sa.String),
                        sa.column("code", sa.String), sa.column("state", sa.String))
_OWN = sa.table("own_recommendations", sa.column("id", sa.Integer),
                sa.column("workspace_id", sa.Integer), sa.column("tags", sa.JSON))
_CHILDREN = ("recommendation_tags", "status_assessments", "tag_suggestions", "action_tags")

# the search structures of 0011 (SQLite drops a table's triggers with the table)
_SQLITE_TRIGGERS = (
    "CREATE TRIGGER recommendations_fts_insert AFTER INSERT ON recommendations BEGIN "
    "INSERT INTO recommendations_fts(rowid, search_terms) VALUES (new.id, new.search_terms); END",
    "CREATE TRIGGER recommendations_fts_delete AFTER DELETE ON recommendations BEGIN "
    "INSERT INTO recommendations_fts(recommendations_fts, rowid, search_terms) "
    "VALUES ('delete', old.id, old.search_terms); END",
    "CREATE TRIGGER recommendations_fts_update AFTER UPDATE OF search_terms ON recommendations "
    "BEGIN INSERT INTO recommendations_fts(recommendations_fts, rowid, search_terms) "
    "VALUES ('delete', old.id, old.search_terms); "
    "INSERT INTO recommendations_fts(rowid, search_terms) VALUES (new.id, new.search_terms); END",
)


# --- natural order (a frozen copy of impactkit.recommendations.model.natural_key) -----------
def _natural_key(value: str) -> str:
    return re.sub(r"(\d+)", lambda m: (m.group(1).lstrip("0") or "0").rjust(10, "0"),
                  value.casefold())


def _same_source(a: Any, b: Any) -> bool:
    def norm(text: str) -> str:
        return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).casefold()).strip(" ;.")
    return (norm(a.text) == norm(b.text) and a.mechanism == b.mechanism
            and a.document_symbol == b.document_symbol and a.paragraph == b.paragraph)


def upgrade() -> None:
    for table in ("recommendations", "actions"):
        op.add_column(table, sa.Column("jurisdiction_id", sa.Integer(), nullable=True))
    op.add_column("recommendations", sa.Column("sort_key", sa.String(400), nullable=True))
    conn = op.get_bind()
    workspaces = {r.id: r for r in conn.execute(sa.select(_WORKSPACES))}
    _qualify_finding_links(conn, workspaces)
    _merge_recommendations(conn, workspaces)
    _merge_actions(conn, workspaces)
    for records in (_RECS, _ACTIONS):
        for ws in workspaces.values():
            conn.execute(records.update().where(records.c.workspace_id == ws.id)
                         .values(jurisdiction_id=ws.jurisdiction_id))
    keys = list(conn.execute(sa.select(_RECS.c.id, _RECS.c.key)))
    if keys:
        conn.execute(_RECS.update().where(_RECS.c.id == sa.bindparam("rid"))
                     .values(sort_key=sa.bindparam("sk")),
                     [{"rid": r.id, "sk": _natural_key(r.key)} for r in keys])
    if conn.dialect.name == "sqlite":
        _rebuild_sqlite(conn, per_state=True)
    else:
        _alter_postgres(per_state=True)


def downgrade() -> None:
    """Back to one copy per workspace: each State's recommendations and actions go to the
    State's first workspace (there is no telling which cycle a shared record came from)."""
    op.add_column("recommendations", sa.Column("workspace_id", sa.Integer(), nullable=True))
    op.add_column("actions", sa.Column("workspace_id", sa.Integer(), nullable=True))
    conn = op.get_bind()
    first: dict[int, int] = {}
    for row in conn.execute(sa.select(_WORKSPACES).order_by(_WORKSPACES.c.id)):
        first.setdefault(row.jurisdiction_id, row.id)
    orphans: list[int] = []
    for records in (_RECS, _ACTIONS):
        for jurisdiction, ws in first.items():
            conn.execute(records.update().where(records.c.jurisdiction_id == jurisdiction)
                         .values(workspace_id=ws))
        orphans += [r for r in conn.execute(sa.select(records.c.id).where(
            records.c.workspace_id.is_(None))).scalars()]
    if orphans:
        raise RuntimeError("some recommendations or actions belong to a State without a "
                           "workspace; a downgrade would lose them")
    _unqualify_finding_links(conn)
    if conn.dialect.name == "sqlite":
        _rebuild_sqlite(conn, per_state=False)
    else:
        _alter_postgres(per_state=False)


# --- data ------------------------------------------------------------------------------------
def _qualify_finding_links(conn: sa.Connection, workspaces: dict[int, Any]) -> None:
    rows = conn.execute(sa.select(_REC_TAGS.c.owner_id, _REC_TAGS.c.position,
                                  _REC_TAGS.c.code, _RECS.c.workspace_id)
                        .join(_RECS, _RECS.c.id == _REC_TAGS.c.owner_id)
                        .where(_REC_TAGS.c.kind == "finding")).all()
    for row in rows:
        if "/" in row.code:
            continue
        conn.execute(_REC_TAGS.update().where(
            _REC_TAGS.c.owner_id == row.owner_id, _REC_TAGS.c.kind == "finding",
            _REC_TAGS.c.position == row.position)
            .values(code=f"{workspaces[row.workspace_id].key}/{row.code}"))


def _unqualify_finding_links(conn: sa.Connection) -> None:
    """Before 0012 a link named a finding of the recommendation's own workspace by its bare
    key: links to that workspace's findings lose the prefix (others keep it, and show as
    unknown findings to the older code)."""
    keys = {r.id: r.key for r in conn.execute(sa.select(_WORKSPACES))}
    rows = conn.execute(sa.select(_REC_TAGS.c.owner_id, _REC_TAGS.c.position,
                                  _REC_TAGS.c.code, _RECS.c.workspace_id)
                        .join(_RECS, _RECS.c.id == _REC_TAGS.c.owner_id)
                        .where(_REC_TAGS.c.kind == "finding")).all()
    for row in rows:
        prefix = f"{keys[row.workspace_id]}/"
        if row.code.startswith(prefix):
            conn.execute(_REC_TAGS.update().where(
                _REC_TAGS.c.owner_id == row.owner_id, _REC_TAGS.c.kind == "finding",
                _REC_TAGS.c.position == row.position)
                .values(code=row.code[len(prefix):]))


def _newest_last(rows: Iterable[Any], workspaces: dict[int, Any]
                 ) -> dict[tuple[int, str], list[Any]]:
    groups: dict[tuple[int, str], list[Any]] = defaultdict(list)
    for row in rows:
        groups[(workspaces[row.workspace_id].jurisdiction_id, row.key)].append(row)
    for copies in groups.values():
        copies.sort(key=lambda r: (workspaces[r.workspace_id].year or 0, r.workspace_id))
    return {group: copies for group, copies in groups.items() if len(copies) > 1}


_KEY_LENGTH = 120


def _free_key(conn: sa.Connection, table: Any, key: str, ws_key: str) -> str:
    """``KEY-WORKSPACE`` (then ``-2``, ``-3`` ...), cut to fit the key column."""
    n = 1
    while True:
        suffix = f"-{ws_key}" + (f"-{n}" if n > 1 else "")
        candidate = key[:max(_KEY_LENGTH - len(suffix), 1)] + suffix
        candidate = candidate[-_KEY_LENGTH:]
        if not conn.execute(sa.select(table.c.id).where(table.c.key == candidate)).first():
            return candidate
        n += 1


def _merge_recommendations(conn: sa.Connection, workspaces: dict[int, Any]) -> None:
    for copies in _newest_last(conn.execute(sa.select(_RECS)), workspaces).values():
        keeper = copies[-1]
        version = keeper.version  # the highest of the merged copies
        for other in copies[:-1]:
            ws_key = workspaces[other.workspace_id].key
            if not _same_source(keeper, other):
                new_key = _free_key(conn, _RECS, other.key, ws_key)
                conn.execute(_RECS.update().where(_RECS.c.id == other.id)
                             .values(key=new_key))
                conn.execute(_ACTION_TAGS.update().where(
                    _ACTION_TAGS.c.kind == "recommendation", _ACTION_TAGS.c.code == other.key,
                    _ACTION_TAGS.c.owner_id.in_(sa.select(_ACTIONS.c.id).where(
                        _ACTIONS.c.workspace_id == other.workspace_id)))
                    .values(code=new_key))
                _rename_related(conn, other.workspace_id, other.key, new_key)
                # its reiteration family (named after its oldest member) follows it
                conn.execute(_RECS.update().where(_RECS.c.workspace_id == other.workspace_id,
                                                  _RECS.c.family == other.key)
                             .values(family=new_key))
                continue
            _move_tags(conn, _REC_TAGS, other.id, keeper.id)
            _move_status(conn, other.id, keeper.id)
            _move_suggestions(conn, other.id, keeper.id)
            version = max(version, other.version)
            conn.execute(_RECS.update().where(_RECS.c.id == keeper.id).values(version=version))
            conn.execute(_RECS.delete().where(_RECS.c.id == other.id))


def _rename_related(conn: sa.Connection, workspace: int, old: str, new: str) -> None:
    """The workspace's own recommendations follow up the renamed recommendation by its new
    key (``related`` in their tags)."""
    for row in conn.execute(sa.select(_OWN).where(_OWN.c.workspace_id == workspace)).all():
        tags = dict(row.tags or {})
        related = list(tags.get("related", ()))
        if old in related:
            tags["related"] = [new if key == old else key for key in related]
            conn.execute(_OWN.update().where(_OWN.c.id == row.id).values(tags=tags))


def _merge_actions(conn: sa.Connection, workspaces: dict[int, Any]) -> None:
    for copies in _newest_last(conn.execute(sa.select(_ACTIONS)), workspaces).values():
        keeper = copies[-1]
        version = keeper.version
        for other in copies[:-1]:
            if (other.title, other.description) != (keeper.title, keeper.description):
                new_key = _free_key(conn, _ACTIONS, other.key,
                                    workspaces[other.workspace_id].key)
                conn.execute(_ACTIONS.update().where(_ACTIONS.c.id == other.id)
                             .values(key=new_key))
                continue
            _move_tags(conn, _ACTION_TAGS, other.id, keeper.id)
            version = max(version, other.version)
            conn.execute(_ACTIONS.update().where(_ACTIONS.c.id == keeper.id)
                         .values(version=version))
            conn.execute(_ACTIONS.delete().where(_ACTIONS.c.id == other.id))


def _move_tags(conn: sa.Connection, tags: Any, source: int, target: int) -> None:
    """The source's codes the target lacks, appended after the target's own, kind by kind."""
    held: dict[str, list[str]] = defaultdict(list)
    for row in conn.execute(sa.select(tags).where(tags.c.owner_id == target)
                            .order_by(tags.c.kind, tags.c.position)):
        held[row.kind].append(row.code)
    added = []
    for row in conn.execute(sa.select(tags).where(tags.c.owner_id == source)
                            .order_by(tags.c.kind, tags.c.position)):
        if row.code in held[row.kind]:
            continue
        added.append({"owner_id": target, "kind": row.kind, "position": len(held[row.kind]),
                      "code": row.code})
        held[row.kind].append(row.code)
    if added:
        conn.execute(tags.insert(), added)


def _move_status(conn: sa.Connection, source: int, target: int) -> None:
    fields = ("source", "status", "assessed_on", "assessor", "evidence", "note")
    held = {tuple(getattr(r, f) for f in fields) for r in conn.execute(
        sa.select(_STATUS).where(_STATUS.c.recommendation_id == target))}
    for row in conn.execute(sa.select(_STATUS).where(_STATUS.c.recommendation_id == source)
                            ).all():
        if tuple(getattr(row, f) for f in fields) not in held:
            conn.execute(_STATUS.update().where(_STATUS.c.id == row.id)
                         .values(recommendation_id=target))


def _move_suggestions(conn: sa.Connection, source: int, target: int) -> None:
    held = {(r.kind, r.code): r for r in conn.execute(
        sa.select(_SUGGESTIONS).where(_SUGGESTIONS.c.recommendation_id == target))}
    for row in conn.execute(sa.select(_SUGGESTIONS).where(
            _SUGGESTIONS.c.recommendation_id == source)).all():
        mine = held.get((row.kind, row.code))
        if mine is None:
            conn.execute(_SUGGESTIONS.update().where(_SUGGESTIONS.c.id == row.id)
                         .values(recommendation_id=target))
        elif mine.state == "pending" and row.state != "pending":
            conn.execute(_SUGGESTIONS.delete().where(_SUGGESTIONS.c.id == mine.id))
            conn.execute(_SUGGESTIONS.update().where(_SUGGESTIONS.c.id == row.id)
                         .values(recommendation_id=target))


# --- schema ----------------------------------------------------------------------------------
def _owner(per_state: bool) -> tuple[str, str]:
    return ("jurisdiction_id", "jurisdictions") if per_state else ("workspace_id", "workspaces")


def _recommendation_indexes(per_state: bool) -> list[tuple[str, list[str]]]:
    owner, _ = _owner(per_state)
    if per_state:
        return [("ix_recommendations_state_family", [owner, "family"]),
                ("ix_recommendations_state_mechanism", [owner, "mechanism", "sort_key"]),
                ("ix_recommendations_state_cycle", [owner, "cycle", "sort_key"])]
    return [("ix_recommendations_workspace_family", [owner, "family"]),
            ("ix_recommendations_workspace_mechanism", [owner, "mechanism", "key"]),
            ("ix_recommendations_workspace_cycle", [owner, "cycle", "key"])]


def _alter_postgres(per_state: bool) -> None:
    owner, target = _owner(per_state)
    old, old_target = _owner(not per_state)
    for name, _ in _recommendation_indexes(not per_state):
        op.drop_index(name, table_name="recommendations")
    for table in ("recommendations", "actions"):
        op.drop_constraint(f"uq_{table}_{old}_key", table, type_="unique")
        op.drop_constraint(f"fk_{table}_{old}_{old_target}", table, type_="foreignkey")
        op.drop_column(table, old)
        op.alter_column(table, owner, nullable=False)
        op.create_foreign_key(f"fk_{table}_{owner}_{target}", table, target, [owner], ["id"],
                              ondelete="CASCADE")
        op.create_unique_constraint(f"uq_{table}_{owner}_key", table, [owner, "key"])
    if per_state:
        op.alter_column("recommendations", "sort_key", nullable=False)
    else:
        op.drop_column("recommendations", "sort_key")
    for name, columns in _recommendation_indexes(per_state):
        op.create_index(name, "recommendations", columns)


def _rebuild_sqlite(conn: sa.Connection, per_state: bool) -> None:
    """SQLite changes a table's constraints only by rebuilding it, and dropping the old table
    cascades to every row pointing at it (tags, status, suggestions, action tags): those are
    kept aside and put back, the search table's triggers made again and its index rebuilt."""
    kept = {name: [dict(r._mapping) for r in conn.execute(sa.text(f"SELECT * FROM {name}"))]
            for name in _CHILDREN}
    for name, table in _sqlite_tables(per_state).items():
        columns = [c.name for c in table.columns]
        table.create(conn)
        conn.exec_driver_sql(
            f"INSERT INTO {table.name} ({', '.join(columns)}) "
            f"SELECT {', '.join(columns)} FROM {name}")
        conn.exec_driver_sql(f"DROP TABLE {name}")
        conn.exec_driver_sql(f"ALTER TABLE {table.name} RENAME TO {name}")
    for name, columns in _recommendation_indexes(per_state):
        op.create_index(name, "recommendations", columns)
    for name in _CHILDREN:
        conn.exec_driver_sql(f"DELETE FROM {name}")  # rows the cascade left, if any
        if kept[name]:
            conn.execute(sa.table(name, *(sa.column(c) for c in kept[name][0])).insert(),
                         kept[name])
    for statement in _SQLITE_TRIGGERS:
        conn.exec_driver_sql(statement)
    conn.exec_driver_sql("INSERT INTO recommendations_fts(recommendations_fts) "
                         "VALUES ('rebuild')")


def _sqlite_tables(per_state: bool) -> dict[str, sa.Table]:
    """The two tables as they are after this revision (or before it, for the downgrade),
    made under a temporary name with the constraint names the final name gives."""
    owner, target = _owner(per_state)
    meta = sa.MetaData()
    sa.Table(target, meta, sa.Column("id", sa.Integer, primary_key=True))  # for the FK only
    recommendations = sa.Table(
        "recommendations_rebuilt", meta,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(owner, sa.Integer, nullable=False),
        sa.Column("key", sa.String(120), nullable=False),
        sa.Column("mechanism", sa.String(40), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("document_symbol", sa.String(120), nullable=False, server_default=""),
        sa.Column("paragraph", sa.String(60), nullable=False, server_default=""),
        sa.Column("cycle", sa.String(60), nullable=False, server_default=""),
        sa.Column("session", sa.String(60), nullable=False, server_default=""),
        sa.Column("date", sa.Date, nullable=True),
        sa.Column("position", sa.String(20), nullable=True),
        sa.Column("language", sa.String(20), nullable=False, server_default="en"),
        sa.Column("family", sa.String(120), nullable=False, server_default=""),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.Column("search_terms", sa.Text, nullable=False, server_default=""),
        *([sa.Column("sort_key", sa.String(400), nullable=False)] if per_state else []),
        sa.PrimaryKeyConstraint("id", name="pk_recommendations"),
        sa.ForeignKeyConstraint([owner], [f"{target}.id"], ondelete="CASCADE",
                                name=f"fk_recommendations_{owner}_{target}"),
        sa.UniqueConstraint(owner, "key", name=f"uq_recommendations_{owner}_key"),
    )
    actions = sa.Table(
        "actions_rebuilt", meta,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(owner, sa.Integer, nullable=False),
        sa.Column("key", sa.String(120), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("description", sa.Text, nullable=False, server_default=""),
        sa.Column("status", sa.String(40), nullable=False),
        sa.Column("due", sa.Date, nullable=True),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.PrimaryKeyConstraint("id", name="pk_actions"),
        sa.ForeignKeyConstraint([owner], [f"{target}.id"], ondelete="CASCADE",
                                name=f"fk_actions_{owner}_{target}"),
        sa.UniqueConstraint(owner, "key", name=f"uq_actions_{owner}_key"),
    )
    return {"recommendations": recommendations, "actions": actions}
