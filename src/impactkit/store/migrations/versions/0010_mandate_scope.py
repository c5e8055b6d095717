"""mandate scope: a mandate's child groups are served in particular, and limit it only when
``limited_to_groups`` is set (levels and age bands are tag rows, like its other codes)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 16:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


_TAGS = sa.table("mandate_tags", sa.column("owner_id", sa.Integer),
                 sa.column("kind", sa.String), sa.column("position", sa.Integer),
                 sa.column("code", sa.String))


def upgrade() -> None:
    # Existing mandates take the meaning their users gave them: the groups they name are
    # served in particular (the earlier reading, groups as a limit, reported a municipal
    # social work centre as responsible for no other child). A user marks a true limit.
    # A plain ADD COLUMN: SQLite's batch mode would rebuild the table, and the rebuild's
    # DROP cascades to the mandates' tags.
    op.add_column("mandates", sa.Column("limited_to_groups", sa.Boolean(), nullable=False,
                                        server_default=sa.false()))


def downgrade() -> None:
    op.execute(_TAGS.delete().where(_TAGS.c.kind.in_(("level", "age-band"))))
    # SQLite drops a column by rebuilding the table, and the rebuild cascades to the tags:
    # keep them aside and put them back.
    conn = op.get_bind()
    kept = [dict(row._mapping) for row in conn.execute(sa.select(_TAGS))]
    with op.batch_alter_table("mandates") as batch:
        batch.drop_column("limited_to_groups")
    if kept and not conn.execute(sa.select(sa.func.count()).select_from(_TAGS)).scalar():
        conn.execute(_TAGS.insert(), kept)
