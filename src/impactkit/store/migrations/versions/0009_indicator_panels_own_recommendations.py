"""indicator panels and own recommendations: indicators people define without a catalogue,
values per jurisdiction and year shared by the jurisdiction's workspaces, and the assessing
body's own recommendations; evidence may cite an indicator's value

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 13:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "indicator_definitions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=120), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_definitions")),
        sa.UniqueConstraint("code", name=op.f("uq_indicator_definitions_code")),
    )
    op.create_table(
        "indicator_panel",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("jurisdiction_id", sa.Integer(), nullable=False),
        sa.Column("indicator", sa.String(length=120), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("source", sa.Text(), server_default="", nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["jurisdiction_id"], ["jurisdictions.id"],
            name=op.f("fk_indicator_panel_jurisdiction_id_jurisdictions"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_panel")),
        sa.UniqueConstraint("jurisdiction_id", "indicator", "year",
                            name=op.f("uq_indicator_panel_jurisdiction_id_indicator_year")),
    )
    op.create_index("ix_indicator_panel_indicator", "indicator_panel", ["indicator"])
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.add_column(sa.Column("indicator", sa.String(length=120), nullable=True))
    op.create_table(
        "own_recommendations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("grade", sa.String(length=20), nullable=False),
        sa.Column("basis", sa.String(length=40), nullable=False),
        sa.Column("basis_target", sa.String(length=200), server_default="", nullable=False),
        sa.Column("rationale", sa.Text(), server_default="", nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"], ["workspaces.id"],
            name=op.f("fk_own_recommendations_workspace_id_workspaces"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_own_recommendations")),
        sa.UniqueConstraint("workspace_id", "key",
                            name=op.f("uq_own_recommendations_workspace_id_key")),
    )


def downgrade() -> None:
    op.drop_table("own_recommendations")
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_column("indicator")
    op.drop_index("ix_indicator_panel_indicator", table_name="indicator_panel")
    op.drop_table("indicator_panel")
    op.drop_table("indicator_definitions")
