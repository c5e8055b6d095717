"""Building the fictional demo jurisdiction into a database."""

from __future__ import annotations

from dataclasses import dataclass

from impactkit.demo import build_demo_cycles
from impactkit.services.setup import init_database
from impactkit.store import records, workspaces
from impactkit.store.db import Database


@dataclass(frozen=True, slots=True)
class DemoReport:
    workspace_keys: list[str]
    counts: dict[str, dict[str, int]]


def build_demo_database(db: Database, *, user: str) -> DemoReport:
    """Initialise the database and (re)build the demo workspaces in it: any earlier copy of
    them is replaced, other workspaces are left alone."""
    init_database(db, user=user)
    cycles = build_demo_cycles()
    counts: dict[str, dict[str, int]] = {}
    with db.begin() as conn:
        for data in cycles:
            key = data.workspace.key
            if workspaces.workspace_id(conn, key=key, missing_ok=True) is not None:
                workspaces.delete_workspace(conn, key=key, user=user)
            workspaces.create_workspace(conn, workspace=data.workspace, user=user)
            counts[key] = records.add_records(conn, workspace_key=key, data=data, user=user,
                                              summary="demo")
    return DemoReport(workspace_keys=[d.workspace.key for d in cycles], counts=counts)
