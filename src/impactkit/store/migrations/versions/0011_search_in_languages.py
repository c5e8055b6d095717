"""search in languages: recommendations are searched by the stems of their words in their own
language (``recommendations.search_terms``, computed in Python), no longer by English stems

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 19:40:00

The Porter stemmer of 0003 knows English only ("vittima" missed "vittime"). The new column holds
each text's stems in its language (:func:`impactkit.recommendations.languages.search_terms`),
and the same full-text structures on both databases index it word for word: on SQLite an FTS5
table (``unicode61``, no stemming of its own) kept in step by triggers, on PostgreSQL a GIN
index over ``to_tsvector('simple', search_terms)``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from impactkit.recommendations.languages import search_terms

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_RECOMMENDATIONS = sa.table("recommendations", sa.column("id", sa.Integer),
                            sa.column("text", sa.Text), sa.column("language", sa.String),
                            sa.column("search_terms", sa.Text))
_TRIGGERS = ("insert", "delete", "update")

SQLITE_SEARCH = (
    "CREATE VIRTUAL TABLE recommendations_fts USING fts5(search_terms, "
    "content='recommendations', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER recommendations_fts_insert AFTER INSERT ON recommendations BEGIN "
    "INSERT INTO recommendations_fts(rowid, search_terms) VALUES (new.id, new.search_terms); END",
    "CREATE TRIGGER recommendations_fts_delete AFTER DELETE ON recommendations BEGIN "
    "INSERT INTO recommendations_fts(recommendations_fts, rowid, search_terms) "
    "VALUES ('delete', old.id, old.search_terms); END",
    "CREATE TRIGGER recommendations_fts_update AFTER UPDATE OF search_terms ON recommendations "
    "BEGIN INSERT INTO recommendations_fts(recommendations_fts, rowid, search_terms) "
    "VALUES ('delete', old.id, old.search_terms); "
    "INSERT INTO recommendations_fts(rowid, search_terms) VALUES (new.id, new.search_terms); END",
    "INSERT INTO recommendations_fts(recommendations_fts) VALUES ('rebuild')",
)
POSTGRES_SEARCH = (
    "CREATE INDEX ix_recommendations_search ON recommendations "
    "USING gin (to_tsvector('simple', search_terms))",
)

# 0003's structures, frozen here for the downgrade
SQLITE_ENGLISH = (
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
    "INSERT INTO recommendations_fts(recommendations_fts) VALUES ('rebuild')",
)
POSTGRES_ENGLISH = (
    "CREATE INDEX ix_recommendations_search ON recommendations "
    "USING gin (to_tsvector('english', text))",
)


def upgrade() -> None:
    _drop_search()
    # A plain ADD COLUMN: SQLite's batch mode would rebuild the table, and the rebuild's DROP
    # cascades to the recommendations' tags, status history and suggestions.
    op.add_column("recommendations", sa.Column("search_terms", sa.Text(), nullable=False,
                                               server_default=""))
    _fill_search_terms()
    _create(SQLITE_SEARCH, POSTGRES_SEARCH)


def downgrade() -> None:
    _drop_search()
    op.drop_column("recommendations", "search_terms")  # SQLite 3.35+ drops it in place
    _create(SQLITE_ENGLISH, POSTGRES_ENGLISH)


def _fill_search_terms(batch: int = 1000) -> None:
    conn = op.get_bind()
    rows = conn.execute(sa.select(_RECOMMENDATIONS.c.id, _RECOMMENDATIONS.c.text,
                                  _RECOMMENDATIONS.c.language)).all()
    update = (_RECOMMENDATIONS.update()
              .where(_RECOMMENDATIONS.c.id == sa.bindparam("row_id"))
              .values(search_terms=sa.bindparam("terms")))
    for start in range(0, len(rows), batch):
        conn.execute(update, [{"row_id": row.id, "terms": search_terms(row.text, row.language)}
                              for row in rows[start:start + batch]])


def _create(sqlite: tuple[str, ...], postgresql: tuple[str, ...]) -> None:
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": sqlite, "postgresql": postgresql}.get(dialect, ()):
        op.execute(statement)


def _drop_search() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for trigger in _TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS recommendations_fts_{trigger}")
        op.execute("DROP TABLE IF EXISTS recommendations_fts")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_recommendations_search")
