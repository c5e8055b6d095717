"""The demo, analyse, explain and compare as a user runs them."""

from __future__ import annotations

from tests.cli.conftest import ALL_DEMO, EARLIER, LATEST, Impact


def test_demo_prints_the_analysis_with_its_planted_patterns(impact: Impact) -> None:
    result = impact("demo")
    assert result.code == 0, result.err
    out = result.out
    assert f"Analysis of {LATEST}" in out
    assert "Scores by area of analysis" in out
    assert "CRC-39" in out  # a provision nobody is mandated for
    assert "forced-criminality" in out  # a form of exploitation nobody is mandated for
    assert "Unaccompanied children" in out  # an excluded group
    assert "child-protection / immigration" in out  # sectors in tension


def test_demo_can_be_rebuilt_in_place(demo: Impact) -> None:
    assert demo("demo", "--json").code == 0
    listed = demo("workspace", "list", "--json").json()
    assert [w["key"] for w in listed] == ALL_DEMO
    assert all(w["fictional"] for w in listed)


def test_analyse_json_is_stable_and_never_scores_the_unassessed_as_zero(demo: Impact) -> None:
    first = demo("analyse", "-w", LATEST, "--json")
    second = demo("analyse", "-w", LATEST, "--json")
    assert first.code == 0
    assert first.out == second.out
    report = first.json()
    assert report["schema_version"] == 1
    assert report["workspace"] == LATEST
    for kind, scores in report["scores"].items():
        for score in scores:
            if score["n_findings"] == 0:
                assert score["score"] is None, (kind, score["code"])
    gaps = {g["code"]: g for g in report["gaps"]["provision"]}
    assert gaps["CRC-32"]["significant"] is True
    assert gaps["CRC-32"]["gap"] >= 50


def test_status_filter_narrows_the_findings(demo: Impact) -> None:
    everything = demo("analyse", "-w", LATEST, "--json").json()["summary"]
    validated = demo("analyse", "-w", LATEST, "--status", "validated", "--json").json()
    assert validated["filter"]["statuses"] == ["validated"]
    assert 0 < validated["summary"]["findings"] < everything["findings"]


def test_explain_matches_the_number_in_the_report(demo: Impact) -> None:
    report = demo("analyse", "-w", LATEST, "--json").json()
    area = next(s for s in report["scores"]["area"] if s["code"] == "compliance")
    explanation = demo("explain", "area:compliance", "-w", LATEST, "--json").json()
    assert explanation["value"] == area["score"]
    assert explanation["total_contribution"] == area["score"]
    assert sorted(f["key"] for f in explanation["findings"]) == area["finding_keys"]
    text = demo("explain", "gap:CRC-32", "-w", LATEST)
    assert text.code == 0
    assert "Arithmetic: gap = law-policy" in text.out


def test_explain_an_unknown_target_says_what_is_accepted(demo: Impact) -> None:
    result = demo("explain", "area:efectiveness", "-w", LATEST)
    assert result.code == 1
    assert "effectiveness" in result.err
    malformed = demo("explain", "nonsense", "-w", LATEST)
    assert malformed.code == 2
    assert "area:<area>" in malformed.err


def test_compare_two_cycles(demo: Impact) -> None:
    comparison = demo("compare", EARLIER, LATEST, "--json").json()
    assert [w["workspace"] for w in comparison["workspaces"]] == [EARLIER, LATEST]
    law = next(r for r in comparison["rows"] if (r["kind"], r["code"]) == ("layer",
                                                                            "law-policy"))
    first, second = law["values"]
    assert abs(second["score_difference"] - (second["score"] - first["score"])) <= 0.011
    assert demo("compare", LATEST).code == 2


def test_several_workspaces_need_a_name(demo: Impact) -> None:
    result = demo("analyse")
    assert result.code == 2
    assert EARLIER in result.err
    assert LATEST in result.err


def test_unknown_workspace_is_named(demo: Impact) -> None:
    result = demo("analyse", "-w", "atlantis")
    assert result.code == 1
    assert "no workspace 'atlantis'" in result.err


def test_commands_on_an_uninitialised_database_say_to_run_init(impact: Impact) -> None:
    result = impact("analyse", "-w", LATEST)
    assert result.code == 1
    assert "impact init" in result.err
