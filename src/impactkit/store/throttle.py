"""Failed logins per account and per client address (OWASP ASVS 2.2.1).

The counts live in the database, so every app process sees the same ones and a restart
forgets nothing. Each attempt is counted before its password is checked, by one UPDATE that
counts it atomically (``failures + 1`` in SQL, never read-modify-write in Python) and
returns the new count, so parallel attempts each get their own number and no more than the
limit ever reach the (slow) password check. A success takes its attempt back.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from impactkit.store.schema import login_throttle
from impactkit.store.workspaces import as_utc

ACCOUNT = "account"
ADDRESS = "address"

_t = login_throttle.c


def locked_until(conn: sa.Connection, *, keys: Sequence[tuple[str, str]],
                 now: datetime) -> datetime | None:
    """The latest end of a lock still running on any of ``keys`` ((kind, key) pairs)."""
    if not keys:
        return None
    which = sa.or_(*(sa.and_(_t.kind == kind, _t.key == key) for kind, key in keys))
    found = conn.execute(sa.select(sa.func.max(_t.locked_until))
                         .where(which, _t.locked_until > now)).scalar_one_or_none()
    return None if found is None else as_utc(found)


def count_attempt(conn: sa.Connection, *, kind: str, key: str, now: datetime,
                  window: timedelta) -> tuple[int, int] | None:
    """Count one login attempt on a key *before* its password is checked, in one atomic
    UPDATE (``failures + 1`` in SQL, refused by its own WHERE while a lock runs), so that
    parallel attempts each see their own number. Returns (attempts in the window including
    this one, locks so far), or None when a lock is running (nothing counted)."""
    _insert_missing(conn, kind=kind, key=key, now=now)
    in_window = _t.window_started_at > now - window
    row = conn.execute(
        login_throttle.update()
        .where(_t.kind == kind, _t.key == key,
               sa.or_(_t.locked_until.is_(None), _t.locked_until <= now))
        .values(failures=sa.case((in_window, _t.failures + 1), else_=1),
                window_started_at=sa.case((in_window, _t.window_started_at), else_=now),
                last_failure_at=now)
        .returning(_t.failures, _t.locks)).one_or_none()
    return None if row is None else (row.failures, row.locks)


def lock_length(locks: int, *, first_lock: timedelta, longest_lock: timedelta) -> timedelta:
    """How long the next lock of a key locked ``locks`` times before lasts."""
    return min(first_lock * (2 ** min(locks, 30)), longest_lock)


def lock(conn: sa.Connection, *, kind: str, key: str, until: datetime,
         now: datetime) -> None:
    """Lock a key until ``until``; its count starts afresh."""
    conn.execute(login_throttle.update().where(_t.kind == kind, _t.key == key).values(
        failures=0, window_started_at=now, locked_until=until, locks=_t.locks + 1))


def take_back(conn: sa.Connection, *, kind: str, key: str) -> None:
    """Uncount one attempt (a successful login is not a failure from its address)."""
    conn.execute(login_throttle.update()
                 .where(_t.kind == kind, _t.key == key, _t.failures > 0)
                 .values(failures=_t.failures - 1))


def _insert_missing(conn: sa.Connection, *, kind: str, key: str, now: datetime) -> None:
    values = {"kind": kind, "key": key, "failures": 0, "window_started_at": now,
              "last_failure_at": now, "locks": 0}
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    conn.execute(dialect.insert(login_throttle).values(**values)
                 .on_conflict_do_nothing(index_elements=["kind", "key"]))


def forget(conn: sa.Connection, *, kind: str, key: str) -> None:
    """Start a key afresh (a successful login clears its account's count)."""
    conn.execute(login_throttle.delete().where(_t.kind == kind, _t.key == key))


def forget_stale(conn: sa.Connection, *, before: datetime, now: datetime) -> None:
    """Drop keys with no failure since ``before`` and no lock running: they start again
    from the first lock, and usernames tried once do not pile up."""
    conn.execute(login_throttle.delete().where(
        _t.last_failure_at < before,
        sa.or_(_t.locked_until.is_(None), _t.locked_until <= now)))
