"""The referral navigator and training scenarios on the small hand-built map (the five
situations of the issue are in ``test_navigator_scenarios``)."""

from __future__ import annotations

import json

import pytest

from impactkit.errors import ValidationError
from impactkit.systemmap import (
    Route,
    Scenario,
    ScenarioNote,
    Situation,
    check_scenario,
    compare_routes,
    navigate,
    provision_reason_text,
    step_reason_text,
)
from impactkit.systemmap.pathway import Reason
from tests.systemmap.conftest import link, mandate

UNACCOMPANIED = Situation(age_band="12-14", groups=("unaccompanied",),
                          forms=("sexual-exploitation",), needs=("protection", "survival:CRC-24"),
                          place="Fenmouth")
EVERY_CHILD = ["identification", "referral", "best-interests", "protection", "follow-up"]


def kinds(route: Route) -> dict[str, list[str]]:
    return {s.code: [g.kind for g in s.gaps] for s in route.steps}


def test_without_a_form_or_group_only_the_steps_for_every_child_apply(data, catalogue):
    route = navigate(data, catalogue, Situation(age_band="0-5", needs=("survival",)))
    assert [s.code for s in route.steps] == EVERY_CHILD
    assert not route.trafficking
    assert [s.function for s in route.steps] == [
        "identification", "referral", "best-interests", "protection", "follow-up"]


def test_steps_follow_the_pathway_and_prefer_the_childs_level(data, catalogue):
    route = navigate(data, catalogue, UNACCOMPANIED)
    steps = {s.code: s for s in route.steps}
    assert list(steps) == [
        "identification", "referral", "accommodation", "guardian", "legal-aid",
        "best-interests", "reflection-period", "family-tracing", "residence-status",
        "protection", "investigation", "child-friendly-justice", "compensation",
        "durable-solution", "follow-up"]
    # local first, then the regional police, then the national border police
    assert steps["identification"].actors == ("social", "police", "border")
    assert steps["identification"].referral_path == ("social",)
    assert steps["protection"].actors == ("shelter", "social")
    assert steps["protection"].services == ("shelter",)
    assert steps["protection"].referral_path == ("social",)  # social goes on with the case
    # investigation: the regional police, which sits with social services on one body
    assert steps["investigation"].referral_path == ("social", "body", "police")
    assert steps["investigation"].connection == "shared-body"
    # a regional police investigating is how systems work: no gap for a step not urgent
    assert kinds(route)["investigation"] == []


def test_provisions_carry_their_reasons(data, catalogue):
    route = navigate(data, catalogue, UNACCOMPANIED)
    why = {p.code: {(r.kind, r.code) for r in p.reasons} for p in route.provisions}
    assert ("principle", None) in why["CRC-3"]
    assert ("form", "sexual-exploitation") in why["CRC-34"]
    assert ("trafficking", "sexual-exploitation") in why["CRC-35"]
    assert {("group", "unaccompanied"), ("step", "guardian")} <= why["CRC-20"]
    assert ("need", "survival:CRC-24") in why["CRC-24"]
    assert "CRC-26" not in why  # survival brings only the need named
    assert "ILO138-1" not in why  # labour exploitation is not in the situation
    assert [p.code for p in route.provisions] == [
        p.code for p in catalogue.provisions() if p.code in why]  # catalogue order


def test_reasons_are_said_in_one_sentence_each(catalogue):
    assert provision_reason_text(Reason("principle"), catalogue) == (
        "Applies to every child (general principles).")
    assert provision_reason_text(Reason("group", "unaccompanied"), catalogue) == (
        "Owed to unaccompanied children in particular.")
    assert provision_reason_text(Reason("trafficking", "domestic-servitude"), catalogue) == (
        "Domestic servitude is a purpose of exploitation in the trafficking definition: "
        "recruiting, moving, harbouring or receiving a child for it is trafficking whatever "
        "the means (Palermo Protocol art. 3(c); CETS 197 art. 4(c)), and the child is treated "
        "as a presumed victim (CETS 197 art. 10(2)).")
    assert provision_reason_text(Reason("step", "guardian"), catalogue) == (
        "Legal basis of the step Guardian appointed without delay.")
    assert provision_reason_text(Reason("group", "lgbtqi"), catalogue) == (
        "Owed to LGBTQI children in particular.")
    assert step_reason_text(Reason("age-band", "15-17"), catalogue) == (
        "Applies at the age of 15-17 years.")
    assert step_reason_text(Reason("trafficking"), catalogue) == (
        "Applies to a child victim of trafficking.")


def test_a_declared_conflict_on_the_route_is_a_gap_naming_both(data, catalogue):
    route = navigate(data, catalogue, UNACCOMPANIED)
    assert "conflict" not in {g.kind for g in route.gaps}  # immigration is not on the route
    data.mandates.append(mandate("immigration", ("durable-solution",)))
    route = navigate(data, catalogue, UNACCOMPANIED)
    conflicts = [g for g in route.gaps if g.kind == "conflict"]
    assert [g.step for g in conflicts] == ["durable-solution"]
    assert conflicts[0].reason == ("Immigration and Guardians have conflicting mandates and "
                                   "both act on this route: Who decides on age and return.")


