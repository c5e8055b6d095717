"""The demo as data: deterministic, big and varied enough, fictional, privacy-safe."""

from __future__ import annotations

import random
import re
from collections import Counter
from datetime import UTC

import pycountry
import pytest

from impactkit.demo import build_demo, build_demo_cycles
from impactkit.demo.actors import ACTORS
from impactkit.domain import Actor, FindingStatus, RatingState, WorkspaceData

SECTORS = {"child-protection", "law-enforcement", "judiciary", "labour", "education", "health",
           "immigration", "social-economic", "finance-budget", "governance"}
AREAS = ("inclusion", "compliance", "appropriateness", "effectiveness", "coherence")
LAYERS = ("law-policy", "practice", "child-perspective")


# --- determinism ------------------------------------------------------------------------------
def test_same_seed_gives_identical_data() -> None:
    assert build_demo(seed=11) == build_demo(seed=11)
    assert build_demo_cycles(seed=11) == build_demo_cycles(seed=11)


def test_global_random_state_plays_no_part() -> None:
    random.seed(1)
    first = build_demo()
    random.seed(2)
    random.random()
    assert build_demo() == first


def test_other_seed_changes_ratings_but_not_the_frame() -> None:
    a, b = build_demo(seed=1), build_demo(seed=2)
    assert [f.key for f in a.findings] == [f.key for f in b.findings]
    assert a.actors == b.actors and a.mandates == b.mandates and a.links == b.links
    assert [f.rating for f in a.findings] != [f.rating for f in b.findings]


def test_current_cycle_is_the_last_of_the_cycles(demo: WorkspaceData,
                                                  cycles: list[WorkspaceData]) -> None:
    assert [c.workspace.year for c in cycles] == [2019, 2024]
    assert cycles[-1] == demo


def test_timestamps_are_fixed_and_in_utc(demo: WorkspaceData) -> None:
    assert demo.workspace.created_at is not None
    assert demo.workspace.created_at.tzinfo is UTC
    for f in demo.findings:
        assert f.created_at is not None and f.updated_at is not None
        assert f.created_at.tzinfo is UTC
        assert f.created_at.year == 2024 and f.created_at <= f.updated_at


# --- a fictional jurisdiction -------------------------------------------------------------------
def _country_names() -> list[str]:
    names = set()
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                names.add(value)
    return sorted(names)


def test_country_list_finds_a_real_name() -> None:
    """The check below must be able to fail."""
    assert _mentions_country("Ministry of Health of Portugal") == "Portugal"


def _mentions_country(text: str) -> str | None:
    for name in _country_names():
        if re.search(rf"\b{re.escape(name)}\b", text, flags=re.IGNORECASE):
            return name
    return None


def test_jurisdiction_is_fictional(cycles: list[WorkspaceData]) -> None:
    for data in cycles:
        ws = data.workspace
        assert ws.jurisdiction.code == "XVM" and ws.jurisdiction.fictional
        assert ws.jurisdiction.code.startswith("X")
        assert pycountry.countries.get(alpha_3="XVM") is None
        assert "fictional demo" in ws.title and "Fictional demo" in ws.description
        assert _mentions_country(ws.jurisdiction.name) is None


@pytest.mark.parametrize("actor", ACTORS, ids=lambda a: a.key)
def test_no_actor_is_named_after_a_country(actor: Actor) -> None:
    assert _mentions_country(f"{actor.name}. {actor.description}") is None


def test_no_instrument_is_named_after_a_country(demo: WorkspaceData) -> None:
    assert [i.title for i in demo.instruments if _mentions_country(i.title)] == []


# --- size and spread ----------------------------------------------------------------------------
def test_actors_cover_every_sector_at_every_level(demo: WorkspaceData) -> None:
    assert len(demo.actors) >= 40
    pairs = {(a.sector, a.level) for a in demo.actors}
    assert pairs == {(s, lv) for s in SECTORS for lv in ("national", "regional", "local")}
    assert len({a.type for a in demo.actors}) == 12  # every actor type of the catalogue


