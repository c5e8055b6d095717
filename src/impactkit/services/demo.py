"""Building the fictional demo jurisdiction into a database."""

from __future__ import annotations

from dataclasses import dataclass

from impactkit.demo import build_demo_cycles, texts_for
from impactkit.demo.recommendations import recommendations_for
from impactkit.recommendations.reiteration import families
from impactkit.services.setup import init_database
from impactkit.store import editorial, records, workspaces
from impactkit.store import recommendation_tracking as tracking
from impactkit.store import recommendations as recommendation_store
from impactkit.store.db import Connection, Database


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
            year = data.workspace.year
            counts[key]["editorial-section"] = editorial.add_sections(
                conn, workspace_key=key, sections=texts_for(year) if year else [], user=user,
                summary="demo")
            counts[key].update(_add_recommendations(conn, key, year or 0,
                                                    {a.key for a in data.actors}, user))
    return DemoReport(workspace_keys=[d.workspace.key for d in cycles], counts=counts)


def _add_recommendations(conn: Connection, key: str, year: int, actor_keys: set[str],
                         user: str) -> dict[str, int]:
    """The demo's recommendations, with the actions and status assessments of its cycle."""
    demo = recommendations_for(year, actor_keys)
    recommendation_store.save_imported(conn, workspace_key=key, records=demo.recommendations,
                                       families=families(demo.recommendations), by=user,
                                       summary="demo")
    for action in demo.actions:
        tracking.add_action(conn, workspace_key=key, action=action, by=user)
    for assessment in demo.statuses:
        tracking.add_status(conn, workspace_key=key, assessment=assessment, by=user)
    return {"recommendation": len(demo.recommendations), "action": len(demo.actions),
            "status": len(demo.statuses)}
