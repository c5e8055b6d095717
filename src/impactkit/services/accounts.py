"""Accounts and permissions: who may read or change what.

Roles are per workspace and ordered: a viewer reads; a contributor also edits records and
drafts findings; a reviewer also reviews, validates and sends findings back; an admin also
manages members and the public read-only mode. A site administrator is admin everywhere.
A workspace in public mode can be read (never changed) without logging in.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import IntEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from impactkit.errors import NotFoundError, UsageError
from impactkit.errors import PermissionDenied as PermissionDenied  # where it was first
from impactkit.input_rules import text_problem, username_problem
from impactkit.limits import TOKEN_LAST_USED_RESOLUTION
from impactkit.store import accounts as store
from impactkit.store.accounts import UserRecord
from impactkit.store.db import Database

_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 12


class Role(IntEnum):
    VIEWER = 1
    CONTRIBUTOR = 2
    REVIEWER = 3
    ADMIN = 4

    @classmethod
    def parse(cls, text: str) -> Role:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            accepted = ", ".join(r.name.lower() for r in cls)
            raise UsageError(f"unknown role '{text}'; use one of: {accepted}") from None

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is asking: a user, or nobody (``user is None``) for anonymous visitors."""

    user: UserRecord | None

    @property
    def name(self) -> str:
        return self.user.username if self.user else "anonymous"

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None


ANONYMOUS = Principal(user=None)


def operator(name: str) -> Principal:
    """Someone working on the database directly (the CLI): whoever can open the database
    file or holds its URL can already change anything in it, so the command line acts with
    full rights and records ``name`` (``--user``, IMPACT_USER or the login name) in the audit
    trail. Never used by the web app or the API, which only know logged-in users."""
    return Principal(user=UserRecord(id=0, username=name, display_name=name, password_hash="",
                                     is_admin=True, active=True, created_at=None))


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UsageError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    return _hasher.hash(password)


def create_user(db: Database, principal: Principal, *, username: str, password: str,
                display_name: str = "", is_admin: bool = False) -> UserRecord:
    """A new account (site administrators only, the command line's operator included)."""
    require_site_admin(principal, to="create accounts")
    by = principal.name
    username = username.strip()
    require_username(username)
    if (problem := text_problem(display_name, field="The display name")) is not None:
        raise UsageError(f"{problem}.")
    hashed = hash_password(password)
    db.require_current()
    with db.begin() as conn:
        return store.create_user(conn, username=username, password_hash=hashed,
                                 display_name=display_name, is_admin=is_admin, by=by)


def require_username(username: str) -> None:
    """Refuse (UsageError, before any query) a name no account can have."""
    if (problem := username_problem(username)) is not None:
        raise UsageError(problem)


def require_token_name(name: str) -> None:
    """Refuse (UsageError) a token name that breaks the rules for free text."""
    if (problem := text_problem(name, field="The token name")) is not None:
        raise UsageError(f"{problem}.")


def authenticate(db: Database, *, username: str, password: str) -> UserRecord | None:
    """The user if the password is right and the account active; None otherwise (the
    caller must not say which of the two was wrong). Not throttled: the web app logs in
    through :func:`impactkit.services.logins.log_in`, which is."""
    name = username.strip()
    user = None
    if username_problem(name) is None:
        with db.connect() as conn:
            user = store.find_user(conn, username=name)
    if not verify_password(user, password) or user is None or not user.active:
        return None
    return user


def verify_password(user: UserRecord | None, password: str) -> bool:
    """Whether ``password`` is the user's; the same cost whether or not the user exists."""
    if user is None:
        _hasher.hash("timing-equaliser")
        return False
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
    return True


def user_by_id(db: Database, user_id: int) -> UserRecord | None:
    with db.connect() as conn:
        return store.get_user(conn, user_id=user_id)


def grant(db: Database, principal: Principal, *, username: str, workspace_key: str,
          role: Role | None) -> None:
    """Give ``username`` a role in a workspace, or take it away (None): the workspace's
    admins only (see :func:`impactkit.services.members.set_role` for the checks the web
    adds: the last admin stays)."""
    require(db, principal, workspace_key, Role.ADMIN)
    by = principal.name
    require_username(username)
    with db.begin() as conn:
        store.set_role(conn, username=username, workspace_key=workspace_key,
                       role=role.label if role else None, by=by)


def role_of(db: Database, principal: Principal, workspace_key: str) -> Role | None:
    """The principal's role in a workspace, or None (anonymous visitors have none)."""
    if principal.user is None:
        return None
    if principal.user.is_admin:
        return Role.ADMIN
    with db.connect() as conn:
        role = store.role_in(conn, user_id=principal.user.id, workspace_key=workspace_key)
    return Role.parse(role) if role else None


