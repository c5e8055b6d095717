"""Drafting the assessing body's own recommendations from the analysis.

A small workspace built by hand, every number computable by eye (scale 0-4, every finding of
high confidence, so a rating r alone scores 25 r; thresholds: gap 25, exclusion 50):

* law-practice gaps: CRC-35 100 vs 25 (gap 75, practice under 50: urge); CRC-19 100 vs 50
  (gap 50, practice exactly 50: consider); CRC-34 100 vs 75 (gap exactly 25: consider);
  CRC-3 100 vs 87.5 (gap 12.5, exactly half the threshold: invite);
* no mandate: CRC-39; the form forced-begging; prosecution of labour exploitation and of
  forced begging (the police prosecute sexual exploitation only);
* inclusion: unaccompanied 0 (urge), girls 25 (exactly half: consider), disability 50
  (exactly the threshold: not excluded);
* child protection and migration both hold CRC-3 with no coordinating link (consider), and
  a conflict is declared between them (urge).
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from impactkit.analysis import analyse
from impactkit.analysis.index import CatalogueIndex
from impactkit.analysis.targets import parse_target
from impactkit.catalogue.loader import load_default_catalogue
from impactkit.catalogue.schema import (
    Area,
    Catalogue,
    Cluster,
    ExploitationForm,
    Instrument,
    Provision,
    RatingLevel,
    RatingScale,
    ScoringRules,
    Term,
)
from impactkit.demo import build_demo
from impactkit.demo.recommendations import recommendations_for
from impactkit.domain import Actor, CoordinationLink, Finding, Mandate, WorkspaceData
from impactkit.recommendations.drafting import Draft, RelatedRecommendation, draft_recommendations
from impactkit.recommendations.model import (
    ImplementationStatus,
    Mechanism,
    Recommendation,
    StatusAssessment,
    StatusSource,
)
from impactkit.recommendations.own import Grade, OwnRecommendation, OwnStatus
from tests.analysis.conftest import finding, workspace

KEY = "drafting"
CHAIN = ("identification", "referral", "assessment", "protection", "durable-solution",
         "prevention", "monitoring")  # every function but prosecution


def _terms(*codes: str) -> list[Term]:
    return [Term(code=c, title=c.replace("-", " ").capitalize()) for c in codes]


def make_catalogue(**scoring: Any) -> Catalogue:
    titles = {"3": "Best interests", "19": "Protection from violence",
              "34": "Sexual exploitation", "35": "Sale and trafficking",
              "39": "Recovery of child victims"}
    return Catalogue(
        key=KEY, version="1", title="Drafting test catalogue",
        instruments=[Instrument(
            code="CRC", title="Convention", short_title="CRC", body="UN",
            provisions=[Provision(code=f"CRC-{n}", article=n, title=t)
                        for n, t in titles.items()])],
        clusters=[Cluster(code="general-principles", title="General principles",
                          provisions=["CRC-3"]),
                  Cluster(code="violence", title="Violence",
                          provisions=["CRC-19", "CRC-34", "CRC-39"]),
                  Cluster(code="special-protection", title="Special protection",
                          provisions=["CRC-34", "CRC-35", "CRC-39"])],
        areas=[Area(code=c, title=c.capitalize(), questions=["?"])
               for c in ("inclusion", "compliance")],
        layers=_terms("law-policy", "practice"), needs_dimensions=[], systemic_dimensions=[],
        sectors=_terms("child-protection", "law-enforcement", "immigration"),
        child_groups=_terms("unaccompanied", "girls", "disability"),
        forms=[ExploitationForm(code="sexual-exploitation", title="Sexual exploitation",
                                provisions=["CRC-34"]),
               ExploitationForm(code="labour-exploitation", title="Labour exploitation"),
               ExploitationForm(code="forced-begging", title="Forced begging",
                                provisions=["CRC-35"])],
        exclusion_criteria=_terms("documents"),
        mandate_functions=_terms(*CHAIN, "prosecution"), actor_types=_terms("agency"),
        actor_levels=_terms("national"), instrument_kinds=_terms("law"),
        link_kinds=_terms("referral", "conflict"), evidence_kinds=_terms("desk-review"),
        indicators=[],
        rating_scale=RatingScale(levels=[RatingLevel(value=v, label=str(v), description="")
                                         for v in range(5)]),
        scoring=ScoringRules(**scoring))


def _gap(provision: str, law: int, *practice: int) -> list[Finding]:
    found = [finding(f"{provision}-law", layer="law-policy", provisions=[provision],
                     rating=law)]
    found += [finding(f"{provision}-practice-{i}", provisions=[provision], rating=r)
              for i, r in enumerate(practice)]
    return found


def make_workspace() -> WorkspaceData:
    findings = [*_gap("CRC-35", 4, 1), *_gap("CRC-19", 4, 2), *_gap("CRC-34", 4, 3),
                *_gap("CRC-3", 4, 3, 4)]
    # inclusion findings reach CRC-39 only (practice, no law-policy: its gap is unmeasurable)
    findings += [
        finding("incl-unaccompanied", area="inclusion", provisions=["CRC-39"], rating=0,
                groups=["unaccompanied"], sectors=["immigration"]),
        finding("incl-girls", area="inclusion", provisions=["CRC-39"], rating=1,
                groups=["girls"]),
        finding("incl-disability", area="inclusion", provisions=["CRC-39"], rating=2,
                groups=["disability"])]
    return workspace(
        findings, key="ws", catalogue_key=KEY,
        actors=[Actor(key="cps", name="Child Protection Service", sector="child-protection"),
                Actor(key="police", name="National Police", sector="law-enforcement"),
                Actor(key="migration", name="Migration Office", sector="immigration")],
        mandates=[
            Mandate(key="m-cps", actor_key="cps", provisions=("CRC-3", "CRC-34", "CRC-35"),
                    functions=CHAIN),
            Mandate(key="m-cps-labour", actor_key="cps", forms=("labour-exploitation",),
                    functions=("identification",)),
            Mandate(key="m-police", actor_key="police", provisions=("CRC-19", "CRC-35"),
                    forms=("sexual-exploitation",), functions=("prosecution",)),
            Mandate(key="m-migration", actor_key="migration", provisions=("CRC-3",),
                    groups=("unaccompanied",), functions=("protection",))],
        links=[CoordinationLink(key="cps-police", source_key="cps", target_key="police",
                                kind="referral"),
               CoordinationLink(key="cps-migration", source_key="cps",
                                target_key="migration", kind="conflict")])


def un_recommendations() -> list[Recommendation]:
    return [
        Recommendation(key="upr-3-121.4", mechanism=Mechanism.UPR, cycle="3",
                       paragraph="121.4", date=date(2019, 11, 5),
                       text="Combat the sale and trafficking of children.",
                       provisions=("CRC-35",)),
        Recommendation(key="crc-5-40(a)", mechanism=Mechanism.CRC, cycle="5-6",
                       paragraph="40(a)", date=date(2022, 6, 1),
                       text="Strengthen special protection measures.",
                       clusters=("special-protection",)),
        Recommendation(key="crc-5-20", mechanism=Mechanism.CRC, cycle="5-6", paragraph="20",
                       date=date(2022, 6, 1), text="Prohibit corporal punishment.",
                       provisions=("CRC-19",), clusters=("violence",)),
        Recommendation(key="upr-3-121.9", mechanism=Mechanism.UPR, cycle="3",
                       paragraph="121.9", date=date(2019, 11, 5),
                       text="Protect unaccompanied migrant children.",
                       groups=("unaccompanied",)),
        Recommendation(key="national-ombud-1", mechanism=Mechanism.NATIONAL,
                       text="Give child victims access to recovery services.",
                       provisions=("CRC-39",)),
        Recommendation(key="upr-3-121.12", mechanism=Mechanism.UPR, cycle="3",
                       paragraph="121.12", date=date(2019, 11, 5),
                       text="Ratify the migrant workers convention.", provisions=("CRC-7",)),
    ]


def un_statuses() -> dict[str, list[StatusAssessment]]:
    def status(source: StatusSource, status: ImplementationStatus,
               on: date) -> StatusAssessment:
        return StatusAssessment(recommendation="upr-3-121.4", source=source, status=status,
                                assessed_on=on)
    return {"upr-3-121.4": [
        status(StatusSource.NHRI, ImplementationStatus.PLANNED, date(2020, 1, 1)),
        status(StatusSource.STATE, ImplementationStatus.NOT_STARTED, date(2023, 5, 1)),
        status(StatusSource.CIVIL_SOCIETY, ImplementationStatus.PARTIAL, date(2021, 3, 1)),
    ]}


def draft(catalogue: Catalogue | None = None, data: WorkspaceData | None = None,
          **kwargs: Any) -> tuple[Draft, ...]:
    catalogue = catalogue or make_catalogue()
    data = data or make_workspace()
    kwargs.setdefault("recommendations", un_recommendations())
    kwargs.setdefault("statuses", un_statuses())
    return draft_recommendations(data, catalogue, analyse(data, catalogue), **kwargs)


def by_key(drafts: tuple[Draft, ...]) -> dict[str, Draft]:
    return {d.recommendation.key: d for d in drafts}


# --- what is drafted ------------------------------------------------------------------------------

EXPECTED = [
    # key, grade, severity
    ("gap-crc-35", Grade.URGE, 75.0),
    ("excluded-unaccompanied", Grade.URGE, 50.0),
    ("conflict-cps-migration", Grade.URGE, 0.0),
    ("unmandated-crc-39", Grade.URGE, 0.0),
    ("unmandated-forced-begging", Grade.URGE, 0.0),
    ("unmandated-forced-begging-prosecution", Grade.URGE, 0.0),
    ("unmandated-labour-exploitation-prosecution", Grade.URGE, 0.0),
    ("gap-crc-19", Grade.CONSIDER, 50.0),
    ("excluded-girls", Grade.CONSIDER, 25.0),  # ties gap-crc-34 on severity: key decides
    ("gap-crc-34", Grade.CONSIDER, 25.0),
    ("uncoordinated-crc-3", Grade.CONSIDER, 0.0),
    ("gap-crc-3", Grade.INVITE, 12.5),
]


def test_the_planted_problems_give_these_drafts_in_this_order() -> None:
    drafts = draft()
    assert [(d.recommendation.key, d.recommendation.grade, d.severity) for d in drafts] == \
        EXPECTED
    assert all(d.recommendation.status is OwnStatus.DRAFT and d.recommendation.version == 1
               for d in drafts)


def test_the_gap_on_crc_35_is_urged_to_its_mandated_actors_with_the_upr_recommendation(
        ) -> None:
    found = by_key(draft())["gap-crc-35"]
    rec = found.recommendation
    assert rec.basis == "law-practice-gap"
    assert rec.basis_target == "gap:CRC-35"
    assert rec.actors == ("cps", "police")
    assert rec.sectors == ("child-protection", "law-enforcement")
    assert rec.provisions == ("CRC-35",)
    assert rec.clusters == ("special-protection",)
    assert rec.text == ("Take urgent measures so that article 35 of the Convention (Sale and "
                        "trafficking) is applied in practice: law and policy score 100 but "
                        "practice only 25.")
    assert rec.rationale == ("The law-practice gap on article 35 of the Convention is 75.0 "
                             "points (threshold 25) "
                             "and practice scores 25.0, under 50: the standard is not met in "
                             "practice.")
    # tagged CRC-35; and the Committee's on the whole special-protection cluster; oldest first
    assert rec.related == ("upr-3-121.4", "crc-5-40(a)")
    upr, crc = found.related
    assert upr == RelatedRecommendation(
        key="upr-3-121.4", mechanism="upr", cycle="3", paragraph="121.4",
        latest_status="not-started", status_source="state",
        summary="Already recommended by the Universal Periodic Review in cycle 3 (para. "
                "121.4); latest status: not started (the State, 2023-05-01).")
    assert crc.latest_status is None and crc.status_source is None
    # a treaty body reviews no "cycle": without its document symbol, none is named
    assert crc.summary == ("Already recommended by the CRC Committee (para. 40(a)); not yet "
                           "assessed.")


def test_what_nobody_is_mandated_for_is_urged_to_the_authorities() -> None:
    drafts = by_key(draft())
    crc39 = drafts["unmandated-crc-39"].recommendation
    assert (crc39.basis, crc39.basis_target, crc39.actors) == (
        "unmandated", "provision:CRC-39", ())
    assert crc39.clusters == ("violence", "special-protection")
    assert crc39.rationale == ("No mandate names article 39 of the Convention (mandates "
                               "recorded: 4).")
    # the Committee's recommendation on article 19 is in the violence cluster too, but it is
    # tagged with a provision, so it was not made on article 39; the cluster-wide one was
    assert crc39.related == ("crc-5-40(a)", "national-ombud-1")
    assert drafts["unmandated-crc-39"].related[1].summary == (
        "Already recommended by a national body; not yet assessed.")

    begging = drafts["unmandated-forced-begging-prosecution"].recommendation
    assert begging.text == (
        "Clarify which authority carries out this step of the protection chain for all "
        "children, which the mapping found in no actor's mandate: Prosecution (form of "
        "exploitation: Forced begging).")
    assert (begging.basis_target, begging.actors) == ("", ())
    assert begging.provisions == ("CRC-35",)  # the form's provisions in the catalogue
    assert begging.groups == ("unaccompanied", "girls", "disability")
    labour = drafts["unmandated-labour-exploitation-prosecution"].recommendation
    assert (labour.provisions, labour.related) == ((), ())


def test_excluded_groups_are_addressed_to_who_is_mandated_for_them() -> None:
    drafts = by_key(draft())
    unaccompanied = drafts["excluded-unaccompanied"]
    rec = unaccompanied.recommendation
    assert (rec.basis, rec.basis_target, rec.groups) == (
        "excluded-group", "exclusion:unaccompanied", ("unaccompanied",))
    assert rec.actors == ("migration",)
    assert rec.sectors == ("immigration",)  # where its inclusion is below the threshold
    assert rec.rationale == ("Inclusion score of the group unaccompanied: 0.0, under half the "
                             "threshold of 50.")
    assert [r.key for r in unaccompanied.related] == ["upr-3-121.9"]
    girls = drafts["excluded-girls"].recommendation
    assert (girls.actors, girls.sectors, girls.related) == ((), (), ())
    assert "excluded-disability" not in drafts


def test_shared_and_conflicting_mandates() -> None:
    drafts = by_key(draft())
    shared = drafts["uncoordinated-crc-3"].recommendation
    assert (shared.basis, shared.basis_target) == ("uncoordinated", "provision:CRC-3")
    assert shared.actors == ("cps", "migration")
    assert shared.sectors == ("child-protection", "immigration")
    assert shared.text.endswith("for article 3 of the Convention (Best interests): Child "
                                "protection / Immigration.")
    conflict = drafts["conflict-cps-migration"].recommendation
    assert (conflict.basis, conflict.basis_target) == ("conflicting-mandates", "provision:CRC-3")
    assert conflict.actors == ("cps", "migration")
    assert conflict.text == ("Resolve the conflict between the mandates of Child Protection "
                             "Service and Migration Office, so that their responsibilities are "
                             "clear and complementary.")


# --- thresholds at their edges --------------------------------------------------------------------

@pytest.mark.parametrize(("threshold", "grade"), [
    (25.0, Grade.CONSIDER),  # CRC-34's gap of 25 is exactly the threshold: significant
    (25.5, Grade.INVITE),  # just under it, and at least half
    (50.0, Grade.INVITE),  # exactly half the threshold
    (50.5, None),  # under half: nothing drafted
])
def test_a_gap_at_the_edges_of_the_threshold(threshold: float, grade: Grade | None) -> None:
    drafts = by_key(draft(make_catalogue(gap_threshold=threshold)))
    got = drafts.get("gap-crc-34")
    assert (got.recommendation.grade if got else None) == grade


def test_practice_of_exactly_50_is_considered_and_under_50_urged() -> None:
    drafts = by_key(draft())
    assert drafts["gap-crc-19"].recommendation.grade is Grade.CONSIDER  # practice 50
    assert drafts["gap-crc-35"].recommendation.grade is Grade.URGE  # practice 25


@pytest.mark.parametrize(("threshold", "girls"), [
    (50.0, Grade.CONSIDER),  # 25 is exactly half the threshold
    (50.5, Grade.URGE),  # 25 is under half of it
    (25.0, None),  # 25 is not under the threshold: not excluded
])
def test_an_inclusion_score_at_the_edges_of_the_threshold(threshold: float,
                                                          girls: Grade | None) -> None:
    drafts = by_key(draft(make_catalogue(exclusion_threshold=threshold)))
    got = drafts.get("excluded-girls")
    assert (got.recommendation.grade if got else None) == girls
    assert (got.severity if got else None) == (threshold - 25.0 if girls else None)


def test_no_gap_no_exclusion_no_draft() -> None:
    data = make_workspace()
    data.findings = [f for f in data.findings if f.area != "inclusion"
                     and not f.key.startswith(("CRC-35", "CRC-3-"))]
    keys = set(by_key(draft(data=data)))
    assert not {"gap-crc-35", "gap-crc-3", "excluded-unaccompanied", "excluded-girls"} & keys
    assert {"gap-crc-19", "gap-crc-34", "unmandated-crc-39"} <= keys


# --- drafts already made --------------------------------------------------------------------------

def test_drafts_already_decided_are_not_proposed_again() -> None:
    first = by_key(draft())
    accepted = replace(first["gap-crc-35"].recommendation, status=OwnStatus.ACCEPTED,
                       version=3)
    rejected = replace(first["excluded-girls"].recommendation, status=OwnStatus.REJECTED)
    reviewed = replace(first["gap-crc-3"].recommendation, status=OwnStatus.REVIEWED)
    keys = set(by_key(draft(existing=[accepted, rejected, reviewed])))
    assert keys == set(first) - {"gap-crc-35", "excluded-girls", "gap-crc-3"}


def test_an_untouched_draft_is_replaced_and_an_edited_one_kept() -> None:
    untouched = OwnRecommendation(key="gap-crc-34", text="An older wording.",
                                  grade=Grade.INVITE, basis="law-practice-gap",
                                  basis_target="gap:CRC-34", rationale="Older.")
    edited = OwnRecommendation(key="unmandated-crc-39", text="Our own words on article 39.",
                               grade=Grade.CONSIDER, basis="unmandated",
                               basis_target="provision:CRC-39", rationale="Ours.",
                               provisions=("CRC-39",), version=2)
    by_hand = OwnRecommendation(key="person-1", text="Written by hand.", grade=Grade.INVITE,
                                basis="person", basis_target="", rationale="Ours.")
    drafts = draft(existing=[untouched, edited, by_hand])
    found = by_key(drafts)
    replaced = found["gap-crc-34"].recommendation
    assert replaced.grade is Grade.CONSIDER and replaced.text.startswith("Take further")
    kept = found["unmandated-crc-39"]
    assert kept.recommendation == edited and kept.recommendation is not edited
    assert [r.key for r in kept.related] == ["national-ombud-1"]  # from its own provisions
    assert kept.severity == 0.0
    assert "person-1" not in found
    # the person's grade decides where it is listed: among the considered, severity 0
    considered = [d.recommendation.key for d in drafts if d.recommendation.grade is
                  Grade.CONSIDER]
    assert considered[-2:] == ["uncoordinated-crc-3", "unmandated-crc-39"]


# --- statuses and determinism ---------------------------------------------------------------------

def test_the_latest_status_on_the_same_date_is_the_one_listed_last() -> None:
    day = date(2024, 1, 1)
    history = [StatusAssessment(recommendation="upr-3-121.4", source=source, status=status,
                                assessed_on=day)
               for source, status in ((StatusSource.STATE, ImplementationStatus.IMPLEMENTED),
                                      (StatusSource.NHRI, ImplementationStatus.REGRESSED))]
    related = by_key(draft(statuses={"upr-3-121.4": history}))["gap-crc-35"].related[0]
    assert (related.latest_status, related.status_source) == ("regressed", "nhri")
    assert related.summary.endswith("latest status: regressed (the NHRI or ombudsperson, "
                                    "2024-01-01).")


def test_the_same_input_in_any_order_gives_the_same_drafts() -> None:
    expected = draft()
    rng = random.Random(7)
    for _ in range(5):
        data = make_workspace()
        for records in (data.findings, data.mandates, data.actors, data.links):
            rng.shuffle(records)
        recs = un_recommendations()
        rng.shuffle(recs)
        statuses = {k: rng.sample(v, len(v)) for k, v in un_statuses().items()}
        # shuffling the history may reorder only assessments of different dates
        assert draft(data=data, recommendations=recs, statuses=statuses) == expected


# --- on the demo and the default catalogue --------------------------------------------------------

@pytest.fixture(scope="module")
def demo_drafts() -> tuple[WorkspaceData, Catalogue, tuple[Draft, ...], list[Recommendation]]:
    data, catalogue = build_demo(), load_default_catalogue()
    made = recommendations_for(2024, {a.key for a in data.actors})
    statuses: dict[str, list[StatusAssessment]] = defaultdict(list)
    for item in made.statuses:
        statuses[item.recommendation].append(item)
    drafts = draft_recommendations(data, catalogue, analyse(data, catalogue),
                                   recommendations=made.recommendations, statuses=statuses)
    return data, catalogue, drafts, made.recommendations


def test_demo_drafts_are_consistent(demo_drafts: Any) -> None:
    data, catalogue, drafts, recs = demo_drafts
    report = analyse(data, catalogue)
    keys = [d.recommendation.key for d in drafts]
    assert len(keys) == len(set(keys))
    order = [(("urge", "consider", "invite").index(d.recommendation.grade), -d.severity,
              d.recommendation.key) for d in drafts]
    assert order == sorted(order)
    threshold = catalogue.scoring.gap_threshold
    assert {k for k in keys if k.startswith("gap-")} == {
        f"gap-{g.code.lower()}" for g in report.provision_gaps if g.gap >= threshold / 2}
    index = CatalogueIndex.build(catalogue)
    actors = {a.key for a in data.actors}
    rec_keys = {r.key for r in recs}
    for d in drafts:
        rec = d.recommendation
        if rec.basis_target:
            parse_target(index, rec.basis_target)  # raises when it is not a valid target
        assert set(rec.actors) <= actors
        assert set(rec.related) <= rec_keys
        assert rec.related == tuple(r.key for r in d.related)
        assert "{" not in rec.text and "{" not in rec.rationale


def test_demo_trafficking_gap_names_what_was_already_recommended(demo_drafts: Any) -> None:
    _, _, drafts, _ = demo_drafts
    found = by_key(drafts)["gap-crc-35"]
    assert found.recommendation.grade is Grade.URGE
    summaries = {r.key: r.summary for r in found.related}
    assert summaries == {
        "crc-4-57(a)": "Already recommended by the CRC Committee in CRC/C/XVM/CO/4, para. "
                       "57(a); latest status: regressed (the NHRI or ombudsperson, "
                       "2023-09-01).",
        "upr-3-123.61": "Already recommended by the Universal Periodic Review in cycle 3 "
                        "(para. 123.61); latest status: partially implemented (the State, "
                        "2022-11-01).",
    }


def test_a_small_gap_with_weak_practice_is_considered_not_invited(demo_drafts: Any) -> None:
    data, catalogue, drafts, _ = demo_drafts
    report = analyse(data, catalogue)
    gaps = {g.code: g for g in report.provision_gaps}
    small = [d.recommendation for d in drafts if d.recommendation.basis == "law-practice-gap"
             and not gaps[d.recommendation.provisions[0]].significant]
    weak = [r for r in small
            if (gaps[r.provisions[0]].practice.score or 0) < 50]
    assert weak, "the demo has small gaps over weak practice"
    assert all(r.grade is Grade.CONSIDER and "under 50" in r.rationale for r in weak)
    assert all(r.grade is Grade.INVITE for r in small if r not in weak)
