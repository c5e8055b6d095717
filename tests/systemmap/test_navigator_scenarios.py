"""The navigator on five situations from the issue, on a hand-built map, with the answers a
child-protection professional expects, written from the standards the pathway cites.

The map (Northbay, fictional): a national police acting through local stations, a local
social service, a local shelter for trafficking victims aged 12-17, a national guardianship
authority limited to unaccompanied and separated children (guardianship, family tracing,
durable solutions), a national immigration service (age assessment, residence), a regional
law centre, a regional prosecutor (non-punishment only for forced criminality), a local
court, a national cybercrime unit, a local referral board; and a national helpline referring
to the police and the ombudsperson, who shares data with the social insurance agency, which
shares data with the immigration service: the chain a shortest path would walk as a "route".
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from impactkit.catalogue.schema import Catalogue
from impactkit.domain import (
    Actor,
    CoordinationLink,
    Jurisdiction,
    Mandate,
    Workspace,
    WorkspaceData,
)
from impactkit.systemmap import Route, Situation, Step, compare_routes, navigate

ACTORS = (
    ("helpline", "Child Helpline", "child-protection", "national", "ngo"),
    ("police", "National Police", "law-enforcement", "national", "police"),
    ("social", "Northbay Social Services", "child-protection", "local", "municipality"),
    ("shelter", "Safe House Northbay", "child-protection", "local", "service"),
    ("guardians", "Guardianship Authority", "child-protection", "national", "guardianship"),
    ("immigration", "Immigration Service", "immigration", "national", "agency"),
    ("lawcentre", "Children's Law Centre", "justice", "regional", "ngo"),
    ("prosecutor", "Regional Prosecutor's Office", "justice", "regional", "prosecution"),
    ("court", "Northbay District Court", "justice", "local", "court"),
    ("cyber", "Cybercrime Unit", "law-enforcement", "national", "police"),
    ("board", "Northbay Referral Board", "governance", "local", "coordination-body"),
    ("ombud", "Children's Ombudsperson", "governance", "national", "ombudsperson"),
    ("insurance", "Social Insurance Agency", "social-protection", "national", "agency"),
)


def m(key: str, actor: str, functions: tuple[str, ...], **scope: object) -> Mandate:
    return Mandate(key=key, actor_key=actor, functions=functions, **scope)  # type: ignore[arg-type]


def northbay() -> WorkspaceData:
    return WorkspaceData(
        workspace=Workspace(key="nb", title="Northbay", cycle="2025",
                            jurisdiction=Jurisdiction(code="XNB", name="Northbay",
                                                      fictional=True)),
        actors=[Actor(key=k, name=n, sector=s, level=lv, type=t) for k, n, s, lv, t in ACTORS],
        mandates=[
            m("m-helpline", "helpline", ("identification",)),
            m("m-police", "police", ("identification", "prosecution"), levels=("local",)),
            m("m-social", "social", ("identification", "referral", "assessment", "protection",
                                     "follow-up"), provisions=("CRC-3", "CRC-19", "CRC-39")),
            m("m-shelter", "shelter", ("accommodation",), groups=("trafficking-victims",),
              limited_to_groups=True, age_bands=("12-14", "15-17")),
            m("m-guardians", "guardians", ("protection", "family-tracing", "durable-solution"),
              provisions=("CRC-20", "EUATD-16"), groups=("unaccompanied", "separated"),
              limited_to_groups=True),
            m("m-immigration", "immigration", ("age-assessment", "residence-status")),
            m("m-lawcentre", "lawcentre", ("legal-aid",)),
            m("m-prosecutor", "prosecutor", ("prosecution",)),
            m("m-prosecutor-np", "prosecutor", ("non-punishment",),
              forms=("forced-criminality",)),
            m("m-court", "court", ("child-friendly-justice", "compensation")),
            m("m-cyber", "cyber", ("identification", "prosecution"),
              forms=("online-sexual-exploitation",)),
            m("m-ombud", "ombud", ("monitoring",)),
        ],
        links=[
            link("police", "referral", "social"),
            link("social", "referral", "police"),
            link("police", "data-sharing", "immigration"),
            link("immigration", "referral", "social"),
            link("social", "referral", "shelter"),
            link("social", "coordination-body", "board"),
            link("guardians", "coordination-body", "board"),
            link("lawcentre", "coordination-body", "board"),
            link("police", "referral", "prosecutor"),
            link("prosecutor", "referral", "court"),
            link("helpline", "referral", "ombud"),
            link("helpline", "referral", "police"),
            link("ombud", "data-sharing", "insurance"),
            link("insurance", "data-sharing", "immigration"),
            link("immigration", "conflict", "guardians", "Who decides on age and return."),
        ],
    )


def link(source: str, kind: str, target: str, notes: str = "") -> CoordinationLink:
    return CoordinationLink(key=f"{source}-{kind}-{target}", source_key=source,
                            target_key=target, kind=kind, notes=notes)


KEYS = [k for k, *_ in ACTORS]
GIRL = Situation(age_band="15-17", groups=("unaccompanied", "girls"),
                 forms=("domestic-servitude",), place="Northbay")
BEGGING = Situation(age_band="6-11", groups=("boys",), forms=("forced-begging",))
CANNABIS = Situation(age_band="15-17", groups=("boys", "in-conflict-with-law"),
                     forms=("forced-criminality",))
GROOMED = Situation(age_band="12-14", groups=("girls",), forms=("online-sexual-exploitation",))
SOLDIER = Situation(age_band="15-17", groups=("asylum-seeking", "boys"),
                    forms=("armed-recruitment",), age_in_doubt=True)


@pytest.fixture
def data() -> WorkspaceData:
    return northbay()


def codes(route: Route) -> list[str]:
    return [s.code for s in route.steps]


def step(route: Route, code: str) -> Step:
    return next(s for s in route.steps if s.code == code)


def reasons(route: Route, provision: str) -> set[tuple[str, str | None]]:
    return {(r.kind, r.code) for p in route.provisions if p.code == provision
            for r in p.reasons}


def gaps(route: Route, code: str) -> dict[str, str]:
    return {g.kind: g.reason for g in step(route, code).gaps}


def assert_named_not_keyed(route: Route) -> None:
    """Gap reasons name institutions by name, never by record key."""
    for gap in route.gaps:
        for key in KEYS:
            assert not re.search(rf"\b{key}\b", gap.reason), (key, gap.reason)


def assert_no_detour(route: Route) -> None:
    """A referral path is one actor, a direct link, or two members of one board."""
    for s in route.steps:
        assert len(s.referral_path) <= 3, s.referral_path
        if len(s.referral_path) == 3:
            assert s.referral_path[1] == "board" and s.connection == "shared-body"
        assert not {"ombud", "insurance"} & set(s.referral_path)


# --- 1. an unaccompanied girl of 15-17 in domestic servitude ------------------------------
def test_unaccompanied_girl_in_domestic_servitude(data: WorkspaceData,
                                                  catalogue: Catalogue) -> None:
    route = navigate(data, catalogue, GIRL)
    # domestic servitude is a purpose of trafficking: no means for a child (Palermo art. 3(c))
    assert route.trafficking and route.trafficking_forms == ("domestic-servitude",)
    # legal aid from the first contact (CETS 197 art. 15(1)), best interests before the
    # decisions on status, family tracing as soon as possible (General Comment No. 6)
    assert codes(route) == [
        "identification", "age-assessment", "referral", "accommodation", "guardian",
        "legal-aid", "best-interests", "reflection-period", "family-tracing",
        "residence-status", "protection", "investigation", "child-friendly-justice",
        "compensation", "durable-solution", "follow-up"]
    assert [s.code for s in route.steps if s.urgent] == [
        "identification", "age-assessment", "referral", "accommodation", "guardian"]
    # the legal basis of each step, with its trafficking basis
    assert step(route, "identification").provisions == ("CRC-19", "CRC-36", "CETS197-10",
                                                        "EUATD-11")
    assert step(route, "age-assessment").provisions == ("CRC-1", "CRC-3", "CRC-8", "CRC-12",
                                                        "CETS197-10", "EUATD-13")
    assert step(route, "guardian").provisions == ("CRC-18", "CRC-20", "CETS197-10",
                                                  "EUATD-14", "EUATD-16")
    assert step(route, "reflection-period").provisions == ("CRC-3", "CRC-39", "CETS197-13")
    assert step(route, "accommodation").provisions == ("CRC-20", "CRC-37", "CETS197-12",
                                                       "EUATD-11", "EUATD-14")
    assert step(route, "residence-status").provisions == ("CRC-3", "CRC-22", "CETS197-14",
                                                          "PALERMO-7")
    assert step(route, "family-tracing").provisions == ("CRC-9", "CRC-10", "CRC-22")
    # why the steps apply
    assert {(r.kind, r.code) for r in step(route, "age-assessment").why} == {
        ("group", "unaccompanied"), ("age-band", "15-17")}
    assert ("trafficking", "domestic-servitude") in {
        (r.kind, r.code) for r in step(route, "accommodation").why}
    # provisions owed to her group, and because this is trafficking of a child
    assert {("group", "unaccompanied"), ("step", "guardian")} <= reasons(route, "CRC-20")
    assert {("group", "unaccompanied"), ("step", "residence-status")} <= reasons(route,
                                                                                "CRC-22")
    assert ("trafficking", "domestic-servitude") in reasons(route, "CRC-35")
    assert ("trafficking", "domestic-servitude") in reasons(route, "CRC-39")
    assert ("principle", None) in reasons(route, "CRC-3")
    assert ("form", "domestic-servitude") in reasons(route, "PALERMO-3")
    assert ("group", "girls") in reasons(route, "CETS197-17")
    # a presumed victim counts for the shelter limited to trafficking victims
    assert step(route, "accommodation").services == ("shelter",)
    assert step(route, "accommodation").referral_path == ("social", "shelter")
    # the national police acts through local stations: present at her level
    ident = step(route, "identification")
    assert ident.actors[0] == "police" and ident.acting_here == ("police",)
    assert "wrong-level" not in gaps(route, "identification")
    assert "wrong-level" not in gaps(route, "investigation")
    # the national guardianship authority does not act locally; it conflicts with immigration
    guardian = gaps(route, "guardian")
    assert guardian["wrong-level"] == (
        "No institution responsible for Guardian appointed without delay acts at the local "
        "level, where the child is, although the step is urgent: Guardianship Authority "
        "(national level).")
    assert guardian["conflict"] == (
        "Immigration Service and Guardianship Authority have conflicting mandates and both "
        "act on this route: Who decides on age and return.")
    assert step(route, "guardian").referral_path == ("social", "board", "guardians")
    # a missing link to the court is a gap naming the institutions and the nearest link
    justice = step(route, "child-friendly-justice")
    assert justice.referral_path == () and justice.actor == "court"
    assert "Northbay District Court" in gaps(route, "child-friendly-justice")["no-referral"]
    assert "runs through Regional Prosecutor's Office" in gaps(
        route, "child-friendly-justice")["no-referral"]
    assert step(route, "compensation").gaps == ()  # the court goes on with the case
    # the case is handed to the child protection service that leads it
    assert step(route, "referral").actor == "social"
    # only the immigration service assesses age, nationally: an urgent step, so a gap
    assert gaps(route, "age-assessment")["wrong-level"].endswith(
        "although the step is urgent: Immigration Service (national level).")
    assert_named_not_keyed(route)
    assert_no_detour(route)


def test_her_groups_change_the_answer(data: WorkspaceData, catalogue: Catalogue) -> None:
    alone = navigate(data, catalogue, replace(GIRL, groups=()))
    assert "guardian" not in codes(alone) and "family-tracing" not in codes(alone)
    assert "residence-status" not in codes(alone) and "age-assessment" not in codes(alone)
    assert ("group", "unaccompanied") not in reasons(alone, "CRC-20")
    assert not reasons(alone, "CRC-22")
    assert ("trafficking", "domestic-servitude") in reasons(alone, "CRC-35")


# --- 2. a 10-year-old boy forced to beg by his family ---------------------------------------
def test_boy_forced_to_beg(data: WorkspaceData, catalogue: Catalogue) -> None:
    route = navigate(data, catalogue, BEGGING)
    assert route.trafficking  # without the trafficking-victims group ticked
    # a national child: no durable-solution step (integration, return...) of its own
    assert codes(route) == [
        "identification", "referral", "accommodation", "legal-aid", "best-interests",
        "protection", "investigation", "child-friendly-justice", "compensation", "follow-up"]
    assert step(route, "accommodation").provisions == ("CRC-20", "CRC-37", "CETS197-12",
                                                       "EUATD-11", "EUATD-14")
    assert step(route, "investigation").provisions == ("CRC-19", "PALERMO-5", "CETS197-18",
                                                       "CETS197-27", "EUATD-9")
    assert ("trafficking", "forced-begging") in reasons(route, "CRC-35")
    # the exploiters are investigated: prosecution is not "nobody"
    assert step(route, "investigation").actors == ("police", "prosecutor")
    # the only shelter takes children from 12: an age limit, said with the institution
    assert step(route, "accommodation").actors == ()
    assert gaps(route, "accommodation") == {"age-limit": (
        "Nobody is mandated for the step Emergency safe accommodation at the age of 6-11 "
        "years: every mandate that holds safe accommodation is limited to other ages. Safe "
        "House Northbay holds it only at the ages 12-14, 15-17.")}
    older = navigate(data, catalogue, replace(BEGGING, age_band="12-14"))
    assert step(older, "accommodation").actors == ("shelter",)
    assert_named_not_keyed(route)
    assert_no_detour(route)


# --- 3. a 16-year-old boy exploited in cannabis cultivation, arrested -----------------------
def test_boy_arrested_in_cannabis_cultivation(data: WorkspaceData,
                                              catalogue: Catalogue) -> None:
    route = navigate(data, catalogue, CANNABIS)
    # non-punishment right after referral: custody and charging are decided in the first
    # hours (CRC arts 37(b), 40(3)(b))
    assert codes(route) == [
        "identification", "referral", "non-punishment", "accommodation", "legal-aid",
        "best-interests", "protection", "investigation", "child-friendly-justice",
        "compensation", "follow-up"]
    punish = step(route, "non-punishment")
    assert punish.urgent
    assert punish.provisions == ("CRC-37", "CRC-39", "CRC-40", "CETS197-26", "EUATD-8")
    assert ("form", "forced-criminality") in {(r.kind, r.code) for r in punish.why}
    assert {("form", "forced-criminality"), ("step", "non-punishment")} <= reasons(
        route, "CETS197-26")
    assert ("group", "in-conflict-with-law") in reasons(route, "CRC-40")
    assert ("group", "in-conflict-with-law") in {
        (r.kind, r.code) for r in step(route, "legal-aid").why}
    # the prosecutor, reached by the police's referral, holds non-punishment; it is regional
    assert punish.actors == ("prosecutor",)
    assert punish.referral_path == ("police", "prosecutor") and punish.connection == "referral"
    assert "Regional Prosecutor's Office (regional level)" in gaps(route, "non-punishment")[
        "wrong-level"]
    assert "age-assessment" not in codes(route)
    doubt = navigate(data, catalogue, replace(CANNABIS, age_in_doubt=True))
    assert codes(doubt)[1] == "age-assessment"
    assert [(r.kind, r.code) for r in step(doubt, "age-assessment").why] == [
        ("age-in-doubt", None)]
    assert_named_not_keyed(route)
    assert_no_detour(route)


# --- 4. a girl of 14 groomed online ---------------------------------------------------------
def test_girl_groomed_online(data: WorkspaceData, catalogue: Catalogue) -> None:
    route = navigate(data, catalogue, GROOMED)
    assert not route.trafficking  # grooming is not a purpose of trafficking
    assert codes(route) == [
        "identification", "referral", "legal-aid", "best-interests", "protection",
        "investigation", "child-friendly-justice", "compensation", "follow-up"]
    assert step(route, "identification").provisions == ("CRC-19", "CRC-36")
    assert step(route, "child-friendly-justice").provisions == ("CRC-12", "OPSC-8")
    assert ("form", "online-sexual-exploitation") in reasons(route, "CETS201-23")
    assert not reasons(route, "CRC-35")
    investigation = step(route, "investigation")
    # the cybercrime unit is national and does not act locally: after the police
    assert investigation.actors == ("police", "prosecutor", "cyber")
    assert investigation.acting_here == ("police",)
    assert gaps(route, "child-friendly-justice").keys() == {"no-referral"}
    assert_named_not_keyed(route)
    assert_no_detour(route)


# --- 5. a 17-year-old asylum-seeking boy recruited into an armed group ---------------------
def test_asylum_seeking_boy_recruited_by_an_armed_group(data: WorkspaceData,
                                                        catalogue: Catalogue) -> None:
    route = navigate(data, catalogue, SOLDIER)
    # recruitment is not a purpose of exploitation in the trafficking definition: OPAC and
    # the Paris Principles govern (a form of forced labour ticked too would bring trafficking)
    assert not route.trafficking
    assert codes(route) == [
        "identification", "age-assessment", "referral", "non-punishment", "legal-aid",
        "best-interests", "residence-status", "protection", "investigation",
        "child-friendly-justice", "compensation", "durable-solution", "follow-up"]
    assert {(r.kind, r.code) for r in step(route, "non-punishment").why} == {
        ("form", "armed-recruitment")}
    assert step(route, "non-punishment").provisions == ("CRC-37", "CRC-39", "CRC-40")
    assert [(r.kind, r.code) for r in step(route, "age-assessment").why] == [
        ("age-in-doubt", None)]
    assert ("form", "armed-recruitment") in reasons(route, "OPAC-6")
    assert {("group", "asylum-seeking"), ("step", "residence-status")} <= reasons(route,
                                                                                 "CRC-22")
    # non-punishment is mandated for forced criminality only: a gap, said with the limit
    assert gaps(route, "non-punishment") == {"no-actor": (
        "Nobody is mandated for the step Non-punishment and diversion in this situation: "
        "every mandate that holds non-punishment is limited to other cases. Regional "
        "Prosecutor's Office holds it only for forced criminality.")}
    assert step(route, "age-assessment").referral_path == ("police", "immigration")
    settled = navigate(data, catalogue, replace(SOLDIER, age_in_doubt=False))
    # an asylum-seeking boy whose age is not in doubt is not assessed (Joint General Comment
    # No. 4/23, para. 4: an assessment only where there is doubt)
    assert "age-assessment" not in codes(settled)
    assert_named_not_keyed(route)
    assert_no_detour(route)


# --- the referral rule and the reasons of gaps ----------------------------------------------
def test_a_missing_link_is_a_gap_not_a_detour(data: WorkspaceData, catalogue: Catalogue
                                              ) -> None:
    """Without its links to the police and the social services, the immigration service is
    reachable only by the helpline, ombudsperson and social insurance chain: no route."""
    data.links = [x for x in data.links if x.key not in (
        "police-data-sharing-immigration", "immigration-referral-social")]
    route = navigate(data, catalogue, SOLDIER)
    age = step(route, "age-assessment")
    assert age.referral_path == () and age.actor == "immigration"
    assert gaps(route, "age-assessment")["no-referral"] == (
        "Nothing passes the child on to the step Presumption of minority and age assessment: "
        "no referral from National Police to Immigration Service, no coordination link "
        "between them, no coordination body they share, and none from an institution met "
        "earlier on the route. The nearest connection runs through Child Helpline; "
        "Children's Ombudsperson; Social Insurance Agency: a referral from National Police "
        "to Immigration Service is missing.")
    assert_no_detour(route)
    # the route goes on: the police refers the child to the social services
    assert step(route, "referral").referral_path == ("police", "social")
    data.links.append(link("police", "referral", "immigration"))
    fixed = compare_routes(route, navigate(data, catalogue, SOLDIER))
    assert [(g.step, g.kind) for g in fixed.fixed_gaps] == [("age-assessment", "no-referral")]


def test_a_function_nobody_names_is_a_gap_saying_so(data: WorkspaceData,
                                                    catalogue: Catalogue) -> None:
    data.mandates = [x for x in data.mandates if x.key != "m-lawcentre"]
    route = navigate(data, catalogue, GROOMED)
    assert gaps(route, "legal-aid") == {"no-actor": (
        "Nobody is mandated for the step Legal aid, information and an interpreter: no "
        "mandate names legal aid and interpretation, and no mandate for protection and "
        "assistance cites CETS197-15.")}
    # a protection mandate naming CETS 197 art. 15 carries legal aid
    data.mandates.append(Mandate(key="m-social-la", actor_key="social",
                                 functions=("protection",), provisions=("CETS197-15",)))
    assert step(navigate(data, catalogue, GROOMED), "legal-aid").actors == ("social",)


def test_the_answer_round_trips_through_json(data: WorkspaceData, catalogue: Catalogue
                                             ) -> None:
    route = navigate(data, catalogue, GIRL)
    assert Route.from_dict(route.to_dict()) == route
    assert compare_routes(Route.from_dict(route.to_dict()), route).changed_steps == ()
