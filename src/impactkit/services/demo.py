"""Building the fictional demo jurisdictions into a database.

Veldmark comes first (two cycles), then the comparative set: four more fictional
jurisdictions assessed once (2020-2024), and the indicator panels of all five, which the
vulnerability index and the comparison of implementation against vulnerability read.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from impactkit.catalogue.loader import load_default_catalogue
from impactkit.demo import DEFAULT_SEED, build_demo_cycles, texts_for
from impactkit.demo.comparative import PANEL_JURISDICTIONS, PROFILES, build_jurisdiction
from impactkit.demo.comparative import recommendations_for as comparative_recommendations
from impactkit.demo.comparative.panels import panel_values
from impactkit.demo.recommendations import FINDINGS_ADDRESSED, recommendations_for
from impactkit.domain import WorkspaceData
from impactkit.recommendations.model import finding_ref
from impactkit.recommendations.reiteration import families
from impactkit.services.setup import init_database
from impactkit.store import editorial, records, workspaces
from impactkit.store import indicator_panel as panel_store
from impactkit.store import recommendation_tracking as tracking
from impactkit.store import recommendations as recommendation_store
from impactkit.store.db import Connection, Database

PANEL_SOURCE = "demo"
"""The source name the demo's panel import is audited under."""


@dataclass(frozen=True, slots=True)
class DemoReport:
    """What was built: every workspace key (Veldmark's cycles oldest first, then the
    comparative set), counts per workspace, the workspace the demo's walk-through shows
    (Veldmark's current cycle), the comparative workspaces with Veldmark's current cycle first
    (the set to compare), and the panel import's counts (added, replaced, unchanged)."""

    workspace_keys: list[str]
    counts: dict[str, dict[str, int]]
    featured_key: str = ""
    comparative_keys: list[str] = field(default_factory=list)
    panel: dict[str, int] = field(default_factory=dict)


def build_demo_database(db: Database, *, user: str) -> DemoReport:
    """Initialise the database and (re)build the demo workspaces in it: any earlier copy of
    them is replaced, other workspaces are left alone; the demo's panel values replace those
    stored for the same jurisdiction, indicator and year."""
    init_database(db, user=user)
    cycles = build_demo_cycles()
    counts: dict[str, dict[str, int]] = {}
    with db.begin() as conn:
        for index, data in enumerate(cycles):
            key = data.workspace.key
            if workspaces.workspace_id(conn, key=key, missing_ok=True) is not None:
                workspaces.delete_workspace(conn, key=key, user=user)
            workspaces.create_workspace(conn, workspace=data.workspace, user=user)
            if index == 0:  # the State's recommendations outlive its workspaces: replace them
                recommendation_store.clear_state(conn, workspace_key=key, by=user,
                                                 summary="demo rebuilt")
            counts[key] = records.add_records(conn, workspace_key=key, data=data, user=user,
                                              summary="demo")
            year = data.workspace.year
            counts[key]["editorial-section"] = editorial.add_sections(
                conn, workspace_key=key, sections=texts_for(year) if year else [], user=user,
                summary="demo")
            counts[key].update(_add_recommendations(conn, key, year or 0,
                                                    {a.key for a in data.actors}, user))
        _link_findings(conn, cycles[-1], user)
        comparative = _add_comparative(conn, counts, user)
        panel = _add_panels(conn, user)
    featured = cycles[-1].workspace.key
    return DemoReport(workspace_keys=[*(d.workspace.key for d in cycles), *comparative],
                      counts=counts, featured_key=featured,
                      comparative_keys=[featured, *comparative], panel=panel)


def _add_recommendations(conn: Connection, key: str, year: int, actor_keys: set[str],
                         user: str) -> dict[str, int]:
    """The demo's recommendations, imported into this cycle as a user would (they merge
    with those the State's earlier cycles received), with the actions and status assessments
    of the cycle not yet recorded for the State."""
    demo = recommendations_for(year, actor_keys)
    recommendation_store.save_imported(conn, workspace_key=key, records=demo.recommendations,
                                       families=families(demo.recommendations), by=user,
                                       summary="demo")
    known = {a.key for a in tracking.load_actions(conn, workspace_key=key)}
    actions = [a for a in demo.actions if a.key not in known]
    for action in actions:
        tracking.add_action(conn, workspace_key=key, action=action, by=user)
    recorded = {(s.recommendation, s.source, s.assessed_on)
                for history in tracking.status_histories(conn, workspace_key=key).values()
                for s in history}
    statuses = [s for s in demo.statuses
                if (s.recommendation, s.source, s.assessed_on) not in recorded]
    for assessment in statuses:
        tracking.add_status(conn, workspace_key=key, assessment=assessment, by=user)
    return {"recommendation": len(demo.recommendations), "action": len(actions),
            "status": len(statuses)}


def _link_findings(conn: Connection, current: WorkspaceData, user: str) -> None:
    """Link the current cycle's findings to the recommendations they follow up, as a
    person would on the recommendation's page."""
    key = current.workspace.key
    present = {f.key for f in current.findings}
    for rec in recommendation_store.load_recommendations(
            conn, workspace_key=key, keys=list(FINDINGS_ADDRESSED)):
        refs = tuple(finding_ref(key, f) for f in FINDINGS_ADDRESSED[rec.key] if f in present)
        if refs:
            recommendation_store.update_recommendation(
                conn, workspace_key=key, record=replace(rec, findings=refs),
                expected_version=rec.version, by=user, summary="demo: link findings")


def _add_comparative(conn: Connection, counts: dict[str, dict[str, int]], user: str
                     ) -> list[str]:
    """(Re)build the comparative workspaces with their UN recommendations; their keys, in
    order. ``counts`` gets each workspace's counts."""
    catalogue = load_default_catalogue()
    keys = []
    for profile in PROFILES:
        data = build_jurisdiction(profile, catalogue, seed=DEFAULT_SEED)
        key = data.workspace.key
        if workspaces.workspace_id(conn, key=key, missing_ok=True) is not None:
            workspaces.delete_workspace(conn, key=key, user=user)
        workspaces.create_workspace(conn, workspace=data.workspace, user=user)
        recommendation_store.clear_state(conn, workspace_key=key, by=user,
                                         summary="demo rebuilt")
        counts[key] = records.add_records(conn, workspace_key=key, data=data, user=user,
                                          summary="demo")
        made = comparative_recommendations(profile)
        recommendation_store.save_imported(
            conn, workspace_key=key, records=made.recommendations,
            families=families(made.recommendations), by=user, summary="demo")
        for action in made.actions:
            tracking.add_action(conn, workspace_key=key, action=action, by=user)
        for assessment in made.statuses:
            tracking.add_status(conn, workspace_key=key, assessment=assessment, by=user)
        counts[key].update({"recommendation": len(made.recommendations),
                            "action": len(made.actions), "status": len(made.statuses)})
        keys.append(key)
    return keys


def _add_panels(conn: Connection, user: str) -> dict[str, int]:
    """The indicator panels of the five fictional jurisdictions."""
    return panel_store.save_panel(conn, rows=panel_values(seed=DEFAULT_SEED),
                                  names={j.code: j for j in PANEL_JURISDICTIONS},
                                  user=user, source_file=PANEL_SOURCE)
