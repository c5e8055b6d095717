"""Login throttle rows: attempts counted in SQL within a window, refused while a lock runs,
taken back, forgotten (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from impactkit.services.setup import init_database
from impactkit.store import throttle
from impactkit.store.db import Database

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
WINDOW = timedelta(minutes=15)
KEY = (throttle.ACCOUNT, "ana")


@pytest.fixture
def db(database: Database) -> Database:
    init_database(database, user="setup")
    return database


def count(db: Database, at: datetime = NOW) -> tuple[int, int] | None:
    with db.begin() as conn:
        return throttle.count_attempt(conn, kind=KEY[0], key=KEY[1], now=at, window=WINDOW)


def test_attempts_count_up_within_the_window_and_start_again_after_it(db: Database) -> None:
    assert [count(db), count(db), count(db)] == [(1, 0), (2, 0), (3, 0)]
    assert count(db, NOW + WINDOW + timedelta(seconds=1)) == (1, 0)


def test_a_lock_refuses_counting_until_it_ends_and_is_remembered(db: Database) -> None:
    count(db)
    with db.begin() as conn:
        throttle.lock(conn, kind=KEY[0], key=KEY[1], until=NOW + timedelta(minutes=1), now=NOW)
        assert throttle.locked_until(conn, keys=[KEY], now=NOW) == NOW + timedelta(minutes=1)
        assert throttle.locked_until(conn, keys=[(throttle.ADDRESS, "ana")], now=NOW) is None
    assert count(db, NOW + timedelta(seconds=30)) is None  # nothing counted while locked
    assert count(db, NOW + timedelta(minutes=2)) == (1, 1)  # afresh, one lock so far


def test_a_success_takes_its_attempt_back_and_never_below_zero(db: Database) -> None:
    count(db)
    with db.begin() as conn:
        throttle.take_back(conn, kind=KEY[0], key=KEY[1])
        throttle.take_back(conn, kind=KEY[0], key=KEY[1])
    assert count(db) == (1, 0)


def test_forgetting_starts_a_key_afresh_and_stale_keys_go(db: Database) -> None:
    count(db)
    with db.begin() as conn:
        throttle.lock(conn, kind=KEY[0], key=KEY[1], until=NOW + timedelta(minutes=1), now=NOW)
        throttle.forget(conn, kind=KEY[0], key=KEY[1])
    assert count(db) == (1, 0)  # no lock and no lock count left
    with db.begin() as conn:  # locked once, the lock long over
        throttle.lock(conn, kind=KEY[0], key=KEY[1], until=NOW + timedelta(minutes=1), now=NOW)
    later = NOW + timedelta(days=1)
    with db.begin() as conn:
        throttle.forget_stale(conn, before=later - timedelta(hours=1), now=later)
    assert count(db, later) == (1, 0)  # the row was dropped: its lock count went with it


def test_a_key_still_locked_is_not_stale(db: Database) -> None:
    count(db)
    with db.begin() as conn:
        throttle.lock(conn, kind=KEY[0], key=KEY[1], until=NOW + timedelta(days=2), now=NOW)
        throttle.forget_stale(conn, before=NOW + timedelta(days=1),
                              now=NOW + timedelta(days=1))
        assert throttle.locked_until(conn, keys=[KEY], now=NOW) == NOW + timedelta(days=2)


def test_lock_lengths_double_up_to_the_longest() -> None:
    first, longest = timedelta(minutes=1), timedelta(hours=1)
    assert [throttle.lock_length(n, first_lock=first, longest_lock=longest).total_seconds()
            for n in (0, 1, 2, 6, 7, 40)] == [60, 120, 240, 3600, 3600, 3600]
