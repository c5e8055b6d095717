"""The system map of a workspace: its analysis, the referral navigator, saved scenarios, and
moving the map in and out (GraphML, Data Package).

Reading needs read access to the workspace; importing a map and saving scenarios need the
contributor role. The map itself (actors, mandates, links) is edited like every record
(:mod:`impactkit.services.records`), so its changes are audited and locked the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from impactkit.catalogue.schema import Catalogue
from impactkit.domain import WorkspaceData
from impactkit.errors import Problem, UsageError, ValidationError
from impactkit.input_rules import key_problem, record_text_problems
from impactkit.services.accounts import Principal, Role, require, require_read
from impactkit.services.analysis import load_with_catalogue
from impactkit.store import scenarios as store
from impactkit.store.db import Database
from impactkit.systemmap.analysis import MapReport, analyse_map
from impactkit.systemmap.navigator import Route, RouteChange, Situation, compare_routes, navigate
from impactkit.systemmap.scenario import Scenario, check_scenario

EXPORT_FORMATS = ("graphml", "datapackage")


@dataclass(frozen=True)
class Replay:
    """A saved scenario run again on today's map, beside its answer when saved."""

    scenario: Scenario
    saved: Route
    now: Route
    change: RouteChange
    saved_at: str
    version: int
    catalogue: Catalogue  # the workspace's, for the words of the answer


def map_report(db: Database, principal: Principal, *, workspace_key: str) -> MapReport:
    return map_with_report(db, principal, workspace_key=workspace_key)[1]


def map_with_report(db: Database, principal: Principal, *, workspace_key: str
                    ) -> tuple[WorkspaceData, MapReport]:
    """The map's records and their analysis, from one load (the map page shows both)."""
    require_read(db, principal, workspace_key)
    data, catalogue = load_with_catalogue(db, workspace_key)
    return data, analyse_map(data, catalogue)


def route(db: Database, principal: Principal, *, workspace_key: str, situation: Situation
          ) -> Route:
    """The navigator's answer for a situation (nothing is stored)."""
    return route_with_catalogue(db, principal, workspace_key=workspace_key,
                                situation=situation)[0]


def route_with_catalogue(db: Database, principal: Principal, *, workspace_key: str,
                         situation: Situation) -> tuple[Route, Catalogue]:
    """The answer and the workspace's catalogue, whose titles put its reasons in words."""
    require_read(db, principal, workspace_key)
    data, catalogue = load_with_catalogue(db, workspace_key)
    return navigate(data, catalogue, situation), catalogue  # navigate checks the situation


def map_data(db: Database, principal: Principal, *, workspace_key: str) -> WorkspaceData:
    require_read(db, principal, workspace_key)
    data, _ = load_with_catalogue(db, workspace_key)
    return data


def export_map(db: Database, principal: Principal, *, workspace_key: str, path: Path,
               file_format: str) -> Path:
    """GraphML into the file ``path``, or a Data Package into the folder ``path``."""
    if file_format not in EXPORT_FORMATS:
        raise UsageError(f"unknown format {file_format!r}; use one of "
                         f"{', '.join(EXPORT_FORMATS)}")
    # imported here: the exchange formats cost a quarter of a second to load, which every
    # map command would pay
    from impactkit.exchange.system_map import write_graphml, write_map_package

    data = map_data(db, principal, workspace_key=workspace_key)
    if file_format == "graphml":
        return write_graphml(data, path)
    return write_map_package(data, path)


# --- scenarios ----------------------------------------------------------------------------
def save_scenario(db: Database, principal: Principal, *, workspace_key: str,
                  scenario: Scenario, expected_version: int | None = None
                  ) -> store.StoredScenario:
    """Check the scenario, answer it on today's map and keep both (a new scenario, or a
    stored one replaced at ``expected_version``: its new answer is the baseline of later
    replays)."""
    require(db, principal, workspace_key, Role.CONTRIBUTOR)
    data, catalogue = load_with_catalogue(db, workspace_key)
    problems = [Problem(message, field=name)
                for name, message in record_text_problems(scenario)]
    if (message := key_problem(scenario.key)) is not None:
        problems.append(Problem(message, field="key"))
    problems += check_scenario(scenario, catalogue)
    if problems:
        raise ValidationError(problems, summary="the scenario was not saved")
    answer = navigate(data, catalogue, scenario.situation)
    with db.begin() as conn:
        return store.save_scenario(conn, workspace_key=workspace_key, key=scenario.key,
                                   title=scenario.title, document=scenario.to_dict(),
                                   route=answer.to_dict(), by=principal.name,
                                   expected_version=expected_version)


def list_scenarios(db: Database, principal: Principal, *, workspace_key: str
                   ) -> list[store.StoredScenario]:
    require_read(db, principal, workspace_key)
    with db.connect() as conn:
        return store.list_scenarios(conn, workspace_key=workspace_key)


def replay(db: Database, principal: Principal, *, workspace_key: str, key: str) -> Replay:
    """Run a saved scenario on today's map and say what changed since it was saved."""
    require_read(db, principal, workspace_key)
    with db.connect() as conn:
        stored = store.get_scenario(conn, workspace_key=workspace_key, key=key)
    data, catalogue = load_with_catalogue(db, workspace_key)
    scenario = Scenario.from_dict(stored.document)
    saved = Route.from_dict(stored.route)
    now = navigate(data, catalogue, scenario.situation)
    return Replay(scenario=scenario, saved=saved, now=now, change=compare_routes(saved, now),
                  saved_at=stored.saved_at.isoformat(), version=stored.version,
                  catalogue=catalogue)


def delete_scenario(db: Database, principal: Principal, *, workspace_key: str, key: str
                    ) -> None:
    require(db, principal, workspace_key, Role.CONTRIBUTOR)
    with db.begin() as conn:
        store.delete_scenario(conn, workspace_key=workspace_key, key=key, by=principal.name)
