"""Database.begin_write: the transaction imports read and write in (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from tests.services.sample import WS, sample_data

from impactkit.errors import ConflictError
from impactkit.services.setup import init_database
from impactkit.store import records
from impactkit.store.db import Database


def test_on_sqlite_the_write_lock_is_taken_before_the_first_read(sample: Database) -> None:
    """Without BEGIN IMMEDIATE the driver starts the transaction at the first write, so the
    reads before it see a database that others may still change."""
    if sample.dialect != "sqlite":
        pytest.skip("PostgreSQL locks rows as they are read (FOR UPDATE), not the database")
    other = sa.create_engine(sample.url)
    try:
        with sample.begin_write() as conn:
            records.load_workspace_data(conn, workspace_key=WS)  # reads only
            with other.connect() as writer:
                writer.exec_driver_sql("PRAGMA busy_timeout=0")
                with pytest.raises(sa.exc.OperationalError, match="locked"):
                    writer.exec_driver_sql("UPDATE findings SET title = 'theirs'")
    finally:
        other.dispose()


def test_on_postgresql_what_an_import_read_stays_as_it_read_it(sample: Database) -> None:
    if sample.dialect != "postgresql":
        pytest.skip("SQLite has no row locks: the test above covers it")
    other = sa.create_engine(sample.url)
    try:
        with sample.begin_write() as conn:
            records.load_workspace_data(conn, workspace_key=WS, for_share=True)
            with other.connect() as writer:
                writer.exec_driver_sql("SET lock_timeout = '50ms'")
                with pytest.raises(sa.exc.OperationalError, match="lock timeout"):
                    writer.exec_driver_sql("UPDATE findings SET title = 'theirs'")
                writer.rollback()
                # records can still be added (the workspace row is not key-locked)
                writer.exec_driver_sql(
                    "INSERT INTO indicator_values (workspace_id, key, indicator, year, value, "
                    "version) SELECT id, 'I-new', 'x', 2024, 1, 1 FROM workspaces")
                writer.rollback()
    finally:
        other.dispose()


def test_a_key_taken_meanwhile_is_a_conflict_and_nothing_is_written(
        sample: Database) -> None:
    """The last-moment clash a check inside the transaction cannot see on PostgreSQL (a
    record added under the same key after the check): the unique key refuses it, and the
    refusal says what happened instead of a driver traceback."""
    data = sample_data()
    with pytest.raises(ConflictError, match="run it again"), sample.begin_write() as conn:
        records.add_records(conn, workspace_key=WS, data=data, user="again")
    with sample.connect() as conn:
        assert len(records.load_workspace_data(conn, workspace_key=WS).findings) == \
            len(data.findings)


def test_a_reading_connection_leaves_no_autocommit_behind_for_writers(database: Database) -> None:
    """Reads on PostgreSQL run without a transaction (autocommit); the pool must hand the same
    connection to a writer in a real transaction again, or a failed write would be half kept."""
    init_database(database, user="setup")
    with database.connect() as reader:
        reader.execute(sa.text("SELECT 1"))
    with pytest.raises(RuntimeError, match="abandon"), database.begin() as writer:
        writer.execute(sa.text("INSERT INTO jurisdictions (code, name, kind) "
                               "VALUES ('HALF', 'Half written', 'country')"))
        raise RuntimeError("abandon the write")
    with database.connect() as reader:
        codes = reader.execute(sa.text("SELECT code FROM jurisdictions")).scalars().all()
    assert "HALF" not in codes
