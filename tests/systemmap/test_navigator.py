"""The referral navigator and training scenarios on the small hand-built map."""

from __future__ import annotations

import json

import pytest

from impactkit.errors import ValidationError
from impactkit.systemmap import (
    FUNCTION_CHAIN,
    Route,
    Scenario,
    ScenarioNote,
    Situation,
    check_scenario,
    compare_routes,
    navigate,
)
from tests.systemmap.conftest import link, mandate

UNACCOMPANIED = Situation(age_band="12-14", groups=("unaccompanied",),
                          forms=("sexual-exploitation",), needs=("protection", "survival:CRC-24"),
                          place="Fenmouth")


def kinds(route: Route) -> dict[str, list[str]]:
    return {s.function: [g.kind for g in s.gaps] for s in route.steps}


def test_route_walks_every_step_preferring_the_local_level(data, catalogue):
    route = navigate(data, catalogue, UNACCOMPANIED)
    steps = {s.function: s for s in route.steps}
    assert [s.function for s in route.steps] == [*FUNCTION_CHAIN[:4], "prosecution",
                                                 FUNCTION_CHAIN[4]]
    assert steps["identification"].actors == ("social", "police", "border")
    assert steps["identification"].referral_path == ("social",)
    assert steps["protection"].actors == ("shelter", "social")
    assert steps["protection"].services == ("shelter",)
    assert steps["protection"].referral_path == ("social",)  # social already holds it
    # prosecution: a side track from whoever identified the child, through the body
    assert steps["prosecution"].referral_path == ("social", "body", "police")


def test_without_a_form_there_is_no_prosecution_step(data, catalogue):
    route = navigate(data, catalogue, Situation(age_band="0-5", needs=("survival",)))
    assert [s.function for s in route.steps] == list(FUNCTION_CHAIN)


def test_provisions_come_from_principles_forms_and_needs(data, catalogue):
    provisions = navigate(data, catalogue, UNACCOMPANIED).provisions
    assert {"CRC-3", "CRC-12", "CRC-34", "OPSC-3", "CRC-39", "CRC-24"} <= set(provisions)
    assert "CRC-26" not in provisions  # survival brings only the need named
    assert "ILO138-1" not in provisions  # labour exploitation is not in the situation


def test_a_declared_conflict_on_the_route_is_a_gap(data, catalogue):
    route = navigate(data, catalogue, UNACCOMPANIED)
    assert kinds(route)["assessment"] == ["conflict"]
    conflict = next(g for g in route.gaps if g.kind == "conflict")
    assert "immigration-conflict-guardians" in conflict.reason


def test_no_referral_and_wrong_level_are_gaps_with_reasons(data, catalogue):
    route = navigate(data, catalogue, UNACCOMPANIED)
    step = route.steps[-1]
    assert step.actors == ("guardians",)
    assert step.referral_path == ()
    assert [g.kind for g in step.gaps] == ["no-referral", "wrong-level"]
    assert "from social" in step.gaps[0].reason
    assert "national" in step.gaps[1].reason


def test_no_mandated_actor_is_a_gap_not_an_empty_answer(data, catalogue):
    situation = Situation(age_band="15-17", forms=("labour-exploitation",))
    route = navigate(data, catalogue, situation)
    last = route.steps[-1]
    assert last.function == "durable-solution" and last.actors == ()
    assert last.gaps[0].kind == "no-actor"
    assert "durable solution" in last.gaps[0].reason.lower()
    assert "unaccompanied" in last.gaps[0].reason  # what the only mandate is limited to
    assert route.gaps[-1] == last.gaps[0]


def test_national_situation_prefers_national_actors(data, catalogue):
    situation = Situation(age_band="15-17", forms=("sexual-exploitation",), level="national")
    route = navigate(data, catalogue, situation)
    assert route.steps[0].actors == ("border", "police", "social")
    assert route.steps[0].referral_path == ("border",)
    # border is funded by police, which is no referral: nothing leads on to social
    assert kinds(route)["referral"] == ["no-referral", "wrong-level"]


def test_referral_path_goes_through_the_coordination_body(data, catalogue):
    data.links.append(link("guardians", "coordination-body", "body"))
    route = navigate(data, catalogue, UNACCOMPANIED)
    assert route.steps[-1].referral_path == ("social", "body", "guardians")
    assert kinds(route)["durable-solution"] == ["wrong-level"]


def test_compare_routes_shows_what_a_reform_fixed(data, catalogue):
    before = navigate(data, catalogue, UNACCOMPANIED)
    data.links.append(link("guardians", "coordination-body", "body"))
    after = navigate(data, catalogue, UNACCOMPANIED)
    change = compare_routes(before, after)
    assert [(g.step, g.kind) for g in change.fixed_gaps] == [("durable-solution", "no-referral")]
    assert change.new_gaps == ()
    assert change.changed_steps == ("durable-solution",)

    labour = Situation(age_band="15-17", forms=("labour-exploitation",))
    before = navigate(data, catalogue, labour)
    data.mandates.append(mandate("social", ("durable-solution",)))
    after = navigate(data, catalogue, labour)
    change = compare_routes(before, after)
    assert [(g.step, g.kind) for g in change.fixed_gaps] == [("durable-solution", "no-actor")]
    assert after.steps[-1].actors == ("social",)


def test_route_round_trips_through_json(data, catalogue):
    route = navigate(data, catalogue, UNACCOMPANIED)
    raw = json.loads(json.dumps(route.to_dict()))
    assert Route.from_dict(raw) == route
    assert compare_routes(Route.from_dict(raw), route).changed_steps == ()
    with pytest.raises(ValidationError):
        Route.from_dict({"situation": raw["situation"]})


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
        key="amira", title="A girl found at the harbour", situation=UNACCOMPANIED, session=2,
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
