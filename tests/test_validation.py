"""Record validation against a catalogue: what is accepted, and what each problem says."""

from __future__ import annotations

import importlib.util
import math
from dataclasses import replace
from pathlib import Path
from types import ModuleType

import pytest

from impactkit.catalogue.schema import Catalogue
from impactkit.domain import (
    Actor,
    CoordinationLink,
    Evidence,
    Finding,
    FindingStatus,
    IndicatorValue,
    Mandate,
    NationalInstrument,
    RatingState,
    WorkspaceData,
)
from impactkit.errors import Problem
from impactkit.validation import (
    check_actor,
    check_evidence,
    check_finding,
    check_indicator_value,
    check_instrument,
    check_integrity,
    check_key,
    check_link,
    check_mandate,
    check_workspace_data,
)


def _samples() -> ModuleType:
    """The hand-built catalogue and workspace the exchange tests use too."""
    path = Path(__file__).parent / "exchange" / "exchange_samples.py"
    spec = importlib.util.spec_from_file_location("validation_exchange_samples", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SAMPLES = _samples()


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return SAMPLES.build_catalogue()


@pytest.fixture
def data() -> WorkspaceData:
    return SAMPLES.build_workspace_data()


def finding(**changes: object) -> Finding:
    base = Finding(key="F-1", area="compliance", layer="practice", provisions=("CRC-32",),
                   sectors=("labour",), rating=2, rating_state=RatingState.RATED)
    return replace(base, **changes)


def said(problems: list[Problem]) -> list[tuple[str | None, str]]:
    return [(p.field, p.message) for p in problems]


SECTORS = ("child-protection, law-enforcement, judiciary, labour, education, health, "
           "immigration, social-economic, finance-budget, governance")
PROVISIONS = "codes INSTRUMENT-ARTICLE in CRC-1..CRC-54, OPSC-1..OPSC-17, PALERMO-1..PALERMO-20"


def test_the_sample_workspace_is_valid(data: WorkspaceData, catalogue: Catalogue) -> None:
    assert check_workspace_data(data, catalogue) == []


# --- findings -------------------------------------------------------------------------------
def test_a_valid_finding_has_no_problem(catalogue: Catalogue) -> None:
    assert check_finding(finding(), catalogue) == []
    assert check_finding(finding(provisions=(), clusters=("violence",)), catalogue) == []


def test_unknown_codes_say_what_is_accepted(catalogue: Catalogue) -> None:
    problems = check_finding(finding(
        area="efectiveness", layer="law", provisions=("CRC-32", "crc-34", "CRC-99"),
        clusters=("violense",), sectors=("Labour",), forms=("begging",),
        groups=("girl",)), catalogue)
    assert said(problems) == [
        ("area", "unknown area 'efectiveness'; did you mean 'effectiveness'? (accepted: "
                 "inclusion, compliance, appropriateness, effectiveness, coherence)"),
        ("layer", "unknown layer 'law'; did you mean 'law-policy'? (accepted: law-policy, "
                  "practice, child-perspective)"),
        ("provisions", f"unknown provision 'crc-34'; did you mean 'CRC-34'? (accepted: "
                       f"{PROVISIONS})"),
        ("provisions", f"unknown provision 'CRC-99'; did you mean 'CRC-9' or 'CRC-49' or "
                       f"'CRC-39'? (accepted: {PROVISIONS})"),
        ("clusters", "unknown cluster 'violense'; did you mean 'violence'? (accepted: "
                     "general-measures, violence, special-protection)"),
        ("sectors", f"unknown sector 'Labour'; did you mean 'labour'? (accepted: {SECTORS})"),
        ("groups", "unknown child group 'girl'; did you mean 'girls'? (accepted: "
                   "unaccompanied, separated, asylum-seeking, refugee, undocumented, stateless, "
                   "ethnic-minority, disability, alternative-care, out-of-school, ... (21 in "
                   "all))"),
        ("forms", "unknown form of exploitation 'begging'; did you mean 'forced-begging'? "
                  "(accepted: sexual-exploitation, online-sexual-exploitation, "
                  "labour-exploitation, domestic-servitude, forced-begging, forced-criminality, "
                  "child-marriage, illegal-adoption, organ-removal, armed-recruitment, ... (11 "
                  "in all))"),
    ]


def test_an_unknown_code_without_look_alike_only_lists_the_accepted(
        catalogue: Catalogue) -> None:
    assert said(check_finding(finding(layer="zzz"), catalogue)) == [
        ("layer", "unknown layer 'zzz' (accepted: law-policy, practice, child-perspective)")]


@pytest.mark.parametrize(("changes", "expected"), [
    ({"rating": 5}, "rating 5 is not on the scale 0-4; use 'not-assessed' or 'not-applicable' "
                    "when there is no rating"),
    ({"rating": -1}, "rating -1 is not on the scale 0-4; use 'not-assessed' or "
                     "'not-applicable' when there is no rating"),
    ({"rating": 2.5}, "rating 2.5 is not on the scale 0-4; use 'not-assessed' or "
                      "'not-applicable' when there is no rating"),
    ({"rating": True}, "rating True is not on the scale 0-4; use 'not-assessed' or "
                       "'not-applicable' when there is no rating"),
    ({"rating": None}, "rating_state is 'rated' but no rating is given (scale: 0-4)"),
    ({"rating_state": RatingState.NOT_ASSESSED},
     "rating 2 is given but rating_state is 'not-assessed': a rating needs rating_state "
     "'rated'"),
    ({"rating_state": RatingState.NOT_APPLICABLE, "rating": 0},
     "rating 0 is given but rating_state is 'not-applicable': a rating needs rating_state "
     "'rated'"),
])
def test_rating_and_state_must_agree(catalogue: Catalogue, changes: dict[str, object],
                                     expected: str) -> None:
    assert said(check_finding(finding(**changes), catalogue)) == [("rating", expected)]


def test_the_ends_of_the_scale_and_unrated_states_are_accepted(catalogue: Catalogue) -> None:
    for changes in ({"rating": 0}, {"rating": 4},
                    {"rating": None, "rating_state": RatingState.NOT_ASSESSED},
                    {"rating": None, "rating_state": RatingState.NOT_APPLICABLE}):
        assert check_finding(finding(**changes), catalogue) == []


def test_unknown_states_are_reported(catalogue: Catalogue) -> None:
    problems = check_finding(finding(rating_state="rated-ish", confidence="sure",
                                     status="done"), catalogue)
    assert said(problems) == [
        ("rating_state", "'rated-ish' is not a valid rating_state (accepted: rated, "
                         "not-assessed, not-applicable)"),
        ("confidence", "'sure' is not a valid confidence (accepted: high, medium, low)"),
        ("status", "'done' is not a valid status (accepted: draft, reviewed, validated)"),
    ]


def test_scope_needs_a_provision_or_cluster_and_a_sector(catalogue: Catalogue) -> None:
    assert said(check_finding(finding(provisions=(), sectors=()), catalogue)) == [
        ("provisions", "a finding needs at least one provision or cluster in scope"),
        ("sectors", "a finding needs at least one sector in scope"),
    ]


def test_procedural_provisions_cannot_be_rated(catalogue: Catalogue) -> None:
    assert said(check_finding(finding(provisions=("CRC-42", "CRC-44")), catalogue)) == [
        ("provisions", "CRC-44 is a procedural provision (not assessable): a finding cannot "
                       "rate it")]


def test_area_specific_fields_belong_to_their_area(catalogue: Catalogue) -> None:
    wrong = finding(exclusion_criteria=("documents",), tension_sectors=("immigration",),
                    tension_instruments=("law-1",))
    assert said(check_finding(wrong, catalogue)) == [
        ("exclusion_criteria", "exclusion criteria belong to inclusion findings, not to area "
                               "'compliance': analysis would ignore them"),
        ("tension_sectors", "tension sectors belong to coherence findings, not to area "
                            "'compliance': analysis would ignore them"),
        ("tension_instruments", "tension instruments belong to coherence findings, not to "
                                "area 'compliance': analysis would ignore them"),
    ]
    assert check_finding(replace(wrong, area="inclusion", tension_sectors=(),
                                 tension_instruments=()), catalogue) == []
    assert said(check_finding(finding(area="inclusion", exclusion_criteria=("papers",)),
                              catalogue)) == [
        ("exclusion_criteria", "unknown exclusion criterion 'papers' (accepted: status, age, "
                               "nationality, documents, place, form-of-exploitation)")]


def test_location_and_row_are_carried(catalogue: Catalogue) -> None:
    [problem] = check_finding(finding(layer="x"), catalogue, location="f.csv", row=7)
    assert (problem.location, problem.row, problem.field) == ("f.csv", 7, "layer")
    assert str(problem).startswith("f.csv, row 7, layer: unknown layer 'x'")


# --- keys -----------------------------------------------------------------------------------
@pytest.mark.parametrize(("key", "expected"), [
    ("", "key is empty; every record needs a key"),
    ("   ", "key is empty; every record needs a key"),
    (" F-1", "key ' F-1' has leading or trailing spaces"),
    ("F|1", "key 'F|1' contains '|', which separates list items in files"),
    ("F\n1", "key 'F\\n1' contains a line break or control character"),
    ("a/b", "key 'a/b' contains '/' (character U+002F SOLIDUS); a key holds letters and digits "
            "(of any script) and - _ . ( ), and starts with a letter or a digit"),
    ("Ministry of Labour", "key 'Ministry of Labour' contains ' ' (character U+0020 SPACE); a "
                           "key holds letters and digits (of any script) and - _ . ( ), and "
                           "starts with a letter or a digit"),
    ("..", "key '..' contains '.' (character U+002E FULL STOP); a key holds letters and digits "
           "(of any script) and - _ . ( ), and starts with a letter or a digit"),
    ("k" * 201, "key is 201 characters long; a key has at most 200 characters"),
])
def test_bad_keys(key: str, expected: str) -> None:
    assert said(check_key(key)) == [("key", expected)]


@pytest.mark.parametrize("key", ["F-1", "Ε-12", "x", "служба-1", "upr-3-121.3", "crc-5-12(a)",
                                 "Ministry_of_Labour", "πρόνοια.2"])
def test_good_keys(key: str) -> None:
    assert check_key(key) == []


# --- other records --------------------------------------------------------------------------
def test_actor_codes(catalogue: Catalogue) -> None:
    assert check_actor(Actor(key="a", name="A", sector="labour"), catalogue) == []
    assert said(check_actor(Actor(key="a", name=" ", sector="labor", level="state",
                                  type="ngo", version=0), catalogue)) == [
        ("name", "name is empty; it is required"),
        ("sector", f"unknown sector 'labor'; did you mean 'labour'? (accepted: {SECTORS})"),
        ("level", "unknown actor level 'state' (accepted: national, regional, local)"),
        ("version", "version 0 must be a whole number of at least 1"),
    ]


def test_instrument_codes(catalogue: Catalogue) -> None:
    assert said(check_instrument(NationalInstrument(
        key="i", title="Law", kind="act", year=14, provisions=("CRC-3", "ILO182-3"),
        sectors=("health",)), catalogue)) == [
        ("kind", "unknown instrument kind 'act' (accepted: law, regulation, policy, plan, "
                 "protocol, budget-line)"),
        ("provisions", f"unknown provision 'ILO182-3' (accepted: {PROVISIONS})"),
        ("year", "year 14 is not a whole number between 1900 and 2100"),
    ]


def test_mandate_codes(catalogue: Catalogue) -> None:
    assert said(check_mandate(Mandate(key="m", actor_key="a", provisions=("OPSC-18",),
                                      forms=("trafficking",), groups=("refugees",),
                                      functions=("referal",)), catalogue)) == [
        ("provisions", f"unknown provision 'OPSC-18'; did you mean 'OPSC-8' or 'OPSC-1' or "
                       f"'OPSC-17'? "
                       f"(accepted: {PROVISIONS})"),
        ("forms", "unknown form of exploitation 'trafficking' (accepted: sexual-exploitation, "
                  "online-sexual-exploitation, labour-exploitation, domestic-servitude, "
                  "forced-begging, forced-criminality, child-marriage, illegal-adoption, "
                  "organ-removal, armed-recruitment, ... (11 in all))"),
        ("groups", "unknown child group 'refugees'; did you mean 'refugee'? (accepted: "
                   "unaccompanied, separated, asylum-seeking, refugee, undocumented, stateless, "
                   "ethnic-minority, disability, alternative-care, out-of-school, ... (21 in "
                   "all))"),
        ("functions", "unknown mandate function 'referal'; did you mean 'referral'? (accepted: "
                      "identification, referral, assessment, protection, prosecution, "
                      "prevention, monitoring, durable-solution)"),
    ]


def test_link_kind_and_self_links(catalogue: Catalogue) -> None:
    assert said(check_link(CoordinationLink(key="l", source_key="a", target_key="a"),
                           catalogue)) == [
        ("target_key", "a link cannot join actor 'a' to itself")]
    assert said(check_link(CoordinationLink(key="l", source_key="a", target_key="b",
                                            kind="coordination"), catalogue)) == [
        ("kind", "unknown link kind 'coordination'; did you mean 'coordination-body'? "
                 "(accepted: referral, coordination-body, data-sharing, funding, supervision, "
                 "conflict)")]


def test_evidence_codes(catalogue: Catalogue) -> None:
    assert said(check_evidence(Evidence(key="e", finding_key="F-1", kind="survey", title="",
                                        reliability="certain"), catalogue)) == [
        ("kind", "unknown evidence kind 'survey' (accepted: desk-review, statistics, "
                 "key-informant-interview, child-consultation, validation-workshop, "
                 "case-file-review, ngo-report, monitoring-report)"),
        ("title", "title is empty; it is required"),
        ("reliability", "'certain' is not a valid reliability (accepted: high, medium, low)"),
    ]


def test_evidence_citing_an_indicator_needs_a_known_code_and_a_year(
        catalogue: Catalogue) -> None:
    cited = Evidence(key="e", finding_key="F-1", kind="statistics", title="Birth registry",
                     indicator="birth-registration-rate", date="2021-06")
    assert check_evidence(cited, catalogue) == []
    problems = said(check_evidence(replace(cited, indicator="births", date=""), catalogue))
    assert [field for field, _ in problems] == ["indicator", "date"]
    assert "naming the year of the value" in problems[1][1]


def test_indicator_value_codes(catalogue: Catalogue) -> None:
    good = IndicatorValue(key="v", indicator="birth-registration-rate", year=2020, value=1.5,
                          group="girls", sector="health")
    assert check_indicator_value(good, catalogue) == []
    assert said(check_indicator_value(replace(good, indicator="births", value=math.nan,
                                              group="girl", sector="helth"), catalogue)) == [
        ("indicator", "unknown indicator 'births' (accepted: birth-registration-rate, "
                      "identified-child-victims)"),
        ("value", "value nan is not a finite number"),
        ("group", "unknown child group 'girl'; did you mean 'girls'? (accepted: unaccompanied, "
                  "separated, asylum-seeking, refugee, undocumented, stateless, "
                  "ethnic-minority, disability, alternative-care, out-of-school, ... (21 in "
                  "all))"),
        ("sector", f"unknown sector 'helth'; did you mean 'health'? (accepted: {SECTORS})"),
    ]


# --- across records -------------------------------------------------------------------------
def test_duplicates_and_dangling_references(data: WorkspaceData, catalogue: Catalogue) -> None:
    data.findings[2] = replace(data.findings[2], key="F-001")
    data.mandates[0] = replace(data.mandates[0], actor_key="police", legal_basis="law-425")
    data.links[1] = replace(data.links[1], target_key="nobody")
    data.evidence[1] = replace(data.evidence[1], finding_key="F-009")
    data.findings[3] = replace(data.findings[3], tension_instruments=())
    problems = check_workspace_data(data, catalogue, location="ws.zip")
    assert all(p.location == "ws.zip" and p.row is None for p in problems)
    assert said(problems) == [
        # the two findings that share a key are named by position
        ("findings[#3].key", "duplicate key 'F-001': record 1 of findings has it too"),
        ("mandates[m-police].actor_key", "no actor has key 'police'; did you mean "
                                         "'police-tu'?"),
        ("mandates[m-police].legal_basis", "no law or policy has key 'law-425'; did you mean "
                                           "'law-4251'?"),
        ("links[l-2].target_key", "no actor has key 'nobody'"),
        ("evidence[E-2].finding_key", "no finding has key 'F-009'; did you mean 'F-004' or "
                                      "'F-002' or 'F-001'?"),
    ]


def test_validated_findings_need_evidence(data: WorkspaceData, catalogue: Catalogue) -> None:
    data.evidence = []
    assert said(check_workspace_data(data, catalogue)) == [
        ("findings[F-001].status", "finding is validated but has no evidence: add at least one "
                                   "evidence item or set it back to 'reviewed'")]
    data.findings[0] = replace(data.findings[0], status=FindingStatus.REVIEWED)
    assert check_workspace_data(data, catalogue) == []


def test_tension_instruments_must_exist(data: WorkspaceData, catalogue: Catalogue) -> None:
    data.instruments = data.instruments[:1]
    assert said(check_workspace_data(data, catalogue)) == [
        ("findings[F-003].tension_instruments", "no law or policy has key 'plan-2020'")]


def test_record_problems_are_named_by_table_and_key(data: WorkspaceData,
                                                    catalogue: Catalogue) -> None:
    data.actors[0] = replace(data.actors[0], sector="labor")
    data.workspace = replace(data.workspace, title="")
    assert [p.field for p in check_workspace_data(data, catalogue)] == [
        "workspace.title", "actors[mol].sector"]


def test_integrity_locates_by_position(data: WorkspaceData) -> None:
    data.actors.append(replace(data.actors[0]))
    [issue] = check_integrity(data)
    assert (issue.table, issue.index, issue.field, issue.first) == ("actors", 3, "key", 0)
