"""Properties that must hold for any workspace, checked with hypothesis on the tiny
catalogue, and a cross-check against the naive reference implementation."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from impactkit.analysis import AnalysisReport, analyse, explain
from impactkit.domain import Finding

from .conftest import finding, make_catalogue, workspace
from .reference import Reference

CATALOGUE = make_catalogue()
AREAS = ["inclusion", "compliance", "coherence"]
LAYERS = ["law-policy", "practice"]
PROVISIONS = ["CRC-1", "CRC-2", "CRC-3", "CRC-4", "OPSC-1"]
SECTORS = ["child-protection", "immigration", "labour"]
GROUPS = ["unaccompanied", "girls", "disability"]
SETTINGS = settings(max_examples=120, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@st.composite
def findings_(draw: st.DrawFn, *, max_size: int = 10, key_prefix: str = "F") -> list[Finding]:
    keys = draw(st.lists(st.integers(0, 99), unique=True, max_size=max_size))
    out = []
    for k in keys:
        state = draw(st.sampled_from(["rated", "rated", "rated", "not-assessed",
                                      "not-applicable"]))
        out.append(finding(
            f"{key_prefix}{k:02d}",
            area=draw(st.sampled_from([*AREAS, *AREAS, "unknown-area"])),
            layer=draw(st.sampled_from(LAYERS)),
            provisions=draw(st.lists(st.sampled_from([*PROVISIONS, "CRC-5", "CRC-9"]),
                                     max_size=3)),
            clusters=draw(st.lists(st.sampled_from(["violence", "principles", "procedural"]),
                                   max_size=1)),
            sectors=draw(st.lists(st.sampled_from(SECTORS), max_size=2)),
            groups=draw(st.lists(st.sampled_from(GROUPS), max_size=2)),
            rating=draw(st.integers(0, 4)) if state == "rated" else None,
            state=state,
            confidence=draw(st.sampled_from(["high", "medium", "low"])),
            status=draw(st.sampled_from(["draft", "reviewed", "validated"])),
            exclusion_criteria=draw(st.lists(st.sampled_from(["documents", "age"]),
                                             max_size=1)),
            tension_sectors=draw(st.lists(st.sampled_from(SECTORS), max_size=3))))
    return out


def scores_of(report: AnalysisReport) -> dict[str, float | None]:
    """Every score and gap value of a report, by a stable name."""
    out: dict[str, float | None] = {f"{s.kind}:{s.code}:{s.target}": s.score
                                    for s in report.all_scores()}
    for gap in (*report.provision_gaps, *report.cluster_gaps):
        out[gap.target] = gap.gap
        out[gap.target + "@law"] = gap.law_policy.score
        out[gap.target + "@practice"] = gap.practice.score
    for unmeasurable in report.unmeasurable_gaps:
        out[unmeasurable.target + "@" + unmeasurable.measured_layer] = unmeasurable.measured.score
    return out


@SETTINGS
@given(findings_(), st.sampled_from([0.0, 0.5, 1.0]), st.sampled_from([None, ("validated",)]))
def test_engine_matches_the_reference(findings, draft_weight, statuses):
    catalogue = make_catalogue(status_weights={"draft": draft_weight, "reviewed": 1.0,
                                               "validated": 1.0})
    data = workspace(findings)
    report = analyse(data, catalogue, statuses=statuses)
    expected = Reference(data, catalogue, statuses).families()
    actual = {(s.kind, s.code): s for s in report.all_scores()}
    gaps = {(g.kind, g.code): g for g in (*report.provision_gaps, *report.cluster_gaps)}
    for (kind, code), (score, covered, total, rated, not_assessed) in expected.items():
        if "@" in kind:  # a gap side: compare through the gap results
            base, layer = kind.split("@")
            gap = gaps.get((base, code))
            if gap is not None:
                side = gap.law_policy if layer == "law-policy" else gap.practice
                assert side.score == pytest.approx(score), (kind, code)
                assert (side.covered_cells, side.total_cells) == (covered, total)
            continue
        if kind == "tension" and rated + not_assessed == 0:
            assert ("tension", code) not in actual or actual[("tension", code)].score is None
            continue
        if kind == "tension":
            got = actual.get(("tension", code))
            if got is None:  # only not-applicable findings name the pair
                assert score is None
                continue
        else:
            got = actual[(kind, code)]
        assert got.score == pytest.approx(score), (kind, code)
        assert (got.covered_cells, got.total_cells) == (covered, total), (kind, code)
        assert (got.n_findings, got.n_not_assessed) == (rated, not_assessed), (kind, code)
    for gap in gaps.values():
        law = expected[(f"{gap.kind}@law-policy", gap.code)][0]
        practice = expected[(f"{gap.kind}@practice", gap.code)][0]
        assert law is not None and practice is not None
        assert gap.gap == pytest.approx(law - practice)


@SETTINGS
@given(findings_())
def test_scores_and_coverage_stay_in_range(findings):
    report = analyse(workspace(findings), CATALOGUE)
    for score in report.all_scores():
        assert score.score is None or 0.0 <= score.score <= 100.0
        assert 0 <= score.covered_cells <= score.total_cells
        if score.total_cells == 0:
            assert score.coverage is None
        else:
            assert score.coverage is not None and 0.0 <= score.coverage <= 1.0
        assert (score.score is None) == (score.total_weight <= 0)
        assert score.n_findings == len(score.finding_keys)


@SETTINGS
@given(findings_(), findings_(max_size=3, key_prefix="N"))
def test_adding_not_assessed_findings_never_changes_a_score(findings, extra):
    unrated = [finding(f.key, area=f.area, layer=f.layer, provisions=f.provisions,
                       clusters=f.clusters, sectors=f.sectors, groups=f.groups,
                       state="not-assessed", tension_sectors=f.tension_sectors)
               for f in extra]
    before = scores_of(analyse(workspace(findings), CATALOGUE))
    after = scores_of(analyse(workspace([*findings, *unrated]), CATALOGUE))
    # new slices may be listed (a sector of an exclusion, a tension pair), never scored
    assert {name: after.get(name) for name in before.keys() | after.keys()} == {
        name: before.get(name) for name in before.keys() | after.keys()}


@SETTINGS
@given(st.data())
def test_input_order_never_changes_the_report(data):
    findings = data.draw(findings_())
    shuffled = data.draw(st.permutations(findings))
    assert (analyse(workspace(findings), CATALOGUE).to_dict()
            == analyse(workspace(shuffled), CATALOGUE).to_dict())


@SETTINGS
@given(findings_(), st.sampled_from(PROVISIONS), st.sampled_from(AREAS),
       st.sampled_from(LAYERS))
def test_a_not_applicable_only_cell_leaves_the_universe(findings, provision, area, layer):
    data = workspace(findings)
    assume((provision, area, layer) not in set().union(
        *(Reference(data, CATALOGUE).reach(f) for f in findings)))
    before = analyse(data, CATALOGUE)
    na = finding("ZZ", area=area, layer=layer, provisions=[provision], state="not-applicable")
    after = analyse(workspace([*findings, na]), CATALOGUE)
    assert after.summary.cells_in_universe == before.summary.cells_in_universe - 1
    area_before = before.score(f"area:{area}")
    area_after = after.score(f"area:{area}")
    assert area_before is not None and area_after is not None
    assert area_after.total_cells == area_before.total_cells - 1
    assert area_after.covered_cells == area_before.covered_cells
    assert scores_of(after) == scores_of(before)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_explain_totals_equal_the_score(data):
    findings = data.draw(findings_())
    workspace_data = workspace(findings)
    report = analyse(workspace_data, CATALOGUE)
    score = data.draw(st.sampled_from(list(report.all_scores())))
    assert score.target is not None
    explanation = explain(workspace_data, CATALOGUE, score.target)
    assert explanation.score == score
    if score.score is None:
        assert explanation.total_contribution is None
    else:
        assert explanation.total_contribution == pytest.approx(score.score)
        assert round(explanation.total_contribution, 2) == pytest.approx(round(score.score, 2),
                                                                         abs=0.011)
    gaps = [*report.provision_gaps, *report.cluster_gaps]
    if gaps:
        gap = data.draw(st.sampled_from(gaps))
        explained = explain(workspace_data, CATALOGUE, gap.target)
        assert explained.value == gap.gap
        assert explained.total_contribution == pytest.approx(gap.gap)