def test_instruments_and_system_map(demo: WorkspaceData) -> None:
    assert len(demo.instruments) >= 15
    assert {i.kind for i in demo.instruments} == {"law", "regulation", "policy", "plan",
                                                  "protocol", "budget-line"}
    assert all(i.provisions for i in demo.instruments)
    assert {link.kind for link in demo.links} == {"referral", "coordination-body",
                                                  "data-sharing", "funding", "supervision",
                                                  "conflict"}
    assert Counter(link.kind for link in demo.links)["conflict"] == 1
    assert len({m.actor_key for m in demo.mandates}) == len(demo.actors)


@pytest.mark.parametrize("seed", [1, 2026])
def test_findings_spread_over_areas_layers_and_states(seed: int) -> None:
    data = build_demo(seed=seed)
    findings = data.findings
    assert 300 <= len(findings) <= 400
    assert {(f.area, f.layer) for f in findings} == {(a, lv) for a in AREAS for lv in LAYERS}
    assert {s for f in findings for s in f.sectors} == SECTORS
    assert len({g for f in findings for g in f.groups}) == 21
    assert len({p for f in findings for p in f.provisions}) >= 60
    states = Counter(f.rating_state for f in findings)
    assert 0.05 <= states[RatingState.NOT_ASSESSED] / len(findings) <= 0.15
    assert 1 <= states[RatingState.NOT_APPLICABLE] <= 10
    assert set(Counter(f.status for f in findings)) == set(FindingStatus)
    assert {f.rating for f in findings if f.rating is not None} == {0, 1, 2, 3, 4}
    assert len({f.confidence for f in findings}) == 3


def test_keys_are_unique_in_every_table(demo: WorkspaceData) -> None:
    for table in ("actors", "instruments", "mandates", "links", "findings", "evidence",
                  "indicator_values"):
        keys = [r.key for r in getattr(demo, table)]
        assert len(keys) == len(set(keys)), table


def test_unrated_findings_carry_no_rating(demo: WorkspaceData) -> None:
    for f in demo.findings:
        assert (f.rating is not None) == (f.rating_state is RatingState.RATED), f.key
        assert f.title and f.narrative, f.key


# --- evidence -----------------------------------------------------------------------------------
@pytest.mark.parametrize("seed", [3, 2026])
def test_every_validated_finding_has_evidence(seed: int) -> None:
    for data in build_demo_cycles(seed=seed):
        with_evidence = {e.finding_key for e in data.evidence}
        validated = [f for f in data.findings if f.status is FindingStatus.VALIDATED]
        assert validated
        assert [f.key for f in validated if f.key not in with_evidence] == []


def test_most_findings_have_evidence_of_every_kind(demo: WorkspaceData) -> None:
    with_evidence = {e.finding_key for e in demo.evidence}
    assert len(with_evidence) / len(demo.findings) > 0.7
    assert {"desk-review", "statistics", "key-informant-interview", "child-consultation",
            "validation-workshop"} <= {e.kind for e in demo.evidence}
    keys = {f.key for f in demo.findings}
    assert all(e.finding_key in keys for e in demo.evidence)


def test_children_are_consulted_for_the_childs_perspective(demo: WorkspaceData) -> None:
    layer = {f.key: f.layer for f in demo.findings}
    consulted = {layer[e.finding_key] for e in demo.evidence if e.kind == "child-consultation"}
    assert consulted == {"child-perspective"}


def test_not_assessed_findings_have_no_evidence_and_low_confidence(demo: WorkspaceData) -> None:
    with_evidence = {e.finding_key for e in demo.evidence}
    for f in demo.findings:
        if f.rating_state is RatingState.NOT_ASSESSED:
            assert f.key not in with_evidence and f.status is FindingStatus.DRAFT


def test_indicator_series(cycles: list[WorkspaceData]) -> None:
    for data in cycles:
        years = Counter(v.indicator for v in data.indicator_values if v.group is None)
        assert len(years) >= 10
        assert min(years.values()) >= 3
        year = data.workspace.year
        assert year is not None
        assert all(v.year < year for v in data.indicator_values)
