"""The version of a database's data, for caches that must never serve stale pages.

Every change to records, catalogues or settings writes an audit entry in the same
transaction, so the newest audit id names the data's state. That is exact only when no
write can commit *behind* it: SQLite runs one writer at a time, so there it always is; on
PostgreSQL a transaction that drew an older id may commit after one that drew a newer id.
So there the version also holds the snapshot's transaction horizon, read in the same
statement and so from the same snapshot as the newest id: ``pg_current_snapshot()``'s
``xmax`` (one past the newest transaction that had ended) and its list of transactions still
in progress below it. PostgreSQL keeps both for every snapshot, so reading them costs
nothing like a scan of the server's activity table.

Two reads that give the same version see the same data: a transaction that ends between
them either raises ``xmax`` (when its id is the newest to end) or leaves the in-progress
list, so the horizon changes with every commit in between, whatever audit id the writer
drew and whenever it drew it (drawing from a sequence takes no transaction id, and a
writer that has none has written nothing). A cache keyed by the version therefore never
serves a page built before a commit it could see. The horizon is the server's, not the
database's: a write to another database on the same server moves it too, which only costs
a cache miss; so do the few writes that are not audited (a login, a token's last-use stamp
at most once a minute). It also covers SQL run by hand, which writes no audit entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from impactkit.store.schema import audit_log


@dataclass(frozen=True)
class DataVersion:
    newest_audit_id: int
    """0 when the audit trail is empty."""
    horizon: str = ""
    """PostgreSQL: the snapshot it was read in, as ``xmin:xmax:in-progress ids`` (the text
    form of ``pg_current_snapshot()``); empty on SQLite, whose one writer at a time makes
    the newest audit id exact on its own."""


_NEWEST_ID = sa.select(sa.func.max(audit_log.c.id)).scalar_subquery()
_NEWEST = sa.select(_NEWEST_ID)
_HORIZON: sa.ColumnClause[Any] = sa.literal_column("pg_current_snapshot()::text")
_NEWEST_AND_HORIZON = sa.select(_NEWEST_ID, _HORIZON)
"""One round trip and one snapshot (reads run outside a transaction, see
:meth:`impactkit.store.db.Database.connect`, so each statement takes its own)."""


def data_version(conn: sa.Connection) -> DataVersion:
    if conn.dialect.name != "postgresql":
        return DataVersion(newest_audit_id=int(conn.execute(_NEWEST).scalar_one() or 0))
    newest, horizon = conn.execute(_NEWEST_AND_HORIZON).one()
    return DataVersion(newest_audit_id=int(newest or 0), horizon=str(horizon))
