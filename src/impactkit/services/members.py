"""Workspace administration: who is a member with which role, public read-only mode, and
the four-eyes rule of review (:mod:`impactkit.services.review`).

Only a workspace's admins (and site administrators) may change these. Every change is
audited by the store in the same transaction (entity ``membership`` or ``workspace``), so
the settings page can show who opened a workspace to the public, and when.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from impactkit.errors import UsageError
from impactkit.flags import FlagError, parse_flag
from impactkit.services import accounts, workspaces
from impactkit.services.accounts import Principal, Role
from impactkit.services.audit import TrailEntry, workspace_trail
from impactkit.store import accounts as store
from impactkit.store.db import Database
from impactkit.store.workspaces import four_eyes as stored_four_eyes
from impactkit.store.workspaces import get_workspace

REMOVE = "remove"
ROLE_CHOICES = tuple(r.label for r in Role)
RECENT_CHANGES = 10


@dataclass(frozen=True, slots=True)
class Member:
    username: str
    display_name: str
    role: str
    is_you: bool

    def as_dict(self) -> dict[str, Any]:
        return {"username": self.username, "display_name": self.display_name,
                "role": self.role}


@dataclass(frozen=True, slots=True)
class WorkspaceSettings:
    """What the settings page shows: the public flag, the four-eyes rule, the members, who
    could be added, and the latest changes to any of them."""

    workspace_key: str
    workspace_title: str
    public: bool
    four_eyes: bool
    members: tuple[Member, ...]
    candidates: tuple[str, ...]
    site_admins: tuple[str, ...]
    recent: tuple[TrailEntry, ...]
    roles: tuple[str, ...] = ROLE_CHOICES

    def as_dict(self) -> dict[str, Any]:
        return {"workspace": self.workspace_key, "public": self.public,
                "four_eyes": self.four_eyes,
                "members": [m.as_dict() for m in self.members],
                "candidates": list(self.candidates), "site_admins": list(self.site_admins),
                "roles": list(self.roles), "recent": [e.as_dict() for e in self.recent]}


def workspace_settings(db: Database, principal: Principal, *,
                       workspace_key: str) -> WorkspaceSettings:
    accounts.require(db, principal, workspace_key, Role.ADMIN)
    with db.connect() as conn:
        workspace = get_workspace(conn, key=workspace_key)
        public = store.is_public(conn, workspace_key=workspace_key)
        four_eyes = stored_four_eyes(conn, key=workspace_key)
        pairs = store.members(conn, workspace_key=workspace_key)
        users = {u.username: u for u in store.list_users(conn)}
    you = principal.name
    members = tuple(Member(username=name, display_name=users[name].display_name, role=role,
                           is_you=name == you) for name, role in pairs)
    taken = {m.username for m in members}
    candidates = tuple(name for name, u in users.items() if name not in taken and u.active)
    admins = tuple(name for name, u in users.items() if u.is_admin and u.active)
    recent = workspace_trail(db, principal, workspace_key=workspace_key, entity="members",
                             per_page=RECENT_CHANGES).entries
    settings_changes = workspace_trail(db, principal, workspace_key=workspace_key,
                                       entity="workspace", per_page=RECENT_CHANGES).entries
    newest = sorted((*recent, *settings_changes), key=lambda e: e.id, reverse=True)
    return WorkspaceSettings(workspace_key=workspace_key, workspace_title=workspace.title,
                             public=public, four_eyes=four_eyes, members=members,
                             candidates=candidates,
                             site_admins=admins, recent=tuple(newest[:RECENT_CHANGES]))


def set_member_role(db: Database, principal: Principal, *, workspace_key: str,
                    username: str, role: str) -> str | None:
    """Give ``username`` a role here (``viewer`` ... ``admin``), or take their membership
    away (``remove``). Returns the role now held (None when removed). A workspace admin may
    not change their own role: that is how a workspace loses its last admin by accident."""
    accounts.require(db, principal, workspace_key, Role.ADMIN)
    username, wanted = username.strip(), role.strip().lower()
    if not username:
        raise UsageError("name the user to add or change")
    new_role = None if wanted == REMOVE else Role.parse(wanted)
    with db.connect() as conn:
        user = store.find_user(conn, username=username)
    if user is None:
        raise UsageError(f"no user '{username}': create the account first "
                         f"('impact user create {username}')")
    if (principal.user is not None and principal.user.username == username
            and not principal.user.is_admin):
        raise UsageError("you cannot change your own role here: ask another admin of this "
                         "workspace")
    accounts.grant(db, principal, username=username, workspace_key=workspace_key,
                   role=new_role)
    return new_role.label if new_role else None


def set_public_mode(db: Database, principal: Principal, *, workspace_key: str,
                    public: str | bool) -> bool:
    """Switch public read-only mode on or off (``on``/``off``, ``true``/``false``...)."""
    accounts.require(db, principal, workspace_key, Role.ADMIN)
    flag = public if isinstance(public, bool) else _flag(public)
    with db.connect() as conn:
        get_workspace(conn, key=workspace_key)  # NotFound rather than an audited no-op
    accounts.set_public(db, principal, workspace_key=workspace_key, public=flag)
    return flag


def set_four_eyes_mode(db: Database, principal: Principal, *, workspace_key: str,
                       four_eyes: str | bool) -> bool:
    """Switch the four-eyes rule on or off (``on``/``off``, ``true``/``false``...): admins of
    the workspace only; audited. Returns the rule as it now is."""
    flag = four_eyes if isinstance(four_eyes, bool) else _flag(four_eyes, "four_eyes")
    workspaces.set_four_eyes(db, principal, key=workspace_key, on=flag)
    return flag


def _flag(text: str, name: str = "public") -> bool:
    try:
        return parse_flag(text)
    except FlagError as error:
        raise UsageError(f"{name}: {error}") from error
