"""Web sessions recorded on the server.

The browser's signed cookie carries a random secret; only its SHA-256 is stored (like API
tokens: a copy of the database opens no session). A session is valid while its row exists,
has not expired and its user is active, so deleting rows ends sessions at once.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from impactkit.store.accounts import UserRecord, user_from_row
from impactkit.store.schema import users, web_sessions

_s = web_sessions.c


def create(conn: sa.Connection, *, user_id: int, secret_hash: str, now: datetime,
           expires_at: datetime) -> None:
    """Record a new session; expired ones (anyone's) are removed on the way."""
    conn.execute(web_sessions.delete().where(_s.expires_at <= now))
    conn.execute(web_sessions.insert().values(user_id=user_id, secret_hash=secret_hash,
                                              created_at=now, expires_at=expires_at))


_USER_FOR = (sa.select(users).join(web_sessions, _s.user_id == users.c.id)
             .where(_s.secret_hash == sa.bindparam("secret_hash"),
                    _s.expires_at > sa.bindparam("now"), users.c.active))
"""Built once: every request asks it, and building a statement costs more than running it."""


def user_for(conn: sa.Connection, *, secret_hash: str, now: datetime) -> UserRecord | None:
    """The active user of a live session, or None."""
    row = conn.execute(_USER_FOR, {"secret_hash": secret_hash, "now": now}).one_or_none()
    return None if row is None else user_from_row(row)


def end(conn: sa.Connection, *, secret_hash: str) -> None:
    conn.execute(web_sessions.delete().where(_s.secret_hash == secret_hash))


def end_all(conn: sa.Connection, *, user_id: int) -> int:
    """End every session of a user; how many were live (or expired but not yet removed)."""
    return int(conn.execute(web_sessions.delete().where(_s.user_id == user_id)).rowcount)


def count_for(conn: sa.Connection, *, user_id: int, now: datetime) -> int:
    return int(conn.execute(sa.select(sa.func.count()).select_from(web_sessions)
                            .where(_s.user_id == user_id, _s.expires_at > now)).scalar_one())
