"""recommendation filter indexes: searching 100k recommendations by mechanism or cycle alone
scanned the whole table to count the matches

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 21:55:00
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("recommendations", schema=None) as batch_op:
        batch_op.create_index("ix_recommendations_workspace_mechanism",
                              ["workspace_id", "mechanism", "key"], unique=False)
        batch_op.create_index("ix_recommendations_workspace_cycle",
                              ["workspace_id", "cycle", "key"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("recommendations", schema=None) as batch_op:
        batch_op.drop_index("ix_recommendations_workspace_cycle")
        batch_op.drop_index("ix_recommendations_workspace_mechanism")
