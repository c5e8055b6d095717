"""The planted patterns hold in the data itself, for any seed and in both cycles (without the
analysis: see test_demo_analysis for what the analysis makes of them)."""

from __future__ import annotations

from itertools import combinations

import pytest

from impactkit.demo import build_demo_cycles
from impactkit.demo.patterns import (
    CONFLICT_LINK,
    CONFLICT_SECTORS,
    EXCLUDED_GROUPS,
    GAP_PROVISIONS,
    UNCOVERED_FORM,
    UNCOVERED_PROVISION,
    UNLINKED_PROVISIONS,
    UNLINKED_SECTORS,
    rating_band,
)
from impactkit.domain import Finding, RatingState, WorkspaceData

SEEDS = [1, 7, 2026]
COORDINATING = {"referral", "coordination-body", "data-sharing", "supervision"}


@pytest.fixture(scope="module", params=SEEDS)
def datasets(request: pytest.FixtureRequest) -> list[WorkspaceData]:
    return build_demo_cycles(seed=request.param)


def _rated(data: WorkspaceData) -> list[Finding]:
    return [f for f in data.findings if f.rating_state is RatingState.RATED]


def test_rating_band_rules() -> None:
    """Hand-checked cases of the rules the generator obeys."""
    assert rating_band(area="compliance", layer="law-policy", provisions=["CRC-32"], groups=[],
                       sectors=["labour"]) == (3, 4)
    assert rating_band(area="compliance", layer="practice", provisions=["CRC-35"], groups=[],
                       sectors=["labour"]) == (0, 1)
    assert rating_band(area="inclusion", layer="law-policy", provisions=["CRC-24"],
                       groups=["undocumented", "girls"], sectors=["health"]) == (0, 1)
    assert rating_band(area="inclusion", layer="practice", provisions=["CRC-24"],
                       groups=["girls"], sectors=["health"]) == (2, 4)
    assert rating_band(area="coherence", layer="practice", provisions=["CRC-22"], groups=[],
                       sectors=["child-protection", "immigration"]) == (0, 1)
    assert rating_band(area="coherence", layer="practice", provisions=["CRC-22"], groups=[],
                       sectors=["child-protection", "health"]) == (2, 4)
    assert rating_band(area="effectiveness", layer="child-perspective", provisions=["CRC-32"],
                       groups=["working"], sectors=["labour"]) is None
    # collisions are reported as an empty band
    lo, hi = rating_band(area="inclusion", layer="law-policy", provisions=["CRC-32"],
                         groups=["undocumented"], sectors=["labour"]) or (0, 4)
    assert lo > hi


def test_every_rating_respects_the_pattern_rules(datasets: list[WorkspaceData]) -> None:
    for data in datasets:
        for f in _rated(data):
            band = rating_band(area=f.area, layer=f.layer, provisions=f.provisions,
                               groups=f.groups, sectors=f.sectors)
            if band is not None:
                assert band[0] <= f.rating <= band[1], f.key  # type: ignore[operator]


def _ratings(data: WorkspaceData, code: str, layer: str) -> list[int]:
    return [f.rating for f in _rated(data)
            if code in f.provisions and f.layer == layer and f.rating is not None]


def test_a_law_practice_gap(datasets: list[WorkspaceData]) -> None:
    for data in datasets:
        for code in GAP_PROVISIONS:
            law, practice = _ratings(data, code, "law-policy"), _ratings(data, code, "practice")
            assert law and practice, code
            assert min(law) >= 3 and max(practice) <= 1, code


def test_b_excluded_groups(datasets: list[WorkspaceData]) -> None:
    for data in datasets:
        for group in EXCLUDED_GROUPS:
            inclusion = [f for f in _rated(data) if f.area == "inclusion" and group in f.groups]
            assert len(inclusion) >= 3, group
            for f in inclusion:
                assert f.rating is not None and f.rating <= 1, f.key
                assert f.exclusion_criteria, f.key
                assert set(f.exclusion_criteria) <= {"documents", "status", "nationality",
                                                     "age"}, f.key
        # criteria are recorded for the excluded groups only
        for f in data.findings:
            if f.exclusion_criteria and f.groups:
                assert EXCLUDED_GROUPS & set(f.groups), f.key


def test_c_uncovered_provision_and_form(datasets: list[WorkspaceData]) -> None:
    for data in datasets:
        held = {p for m in data.mandates for p in m.provisions}
        held_forms = {x for m in data.mandates for x in m.forms}
        in_findings = {p for f in data.findings for p in f.provisions}
        forms_in_findings = {x for f in data.findings for x in f.forms}
        assert in_findings - held == {UNCOVERED_PROVISION}
        assert forms_in_findings - held_forms == {UNCOVERED_FORM}
        assert any(UNCOVERED_PROVISION in i.provisions for i in data.instruments)
        assert any(f.provisions == (UNCOVERED_PROVISION,) and f.rating_state is
                   RatingState.RATED for f in data.findings)


def test_d_sectors_in_conflict(datasets: list[WorkspaceData]) -> None:
    for data in datasets:
        tense = [f for f in _rated(data) if f.area == "coherence"
                 and set(f.tension_sectors) == set(CONFLICT_SECTORS)]
        assert len(tense) >= 3
        assert all(f.rating is not None and f.rating <= 1 for f in tense)
        assert any(f.tension_instruments for f in tense)
        conflicts = [(link.source_key, link.target_key) for link in data.links
                     if link.kind == "conflict"]
        assert conflicts == [CONFLICT_LINK]
        sector = {a.key: a.sector for a in data.actors}
        assert {sector[k] for k in CONFLICT_LINK} == set(CONFLICT_SECTORS)


def _linked_sector_pairs(data: WorkspaceData) -> set[frozenset[str]]:
    sector = {a.key: a.sector for a in data.actors}
    return {frozenset((sector[link.source_key], sector[link.target_key]))
            for link in data.links if link.kind in COORDINATING}


def test_every_sector_pair_but_one_is_linked(datasets: list[WorkspaceData]) -> None:
    sectors = sorted({"child-protection", "law-enforcement", "judiciary", "labour",
                      "education", "health", "immigration", "social-economic",
                      "finance-budget", "governance"})
    for data in datasets:
        linked = _linked_sector_pairs(data)
        missing = [pair for pair in combinations(sectors, 2) if frozenset(pair) not in linked]
        assert missing == [tuple(sorted(UNLINKED_SECTORS))]


def test_unlinked_sectors_share_provisions(datasets: list[WorkspaceData]) -> None:
    for data in datasets:
        sector = {a.key: a.sector for a in data.actors}
        for code in UNLINKED_PROVISIONS:
            holders = {sector[m.actor_key] for m in data.mandates if code in m.provisions}
            assert set(UNLINKED_SECTORS) <= holders, code


def test_references_resolve_within_each_cycle(datasets: list[WorkspaceData]) -> None:
    for data in datasets:
        actors = {a.key for a in data.actors}
        instruments = {i.key for i in data.instruments}
        for m in data.mandates:
            assert m.actor_key in actors and m.legal_basis in instruments | {None}, m.key
        for link in data.links:
            assert {link.source_key, link.target_key} <= actors, link.key
            assert link.legal_basis in instruments | {None}, link.key
        for f in data.findings:
            assert set(f.tension_instruments) <= instruments, f.key