def test_no_referral_and_wrong_level_are_gaps_with_reasons(data, catalogue):
    route = navigate(data, catalogue, UNACCOMPANIED)
    last = next(s for s in route.steps if s.code == "durable-solution")
    assert last.actors == ("guardians",) and last.referral_path == ()
    assert [g.kind for g in last.gaps] == ["no-referral"]
    # the case is with the police after the investigation; nobody met before links either
    assert "no referral from Police to Guardians" in last.gaps[0].reason
    assert "Nothing on the map connects them, even indirectly." in last.gaps[0].reason
    # the Guardians act nationally; the step is not urgent, so no wrong-level gap


def test_referral_through_a_shared_coordination_body(data, catalogue):
    data.links.append(link("guardians", "coordination-body", "body"))
    route = navigate(data, catalogue, UNACCOMPANIED)
    last = next(s for s in route.steps if s.code == "durable-solution")
    assert last.referral_path == ("police", "body", "guardians")
    assert kinds(route)["durable-solution"] == []


def test_a_referral_runs_from_source_to_target_only(data, catalogue):
    """shelter -> social would be a referral the wrong way round for social -> shelter."""
    data.links = [x for x in data.links if x.kind != "referral"]
    data.links.append(link("shelter", "referral", "social"))
    situation = Situation(age_band="12-14", forms=("sexual-exploitation",))
    data.mandates = [x for x in data.mandates if x.actor_key != "social"]
    data.mandates.append(mandate("social", ("identification",)))
    route = navigate(data, catalogue, situation)
    protection = next(s for s in route.steps if s.code == "protection")
    assert protection.referral_path == ()
    reason = next(g.reason for g in protection.gaps if g.kind == "no-referral")
    assert "a referral the other way, from Shelter to Social" in reason


def test_compare_routes_shows_what_a_reform_fixed(data, catalogue):
    before = navigate(data, catalogue, UNACCOMPANIED)
    data.links.append(link("guardians", "coordination-body", "body"))
    after = navigate(data, catalogue, UNACCOMPANIED)
    change = compare_routes(before, after)
    assert ("durable-solution", "no-referral") in [(g.step, g.kind) for g in change.fixed_gaps]
    assert change.new_gaps == ()
    assert "durable-solution" in change.changed_steps


def test_route_round_trips_and_old_saved_routes_still_load(data, catalogue):
    route = navigate(data, catalogue, UNACCOMPANIED)
    raw = json.loads(json.dumps(route.to_dict()))
    assert Route.from_dict(raw) == route
    assert compare_routes(Route.from_dict(raw), route).changed_steps == ()
    with pytest.raises(ValidationError):
        Route.from_dict({"situation": raw["situation"]})
    old = {"situation": {"age_band": "12-14", "groups": [], "forms": [], "needs": [],
                         "level": "local", "place": ""},
           "provisions": ["CRC-3"],
           "steps": [{"function": "identification", "actors": ["social"], "services": [],
                      "referral_path": ["social"], "gaps": []}],
           "gaps": []}
    loaded = Route.from_dict(old)
    assert loaded.situation.age_in_doubt is False
    assert loaded.provisions[0].code == "CRC-3" and loaded.steps[0].code == "identification"
    now = navigate(data, catalogue, loaded.situation)
    assert compare_routes(loaded, now).changed_steps[0] == "referral"  # new on the route


def test_unknown_codes_in_a_situation_are_all_reported(data, catalogue):
    bad = Situation(age_band="13", groups=("martians",), forms=("sexual-exploitation", "x"),
                    needs=("wellbeing", "survival:CRC-40"), level="galactic",
                    place="12 Harbour Street")
    with pytest.raises(ValidationError) as caught:
        navigate(data, catalogue, bad)
    fields = [p.field for p in caught.value.problems]
    assert fields == ["situation.age_band", "situation.groups[0]", "situation.forms[1]",
                      "situation.needs[0]", "situation.needs[1]", "situation.level",
                      "situation.place"]


def test_scenario_round_trip_and_checks(catalogue):
    scenario = Scenario(
        key="amira", title="A girl found at the harbour",
        situation=Situation(age_band="15-17", groups=("unaccompanied",), age_in_doubt=True),
        session=2,
        notes=(ScenarioNote("risk", "Travels alone"),
               ScenarioNote("hindering", "No interpreter at night", "mediation"),
               ScenarioNote("facilitating", "Shelter place free", "quantitative")))
    assert check_scenario(scenario, catalogue) == []
    assert Scenario.from_dict(json.loads(json.dumps(scenario.to_dict()))) == scenario

    bad = Scenario(key="x", title="", situation=Situation(age_band="6-11", forms=("nope",)),
                   session=7,
                   notes=(ScenarioNote("hindering", "No guardian"),
                          ScenarioNote("risk", "Debt", "financial"),
                          ScenarioNote("gossip", "?")))  # type: ignore[arg-type]
    fields = [p.field for p in check_scenario(bad, catalogue)]
    assert fields == ["title", "session", "situation.forms[0]", "notes[0].dimension",
                      "notes[1].dimension", "notes[2].kind"]
