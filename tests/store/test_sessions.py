"""Web sessions recorded on the server: a session is valid while its row exists, has not
expired and its user is active (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from impactkit.services.setup import init_database
from impactkit.store import accounts, sessions
from impactkit.store.db import Database

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def users(database: Database) -> dict[str, int]:
    init_database(database, user="setup")
    with database.begin() as conn:
        return {name: accounts.create_user(conn, username=name, password_hash="-",
                                           by="setup").id for name in ("ana", "ben")}


def _user(database: Database, secret_hash: str, now: datetime = NOW) -> str | None:
    with database.connect() as conn:
        found = sessions.user_for(conn, secret_hash=secret_hash, now=now)
    return None if found is None else found.username


def test_a_live_session_names_its_user_until_it_expires(database: Database,
                                                         users: dict[str, int]) -> None:
    with database.begin() as conn:
        sessions.create(conn, user_id=users["ana"], secret_hash="a" * 64, now=NOW,
                        expires_at=NOW + timedelta(hours=8))
    assert _user(database, "a" * 64) == "ana"
    assert _user(database, "a" * 64, NOW + timedelta(hours=8)) is None  # expired at the end
    assert _user(database, "b" * 64) is None  # no such session


def test_ending_one_session_leaves_the_others(database: Database,
                                              users: dict[str, int]) -> None:
    with database.begin() as conn:
        for secret in ("1", "2"):
            sessions.create(conn, user_id=users["ana"], secret_hash=secret * 64, now=NOW,
                            expires_at=NOW + timedelta(hours=8))
        sessions.end(conn, secret_hash="1" * 64)
    assert (_user(database, "1" * 64), _user(database, "2" * 64)) == (None, "ana")


def test_ending_all_of_a_users_sessions_counts_them_and_spares_others(
        database: Database, users: dict[str, int]) -> None:
    with database.begin() as conn:
        for secret, name in (("1", "ana"), ("2", "ana"), ("3", "ben")):
            sessions.create(conn, user_id=users[name], secret_hash=secret * 64, now=NOW,
                            expires_at=NOW + timedelta(hours=8))
        assert sessions.count_for(conn, user_id=users["ana"], now=NOW) == 2
        assert sessions.end_all(conn, user_id=users["ana"]) == 2
    assert _user(database, "3" * 64) == "ben"
    with database.connect() as conn:
        assert sessions.count_for(conn, user_id=users["ana"], now=NOW) == 0


def test_a_deactivated_user_has_no_live_session(database: Database,
                                                users: dict[str, int]) -> None:
    with database.begin() as conn:
        sessions.create(conn, user_id=users["ben"], secret_hash="c" * 64, now=NOW,
                        expires_at=NOW + timedelta(hours=8))
        accounts.set_active(conn, username="ben", active=False, by="admin")
    assert _user(database, "c" * 64) is None


def test_creating_a_session_removes_expired_ones(database: Database,
                                                 users: dict[str, int]) -> None:
    with database.begin() as conn:
        sessions.create(conn, user_id=users["ana"], secret_hash="o" * 64,
                        now=NOW - timedelta(days=2), expires_at=NOW - timedelta(days=1))
        sessions.create(conn, user_id=users["ben"], secret_hash="n" * 64, now=NOW,
                        expires_at=NOW + timedelta(hours=1))
        assert sessions.end_all(conn, user_id=users["ana"]) == 0  # the old row is gone
