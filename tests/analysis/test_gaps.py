"""Implementation gaps by hand: law-policy score minus practice score."""

from __future__ import annotations

import pytest

from impactkit.analysis import ImplementationGap, UnmeasurableGap, analyse

from .conftest import finding, make_catalogue, workspace

FINDINGS = [
    finding("G1", layer="law-policy", provisions=["CRC-1"], rating=4),  # CRC-1 law 100
    finding("G2", layer="practice", provisions=["CRC-1"], rating=1),  # CRC-1 practice 25
    finding("G3", layer="law-policy", provisions=["CRC-2"], rating=3),  # CRC-2 law 75
    finding("G4", layer="practice", provisions=["CRC-2"], rating=2, confidence="medium"),
    finding("G5", layer="practice", provisions=["CRC-3"], rating=2),  # CRC-3 practice only
    finding("G6", layer="law-policy", provisions=["CRC-4"], rating=1),  # CRC-4 law 25
    finding("G7", layer="practice", provisions=["CRC-4"], rating=3),  # CRC-4 practice 75
    finding("G8", layer="practice", provisions=["OPSC-1"]),  # not assessed: nothing said
]


@pytest.fixture
def report(catalogue):
    return analyse(workspace(FINDINGS), catalogue)


def test_provision_gaps_ranked_largest_first(report):
    gaps = report.provision_gaps
    assert all(isinstance(g, ImplementationGap) and g.type == "implementation-gap" for g in gaps)
    # CRC-1: 100 - 25 = 75; CRC-2: 75 - 50 = 25 (exactly the threshold: significant);
    # CRC-4: 25 - 75 = -50 (practice above the law)
    assert [(g.code, g.gap, g.significant) for g in gaps] == [
        ("CRC-1", pytest.approx(75.0), True),
        ("CRC-2", pytest.approx(25.0), True),
        ("CRC-4", pytest.approx(-50.0), False),
    ]
    crc1 = gaps[0]
    assert crc1.law_policy.score == pytest.approx(100.0)
    assert crc1.practice.score == pytest.approx(25.0)
    assert crc1.finding_keys == ("G1", "G2")
    assert crc1.target == "gap:CRC-1"
    assert crc1.law_policy.kind == "provision-layer"
    # each side's coverage: 1 of the 3 area cells of CRC-1 on that layer
    assert (crc1.law_policy.covered_cells, crc1.law_policy.total_cells) == (1, 3)


def test_cluster_gaps(report):
    gaps = {g.code: g for g in report.cluster_gaps}
    # principles = {CRC-1, CRC-3}: law G1 (4) -> 100; practice G2 (1), G5 (2) -> 37.5
    # violence = {CRC-2, CRC-3}: law G3 (3) -> 75; practice G4 (2, 0.7), G5 (2) -> 50
    assert [g.code for g in report.cluster_gaps] == ["principles", "violence"]
    assert gaps["principles"].gap == pytest.approx(62.5)
    assert gaps["violence"].gap == pytest.approx(25.0)
    assert gaps["violence"].target == "gap:cluster:violence"
    assert "procedural" not in gaps


def test_unmeasurable_gaps_name_the_missing_layer(report):
    unmeasurable = report.unmeasurable_gaps
    assert [(u.kind, u.code) for u in unmeasurable] == [("provision", "CRC-3")]
    only = unmeasurable[0]
    assert isinstance(only, UnmeasurableGap) and only.type == "gap-unmeasurable"
    assert (only.measured_layer, only.missing_layer) == ("practice", "law-policy")
    assert only.measured.score == pytest.approx(50.0)
    assert "cannot be measured" in only.message


def test_threshold_comes_from_the_catalogue():
    report = analyse(workspace(FINDINGS), make_catalogue(gap_threshold=30.0))
    assert [(g.code, g.significant) for g in report.provision_gaps] == [
        ("CRC-1", True), ("CRC-2", False), ("CRC-4", False)]


def test_gaps_use_every_area_of_the_layer(catalogue):
    data = workspace([
        finding("A", area="inclusion", layer="law-policy", provisions=["CRC-1"], rating=4),
        finding("B", area="coherence", layer="law-policy", provisions=["CRC-1"], rating=2),
        finding("C", area="compliance", layer="practice", provisions=["CRC-1"], rating=0),
    ])
    (gap,) = analyse(data, catalogue).provision_gaps
    # law-policy: (4 + 2) / 2 = 3 -> 75; practice 0 -> 0
    assert gap.gap == pytest.approx(75.0)
    assert gap.law_policy.covered_cells == 2
