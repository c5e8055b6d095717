"""explain: findings, weights, contributions, arithmetic and cells behind one number."""

from __future__ import annotations

import pytest

from impactkit.analysis import analyse, explain
from impactkit.errors import NotFoundError, UsageError

from .conftest import finding, workspace

FINDINGS = [
    finding("F1", provisions=["CRC-1"], rating=3, confidence="high", sectors=["labour"],
            groups=["girls"]),
    finding("F2", provisions=["CRC-1", "CRC-2"], rating=1, confidence="medium",
            sectors=["labour", "immigration"]),
    finding("F3", layer="law-policy", provisions=["CRC-2"], rating=4, confidence="low",
            status="validated"),
    finding("F4", area="inclusion", provisions=["CRC-3"], groups=["girls"]),
    finding("F5", area="inclusion", provisions=["CRC-1"], rating=0, groups=["girls"],
            sectors=["labour"]),
    finding("F6", area="coherence", provisions=["CRC-4"], rating=2,
            tension_sectors=["labour", "immigration"]),
    finding("F7", provisions=["OPSC-1"], state="not-applicable"),
]


@pytest.fixture
def data():
    return workspace(FINDINGS)


def test_contributions_add_up_to_the_score(data, catalogue):
    explanation = explain(data, catalogue, "area:compliance")
    # weights 1.0, 0.7, 0.4 (total 2.1); contribution = 100 x w x r / (4 x 2.1)
    contributions = {e.key: e.weighted_contribution for e in explanation.findings}
    assert contributions == {"F1": pytest.approx(300 / 8.4), "F2": pytest.approx(70 / 8.4),
                             "F3": pytest.approx(160 / 8.4)}
    assert explanation.value == pytest.approx(530 / 8.4)
    assert explanation.total_contribution == pytest.approx(explanation.value)
    f3 = next(e for e in explanation.findings if e.key == "F3")
    assert (f3.rating, f3.confidence, f3.status, f3.weight) == (4, "low", "validated", 0.4)
    assert explanation.arithmetic.startswith(
        "weighted mean = (1 x 1 x 3 + 1 x 0.7 x 1 + 1 x 0.4 x 4) / (1 x 1 + 1 x 0.7 + 1 x 0.4)")
    assert "= 63.10" in explanation.arithmetic
    assert "coverage = 3 covered / 9 cells" in explanation.arithmetic
    assert "Score = 100 x (weighted mean rating - 0) / (4 - 0)" in explanation.rule


def test_cells_are_listed(data, catalogue):
    cells = explain(data, catalogue, "area:compliance").cells
    assert cells is not None
    assert [(c.provision, c.layer) for c in cells.covered] == [
        ("CRC-1", "practice"), ("CRC-2", "law-policy"), ("CRC-2", "practice")]
    assert len(cells.uncovered) == 6
    # OPSC-1/compliance/practice has only a not-applicable finding
    assert [(c.provision, c.area, c.layer) for c in cells.not_applicable] == [
        ("OPSC-1", "compliance", "practice")]


def test_unrated_findings_are_listed_apart(data, catalogue):
    explanation = explain(data, catalogue, "group:girls")
    assert [e.key for e in explanation.findings] == ["F1", "F5"]
    assert explanation.not_assessed == ("F4",)
    # F1 (3, 1.0), F5 (0, 1.0) -> 37.5
    assert explanation.value == pytest.approx(37.5)
    assert explain(data, catalogue, "provision:OPSC-1").not_applicable == ("F7",)


def test_a_slice_without_score(data, catalogue):
    explanation = explain(data, catalogue, "provision:CRC-3")
    assert explanation.value is None and explanation.total_contribution is None
    assert explanation.arithmetic.startswith("no rated finding in the slice, so no score")


