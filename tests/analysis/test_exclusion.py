"""Exclusion of child groups, by hand."""

from __future__ import annotations

import pytest

from impactkit.analysis import analyse

from .conftest import finding, make_catalogue, workspace

FINDINGS = [
    finding("E1", area="inclusion", provisions=["CRC-1"], rating=1, groups=["unaccompanied"],
            sectors=["immigration"], exclusion_criteria=["documents", "status"]),
    finding("E2", area="inclusion", layer="law-policy", provisions=["CRC-2"], rating=3,
            confidence="medium", groups=["unaccompanied", "girls"],
            sectors=["child-protection"]),
    # another area: not in the inclusion score, but its criterion counts for girls
    finding("E3", area="compliance", provisions=["CRC-1"], rating=4, groups=["girls"],
            exclusion_criteria=["age"]),
    finding("E4", area="inclusion", provisions=["CRC-3"], rating=4, groups=["disability"],
            sectors=["labour"]),
    finding("E5", area="inclusion", provisions=["CRC-4"], groups=["disability"],
            sectors=["labour"]),  # not assessed
]


@pytest.fixture
def exclusions(catalogue):
    return {e.group: e for e in analyse(workspace(FINDINGS), catalogue).exclusions}


def test_inclusion_score_per_group(exclusions):
    unaccompanied = exclusions["unaccompanied"].inclusion
    # E1 (1, w 1.0), E2 (3, w 0.7): 3.1 / 1.7 = 1.8235 -> 45.59
    assert unaccompanied.score == pytest.approx(100 * 3.1 / 1.7 / 4)
    # cells: CRC-1/inclusion/practice, CRC-2/inclusion/law-policy of the 10 inclusion cells
    assert (unaccompanied.covered_cells, unaccompanied.total_cells) == (2, 10)
    assert unaccompanied.target == "exclusion:unaccompanied"
    assert exclusions["girls"].inclusion.score == pytest.approx(75.0)  # E2 only
    disability = exclusions["disability"].inclusion
    assert disability.score == pytest.approx(100.0)
    assert disability.n_not_assessed == 1


def test_scores_by_sector(exclusions):
    by_sector = {s.tags[1][1]: s for s in exclusions["unaccompanied"].by_sector}
    assert set(by_sector) == {"child-protection", "immigration"}
    assert by_sector["immigration"].score == pytest.approx(25.0)  # E1
    assert by_sector["child-protection"].score == pytest.approx(75.0)  # E2
    assert by_sector["immigration"].target == "exclusion:unaccompanied:immigration"
    # a sector with only a not-assessed finding is listed, without score
    (labour,) = exclusions["disability"].by_sector
    assert labour.score == pytest.approx(100.0) and labour.n_not_assessed == 1


def test_criteria_tally_and_verdict(exclusions):
    unaccompanied = exclusions["unaccompanied"]
    assert [(c.criterion, c.count) for c in unaccompanied.criteria] == [
        ("documents", 1), ("status", 1)]  # catalogue order: documents, age, status
    assert unaccompanied.criteria[0].finding_keys == ("E1",)
    assert unaccompanied.excluded
    assert unaccompanied.reasons == ("inclusion score 45.6 is below 50",
                                     "exclusion criteria recorded: documents (1), status (1)")
    girls = exclusions["girls"]
    assert [(c.criterion, c.count) for c in girls.criteria] == [("age", 1)]
    assert girls.excluded  # a criterion is enough
    assert girls.finding_keys == ("E2", "E3")
    assert not exclusions["disability"].excluded


def test_ranked_most_excluded_first(catalogue):
    ranked = [e.group for e in analyse(workspace(FINDINGS), catalogue).exclusions]
    # excluded: unaccompanied (45.6) before girls (75); then disability (100)
    assert ranked == ["unaccompanied", "girls", "disability"]


def test_threshold_from_catalogue_and_criteria_of_unrated_findings():
    data = workspace([
        finding("A", area="inclusion", provisions=["CRC-1"], rating=2, groups=["girls"]),
        finding("B", area="coherence", provisions=["CRC-2"], groups=["disability"],
                exclusion_criteria=["age"]),  # not assessed, yet the criterion is recorded
    ])
    exclusions = {e.group: e for e in analyse(data, make_catalogue(exclusion_threshold=60))
                  .exclusions}
    assert exclusions["girls"].excluded  # 50 < 60
    assert exclusions["disability"].excluded
    assert exclusions["disability"].inclusion.score is None
    relaxed = {e.group: e for e in analyse(data, make_catalogue(exclusion_threshold=50))
               .exclusions}
    assert not relaxed["girls"].excluded  # 50 is not below 50
