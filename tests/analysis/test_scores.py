"""Scores and coverage of the standard slices, computed by hand on the tiny catalogue.

Reminder (see conftest): 5 assessable provisions x 3 areas x 2 layers = 30 cells; 10 per
area, 15 per layer, 6 per provision; clusters violence = {CRC-2, CRC-3} and principles =
{CRC-1, CRC-3} have 12 cells each, procedural has none. Scale 0..4, so
score = 100 x weighted mean / 4. Weights: high 1.0, medium 0.7, low 0.4.
"""

from __future__ import annotations

import pytest

from impactkit.analysis import analyse
from impactkit.errors import CatalogueError, UsageError, ValidationError

from .conftest import finding, make_catalogue, workspace


def by_code(report, kind):
    return {s.code: s for s in report.scores[kind]}


@pytest.fixture
def basic(catalogue):
    """F1-F3 rated compliance findings, F4 a not-assessed inclusion finding."""
    data = workspace([
        finding("F1", provisions=["CRC-1"], rating=3, confidence="high",
                sectors=["labour"], groups=["girls"]),
        finding("F2", provisions=["CRC-1", "CRC-2"], rating=1, confidence="medium",
                sectors=["labour", "immigration"], groups=["girls", "unaccompanied"]),
        finding("F3", layer="law-policy", provisions=["CRC-2"], rating=4, confidence="low",
                sectors=["immigration"]),
        finding("F4", area="inclusion", provisions=["CRC-3"], sectors=["labour"]),
    ])
    return analyse(data, catalogue)


def test_area_scores(basic):
    areas = by_code(basic, "area")
    compliance = areas["compliance"]
    # (1.0 x 3 + 0.7 x 1 + 0.4 x 4) / (1.0 + 0.7 + 0.4) = 5.3 / 2.1; x 100 / 4 = 63.0952...
    assert compliance.score == pytest.approx(530 / 8.4)
    assert compliance.total_weight == pytest.approx(2.1)
    # covered: CRC-1/practice (F1, F2), CRC-2/practice (F2), CRC-2/law-policy (F3) of 10
    assert (compliance.covered_cells, compliance.total_cells) == (3, 10)
    assert compliance.coverage == pytest.approx(0.3)
    assert compliance.n_findings == 3
    assert compliance.n_not_assessed == 0
    assert compliance.finding_keys == ("F1", "F2", "F3")
    assert compliance.target == "area:compliance"
    # only a not-assessed finding: no score, never 0
    inclusion = areas["inclusion"]
    assert inclusion.score is None
    assert (inclusion.covered_cells, inclusion.total_cells, inclusion.coverage) == (0, 10, 0.0)
    assert (inclusion.n_findings, inclusion.n_not_assessed) == (0, 1)
    assert "no score" in inclusion.message
    assert areas["coherence"].score is None
    assert areas["coherence"].n_not_assessed == 0


def test_provision_scores(basic):
    provisions = by_code(basic, "provision")
    assert list(provisions) == ["CRC-1", "CRC-2", "CRC-3", "CRC-4", "OPSC-1"]  # no CRC-5
    # CRC-1: F1 (3, 1.0), F2 (1, 0.7): 3.7 / 1.7 = 2.1765 -> 54.41
    assert provisions["CRC-1"].score == pytest.approx(100 * 3.7 / 1.7 / 4)
    assert (provisions["CRC-1"].covered_cells, provisions["CRC-1"].total_cells) == (1, 6)
    # CRC-2: F2 (1, 0.7), F3 (4, 0.4): 2.3 / 1.1 = 2.0909 -> 52.27
    assert provisions["CRC-2"].score == pytest.approx(100 * 2.3 / 1.1 / 4)
    assert provisions["CRC-2"].covered_cells == 2
    assert provisions["CRC-3"].score is None
    assert provisions["CRC-3"].n_not_assessed == 1
    assert provisions["OPSC-1"].score is None


def test_layer_scores(basic):
    layers = by_code(basic, "layer")
    # practice: F1, F2 (F4 not assessed) -> 54.41; cells CRC-1/compliance, CRC-2/compliance
    assert layers["practice"].score == pytest.approx(100 * 3.7 / 1.7 / 4)
    assert (layers["practice"].covered_cells, layers["practice"].total_cells) == (2, 15)
    assert layers["practice"].n_not_assessed == 1
    # law-policy: F3 alone, rating 4 -> 100
    assert layers["law-policy"].score == pytest.approx(100.0)
    assert layers["law-policy"].covered_cells == 1


