"""The version of a database's data, for caches that must never serve stale pages.

Every change to records, catalogues or settings writes an audit entry in the same
transaction, so the newest audit id names the data's state. That is exact only when no
write can still commit *behind* it: SQLite runs one writer at a time, so there it always is;
on PostgreSQL a transaction that took an older id may commit after a newer one. There the
version is *settled* only when no transaction that writes is in flight in this database at
the moment it is read (no other session holds a transaction id; the app's own sessions all
run as one role, whose sessions ``pg_stat_activity`` shows in full).
Any later writer then takes a larger audit id, so a cache keyed by a settled version is
invalidated by the first change that commits after it. An unsettled version must not key a
cache; the caller just does the work.

The newest id is read first and the sessions checked after it, in a later statement: a
writer that drew a smaller id and had not committed when the id was read is then still in
flight at the check, and the version is unsettled. A writer holds a transaction id from its
first written row, and drawing an audit id from the sequence does not give it one; so the
audit trail takes one (:func:`announce_write`) before it draws its id, and a writer whose
first write is its audit entry is in flight at the check too. Callers on PostgreSQL still
bound the age of what they cache, against changes made behind the app's back (SQL run by
hand, which writes no audit entry at all).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from impactkit.store.schema import audit_log

_SETTLED_ON_POSTGRES = sa.text(
    "SELECT NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database()"
    " AND backend_xid IS NOT NULL AND pid <> pg_backend_pid())")
_TAKE_XID = sa.text("SELECT txid_current()")


@dataclass(frozen=True)
class DataVersion:
    newest_audit_id: int
    """0 when the audit trail is empty."""
    settled: bool
    """Whether a cache may be keyed by this version (see the module doc)."""


def data_version(conn: sa.Connection) -> DataVersion:
    newest = conn.execute(sa.select(sa.func.max(audit_log.c.id))).scalar_one()
    settled = True
    if conn.dialect.name == "postgresql":
        settled = bool(conn.execute(_SETTLED_ON_POSTGRES).scalar_one())
    return DataVersion(newest_audit_id=int(newest or 0), settled=settled)


def announce_write(conn: sa.Connection) -> None:
    """Make this transaction a writer that :func:`data_version` sees in flight, before it
    draws an audit id (see the module doc). Nothing to do on SQLite."""
    if conn.dialect.name == "postgresql":
        conn.execute(_TAKE_XID)
