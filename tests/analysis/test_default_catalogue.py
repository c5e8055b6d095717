"""Smoke test on the catalogue the package ships, when it is there."""

from __future__ import annotations

import json

import pytest

from impactkit.analysis import analyse, explain

from .conftest import finding, workspace

loader = pytest.importorskip("impactkit.catalogue.loader")


def test_default_catalogue_analyses_a_small_workspace():
    catalogue = loader.load_default_catalogue()
    data = workspace([
        finding("A", layer="law-policy", provisions=["CRC-32"], rating=4, sectors=["labour"]),
        finding("B", layer="practice", provisions=["CRC-32"], rating=1, sectors=["labour"]),
        finding("C", area="inclusion", clusters=["special-protection"], rating=1,
                groups=["undocumented"], exclusion_criteria=["documents"],
                sectors=["immigration"]),
        finding("D", area="coherence", provisions=["CRC-22"], rating=0,
                tension_sectors=["immigration", "child-protection"]),
        finding("E", provisions=["CRC-44"], rating=3),  # procedural: outside the grid
    ], catalogue_key=catalogue.key)
    report = analyse(data, catalogue)
    assert [s.code for s in report.scores["area"]] == [
        "inclusion", "compliance", "appropriateness", "effectiveness", "coherence"]
    assert len(report.scores["cluster"]) == 9
    assert "CRC-44" not in {s.code for s in report.scores["provision"]}
    gap = report.provision_gaps[0]
    assert (gap.code, gap.gap, gap.significant) == ("CRC-32", pytest.approx(75.0), True)
    assert report.exclusions[0].group == "undocumented"
    assert report.tensions[0].sectors == ("child-protection", "immigration")
    assert [n.type for n in report.notices] == ["unscoped-findings"]
    json.dumps(report.to_dict())
    explanation = explain(data, catalogue, "cluster:special-protection")
    assert explanation.value == report.score("cluster:special-protection").score
