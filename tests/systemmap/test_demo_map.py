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
    gaps = {(g.form, g.function): g for g in report.gaps}
    # one gap, with the groups it leaves out as its detail
    assert "in-conflict-with-law" in gaps[("forced-criminality", "prosecution")].groups
    # every step of the chain has someone for every form (general mandates)
    assert all(g.function == "prosecution" for g in report.gaps)


def test_labour_inspectors_overlap_without_working_together(report):
    overlap = next(o for o in report.overlaps if (o.form, o.function)
                   == ("labour-exploitation", "identification"))
    assert ("labour-inspectorate", "southfen-labour-office") in overlap.uncoordinated
    # both sit with the NGO network on the referral mechanism's body: coordinated
    assert ("labour-inspectorate", "safe-passage-network") not in overlap.uncoordinated
    assert overlap.uncoordinated_count == len(overlap.uncoordinated) < overlap.pairs


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


def test_an_unaccompanied_girl_s_route_follows_the_demo_s_referrals(demo, catalogue):
    """A girl of 15-17 found in domestic servitude at the port of Fenmouth: the route runs
    along referral links that exist, the planted conflict and holes are found, and every
    reason names institutions, never keys."""
    situation = Situation(age_band="15-17", groups=("unaccompanied", "girls"),
                          forms=("domestic-servitude",), place="Fenmouth")
    route = navigate(demo, catalogue, situation)
    assert route.trafficking  # domestic servitude: a presumed victim of trafficking
    steps = {s.code: s for s in route.steps}
    assert steps["identification"].actor == "fenmouth-harbour-police"
    # the police hand the case to the municipal social services, which lead it
    assert steps["referral"].actor == "fenmouth-social-services"
    assert steps["guardian"].referral_path == ("fenmouth-social-services",
                                               "guardianship-authority")
    assert steps["accommodation"].actor in ("fenmouth-social-services", "lantern-house-shelter",
                                            "fenmouth-emergency-shelter")
    assert steps["investigation"].actors == ("police-atu",)  # acts locally under its mandate
    assert steps["investigation"].acting_here == ("police-atu",)
    assert [g.kind for g in steps["compensation"].gaps] == ["no-actor"]
    assert [g.kind for g in steps["follow-up"].gaps] == ["no-actor"]
    conflict = next(g for g in route.gaps if g.kind == "conflict")
    assert conflict.reason.startswith("Immigration and Naturalisation Service and National "
                                      "Guardianship Authority have conflicting mandates")
    keys = {a.key for a in demo.actors}
    assert not any(key in gap.reason for gap in route.gaps for key in keys)
    for step in route.steps:  # no detour through unrelated agencies: a path is one link
        assert len(step.referral_path) <= 3


def test_the_boy_forced_to_beg_finds_no_shelter_for_his_age(demo, catalogue):
    """Lantern House takes children of 12-17 only; the emergency shelter 6-17: a boy of 10
    forced to beg goes to the emergency shelter, and nobody prosecutes forced criminality."""
    boy = navigate(demo, catalogue, Situation(age_band="6-11", groups=("boys",),
                                              forms=("forced-begging",), place="Northport"))
    steps = {s.code: s for s in boy.steps}
    assert "lantern-house-shelter" not in steps["accommodation"].actors
    assert "fenmouth-emergency-shelter" in steps["accommodation"].actors
    thief = navigate(demo, catalogue, Situation(age_band="15-17", groups=("boys",),
                                                forms=("forced-criminality",)))
    steps = {s.code: s for s in thief.steps}
    assert [g.kind for g in steps["investigation"].gaps] == ["no-actor"]
    assert [g.kind for g in steps["non-punishment"].gaps] == ["no-actor"]