def test_cluster_scores(basic):
    clusters = by_code(basic, "cluster")
    # violence = {CRC-2, CRC-3}: F2, F3 reach CRC-2 -> same as CRC-2; F4 reaches CRC-3
    assert clusters["violence"].score == pytest.approx(100 * 2.3 / 1.1 / 4)
    assert (clusters["violence"].covered_cells, clusters["violence"].total_cells) == (2, 12)
    assert clusters["violence"].n_not_assessed == 1
    # principles = {CRC-1, CRC-3}: F1, F2 reach CRC-1
    assert clusters["principles"].score == pytest.approx(100 * 3.7 / 1.7 / 4)
    assert clusters["principles"].covered_cells == 1
    # procedural holds only a procedural article: no cell at all, so no coverage
    procedural = clusters["procedural"]
    assert (procedural.score, procedural.coverage, procedural.total_cells) == (None, None, 0)


def test_sector_and_group_scores_take_all_cells_as_universe(basic):
    sectors = by_code(basic, "sector")
    # labour: F1, F2 rated (F4 not assessed): 54.41; cells reached: CRC-1/c/p, CRC-2/c/p
    assert sectors["labour"].score == pytest.approx(100 * 3.7 / 1.7 / 4)
    assert (sectors["labour"].covered_cells, sectors["labour"].total_cells) == (2, 30)
    assert sectors["labour"].n_not_assessed == 1
    # immigration: F2, F3: 52.27; cells CRC-1/c/p, CRC-2/c/p, CRC-2/c/lp
    assert sectors["immigration"].score == pytest.approx(100 * 2.3 / 1.1 / 4)
    assert sectors["immigration"].covered_cells == 3
    assert sectors["child-protection"].score is None
    groups = by_code(basic, "group")
    assert groups["girls"].score == pytest.approx(100 * 3.7 / 1.7 / 4)
    # unaccompanied: F2 alone, rating 1 -> 25; cells CRC-1/c/p and CRC-2/c/p
    assert groups["unaccompanied"].score == pytest.approx(25.0)
    assert groups["unaccompanied"].covered_cells == 2
    assert groups["disability"].score is None


def test_a_finding_counts_once_per_slice(catalogue):
    data = workspace([
        finding("A", provisions=["CRC-2", "CRC-3"], rating=2),
        finding("B", provisions=["CRC-2"], rating=4),
    ])
    violence = by_code(analyse(data, catalogue), "cluster")["violence"]
    # once each: (2 + 4) / 2 = 3 -> 75 (A counted twice would give 8 / 3 -> 66.67)
    assert violence.score == pytest.approx(75.0)
    assert violence.n_findings == 2


def test_a_named_cluster_reaches_each_of_its_provisions(catalogue):
    data = workspace([finding("A", provisions=[], clusters=["violence"], rating=4)])
    report = analyse(data, catalogue)
    provisions = by_code(report, "provision")
    assert provisions["CRC-2"].score == provisions["CRC-3"].score == pytest.approx(100.0)
    assert provisions["CRC-1"].score is None
    clusters = by_code(report, "cluster")
    # principles shares CRC-3 with violence, so the finding reaches it too
    assert clusters["principles"].score == pytest.approx(100.0)
    assert (clusters["violence"].covered_cells, clusters["principles"].covered_cells) == (2, 1)


def test_not_applicable_only_cells_leave_the_universe(catalogue):
    findings = [finding("R", provisions=["CRC-1"], rating=2),
                finding("X", provisions=["OPSC-1"], state="not-applicable")]
    report = analyse(workspace(findings), catalogue)
    # OPSC-1/compliance/practice is reached only by a not-applicable finding: 29 cells left
    assert report.summary.cells_in_universe == 29
    assert report.summary.cells_not_applicable == 1
    assert by_code(report, "area")["compliance"].total_cells == 9
    assert by_code(report, "provision")["OPSC-1"].total_cells == 5
    assert by_code(report, "layer")["practice"].total_cells == 14
    assert by_code(report, "sector")["labour"].total_cells == 29
    assert by_code(report, "provision")["OPSC-1"].score is None
    # a not-assessed finding on the same cell brings it back into the universe
    back = analyse(workspace([*findings, finding("Q", provisions=["OPSC-1"])]), catalogue)
    assert back.summary.cells_in_universe == 30
    # and a rated one covers it
    rated = analyse(workspace([*findings, finding("Q", provisions=["OPSC-1"], rating=1)]),
                    catalogue)
    assert by_code(rated, "provision")["OPSC-1"].covered_cells == 1
    assert rated.summary.cells_in_universe == 30


def test_status_filter_treats_other_findings_as_absent(catalogue):
    data = workspace([
        finding("V", provisions=["CRC-1"], rating=3, status="validated"),
        finding("D", provisions=["CRC-2"], rating=1, status="draft"),
        finding("N", provisions=["OPSC-1"], state="not-applicable", status="reviewed"),
    ])
    report = analyse(data, catalogue, statuses=["validated"])
    compliance = by_code(report, "area")["compliance"]
    assert compliance.score == pytest.approx(75.0)  # V alone
    # the filtered-out not-applicable finding removes no cell
    assert (compliance.covered_cells, compliance.total_cells) == (1, 10)
    assert report.summary.filtered_out == 2
    assert report.statuses == ("validated",)
    both = analyse(data, catalogue, statuses={"validated", "draft"})
    assert by_code(both, "area")["compliance"].score == pytest.approx(50.0)  # (3 + 1) / 2
    assert both.statuses == ("draft", "validated")


