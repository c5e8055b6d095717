"""The cluster x area matrix: hand-computed cells, its explain target, and a cross-check
against the naive reference."""

from __future__ import annotations

import pytest
from hypothesis import given

from impactkit.analysis import ScoreMatrix, analyse, explain, score_matrix
from impactkit.errors import NotFoundError, UsageError

from .conftest import finding, workspace
from .reference import Reference
from .test_properties import CATALOGUE, SETTINGS, findings_

# The findings of test_explain: weights high 1.0, medium 0.7, low 0.4; scale 0..4.
FINDINGS = [
    finding("F1", provisions=["CRC-1"], rating=3, confidence="high"),
    finding("F2", provisions=["CRC-1", "CRC-2"], rating=1, confidence="medium"),
    finding("F3", layer="law-policy", provisions=["CRC-2"], rating=4, confidence="low",
            status="validated"),
    finding("F4", area="inclusion", provisions=["CRC-3"]),
    finding("F5", area="inclusion", provisions=["CRC-1"], rating=0),
    finding("F6", area="coherence", provisions=["CRC-4"], rating=2),
    finding("F7", provisions=["OPSC-1"], state="not-applicable"),
]


@pytest.fixture
def matrix(catalogue) -> ScoreMatrix:
    return score_matrix(workspace(FINDINGS), catalogue)


def test_rows_and_columns_follow_the_catalogue(matrix):
    assert matrix.clusters == ("violence", "principles", "procedural")
    assert matrix.areas == ("inclusion", "compliance", "coherence")
    assert [len(row) for row in matrix.cells] == [3, 3, 3]
    cell = matrix.cell("violence", "compliance")
    assert (cell.kind, cell.code, cell.target) == ("cell", "violence:compliance",
                                                   "cell:violence:compliance")
    assert cell.tags == (("cluster", "violence"), ("area", "compliance"))
    with pytest.raises(KeyError):
        matrix.cell("violence", "effectiveness")


def test_hand_computed_cells(matrix):
    # violence = {CRC-2, CRC-3}; compliance: F2 (1, w 0.7) and F3 (4, w 0.4)
    violence = matrix.cell("violence", "compliance")
    assert violence.score == pytest.approx(100 * (0.7 * 1 + 0.4 * 4) / 1.1 / 4)
    assert violence.finding_keys == ("F2", "F3")
    # 2 provisions x 2 layers; F2 covers CRC-2/practice, F3 CRC-2/law-policy
    assert (violence.covered_cells, violence.total_cells, violence.coverage) == (2, 4, 0.5)
    # principles = {CRC-1, CRC-3}; compliance: F1 (3, w 1) and F2 (1, w 0.7), both on CRC-1
    principles = matrix.cell("principles", "compliance")
    assert principles.score == pytest.approx(100 * 3.7 / 1.7 / 4)
    assert (principles.covered_cells, principles.total_cells) == (1, 4)


def test_a_rated_zero_is_a_score_and_unassessed_is_none(matrix):
    zero = matrix.cell("principles", "inclusion")  # F5 rated 0, F4 not assessed
    assert zero.score == 0.0
    assert (zero.n_findings, zero.n_not_assessed, zero.coverage) == (1, 1, 0.25)
    pending = matrix.cell("violence", "inclusion")  # only F4, not assessed
    assert pending.score is None
    assert (pending.n_findings, pending.n_not_assessed, pending.coverage) == (0, 1, 0.0)
    empty = matrix.cell("violence", "coherence")  # F6 names CRC-4, in no cluster
    assert (empty.score, empty.n_findings, empty.n_not_assessed) == (None, 0, 0)
    assert "no score (no rated finding)" in empty.message


def test_a_cluster_without_cells_has_no_coverage(matrix):
    for area in matrix.areas:
        cell = matrix.cell("procedural", area)
        assert (cell.score, cell.coverage, cell.total_cells) == (None, None, 0)


def test_a_finding_counts_once_per_cell_and_clusters_reach_their_provisions(catalogue):
    data = workspace([
        finding("A", provisions=["CRC-2", "CRC-3"], rating=4),
        finding("B", clusters=["violence"], provisions=[], rating=0, confidence="low"),
    ])
    matrix = score_matrix(data, catalogue)
    violence = matrix.cell("violence", "compliance")
    assert violence.n_findings == 2  # A once, although it names both provisions
    assert violence.score == pytest.approx(100 * (4 * 1.0 + 0 * 0.4) / 1.4 / 4)
    # B names the violence cluster, so it reaches CRC-3, which principles holds too
    assert matrix.cell("principles", "compliance").finding_keys == ("A", "B")


