"""``impact map``: show, gaps, path (printed as steps), export and import, scenarios, run as a
user would on the demo (both databases)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from tests.cli.conftest import Impact

WS = "demo-veldmark-2024"


def test_show_and_gaps_find_the_planted_problems(demo: Impact) -> None:
    shown = demo("map", "show", "-w", WS, "--json")
    assert shown.code == 0, shown.err
    report = shown.json()
    assert report["actors"] >= 40
    assert any(c["actor_keys"][0] == "immigration-service" for c in report["conflicts"])
    gaps = demo("map", "gaps", "-w", WS, "--form", "forced-criminality", "--json").json()
    assert gaps["gaps"] and all(g["form"] == "forced-criminality" for g in gaps["gaps"])
    assert demo("map", "gaps", "-w", WS).out.count("Overlaps without coordination") == 1


def test_path_prints_steps_and_reports_a_gap_instead_of_nothing(demo: Impact) -> None:
    printed = demo("map", "path", "-w", WS, "--age-band", "15-17", "--group",
                   "unaccompanied", "--form", "forced-criminality")
    assert printed.code == 0, printed.err
    assert "1. identification" in printed.out
    assert "gap" in printed.out
    route = demo("map", "path", "-w", WS, "--age-band", "15-17", "--form",
                 "forced-criminality", "--json").json()
    assert route["gaps"] and all(g["reason"] for g in route["gaps"])
    unknown = demo("map", "path", "-w", WS, "--form", "forced-crime")
    assert unknown.code == 1 and "forced-crime" in unknown.err


def test_export_import_round_trip_and_graphml(demo: Impact, tmp_path: Path) -> None:
    assert demo("map", "export", str(tmp_path / "map.graphml"), "-w", WS).code == 0
    graph = nx.read_graphml(tmp_path / "map.graphml")
    assert graph.number_of_nodes() >= 40
    assert demo("map", "export", str(tmp_path / "map"), "-w", WS).code == 0
    assert demo("workspace", "create", "copy", "--jurisdiction", "XVM", "--name", "Veldmark",
                "--fictional", "--cycle", "copy").code == 0
    imported = demo("map", "import", str(tmp_path / "map"), "-w", "copy")
    assert imported.code == 0, imported.err
    again = demo("map", "import", str(tmp_path / "map"), "-w", "copy")
    assert again.code == 1 and "duplicate key" in again.err  # nothing written twice
    assert (demo("map", "show", "-w", "copy", "--json").json()
            == demo("map", "show", "-w", WS, "--json").json())


def test_a_scenario_is_saved_listed_and_replayed(demo: Impact) -> None:
    saved = demo("map", "scenario", "save", "story", "--title", "Session 1 case story",
                 "-w", WS, "--age-band", "15-17", "--group", "unaccompanied", "--form",
                 "forced-criminality", "--note", "risk:works nights in the harbour",
                 "--note", "hindering:coordination:no shared case file", "--session", "1",
                 "--age-in-doubt")
    assert saved.code == 0, saved.err
    listed = demo("map", "scenario", "list", "-w", WS, "--json").json()
    assert [s["key"] for s in listed] == ["story"]
    replayed = demo("map", "scenario", "replay", "story", "-w", WS)
    assert replayed.code == 0 and "0 gap(s) fixed" in replayed.out
    # the age in doubt is kept with the scenario: the presumption of minority applies
    now = demo("map", "scenario", "replay", "story", "-w", WS, "--json").json()["now"]
    assert now["situation"]["age_in_doubt"] is True
    assert "age-assessment" in [step["code"] for step in now["steps"]]
    bad = demo("map", "scenario", "save", "x", "--title", "x", "-w", WS, "--note",
               "hindering:no dimension given")
    assert bad.code != 0


def test_map_gaps_lists_every_uncoordinated_pair_on_demand(demo: Impact) -> None:
    plain = demo("map", "gaps", "-w", WS, "--json").json()
    listed = demo("map", "gaps", "-w", WS, "--pairs", "--json").json()
    assert [o["form"] for o in plain["overlaps"]] == [o["form"] for o in listed["overlaps"]]
    for overlap in listed["overlaps"]:
        pairs = overlap["uncoordinated"]
        assert len(pairs) == overlap["uncoordinated_count"] > 0
        assert all(a in overlap["actors"] and b in overlap["actors"] for a, b in pairs)
