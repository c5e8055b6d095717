"""Migrations bring an empty database to exactly the schema the code declares."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from impactkit.errors import ImpactError
from impactkit.store.db import SCHEMA_HEAD, Database, alembic_config
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


def test_the_schema_head_the_code_checks_is_alembics_newest_migration() -> None:
    """Checking a database compares its revision with ``SCHEMA_HEAD`` instead of loading
    Alembic; a migration added without moving the constant fails here."""
    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == SCHEMA_HEAD


def test_a_database_at_an_older_revision_is_refused_until_init(database: Database) -> None:
    with database.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '0006'"))
    assert database.current_revision() == "0006"
    with pytest.raises(ImpactError, match="run 'impact init' first"):
        database.require_current()
    with database.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = :head"),
                     {"head": SCHEMA_HEAD})
    database.require_current()
