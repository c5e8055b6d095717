"""The data version that keys rendered pages: it moves with every change, and on PostgreSQL
with every commit, whichever audit id the writer drew and whenever it drew it."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from impactkit.services.setup import init_database
from impactkit.services.workspaces import create_workspace
from impactkit.store import audit
from impactkit.store.db import Database
from impactkit.store.versions import DataVersion, data_version


def _now(database: Database) -> DataVersion:
    with database.connect() as reader:
        return data_version(reader)


def test_every_audited_change_moves_the_version(database: Database) -> None:
    init_database(database, user="tester")
    before = _now(database)
    assert _now(database) == before  # nothing changed: the same version
    create_workspace(database, key="ws-a", title="A", jurisdiction="FR", cycle="2024",
                     user="tester")
    after = _now(database)
    assert after.newest_audit_id > before.newest_audit_id
    assert after != before


def test_on_sqlite_the_newest_audit_id_is_the_whole_version(database: Database) -> None:
    if database.dialect != "sqlite":
        pytest.skip("PostgreSQL adds the snapshot's horizon (tests below)")
    init_database(database, user="tester")
    assert _now(database).horizon == ""


def test_a_commit_moves_the_version_though_its_writer_drew_its_id_before_holding_a_transaction(
        database: Database) -> None:
    """Drawing an audit id from the sequence takes no transaction id: a writer that drew
    its id, then waited while a faster writer committed a newer entry, is not in progress
    when a reader reads the version. Its commit must still move the version, though its id
    is below the newest one."""
    if database.dialect != "postgresql":
        pytest.skip("SQLite runs one writer at a time: the newest audit id is exact there")
    init_database(database, user="tester")
    with database.begin() as slow:
        drawn = slow.execute(sa.select(sa.func.nextval("audit_log_id_seq"))).scalar_one()
        create_workspace(database, key="ws-c", title="C", jurisdiction="FR", cycle="2024",
                         user="fast")  # a newer id, committed first
        during = _now(database)
        assert during.newest_audit_id > drawn
        slow.execute(sa.text(
            "INSERT INTO audit_log (id, at, username, entity, action, summary) "
            "VALUES (:id, now(), 'slow', 'setting', 'update', 'drew its id early')"),
            {"id": drawn})
        assert _now(database) == during  # not committed: nothing visible changed
    after = _now(database)
    assert after.newest_audit_id == during.newest_audit_id
    assert after != during


def test_a_write_committing_behind_a_newer_audit_entry_still_moves_the_version(
        database: Database) -> None:
    """The version stays the same while writes stay in flight (so a cache may keep what it
    built), and changes when one of them commits, even with an audit id below the newest
    one."""
    if database.dialect != "postgresql":
        pytest.skip("SQLite runs one writer at a time: the newest audit id is exact there")
    init_database(database, user="tester")
    with database.begin() as slow:  # commits when the block ends
        audit.record(slow, user="slow", workspace_key=None, entity="setting",
                     action="update", summary="drew the older id")
        create_workspace(database, key="ws-b", title="B", jurisdiction="FR", cycle="2024",
                         user="fast")  # a newer id, committed first
        during = _now(database)
        assert _now(database) == during  # nothing changed: the same version
    after = _now(database)
    assert after.newest_audit_id == during.newest_audit_id  # the older id is not the newest
    assert after != during


def test_a_rolled_back_write_leaves_the_data_and_may_only_cost_a_cache_miss(
        database: Database) -> None:
    """Nothing committed, so no page built before it is wrong; the version may move (the
    transaction ended), which only makes a cache build a page again."""
    init_database(database, user="tester")
    before = _now(database)
    with pytest.raises(RuntimeError), database.begin() as writer:
        audit.record(writer, user="gone", workspace_key=None, entity="setting",
                     action="update", summary="rolled back")
        raise RuntimeError("roll back")
    assert _now(database).newest_audit_id == before.newest_audit_id