def test_status_filter_refuses_unknown_statuses(catalogue):
    with pytest.raises(UsageError, match="draft, reviewed, validated"):
        analyse(workspace(), catalogue, statuses=["approved"])
    with pytest.raises(UsageError, match="no status"):
        analyse(workspace(), catalogue, statuses=[])


def test_single_status_string_is_one_status(catalogue):
    data = workspace([finding("V", rating=3, status="validated")])
    assert analyse(data, catalogue, statuses="validated").statuses == ("validated",)


def test_weights_come_from_the_catalogue():
    catalogue = make_catalogue(status_weights={"draft": 0.0, "reviewed": 0.5, "validated": 1.0})
    data = workspace([
        finding("D", provisions=["CRC-1"], rating=4, status="draft"),
        finding("R", provisions=["CRC-2"], rating=0, status="reviewed", confidence="low"),
        finding("V", provisions=["CRC-2"], rating=2, status="validated"),
    ])
    report = analyse(data, catalogue)
    # weights D 1.0 x 0 = 0, R 0.4 x 0.5 = 0.2, V 1.0: (0 + 0.2 x 0 + 1 x 2) / 1.2 -> 41.67
    assert by_code(report, "area")["compliance"].score == pytest.approx(100 * 2 / 1.2 / 4)
    # D alone weighs nothing: no score, although it is rated and covers its cell
    crc1 = by_code(report, "provision")["CRC-1"]
    assert crc1.score is None
    assert (crc1.n_findings, crc1.covered_cells) == (1, 1)
    assert "weight 0" in crc1.message


def test_findings_that_cannot_be_scored_are_refused_together(catalogue):
    data = workspace([finding("A", rating=3),
                      finding("B", state="rated"),
                      finding("C", rating=7)])
    with pytest.raises(ValidationError) as caught:
        analyse(data, catalogue)
    problems = {(p.location, p.field) for p in caught.value.problems}
    assert problems == {("finding B", "rating"), ("finding C", "rating")}
    assert "expected one of [0, 1, 2, 3, 4]" in str(caught.value)


def test_duplicate_keys_are_refused(catalogue):
    with pytest.raises(ValidationError, match="'A' is used more than once"):
        analyse(workspace([finding("B", rating=1), finding("A", rating=1),
                           finding("A", rating=2)]), catalogue)


def test_missing_weights_are_a_catalogue_error():
    catalogue = make_catalogue(confidence_weights={"high": 1.0})
    with pytest.raises(CatalogueError) as caught:
        analyse(workspace([finding("A", rating=1, confidence="low")]), catalogue)
    assert caught.value.problems[0].field == "scoring.confidence_weights"
    assert "'low'" in caught.value.problems[0].message
    # not needed by any rated finding: fine
    report = analyse(workspace([finding("A", rating=1), finding("B", confidence="low")]),
                     catalogue)
    assert by_code(report, "area")["compliance"].score == pytest.approx(25.0)


def test_negative_weights_are_a_catalogue_error():
    with pytest.raises(CatalogueError, match=r"scoring\.status_weights\.draft"):
        analyse(workspace(), make_catalogue(status_weights={"draft": -1.0, "reviewed": 1.0,
                                                           "validated": 1.0}))


def test_unknown_codes_and_unscoped_findings_become_notices(catalogue):
    data = workspace([
        finding("A", provisions=["CRC-1", "CRC-99"], rating=2, sectors=["fishing"]),
        finding("B", provisions=["CRC-5"], rating=4),  # procedural only
        finding("C", area="complaince", provisions=["CRC-1"], rating=0),
    ])
    report = analyse(data, catalogue)
    notices = {(n.type, n.field, n.code): n for n in report.notices}
    assert set(notices) == {("unknown-code", "area", "complaince"),
                            ("unknown-code", "provisions", "CRC-99"),
                            ("unknown-code", "sectors", "fishing"),
                            ("unscoped-findings", None, None)}
    assert notices[("unknown-code", "provisions", "CRC-99")].finding_keys == ("A",)
    assert notices[("unscoped-findings", None, None)].finding_keys == ("B", "C")
    # neither B nor C counts anywhere: CRC-1 holds A alone
    assert by_code(report, "provision")["CRC-1"].score == pytest.approx(50.0)
    assert report.summary.unscoped == 2


def test_a_workspace_of_another_catalogue_is_noted(catalogue):
    report = analyse(workspace(catalogue_key="impact-default"), catalogue)
    assert [n.type for n in report.notices] == ["catalogue-mismatch"]


def test_empty_workspace_has_no_scores_and_zero_coverage(catalogue):
    report = analyse(workspace(), catalogue)
    assert all(s.score is None for s in report.all_scores())
    assert report.summary.coverage == 0.0
    assert report.summary.cells_in_universe == 30
    assert report.notices == ()
