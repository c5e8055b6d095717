"""recommendations, actions, status assessments, tag suggestions, full-text search

Full-text search is dialect-specific and kept out of the declared schema
(``schema.SEARCH_OBJECTS``): on SQLite an FTS5 table over ``recommendations.text`` (Porter
stemming), kept in step by triggers; on PostgreSQL a GIN index over the English
``to_tsvector`` of the text.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 21:13:27.132750
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_actions_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actions")),
        sa.UniqueConstraint("workspace_id", "key", name=op.f("uq_actions_workspace_id_key")),
    )
    op.create_table(
        "recommendations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("mechanism", sa.String(length=40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("document_symbol", sa.String(length=120), server_default="", nullable=False),
        sa.Column("paragraph", sa.String(length=60), server_default="", nullable=False),
        sa.Column("cycle", sa.String(length=60), server_default="", nullable=False),
        sa.Column("session", sa.String(length=60), server_default="", nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("position", sa.String(length=20), nullable=True),
        sa.Column("language", sa.String(length=20), server_default="en", nullable=False),
        sa.Column("family", sa.String(length=120), server_default="", nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_recommendations_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recommendations")),
        sa.UniqueConstraint(
            "workspace_id", "key", name=op.f("uq_recommendations_workspace_id_key")
        ),
    )
    with op.batch_alter_table("recommendations", schema=None) as batch_op:
        batch_op.create_index(
            "ix_recommendations_workspace_family", ["workspace_id", "family"], unique=False
        )

    op.create_table(
        "tagger_models",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("trained_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("trained_by", sa.Text(), nullable=False),
        sa.Column("examples", sa.Integer(), nullable=False),
        sa.Column("model", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_tagger_models_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tagger_models")),
    )
    op.create_table(
        "action_tags",
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["actions.id"],
            name=op.f("fk_action_tags_owner_id_actions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("owner_id", "kind", "position", name=op.f("pk_action_tags")),
    )
    op.create_table(
        "recommendation_tags",
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["recommendations.id"],
            name=op.f("fk_recommendation_tags_owner_id_recommendations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "owner_id", "kind", "position", name=op.f("pk_recommendation_tags")
        ),
    )
    with op.batch_alter_table("recommendation_tags", schema=None) as batch_op:
        batch_op.create_index("ix_recommendation_tags_kind_code", ["kind", "code"], unique=False)

    op.create_table(
        "status_assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("assessor", sa.Text(), server_default="", nullable=False),
        sa.Column("evidence", sa.Text(), server_default="", nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("recorded_by", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["recommendation_id"],
            ["recommendations.id"],
            name=op.f("fk_status_assessments_recommendation_id_recommendations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_assessments")),
    )
    with op.batch_alter_table("status_assessments", schema=None) as batch_op:
        batch_op.create_index(
            "ix_status_assessments_recommendation",
            ["recommendation_id", "assessed_on"],
            unique=False,
        )

    op.create_table(
        "tag_suggestions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("code", sa.String(length=120), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("support", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("decided_by", sa.Text(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["recommendation_id"],
            ["recommendations.id"],
            name=op.f("fk_tag_suggestions_recommendation_id_recommendations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tag_suggestions")),
        sa.UniqueConstraint(
            "recommendation_id",
            "kind",
            "code",
            name=op.f("uq_tag_suggestions_recommendation_id_kind_code"),
        ),
    )
    with op.batch_alter_table("tag_suggestions", schema=None) as batch_op:
        batch_op.create_index("ix_tag_suggestions_state", ["state", "confidence"], unique=False)
    _create_search()


def downgrade() -> None:
    _drop_search()
    with op.batch_alter_table("tag_suggestions", schema=None) as batch_op:
        batch_op.drop_index("ix_tag_suggestions_state")

    op.drop_table("tag_suggestions")
    with op.batch_alter_table("status_assessments", schema=None) as batch_op:
        batch_op.drop_index("ix_status_assessments_recommendation")

    op.drop_table("status_assessments")
    with op.batch_alter_table("recommendation_tags", schema=None) as batch_op:
        batch_op.drop_index("ix_recommendation_tags_kind_code")

    op.drop_table("recommendation_tags")
    op.drop_table("action_tags")
    op.drop_table("tagger_models")
    with op.batch_alter_table("recommendations", schema=None) as batch_op:
        batch_op.drop_index("ix_recommendations_workspace_family")

    op.drop_table("recommendations")
    op.drop_table("actions")


SQLITE_SEARCH = (
    "CREATE VIRTUAL TABLE recommendations_fts USING fts5(text, content='recommendations', "
    "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER recommendations_fts_insert AFTER INSERT ON recommendations BEGIN "
    "INSERT INTO recommendations_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER recommendations_fts_delete AFTER DELETE ON recommendations BEGIN "
    "INSERT INTO recommendations_fts(recommendations_fts, rowid, text) "
    "VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER recommendations_fts_update AFTER UPDATE OF text ON recommendations BEGIN "
    "INSERT INTO recommendations_fts(recommendations_fts, rowid, text) "
    "VALUES ('delete', old.id, old.text); "
    "INSERT INTO recommendations_fts(rowid, text) VALUES (new.id, new.text); END",
)
POSTGRES_SEARCH = (
    "CREATE INDEX ix_recommendations_search ON recommendations "
    "USING gin (to_tsvector('english', text))",
)


def _create_search() -> None:
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": SQLITE_SEARCH, "postgresql": POSTGRES_SEARCH}.get(dialect, ()):
        op.execute(statement)


def _drop_search() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS recommendations_fts_{trigger}")
        op.execute("DROP TABLE IF EXISTS recommendations_fts")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_recommendations_search")
