"""The analysis surfaces each planted pattern of the demo, and nothing that would drown it."""

from __future__ import annotations

import pytest

from impactkit.analysis.report import AnalysisReport, analyse
from impactkit.catalogue.schema import Catalogue
from impactkit.demo import build_demo_cycles
from impactkit.demo.patterns import (
    CONFLICT_LINK,
    EXCLUDED_GROUPS,
    GAP_PROVISIONS,
    UNCOVERED_FORM,
    UNCOVERED_PROVISION,
    UNLINKED_PROVISIONS,
)
from impactkit.domain import WorkspaceData


@pytest.fixture(scope="module", params=[(1, 0), (1, 1), (2026, 0), (2026, 1)],
                ids=["seed1-2019", "seed1-2024", "seed2026-2019", "seed2026-2024"])
def report(request: pytest.FixtureRequest, catalogue: Catalogue) -> AnalysisReport:
    seed, cycle = request.param
    return analyse(build_demo_cycles(seed=seed)[cycle], catalogue)


def test_no_notices(report: AnalysisReport) -> None:
    assert report.notices == ()


def test_a_law_practice_gap(report: AnalysisReport) -> None:
    gaps = {g.code: g for g in report.provision_gaps}
    top = [g.code for g in report.provision_gaps[:10]]
    for code in GAP_PROVISIONS:
        gap = gaps[code]
        assert gap.gap >= 50 and gap.significant, code
        assert gap.law_policy.score is not None and gap.law_policy.score >= 75
        assert gap.practice.score is not None and gap.practice.score <= 25
        assert code in top, code


def test_b_excluded_groups(report: AnalysisReport) -> None:
    excluded = [e for e in report.exclusions if e.excluded]
    assert {e.group for e in excluded} == EXCLUDED_GROUPS
    assert {e.group for e in report.exclusions[:2]} == EXCLUDED_GROUPS
    for e in excluded:
        assert e.inclusion.score is not None and e.inclusion.score < 25
        assert {c.criterion for c in e.criteria if c.count} >= {"documents", "status"}


def test_c_uncovered(report: AnalysisReport) -> None:
    assert [u.provision for u in report.uncovered_provisions] == [UNCOVERED_PROVISION]
    assert [u.form for u in report.uncovered_forms] == [UNCOVERED_FORM]


def test_d_sectors_in_conflict(report: AnalysisReport) -> None:
    assert [c.actor_keys for c in report.conflicts] == [CONFLICT_LINK]
    assert report.conflicts[0].sectors == ("immigration", "child-protection")
    worst, *others = report.tensions
    assert worst.sectors == ("child-protection", "immigration")
    assert worst.score.score is not None and worst.score.score <= 25
    assert all(t.score.score is not None and t.score.score >= 50 for t in others)


def test_uncoordinated_labour_and_education(report: AnalysisReport) -> None:
    assert [u.code for u in report.uncoordinated] == list(UNLINKED_PROVISIONS)
    assert all(u.missing_pairs == (("labour", "education"),) for u in report.uncoordinated)


def test_patterns_rest_on_validated_findings(demo: WorkspaceData, catalogue: Catalogue) -> None:
    """With only validated findings (the anchors among them) every pattern still shows."""
    report = analyse(demo, catalogue, statuses=["validated"])
    gaps = {g.code: g.gap for g in report.provision_gaps}
    assert all(gaps[code] >= 50 for code in GAP_PROVISIONS)
    assert {e.group for e in report.exclusions if e.excluded} >= EXCLUDED_GROUPS
    assert report.tensions[0].sectors == ("child-protection", "immigration")
