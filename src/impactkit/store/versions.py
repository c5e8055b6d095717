"""The version of a database's data, for caches that must never serve stale pages.

Every change to records, catalogues or settings writes an audit entry in the same
transaction, so the newest audit id names the data's state. That is exact only when no
write can still commit *behind* it: SQLite runs one writer at a time, so there it always is;
on PostgreSQL a transaction that took an older id may commit after a newer one. So there the
version also names the write transactions in flight in this database when it is read (the
sessions that hold a transaction id; the app's own sessions all run as one role, whose
sessions ``pg_stat_activity`` shows in full), and the version is *settled* when there are
none. Two reads that give the same version see the same data, as far as a cache keyed by it
can tell: a write in flight at the first read that commits before the second is in flight
at one and not the other, and any writer that starts later takes a larger audit id (see
below), so its commit moves the newest id. A cache may therefore be keyed by any version,
settled or not; a settled one is just more likely to be asked for again.

The newest id is read first and the sessions checked after it (in one statement, whose
snapshot is taken before the activity table is read): a
writer that drew a smaller id and had not committed when the id was read is then still in
flight at the check. A writer holds a transaction id from its first written row, and drawing
an audit id from the sequence does not give it one; so the audit trail takes one
(:func:`announce_write`) before it draws its id: a writer not yet in flight at a check draws
a larger id than any read before it. Callers on PostgreSQL still bound the age of what they
cache, against changes made behind the app's back (SQL run by hand, which writes no audit
entry at all).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from impactkit.store.schema import audit_log

_IN_FLIGHT_ON_POSTGRES: sa.ColumnClause[Any] = sa.literal_column(
    "ARRAY(SELECT backend_xid::text FROM pg_stat_activity WHERE datname = current_database()"
    " AND backend_xid IS NOT NULL AND pid <> pg_backend_pid())")
_TAKE_XID = sa.text("SELECT txid_current()")


@dataclass(frozen=True)
class DataVersion:
    newest_audit_id: int
    """0 when the audit trail is empty."""
    in_flight: tuple[int, ...] = ()
    """The transaction ids of the writes in flight when it was read (PostgreSQL only),
    ascending."""

    @property
    def settled(self) -> bool:
        """No write was in flight: the newest audit id alone names the data."""
        return not self.in_flight


_NEWEST_ID = sa.select(sa.func.max(audit_log.c.id)).scalar_subquery()
_NEWEST = sa.select(_NEWEST_ID)
# One round trip, in the order the module doc needs: the newest id is read in the
# statement's snapshot, taken when it starts; the sessions in flight are read from the
# server's activity table as the statement runs, after it.
_NEWEST_AND_IN_FLIGHT = sa.select(_NEWEST_ID, _IN_FLIGHT_ON_POSTGRES)


def data_version(conn: sa.Connection) -> DataVersion:
    if conn.dialect.name != "postgresql":
        return DataVersion(newest_audit_id=int(conn.execute(_NEWEST).scalar_one() or 0))
    newest, in_flight = conn.execute(_NEWEST_AND_IN_FLIGHT).one()
    return DataVersion(newest_audit_id=int(newest or 0),
                       in_flight=tuple(sorted(int(xid) for xid in in_flight or ())))


def announce_write(conn: sa.Connection) -> None:
    """Make this transaction a writer that :func:`data_version` sees in flight, before it
    draws an audit id (see the module doc). Nothing to do on SQLite."""
    if conn.dialect.name == "postgresql":
        conn.execute(_TAKE_XID)
