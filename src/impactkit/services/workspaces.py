"""Creating, listing and choosing workspaces."""

from __future__ import annotations

from impactkit.domain import Workspace
from impactkit.errors import NotFoundError, UsageError, ValidationError
from impactkit.jurisdictions import resolve_jurisdiction
from impactkit.services.accounts import (
    Principal,
    Role,
    readable_among,
    require,
    require_read,
    require_site_admin,
)
from impactkit.store import workspaces as store
from impactkit.store.catalogues import catalogue_keys
from impactkit.store.db import Database
from impactkit.store.workspaces import WorkspaceSummary
from impactkit.validation import check_workspace


def create_workspace(
    db: Database, principal: Principal, *, key: str, jurisdiction: str, cycle: str,
    title: str | None = None, jurisdiction_name: str | None = None, fictional: bool = False,
    year: int | None = None, catalogue_key: str = "impact-default", description: str = "",
) -> Workspace:
    """A new, empty workspace (site administrators only; audited under their name)."""
    require_site_admin(principal, to="create a workspace")
    db.require_current()
    place = resolve_jurisdiction(jurisdiction, name=jurisdiction_name, fictional=fictional)
    workspace = Workspace(key=key, title=title or f"{place.name} {cycle}", jurisdiction=place,
                          cycle=cycle, year=year, catalogue_key=catalogue_key,
                          description=description)
    problems = check_workspace(workspace)
    if problems:
        raise ValidationError(problems, summary=f"workspace {key!r} was not created")
    with db.begin() as conn:
        if catalogue_key not in catalogue_keys(conn):
            raise UsageError(f"no catalogue '{catalogue_key}' in this database; known: "
                             f"{', '.join(catalogue_keys(conn)) or 'none (run impact init)'}")
        store.create_workspace(conn, workspace=workspace, user=principal.name)
        return store.get_workspace(conn, key=key)


def list_workspaces(db: Database, principal: Principal) -> list[WorkspaceSummary]:
    """The workspaces ``principal`` may read (anonymous visitors: the public ones): the one
    place this filter is applied, for the home page, the API, the comparison form and the
    CLI (whose operator reads everything)."""
    summaries = _all_workspaces(db)
    readable = set(readable_among(db, principal, [s.key for s in summaries]))
    return [s for s in summaries if s.key in readable]


def _all_workspaces(db: Database) -> list[WorkspaceSummary]:
    db.require_current()
    with db.connect() as conn:
        return store.list_workspaces(conn)


def delete_workspace(db: Database, principal: Principal, *, key: str) -> None:
    """Delete a workspace and all its records (its admins only; the audit trail keeps it)."""
    db.require_current()
    require(db, principal, key, Role.ADMIN)
    with db.begin() as conn:
        store.delete_workspace(conn, key=key, user=principal.name)


def resolve_workspace_key(db: Database, principal: Principal, key: str | None) -> str:
    """The workspace a command means: the one named, or the only one ``principal`` may
    read. (Reading the one named is checked by the service the command calls.)"""
    if key:
        return key
    summaries = list_workspaces(db, principal)
    if len(summaries) == 1:
        return summaries[0].key
    if not summaries:
        raise NotFoundError("the database holds no workspace yet: run 'impact demo' or "
                            "'impact workspace create'")
    keys = ", ".join(s.key for s in summaries)
    raise UsageError(f"several workspaces exist ({keys}): name one with --workspace")


def four_eyes(db: Database, principal: Principal, *, key: str) -> bool:
    """Whether the workspace applies the four-eyes rule (see :mod:`impactkit.services.review`)."""
    db.require_current()
    require_read(db, principal, key)
    with db.connect() as conn:
        return store.four_eyes(conn, key=key)


def set_four_eyes(db: Database, principal: Principal, *, key: str, on: bool) -> bool:
    """Switch the four-eyes rule of a workspace: its admins only; audited. Returns whether
    it changed (the web's form takes on/off text: see
    :func:`impactkit.services.members.set_four_eyes_mode`)."""
    db.require_current()
    require(db, principal, key, Role.ADMIN)
    with db.begin() as conn:
        return store.set_four_eyes(conn, key=key, on=on, user=principal.name)
