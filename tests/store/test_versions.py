"""The data version that keys rendered pages: it moves with every audited change, and on
PostgreSQL it names the write transactions in flight ('settled' when there are none)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from impactkit.services.accounts import operator
from impactkit.services.setup import init_database
from impactkit.services.workspaces import create_workspace
from impactkit.store import audit
from impactkit.store.db import Database
from impactkit.store.schema import audit_log
from impactkit.store.versions import announce_write, data_version


def test_every_audited_change_moves_the_version(database: Database) -> None:
    init_database(database, user="tester")
    with database.connect() as conn:
        before = data_version(conn)
    assert before.settled
    create_workspace(database, operator("tester"), key="ws-a", title="A", jurisdiction="FR",
                     cycle="2024")
    with database.connect() as conn:
        after = data_version(conn)
    assert after.newest_audit_id > before.newest_audit_id
    assert after.settled


def test_a_write_in_flight_unsettles_the_version_on_postgresql(database: Database) -> None:
    if database.dialect != "postgresql":
        pytest.skip("SQLite runs one writer at a time: its versions are always settled")
    init_database(database, user="tester")
    with database.begin() as writer:
        assert writer.exec_driver_sql("SELECT txid_current()").scalar_one() > 0  # an xid
        with database.connect() as reader:
            assert not data_version(reader).settled
    with database.connect() as reader:
        assert data_version(reader).settled


def test_a_writer_is_in_flight_before_it_draws_its_audit_id(database: Database) -> None:
    """Drawing an id from a sequence takes no transaction id: a transaction whose first write
    is its audit entry would be invisible to the check between drawing the id and writing
    the row. The audit trail announces the write first, which makes it visible."""
    if database.dialect != "postgresql":
        pytest.skip("SQLite runs one writer at a time: its versions are always settled")
    init_database(database, user="tester")
    with database.begin() as writer:
        writer.execute(sa.select(sa.func.max(audit_log.c.id)))  # a reader so far
        with database.connect() as reader:
            assert data_version(reader).settled
        announce_write(writer)
        with database.connect() as reader:
            assert not data_version(reader).settled
    with database.connect() as reader:
        assert data_version(reader).settled


def test_a_write_committing_behind_a_newer_audit_entry_still_moves_the_version(
        database: Database) -> None:
    """With writes in flight the version names them: it stays the same while they stay in
    flight (so a cache may keep what it built), and changes when one of them commits, even
    with an audit id below the newest one."""
    if database.dialect != "postgresql":
        pytest.skip("SQLite runs one writer at a time: its versions are always settled")
    init_database(database, user="tester")
    with database.begin() as slow:  # commits when the block ends
        audit.record(slow, user="slow", workspace_key=None, entity="setting",
                     action="update", summary="drew the older id")
        create_workspace(database, operator("fast"), key="ws-b", title="B",
                         jurisdiction="FR", cycle="2024")  # a newer id, committed first
        with database.connect() as reader:
            during = data_version(reader)
        with database.connect() as reader:
            assert data_version(reader) == during  # nothing changed: the same version
        assert not during.settled and len(during.in_flight) == 1
    with database.connect() as reader:
        after = data_version(reader)
    assert after.newest_audit_id == during.newest_audit_id  # the older id is not the newest
    assert after != during and after.settled
