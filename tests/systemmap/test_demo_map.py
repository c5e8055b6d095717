"""The demo's current cycle as a system map: big enough, and its planted breaks are found."""

from __future__ import annotations

import pytest

from impactkit.demo import build_demo
from impactkit.systemmap import Situation, analyse_map, navigate


@pytest.fixture(scope="module")
def demo():
    return build_demo()


@pytest.fixture(scope="module")
def report(demo, catalogue):
    return analyse_map(demo, catalogue)


def test_the_demo_map_is_big_and_spans_every_sector_and_level(demo, catalogue):
    assert len(demo.actors) >= 40
    assert {a.sector for a in demo.actors} == set(catalogue.codes("sectors"))
    assert {a.level for a in demo.actors} == {"national", "regional", "local"}


def test_nobody_prosecutes_forced_criminality(report):
    gaps = {(g.form, g.group, g.function) for g in report.gaps}
    assert ("forced-criminality", None, "prosecution") in gaps
    assert ("forced-criminality", "in-conflict-with-law", "prosecution") in gaps
    # every step of the chain has someone for every form (general mandates)
    assert all(g.function == "prosecution" for g in report.gaps)


def test_labour_inspectors_overlap_without_working_together(report):
    overlap = next(o for o in report.overlaps if (o.form, o.group, o.function)
                   == ("labour-exploitation", "working", "identification"))
    assert ("labour-inspectorate", "southfen-labour-office") in overlap.uncoordinated
    # both sit with the NGO network on the referral mechanism's body: coordinated
    assert ("labour-inspectorate", "safe-passage-network") not in overlap.uncoordinated


def test_the_declared_conflict_is_found(report):
    assert [c.actor_keys for c in report.conflicts] == [
        ("immigration-service", "guardianship-authority")]


def test_isolated_and_bridging_actors(report):
    assert "schools-inspectorate" in report.isolated
    bridges = {b.actor: b for b in report.bridges}
    # with the catalogue's coordinating kinds (supervision included), losing Northport's
    # social services cuts the Northmark juvenile chain off from the rest
    assert bridges["northport-social-services"].separates == ((
        "northmark-juvenile-court", "northmark-police-juvenile",
        "northport-attendance-office", "northport-benefits-office"),)
    labour_education = next(d for d in report.density
                            if (d.sector_a, d.sector_b) == ("labour", "education"))
    assert labour_education.links == 0 and labour_education.possible > 0


def test_an_unaccompanied_victim_meets_the_conflict_on_the_route(demo, catalogue):
    situation = Situation(age_band="15-17", groups=("unaccompanied", "trafficking-victims"),
                          forms=("labour-exploitation",), needs=("protection",),
                          place="Fenmouth")
    route = navigate(demo, catalogue, situation)
    assert all(step.actors for step in route.steps)
    assert any(g.kind == "conflict" and "immigration-service" in g.reason for g in route.gaps)
    assert route.steps[0].referral_path[0] == route.steps[0].actors[0]
