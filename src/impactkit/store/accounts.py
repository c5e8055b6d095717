"""Users, their roles per workspace, and API tokens.

Passwords and tokens are stored only as hashes (argon2 for passwords, SHA-256 for random
tokens, which carry enough entropy that a slow hash adds nothing).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from impactkit.errors import NotFoundError, UsageError
from impactkit.store import audit
from impactkit.store.schema import api_tokens, memberships, users, workspaces
from impactkit.store.workspaces import as_utc, workspace_id


@dataclass(frozen=True, slots=True)
class UserRecord:
    id: int
    username: str
    display_name: str
    password_hash: str
    is_admin: bool
    active: bool
    created_at: datetime | None


def user_from_row(row: sa.Row) -> UserRecord:
    return UserRecord(id=row.id, username=row.username, display_name=row.display_name,
                      password_hash=row.password_hash, is_admin=bool(row.is_admin),
                      active=bool(row.active), created_at=as_utc(row.created_at))


def create_user(conn: sa.Connection, *, username: str, password_hash: str,
                display_name: str = "", is_admin: bool = False, by: str) -> UserRecord:
    if find_user(conn, username=username) is not None:
        raise UsageError(f"a user '{username}' already exists")
    conn.execute(users.insert().values(
        username=username, display_name=display_name, password_hash=password_hash,
        is_admin=is_admin, active=True, created_at=audit.now()))
    audit.record(conn, user=by, workspace_key=None, entity="user", action="create",
                 record_key=username,
                 after={"username": username, "display_name": display_name,
                        "is_admin": is_admin})
    found = find_user(conn, username=username)
    assert found is not None
    return found


def find_user(conn: sa.Connection, *, username: str) -> UserRecord | None:
    row = conn.execute(sa.select(users).where(users.c.username == username)).one_or_none()
    return None if row is None else user_from_row(row)


def get_user(conn: sa.Connection, *, user_id: int) -> UserRecord | None:
    row = conn.execute(sa.select(users).where(users.c.id == user_id)).one_or_none()
    return None if row is None else user_from_row(row)


def list_users(conn: sa.Connection) -> list[UserRecord]:
    return [user_from_row(r) for r in conn.execute(sa.select(users).order_by(users.c.username))]


def set_password_hash(conn: sa.Connection, *, username: str, password_hash: str,
                      by: str) -> None:
    result = conn.execute(users.update().where(users.c.username == username)
                          .values(password_hash=password_hash))
    if result.rowcount != 1:
        raise NotFoundError(f"no user '{username}'")
    audit.record(conn, user=by, workspace_key=None, entity="user", action="update",
                 record_key=username, summary="password changed")


def count_users(conn: sa.Connection) -> int:
    return int(conn.execute(sa.select(sa.func.count()).select_from(users)).scalar_one())


def set_role(conn: sa.Connection, *, username: str, workspace_key: str, role: str | None,
             by: str) -> None:
    """Give a user a role in a workspace; ``None`` removes their membership."""
    user = find_user(conn, username=username)
    if user is None:
        raise NotFoundError(f"no user '{username}'")
    ws_id = workspace_id(conn, key=workspace_key)
    before = role_in(conn, user_id=user.id, workspace_key=workspace_key)
    conn.execute(memberships.delete().where(memberships.c.user_id == user.id,
                                            memberships.c.workspace_id == ws_id))
    if role is not None:
        conn.execute(memberships.insert().values(user_id=user.id, workspace_id=ws_id,
                                                 role=role))
    audit.record(conn, user=by, workspace_key=workspace_key, entity="membership",
                 action="delete" if role is None else ("create" if before is None
                                                       else "update"),
                 record_key=username, before={"role": before} if before else None,
                 after={"role": role} if role else None)


_ROLE_IN = (sa.select(memberships.c.role)
            .join(workspaces, workspaces.c.id == memberships.c.workspace_id)
            .where(memberships.c.user_id == sa.bindparam("user_id"),
                   workspaces.c.key == sa.bindparam("workspace_key")))
"""Built once: every page of a workspace asks it."""


def role_in(conn: sa.Connection, *, user_id: int, workspace_key: str) -> str | None:
    role: str | None = conn.execute(
        _ROLE_IN, {"user_id": user_id, "workspace_key": workspace_key}).scalar_one_or_none()
    return role


def roles_of(conn: sa.Connection, *, user_id: int) -> dict[str, str]:
    """workspace key -> role, for every workspace the user is a member of."""
    rows = conn.execute(
        sa.select(workspaces.c.key, memberships.c.role)
        .join(workspaces, workspaces.c.id == memberships.c.workspace_id)
        .where(memberships.c.user_id == user_id))
    return {key: role for key, role in rows}


def members(conn: sa.Connection, *, workspace_key: str) -> list[tuple[str, str]]:
    """(username, role) pairs of a workspace, by username."""
    ws_id = workspace_id(conn, key=workspace_key)
    rows = conn.execute(
        sa.select(users.c.username, memberships.c.role)
        .join(users, users.c.id == memberships.c.user_id)
        .where(memberships.c.workspace_id == ws_id).order_by(users.c.username))
    return [(username, role) for username, role in rows]


@dataclass(frozen=True, slots=True)
class TokenRecord:
    name: str
    created_at: datetime | None
    last_used_at: datetime | None


def create_token(conn: sa.Connection, *, user_id: int, name: str, token_hash: str,
                 by: str) -> None:
    conn.execute(api_tokens.insert().values(user_id=user_id, name=name, token_hash=token_hash,
                                            created_at=audit.now()))
    audit.record(conn, user=by, workspace_key=None, entity="api-token", action="create",
                 record_key=name)


def list_tokens(conn: sa.Connection, *, user_id: int) -> list[TokenRecord]:
    rows = conn.execute(sa.select(api_tokens.c.name, api_tokens.c.created_at,
                                  api_tokens.c.last_used_at)
                        .where(api_tokens.c.user_id == user_id)
                        .order_by(api_tokens.c.name, api_tokens.c.id))
    return [TokenRecord(name=r.name, created_at=as_utc(r.created_at),
                        last_used_at=as_utc(r.last_used_at))
            for r in rows]


def revoke_tokens(conn: sa.Connection, *, user_id: int, username: str, name: str | None,
                  by: str, summary: str = "") -> int:
    """Delete a user's tokens called ``name`` (names need not be unique: all of them go),
    or every token of theirs when ``name`` is None; each deletion is audited. How many were
    deleted."""
    query = api_tokens.delete().where(api_tokens.c.user_id == user_id)
    if name is not None:
        query = query.where(api_tokens.c.name == name)
    deleted = conn.execute(query.returning(api_tokens.c.name)).scalars().all()
    for token_name in deleted:
        audit.record(conn, user=by, workspace_key=None, entity="api-token", action="delete",
                     record_key=token_name, before={"user": username},
                     summary=summary or "token revoked")
    return len(deleted)


def user_for_token(conn: sa.Connection, *, token_hash: str
                   ) -> tuple[UserRecord, datetime | None] | None:
    """The active user holding a token, and when the token was last used (None: never).
    Only reads: see :func:`stamp_token_use`."""
    row = conn.execute(
        sa.select(users, api_tokens.c.last_used_at.label("token_last_used_at"))
        .join(api_tokens, api_tokens.c.user_id == users.c.id)
        .where(api_tokens.c.token_hash == token_hash, users.c.active)).one_or_none()
    if row is None:
        return None
    return user_from_row(row), as_utc(row.token_last_used_at)


def stamp_token_use(conn: sa.Connection, *, token_hash: str, now: datetime,
                    resolution: timedelta) -> None:
    """Write a token's last use, unless a request wrote it less than ``resolution`` ago
    (the WHERE compares with the stored value, so two requests at once write it once)."""
    used = api_tokens.c.last_used_at
    conn.execute(api_tokens.update()
                 .where(api_tokens.c.token_hash == token_hash,
                        sa.or_(used.is_(None), used <= now - resolution))
                 .values(last_used_at=now))


def set_active(conn: sa.Connection, *, username: str, active: bool, by: str) -> UserRecord:
    user = find_user(conn, username=username)
    if user is None:
        raise NotFoundError(f"There is no user '{username}'.")
    conn.execute(users.update().where(users.c.id == user.id).values(active=active))
    audit.record(conn, user=by, workspace_key=None, entity="user", action="update",
                 record_key=username, before={"active": user.active},
                 after={"active": active},
                 summary="account reactivated" if active else "account deactivated")
    return user


_IS_PUBLIC = sa.select(workspaces.c.public).where(workspaces.c.key == sa.bindparam("key"))
"""Built once: pages ask it on every view."""


def public_workspaces(conn: sa.Connection) -> set[str]:
    """The keys of the workspaces open to anyone (public read-only mode)."""
    return set(conn.execute(sa.select(workspaces.c.key).where(workspaces.c.public)).scalars())


def is_public(conn: sa.Connection, *, workspace_key: str) -> bool:
    return bool(conn.execute(_IS_PUBLIC, {"key": workspace_key}).scalar_one_or_none())


def set_public(conn: sa.Connection, *, workspace_key: str, public: bool, by: str) -> None:
    before = is_public(conn, workspace_key=workspace_key)
    conn.execute(workspaces.update().where(workspaces.c.key == workspace_key)
                 .values(public=public))
    audit.record(conn, user=by, workspace_key=workspace_key, entity="workspace",
                 action="update", record_key=workspace_key, before={"public": before},
                 after={"public": public},
                 summary="public read-only mode " + ("on" if public else "off"))
