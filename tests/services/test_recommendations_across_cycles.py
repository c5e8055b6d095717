"""Recommendations are the State's, membership is per workspace: what a member of one cycle
may do to records shared with another cycle of the same State."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest

from impactkit.domain import Actor, Finding, Workspace, WorkspaceData
from impactkit.errors import ValidationError
from impactkit.recommendations.model import Action, Mechanism, Recommendation
from impactkit.services import recommendation_links as links
from impactkit.services import recommendations as service
from impactkit.services.accounts import Principal, operator
from impactkit.services.setup import init_database
from impactkit.services.workspaces import create_workspace as create_cycle
from impactkit.store import recommendations as store
from impactkit.store.db import Database
from impactkit.store.records import add_records
from impactkit.store.workspaces import create_workspace, get_workspace
from tests.conftest import shared_file
from tests.services.sample import WS

OTHER = "xa-2019"  # an earlier cycle of the sample's State, where nobody is a member

Who = Callable[[str], Principal]


@pytest.fixture
def cycles(db: Database) -> Database:
    with db.begin() as conn:
        state = get_workspace(conn, key=WS).jurisdiction
        earlier = WorkspaceData(
            workspace=Workspace(key=OTHER, title="Atlantis 2019", jurisdiction=state,
                                cycle="2019", year=2019),
            actors=[Actor(key="police", name="National police", sector="law-enforcement")],
            findings=[Finding(key="S1", area="legislation", layer="legal",
                              title="Secret finding")])
        create_workspace(conn, workspace=earlier.workspace, user="setup")
        add_records(conn, workspace_key=OTHER, data=earlier, user="setup")
        store.save_imported(conn, workspace_key=WS, families={}, by="setup", records=[
            Recommendation(key="upr-3-1", mechanism=Mechanism.UPR, text="Protect children.")])
    return db


def test_a_finding_of_a_cycle_one_may_not_read_is_neither_linked_nor_suggested(
        cycles: Database, who: Who) -> None:
    rec = service.get(cycles, who("contributor"), workspace_key=WS, key="upr-3-1")
    with pytest.raises(ValidationError) as refused:
        service.set_tags(cycles, who("contributor"), workspace_key=WS, key="upr-3-1",
                         tags={"findings": (f"{OTHER}/S1",)}, expected_version=rec.version)
    (problem,) = refused.value.problems
    assert problem.message == f"no finding 'S1' in workspace '{OTHER}'"  # no "did you mean"
    saved = service.set_tags(cycles, who("admin"), workspace_key=WS, key="upr-3-1",
                             tags={"findings": (f"{OTHER}/S1", "F1")},
                             expected_version=rec.version)
    assert saved.findings == (f"{OTHER}/S1", f"{WS}/F1")


def test_an_action_written_in_another_cycle_stays_editable_with_its_actors(
        cycles: Database, who: Who) -> None:
    service.add_action(cycles, who("admin"), workspace_key=OTHER, action=Action(
        key="A1", title="Train the police", recommendations=("upr-3-1",), actors=("police",)))
    (action,) = service.actions_of(cycles, who("contributor"), workspace_key=WS,
                                   recommendation="upr-3-1")
    edited = service.update_action(cycles, who("contributor"), workspace_key=WS,
                                   action=replace(action, title="Train the police and judges"),
                                   expected_version=action.version)
    assert edited.actors == ("police",)
    with pytest.raises(ValidationError, match="no actor 'customs' in workspace"):
        service.update_action(cycles, who("contributor"), workspace_key=WS,
                              action=replace(edited, actors=("police", "customs")),
                              expected_version=edited.version)


def test_the_ohchr_file_imported_into_two_cycles_is_one_set_seen_up_to_each_year(
        database: Database) -> None:
    """The issue's own data: the OHCHR list of Slovenia's UPR cycles 3 (2019) and 4 (2025)
    gives no dates; dated by cycle on import, the 2019 cycle sees cycle 3 only."""
    path = shared_file("ohchr_upr_thematic_SVN_c3c4.csv")
    with path.open(encoding="utf-8") as source:
        per_cycle = Counter(row["cycle"] for row in csv.DictReader(source))
    me = operator("tester")
    init_database(database, user="tester")
    for key, year in (("svn-2019", 2019), ("svn-2024", 2024)):
        create_cycle(database, me, key=key, jurisdiction="SVN", cycle=str(year), year=year)
    dates = {"3": date(2019, 11, 13), "4": date(2025, 1, 29)}
    first = service.import_file(database, me, workspace_key="svn-2019", path=path,
                                cycle_dates=dates)
    again = service.import_file(database, me, workspace_key="svn-2024", path=path)
    assert (first.added, again.added, again.updated) == (sum(per_cycle.values()), 0, 0)
    with database.connect() as conn:
        for key in ("svn-2019", "svn-2024"):
            seen = store.load_recommendations(conn, workspace_key=key, up_to_cycle=True)
            assert len(seen) == per_cycle["3"]
        everything = store.load_recommendations(conn, workspace_key="svn-2024")
    assert len(everything) == sum(per_cycle.values())
    assert {r.date for r in everything} == set(dates.values())  # kept by the second import


def test_a_misspelt_finding_of_another_cycle_is_suggested_from_that_cycle(
        cycles: Database, who: Who) -> None:
    rec = service.get(cycles, who("admin"), workspace_key=WS, key="upr-3-1")
    with pytest.raises(ValidationError) as refused:
        links.link(cycles, who("admin"), workspace_key=WS, key="upr-3-1",
                   findings=[f"{OTHER}/S11"], expected_version=rec.version)
    (problem,) = refused.value.problems
    assert problem.message == f"no finding 'S11' in workspace '{OTHER}'; did you mean 'S1'?"