def test_the_matrix_splits_each_cluster_by_area(catalogue):
    report = analyse(workspace(FINDINGS), catalogue)
    matrix = score_matrix(workspace(FINDINGS), catalogue)
    for cluster in report.scores["cluster"]:
        row = [matrix.cell(cluster.code, area) for area in matrix.areas]
        assert sum(s.total_cells for s in row) == cluster.total_cells
        assert sum(s.covered_cells for s in row) == cluster.covered_cells
        assert sum(s.n_findings for s in row) == cluster.n_findings


def test_status_filter(catalogue):
    matrix = score_matrix(workspace(FINDINGS), catalogue, statuses=["validated"])
    assert matrix.cell("violence", "compliance").finding_keys == ("F3",)
    assert matrix.cell("violence", "compliance").score == 100.0
    assert matrix.cell("principles", "compliance").score is None
    with pytest.raises(UsageError, match="status filter accepts"):
        score_matrix(workspace(FINDINGS), catalogue, statuses=["final"])


def test_to_dict(matrix):
    plain = matrix.to_dict()
    assert plain["type"] == "score-matrix"
    assert plain["clusters"] == ["violence", "principles", "procedural"]
    first = plain["cells"][0][1]
    assert (first["type"], first["target"], first["score"], first["coverage"]) == (
        "score", "cell:violence:compliance", 52.27, 0.5)
    assert plain["cells"][2][0]["coverage"] is None


def test_explain_a_cell_gives_the_matrix_score(catalogue):
    data = workspace(FINDINGS)
    matrix = score_matrix(data, catalogue)
    for score in matrix.scores():
        explanation = explain(data, catalogue, score.target)
        assert explanation.kind == "cell"
        assert explanation.score == score
    explanation = explain(data, catalogue, "cell:violence:compliance")
    assert {e.key: e.weighted_contribution for e in explanation.findings} == {
        "F2": pytest.approx(70 / 4.4), "F3": pytest.approx(160 / 4.4)}
    assert explanation.total_contribution == pytest.approx(230 / 4.4)
    assert "coverage = 2 covered / 4 cells = 0.50" in explanation.arithmetic
    assert explanation.rule.startswith("Slice: findings of area compliance reaching a "
                                       "provision of cluster violence")
    assert explanation.cells is not None
    assert [(c.provision, c.area, c.layer) for c in explanation.cells.uncovered] == [
        ("CRC-3", "compliance", "law-policy"), ("CRC-3", "compliance", "practice")]
    unassessed = explain(data, catalogue, "cell:violence:inclusion")
    assert (unassessed.value, unassessed.not_assessed) == (None, ("F4",))
    assert unassessed.arithmetic.startswith("no rated finding in the slice, so no score")


@pytest.mark.parametrize(("target", "error", "text"), [
    ("cell:violence", UsageError, "cell:<cluster>:<area>"),
    ("cell::compliance", UsageError, "cell:<cluster>:<area>"),
    ("cell:violense:compliance", NotFoundError, "did you mean violence"),
    ("cell:violence:complience", NotFoundError, "did you mean compliance"),
    ("cel:violence:compliance", UsageError, "did you mean 'cell'"),
])
def test_bad_cell_targets_say_what_is_accepted(catalogue, target, error, text):
    with pytest.raises(error, match=text):
        explain(workspace(FINDINGS), catalogue, target)


@SETTINGS
@given(findings_())
def test_matrix_matches_the_reference(findings):
    data = workspace(findings)
    matrix = score_matrix(data, CATALOGUE)
    reference = Reference(data, CATALOGUE)
    for cluster, members in reference.clusters.items():
        for area in reference.areas:
            cells = {c for c in reference.cells if c[0] in members and c[1] == area}
            score, covered, total, rated, not_assessed = reference.slice(cells)
            got = matrix.cell(cluster, area)
            assert got.score == pytest.approx(score), (cluster, area)
            assert (got.covered_cells, got.total_cells) == (covered, total), (cluster, area)
            assert (got.n_findings, got.n_not_assessed) == (rated, not_assessed)