def can_read(db: Database, principal: Principal, workspace_key: str) -> bool:
    """Members (site administrators everywhere) read a workspace; anyone reads a public one."""
    if role_of(db, principal, workspace_key) is not None:
        return True
    with db.connect() as conn:
        return store.is_public(conn, workspace_key=workspace_key)


def readable_among(db: Database, principal: Principal, keys: Sequence[str]) -> list[str]:
    """The keys of ``keys`` the principal may read, by :func:`can_read`'s rule, in at most
    two queries however many workspaces there are (a listing asks about all of them)."""
    if principal.user is not None and principal.user.is_admin:
        return list(keys)
    with db.connect() as conn:
        member = set(store.roles_of(conn, user_id=principal.user.id)) \
            if principal.user is not None else set()
        public = store.public_workspaces(conn)
    return [key for key in keys if key in member or key in public]


def require(db: Database, principal: Principal, workspace_key: str, needed: Role) -> Role:
    """The principal's role if it is at least ``needed``; PermissionDenied otherwise."""
    role = role_of(db, principal, workspace_key)
    if role is None or role < needed:
        raise PermissionDenied(
            f"{principal.name} may not do this in workspace '{workspace_key}': it needs the "
            f"{needed.label} role")
    return role


def require_site_admin(principal: Principal, *, to: str) -> None:
    """Only a site administrator may ``to`` ("manage accounts", "create a workspace"); the
    command line's operator is one (see :func:`operator`)."""
    if principal.user is None:
        raise PermissionDenied(f"Log in as a site administrator to {to}.")
    if not principal.user.is_admin:
        raise PermissionDenied(f"Only a site administrator can {to}; {principal.name} is not "
                               "one.")


def require_read(db: Database, principal: Principal, workspace_key: str) -> None:
    if not can_read(db, principal, workspace_key):
        if principal.user is None:
            raise PermissionDenied("log in to see this workspace")
        raise PermissionDenied(f"{principal.name} is not a member of workspace "
                               f"'{workspace_key}'")


def set_public(db: Database, principal: Principal, *, workspace_key: str,
               public: bool) -> None:
    require(db, principal, workspace_key, Role.ADMIN)
    with db.begin() as conn:
        store.set_public(conn, workspace_key=workspace_key, public=public, by=principal.name)


def is_public(db: Database, workspace_key: str) -> bool:
    with db.connect() as conn:
        return store.is_public(conn, workspace_key=workspace_key)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(db: Database, principal: Principal, *, username: str, name: str) -> str:
    """A new API token for a user: site administrators for anyone, a user for themselves.
    Returned once; only its hash is stored."""
    if principal.user is None or principal.user.username != username:
        require_site_admin(principal, to="create API tokens for others")
    by = principal.name
    require_username(username)
    require_token_name(name)
    token = "imp_" + secrets.token_urlsafe(32)
    with db.begin() as conn:
        user = store.find_user(conn, username=username)
        if user is None:
            raise NotFoundError(f"no user '{username}'")
        store.create_token(conn, user_id=user.id, name=name, token_hash=token_hash(token),
                           by=by)
    return token


def user_for_token(db: Database, token: str, *, now: datetime | None = None
                   ) -> UserRecord | None:
    """The active user holding an API token, or None (unknown, revoked, or the account is
    deactivated). A plain read: the token's last use is written only when the stored one
    is a minute old or more, in a transaction of its own that gives up at once when the
    database is busy (an import holding SQLite's write lock): a missed stamp is harmless,
    a read that waits or fails is not."""
    hashed = token_hash(token)
    now = now or datetime.now(UTC)
    with db.connect() as conn:
        found = store.user_for_token(conn, token_hash=hashed)
    if found is None:
        return None
    user, last_used = found
    if last_used is None or last_used <= now - TOKEN_LAST_USED_RESOLUTION:
        with db.begin_if_free() as conn:
            store.stamp_token_use(conn, token_hash=hashed, now=now,
                                  resolution=TOKEN_LAST_USED_RESOLUTION)
    return user


def has_users(db: Database) -> bool:
    with db.connect() as conn:
        return store.count_users(conn) > 0


def users_with_roles(db: Database, principal: Principal
                     ) -> list[tuple[UserRecord, dict[str, str]]]:
    """Every account with its roles per workspace (site administrators only)."""
    require_site_admin(principal, to="list accounts")
    with db.connect() as conn:
        return [(user, store.roles_of(conn, user_id=user.id)) for user in store.list_users(conn)]
