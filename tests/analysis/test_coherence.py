"""Coherence tensions between sectors, by hand."""

from __future__ import annotations

import pytest

from impactkit.analysis import analyse

from .conftest import finding, workspace

FINDINGS = [
    finding("C1", area="coherence", provisions=["CRC-1"], rating=1,
            tension_sectors=["immigration", "child-protection"]),
    finding("C2", area="coherence", layer="law-policy", provisions=["CRC-2"], rating=3,
            tension_sectors=["child-protection", "immigration", "labour"]),
    finding("C3", area="coherence", provisions=["CRC-3"],
            tension_sectors=["labour", "immigration"]),  # not assessed
    finding("C4", area="compliance", provisions=["CRC-1"], rating=0,
            tension_sectors=["immigration", "child-protection"]),  # not a coherence finding
]


def test_tensions_per_pair_ranked_lowest_first(catalogue):
    tensions = analyse(workspace(FINDINGS), catalogue).tensions
    # (cp, imm): C1 (1), C2 (3) -> 50, 2 findings
    # (imm, labour): C2 (3) -> 75, C3 not assessed, 2 findings
    # (cp, labour): C2 -> 75, 1 finding; ties on score go to the larger count first
    assert [(t.sectors, t.count, t.score.score) for t in tensions] == [
        (("child-protection", "immigration"), 2, pytest.approx(50.0)),
        (("immigration", "labour"), 2, pytest.approx(75.0)),
        (("child-protection", "labour"), 1, pytest.approx(75.0)),
    ]
    first = tensions[0]
    assert first.type == "coherence-tension"
    assert first.finding_keys == ("C1", "C2")
    assert first.target == "tension:child-protection+immigration"
    assert (first.score.covered_cells, first.score.total_cells) == (2, 10)
    second = tensions[1]
    assert second.finding_keys == ("C2", "C3")
    assert second.score.finding_keys == ("C2",)
    assert second.score.n_not_assessed == 1


def test_unknown_tension_sectors_are_noted(catalogue):
    data = workspace([finding("C", area="coherence", rating=1,
                              tension_sectors=["immigration", "army"])])
    report = analyse(data, catalogue)
    assert report.tensions == ()
    assert [(n.field, n.code) for n in report.notices] == [("tension_sectors", "army")]
