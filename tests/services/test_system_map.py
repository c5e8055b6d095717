"""The system map through the service layer (both databases): export to GraphML and a Data
Package, the round trip into another workspace, malformed map imports rejected with nothing
written, scenarios saved and replayed after the map changed."""

from __future__ import annotations

import csv
import filecmp
import shutil
from pathlib import Path

import networkx as nx
import pytest

from impactkit.domain import Mandate
from impactkit.errors import ConflictError, ImportRejected, ValidationError
from impactkit.services import system_map as service
from impactkit.services.accounts import operator
from impactkit.services.demo import build_demo_database
from impactkit.services.exchange import import_map
from impactkit.services.records import create_record
from impactkit.services.workspaces import create_workspace
from impactkit.store.db import Database
from impactkit.systemmap.navigator import Situation
from impactkit.systemmap.scenario import Scenario, ScenarioNote

WS = "demo-veldmark-2024"
ME = operator("tester")


@pytest.fixture
def demo(database: Database) -> Database:
    build_demo_database(database, user="tester")
    return database


def test_graphml_holds_every_actor_and_link(demo: Database, tmp_path: Path) -> None:
    data = service.map_data(demo, ME, workspace_key=WS)
    path = service.export_map(demo, ME, workspace_key=WS, path=tmp_path / "map.graphml",
                              file_format="graphml")
    graph = nx.read_graphml(path)
    assert set(graph.nodes) == {a.key for a in data.actors}
    assert graph.number_of_edges() == len(data.links)
    some = data.actors[0]
    assert graph.nodes[some.key]["sector"] == some.sector


def test_the_map_package_round_trips_into_an_empty_workspace(demo: Database,
                                                             tmp_path: Path) -> None:
    first = service.export_map(demo, ME, workspace_key=WS, path=tmp_path / "map",
                               file_format="datapackage")
    create_workspace(demo, ME, key="copy", jurisdiction="XVM", jurisdiction_name="Veldmark",
                     fictional=True, cycle="copy")
    counts = import_map(demo, ME, key="copy", path=first).counts
    original = service.map_data(demo, ME, workspace_key=WS)
    assert counts["actor"] == len(original.actors)
    assert counts["link"] == len(original.links)
    service.export_map(demo, ME, workspace_key="copy", path=tmp_path / "again",
                       file_format="datapackage")
    for name in ("actors.csv", "mandates.csv", "links.csv", "instruments.csv"):
        assert filecmp.cmp(tmp_path / "map" / name, tmp_path / "again" / name, shallow=False)
    assert (service.map_report(demo, ME, workspace_key="copy").to_dict()
            == service.map_report(demo, ME, workspace_key=WS).to_dict())


def test_a_malformed_map_is_rejected_with_nothing_written(demo: Database,
                                                          tmp_path: Path) -> None:
    package = tmp_path / "map"
    service.export_map(demo, ME, workspace_key=WS, path=package, file_format="datapackage")
    create_workspace(demo, ME, key="copy", jurisdiction="XVM", jurisdiction_name="Veldmark",
                     fictional=True, cycle="copy")
    links = package / "links.csv"
    with links.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    target = rows[0].index("target_key")
    rows[2][target] = "no-such-actor"
    with links.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, lineterminator="\r\n").writerows(rows)
    with pytest.raises(ImportRejected) as rejected:
        import_map(demo, ME, key="copy", path=package)
    assert any("no-such-actor" in p.message for p in rejected.value.problems)
    assert service.map_data(demo, ME, workspace_key="copy").actors == []
    whole = tmp_path / "whole"
    shutil.copytree(package, whole)
    from impactkit.services.exchange import export_workspace
    export_workspace(demo, ME, key=WS, directory=whole)
    with pytest.raises(ImportRejected, match="not a map"):
        import_map(demo, ME, key="copy", path=whole)


def test_a_saved_scenario_replays_what_a_reform_fixed(demo: Database) -> None:
    """The demo's planted hole: nobody prosecutes forced criminality. A mandate added after
    the scenario was saved fixes the investigation step on replay."""
    situation = Situation(age_band="15-17", groups=(), forms=("forced-criminality",),
                          needs=(), level="local")
    scenario = Scenario(key="story", title="The training's case story", situation=situation,
                        notes=(ScenarioNote(kind="risk", text="works nights", dimension=None),),
                        session=1)
    saved = service.save_scenario(demo, ME, workspace_key=WS, scenario=scenario)
    assert any(g["step"] == "investigation" and g["kind"] == "no-actor"
               for g in saved.route["gaps"]), "the planted gap is on the route"
    before = service.replay(demo, ME, workspace_key=WS, key="story")
    assert not before.change.fixed_gaps and not before.change.new_gaps
    create_record(demo, ME, workspace_key=WS, entity="mandates", record=Mandate(
        key="reform-2025", actor_key="southfen-prosecutor", forms=("forced-criminality",),
        functions=("prosecution",)))
    after = service.replay(demo, ME, workspace_key=WS, key="story")
    assert any(g.step == "investigation" and g.kind == "no-actor"
               for g in after.change.fixed_gaps)
    assert not any(g.step == "investigation" and g.kind == "no-actor" for g in after.now.gaps)
    with pytest.raises(ConflictError):
        service.save_scenario(demo, ME, workspace_key=WS, scenario=scenario)
    with pytest.raises(ValidationError):
        service.save_scenario(demo, ME, workspace_key=WS, scenario=Scenario(
            key="bad", title="x", situation=Situation(age_band="12-14", groups=("nope",),
                                                      forms=(), needs=(), level="local")))
