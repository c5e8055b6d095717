"""Migrations bring an empty database to exactly the schema the code declares."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from impactkit.store.db import Database
from impactkit.store.schema import include_object, metadata


def test_empty_database_migrates_to_head_matching_the_declared_schema(
    empty_database: Database,
) -> None:
    assert not empty_database.is_current()
    empty_database.migrate()
    assert empty_database.is_current()
    with empty_database.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": include_object})
        diff = compare_metadata(context, metadata)
    assert diff == []


def test_migrating_twice_is_harmless(database: Database) -> None:
    revision = database.current_revision()
    database.migrate()
    assert database.current_revision() == revision
    assert database.is_current()
