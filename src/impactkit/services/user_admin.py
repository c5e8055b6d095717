"""Account administration: passwords, deactivation and API tokens.

Site administrators (and the command line, which acts as one) change any account; a user
changes their own password, after giving the current one. A password change ends every
session of the account at once; deactivation ends them too and revokes the account's API
tokens (reactivating gives none back). Every change is audited in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from impactkit.errors import NotFoundError, UsageError
from impactkit.services.accounts import (
    PermissionDenied,
    Principal,
    hash_password,
    require_site_admin,
    require_token_name,
    require_username,
)
from impactkit.services.logins import check_password, start_session
from impactkit.store import accounts as store
from impactkit.store import audit, sessions
from impactkit.store.accounts import TokenRecord, UserRecord
from impactkit.store.db import Connection, Database

_DIFFER = "The new password and its confirmation differ: type the same password twice."


@dataclass(frozen=True, slots=True)
class Account:
    """What the admin pages show of one user."""

    username: str
    display_name: str
    is_admin: bool
    active: bool
    roles: dict[str, str]
    tokens: tuple[TokenRecord, ...]
    is_you: bool

    def as_dict(self) -> dict[str, Any]:
        return {"username": self.username, "display_name": self.display_name,
                "is_admin": self.is_admin, "active": self.active, "roles": self.roles,
                "tokens": [{"name": t.name, "created_at": _iso(t.created_at),
                            "last_used_at": _iso(t.last_used_at)} for t in self.tokens]}


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def accounts(db: Database, principal: Principal) -> list[Account]:
    require_site_admin(principal, to="manage accounts")
    with db.connect() as conn:
        return [_account(conn, user, principal) for user in store.list_users(conn)]


def account(db: Database, principal: Principal, *, username: str) -> Account:
    require_site_admin(principal, to="manage accounts")
    with db.connect() as conn:
        return _account(conn, _user(conn, username), principal)


def _account(conn: Connection, user: UserRecord, principal: Principal) -> Account:
    return Account(username=user.username, display_name=user.display_name,
                   is_admin=user.is_admin, active=user.active,
                   roles=store.roles_of(conn, user_id=user.id),
                   tokens=tuple(store.list_tokens(conn, user_id=user.id)),
                   is_you=principal.user is not None and principal.user.id == user.id)


def _user(conn: Connection, username: str) -> UserRecord:
    require_username(username)
    user = store.find_user(conn, username=username)
    if user is None:
        raise NotFoundError(f"There is no user '{username}'.")
    return user


def set_password(db: Database, principal: Principal, *, username: str, password: str,
                 confirm: str | None = None) -> int:
    """A site administrator sets a user's password (``confirm``, when given, must repeat
    it); every session of theirs ends. How many sessions were ended."""
    require_site_admin(principal, to="manage accounts")
    if confirm is not None and confirm != password:
        raise UsageError(_DIFFER)
    hashed = hash_password(password)
    with db.begin() as conn:
        user = _user(conn, username)
        store.set_password_hash(conn, username=username, password_hash=hashed,
                                by=principal.name)
        return _end_sessions(conn, user, by=principal.name, why="password changed")


def change_own_password(db: Database, principal: Principal, *, current: str, new: str,
                        confirm: str, address: str | None, now: datetime,
                        session_hours: int) -> str:
    """A user changes their own password, giving the current one (a wrong one counts as a
    failed login, so it cannot be guessed here instead). Every session of theirs ends; the
    secret of a new session for the browser that asked is returned."""
    if principal.user is None or principal.user.id == 0:
        raise PermissionDenied("Log in to change your password.")
    if new != confirm:
        raise UsageError(_DIFFER)
    hashed = hash_password(new)
    user = check_password(db, username=principal.user.username, password=current,
                          address=address, now=now)
    if user is None:
        raise UsageError("The current password is wrong: your password was not changed.")
    with db.begin() as conn:
        store.set_password_hash(conn, username=user.username, password_hash=hashed,
                                by=user.username)
        _end_sessions(conn, user, by=user.username, why="password changed")
    return start_session(db, user=user, now=now, hours=session_hours)


def set_active(db: Database, principal: Principal, *, username: str, active: bool) -> None:
    """Deactivate an account (its sessions end and its API tokens are revoked at once) or
    reactivate it (it can log in again; it gets no token back)."""
    require_site_admin(principal, to="manage accounts")
    with db.begin() as conn:
        user = _user(conn, username)
        if not active and principal.user is not None and principal.user.id == user.id:
            raise UsageError("You cannot deactivate your own account: ask another site "
                             "administrator.")
        store.set_active(conn, username=username, active=active, by=principal.name)
        if not active:
            _end_sessions(conn, user, by=principal.name, why="account deactivated")
            store.revoke_tokens(conn, user_id=user.id, username=username, name=None,
                                by=principal.name, summary="token revoked: account "
                                "deactivated")


def tokens(db: Database, principal: Principal, *, username: str) -> list[TokenRecord]:
    require_site_admin(principal, to="manage accounts")
    with db.connect() as conn:
        return store.list_tokens(conn, user_id=_user(conn, username).id)


def revoke_token(db: Database, principal: Principal, *, username: str,
                 name: str | None) -> int:
    """Revoke a user's API token called ``name`` (every token of theirs when None); it stops
    working at once. How many were revoked; a name matching none is a NotFoundError."""
    require_site_admin(principal, to="manage accounts")
    if name is not None:
        require_token_name(name)
    with db.begin() as conn:
        user = _user(conn, username)
        count = store.revoke_tokens(conn, user_id=user.id, username=username, name=name,
                                    by=principal.name)
    if name is not None and count == 0:
        raise NotFoundError(f"User '{username}' has no API token named '{name}'; "
                            f"'impact user tokens list {username}' lists them.")
    return count


def _end_sessions(conn: Connection, user: UserRecord, *, by: str, why: str) -> int:
    ended = sessions.end_all(conn, user_id=user.id)
    audit.record(conn, user=by, workspace_key=None, entity="session", action="delete",
                 record_key=user.username, before={"sessions": ended},
                 summary=f"every session ended: {why}")
    return ended
