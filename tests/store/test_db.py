"""The database handle: transactions that commit or leave nothing, reads outside them,
best-effort writes that give up quietly, and messages that name the database without its
password (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from impactkit.errors import ConflictError, ImpactError
from impactkit.store import db as db_module
from impactkit.store.db import Database
from impactkit.store.schema import jurisdictions


def names(database: Database) -> list[str]:
    with database.connect() as conn:
        return list(conn.execute(sa.select(jurisdictions.c.code)
                                 .order_by(jurisdictions.c.code)).scalars())


def add(conn: sa.Connection, code: str) -> None:
    conn.execute(jurisdictions.insert().values(code=code, name=code, kind="country",
                                               fictional=True))


def test_a_transaction_commits_whole_or_leaves_nothing(database: Database) -> None:
    with database.begin() as conn:
        add(conn, "XAA")
    with pytest.raises(RuntimeError), database.begin() as conn:
        add(conn, "XBB")
        raise RuntimeError("a failure half way")
    assert names(database) == ["XAA"]


def test_a_clash_inside_a_write_transaction_is_a_conflict(database: Database) -> None:
    with database.begin() as conn:
        add(conn, "XAA")
    with pytest.raises(ConflictError, match="nothing was saved"), \
            database.begin_write() as conn:
        add(conn, "XCC")
        add(conn, "XAA")  # the unique code: someone saved it first
    assert names(database) == ["XAA"]


def test_a_best_effort_write_is_kept_when_nobody_holds_the_lock(database: Database) -> None:
    with database.begin_if_free() as conn:
        add(conn, "XDD")
    assert names(database) == ["XDD"]


def test_reads_see_what_was_committed(database: Database) -> None:
    with database.connect() as reader:
        assert reader.execute(sa.select(sa.func.count()).select_from(jurisdictions)
                              ).scalar_one() == 0
        with database.begin() as conn:
            add(conn, "XEE")
        assert reader.execute(sa.select(sa.func.count()).select_from(jurisdictions)
                              ).scalar_one() == 1


def test_an_unprepared_database_is_named_without_its_password(
        empty_database: Database, database_url: str) -> None:
    assert not empty_database.is_current()
    with pytest.raises(ImpactError, match="run 'impact init' first") as refused:
        empty_database.require_current()
    password = sa.make_url(database_url).password
    if password:
        assert f":{password}@" not in str(refused.value)
        assert ":***@" in str(refused.value) and ":***@" in empty_database.safe_url()
    empty_database.migrate()
    assert empty_database.current_revision() == db_module.SCHEMA_HEAD


def test_a_sqlite_file_not_created_yet_is_left_uncreated(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'later.db'}")
    try:
        assert not database.exists()
        with pytest.raises(ImpactError, match="not initialised"):
            database.require_current()
        assert not (tmp_path / "later.db").exists()
    finally:
        database.dispose()
    memory = Database("sqlite://")
    try:
        assert memory.exists()
    finally:
        memory.dispose()


def test_urls_it_cannot_use_are_explained() -> None:
    with pytest.raises(ImpactError, match="not one this tool understands"):
        Database("not a url at all")
    with pytest.raises(ImpactError) as refused:
        Database("mysql+nosuchdriver://user:secret@localhost/db")
    assert "secret" not in str(refused.value)