def test_every_score_of_the_report_is_explained_identically(data, catalogue):
    report = analyse(data, catalogue)
    targets = [s.target for s in report.all_scores()]
    assert {t.split(":")[0] for t in targets} == {
        "area", "cluster", "provision", "layer", "sector", "group", "exclusion", "tension"}
    for target in targets:
        explanation = explain(data, catalogue, target)
        assert explanation.score == report.score(target), target
        assert explanation.score.to_dict() == report.score(target).to_dict()
        if explanation.value is not None:
            assert explanation.total_contribution == pytest.approx(explanation.value)


def test_explaining_a_gap(catalogue):
    data = workspace([
        finding("L1", layer="law-policy", provisions=["CRC-1"], rating=4),
        finding("L2", layer="law-policy", provisions=["CRC-1"], rating=2, confidence="low"),
        finding("P1", layer="practice", provisions=["CRC-1"], rating=1),
    ])
    explanation = explain(data, catalogue, "gap:CRC-1")
    # law-policy: (4 + 0.4 x 2) / 1.4 = 3.4286 -> 85.71; practice 25; gap 60.71
    assert explanation.value == pytest.approx(100 * 4.8 / 1.4 / 4 - 25)
    assert explanation.total_contribution == pytest.approx(explanation.value)
    law, practice = explanation.components
    assert (law.kind, practice.kind) == ("provision-layer", "provision-layer")
    assert {e.key: e.weighted_contribution for e in explanation.findings} == {
        "L1": pytest.approx(100 * 4 / (4 * 1.4)), "L2": pytest.approx(100 * 0.8 / (4 * 1.4)),
        "P1": pytest.approx(-25.0)}
    assert explanation.arithmetic == "gap = law-policy 85.71 - practice 25.00 = 60.71"
    report = analyse(data, catalogue)
    assert explanation.value == report.provision_gaps[0].gap
    cluster = explain(data, catalogue, "gap:cluster:principles")
    assert cluster.value == pytest.approx(explanation.value)


def test_an_unmeasurable_gap_is_explained_without_value(catalogue):
    data = workspace([finding("L", layer="law-policy", provisions=["CRC-1"], rating=4)])
    explanation = explain(data, catalogue, "gap:CRC-1")
    assert explanation.value is None and explanation.total_contribution is None
    assert explanation.arithmetic.startswith("gap not measurable")
    assert [e.key for e in explanation.findings] == ["L"]


def test_status_filter_applies(data, catalogue):
    explanation = explain(data, catalogue, "area:compliance", statuses=["validated"])
    assert [e.key for e in explanation.findings] == ["F3"]
    assert explanation.value == pytest.approx(100.0)


@pytest.mark.parametrize(("target", "error", "says"), [
    ("compliance", UsageError, "accepted forms: area:<area>"),
    ("arae:compliance", UsageError, "did you mean 'area'"),
    ("area:", UsageError, "names no code"),
    ("area:complience", NotFoundError, "did you mean compliance"),
    ("provision:crc-1", NotFoundError, "did you mean CRC-1"),
    ("provision:CRC-5", NotFoundError, "procedural"),
    ("gap:cluster:violnce", NotFoundError, "did you mean violence"),
    ("tension:labour+labour", UsageError, "two different sectors"),
    ("tension:labour", UsageError, "two different sectors"),
    ("tension:labour+army", NotFoundError, "no sector 'army'"),
    ("exclusion:girls:fishing", NotFoundError, "no sector 'fishing'"),
])
def test_bad_targets_say_what_is_accepted(data, catalogue, target, error, says):
    with pytest.raises(error, match=says) as caught:
        explain(data, catalogue, target)
    assert "tension:<sector>+<sector>" in str(caught.value) or error is NotFoundError


def test_tension_targets_accept_either_order(data, catalogue):
    one = explain(data, catalogue, "tension:labour+immigration")
    other = explain(data, catalogue, "tension:immigration+labour")
    assert one.score == other.score
    assert one.score is not None and one.score.target == "tension:immigration+labour"
    assert one.value == pytest.approx(50.0)
