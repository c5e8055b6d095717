"""Failed logins per account and per client address (OWASP ASVS 2.2.1).

The counts live in the database, so every app process sees the same ones and a restart
forgets nothing. Each failure is one UPDATE that counts it atomically (``failures + 1`` in
SQL, never read-modify-write in Python), so two processes failing at once both count.
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


def record_failure(conn: sa.Connection, *, kind: str, key: str, now: datetime,
                   window: timedelta, threshold: int, first_lock: timedelta,
                   longest_lock: timedelta) -> datetime | None:
    """Count one failed login; when it reaches ``threshold`` within ``window``, lock the key
    (``first_lock``, twice as long at each further lock, at most ``longest_lock``) and
    return when the lock ends. None when this failure locked nothing."""
    _insert_missing(conn, kind=kind, key=key, now=now)
    in_window = _t.window_started_at > now - window
    mine = sa.and_(_t.kind == kind, _t.key == key)
    conn.execute(login_throttle.update().where(mine).values(
        failures=sa.case((in_window, _t.failures + 1), else_=1),
        window_started_at=sa.case((in_window, _t.window_started_at), else_=now),
        last_failure_at=now))
    row = conn.execute(sa.select(_t.id, _t.failures, _t.locks).where(mine)).one()
    if row.failures < threshold:
        return None
    until = now + min(first_lock * (2 ** min(row.locks, 30)), longest_lock)
    conn.execute(login_throttle.update().where(_t.id == row.id).values(
        failures=0, window_started_at=now, locked_until=until, locks=_t.locks + 1))
    return until


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
