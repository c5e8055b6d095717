"""Key determinants of risk and protection, on hand-made jurisdictions with planted patterns.

Four jurisdictions on the tiny catalogue (scale 0..4, every finding of weight 1, so a score
is 25 x the mean rating). Each has four untagged baseline findings rated 3 on CRC-1, and:

* ``documents`` (exclusion criterion): two findings rated 1 on CRC-2 in A, B and C (25 against
  a rest of 82, 82 and 75: a risk there); one rated 2 in D (50 against 43: +7, not enough);
* ``labour`` (sector): two findings rated 4 on CRC-4 in A and B (100 against 61: protective);
* ``girls`` (child group): one finding rated 3 in A and B (75 against 69: +6) and rated 2 in C
  (50 against 58: -8), but three rated 0 in D (0 against 70: a risk in D alone).
"""

from __future__ import annotations

import json

import pytest

from impactkit.analysis.determinant_factors import FACTOR_KINDS
from impactkit.analysis.determinants import SCOPES, Determinant, key_determinants
from impactkit.analysis.report import analyse
from impactkit.catalogue.schema import ExploitationForm
from impactkit.domain import Actor, CoordinationLink, Finding, Mandate
from impactkit.errors import UsageError

from .conftest import finding, workspace


def jurisdiction(label: str, *, status: str = "draft") -> list[Finding]:
    """The findings of jurisdiction ``label`` (see the module doc); ``status`` is given to
    C's low documents findings (to test the status filter)."""
    found = [finding(f"{label}-base-{i}", rating=3) for i in range(4)]
    doc_rating = {"A": 1, "B": 1, "C": 1, "D": 2}[label]
    for i in range(1 if label == "D" else 2):
        found.append(finding(f"{label}-doc-{i}", provisions=["CRC-2"], rating=doc_rating,
                             exclusion_criteria=["documents"],
                             status=status if label == "C" else "draft"))
    if label in "AB":
        found += [finding(f"{label}-lab-{i}", provisions=["CRC-4"], rating=4,
                          sectors=["labour"]) for i in range(2)]
    girls = {"A": [3], "B": [3], "C": [2], "D": [0, 0, 0]}[label]
    found += [finding(f"{label}-girl-{i}", rating=r, groups=["girls"])
              for i, r in enumerate(girls)]
    return found


def four(status: str = "draft") -> list[tuple[str, object]]:
    return [(label, workspace(jurisdiction(label, status=status), key=f"ws-{label}"))
            for label in "ABCD"]


@pytest.fixture
def report(catalogue):
    return key_determinants(four(), catalogue)


def test_a_criterion_dragging_scores_down_in_three_of_four_is_a_common_risk_ranked_first(report):
    first = report.determinants[0]
    assert (first.factor, first.code, first.direction) == ("exclusion-criterion", "documents",
                                                           "risk")
    assert first.type == "determinant"
    assert first.jurisdictions == ("A", "B", "C")
    assert first.scope == "common"
    assert first.findings == 6
    assert first.by_jurisdiction == {label: (f"{label}-doc-0", f"{label}-doc-1")
                                     for label in "ABC"}
    assert first.finding_keys == tuple(sorted(f"{j}-doc-{i}" for j in "ABC" for i in (0, 1)))
    assert first.clusters == ("violence",)  # CRC-2
    assert report.common[0] is first
    assert report.jurisdictions == ("A", "B", "C", "D")


def test_score_rest_and_difference_by_hand(report):
    documents = report.get("exclusion-criterion", "documents")
    # six findings rated 1 -> 25; the rest of A, B and C: A and B 4x3 + 2x4 + 3 = 23 over 7
    # each, C 4x3 + 2 = 14 over 5: 60 over 19
    rest = 25 * 60 / 19
    assert documents.score == pytest.approx(25.0)
    assert documents.rest == pytest.approx(rest)
    assert documents.difference == pytest.approx(25.0 - rest)
    assert documents.message == (
        "6 findings in 3 of 4 jurisdictions tagged with the exclusion criterion Documents "
        "score 25, 54 points below the rest (79).")
    assert documents.title == "Exclusion criterion: Documents"
    assert ("criterion", "documents") in documents.tags


def test_a_group_low_in_one_jurisdiction_only_is_particular(report):
    girls = report.get("child-group", "girls")
    assert girls.jurisdictions == ("D",)
    assert girls.scope == "particular"
    assert (girls.findings, girls.score) == (3, 0.0)
    assert girls.rest == pytest.approx(25 * 14 / 5)  # D: 4x3 + 2
    assert girls.by_jurisdiction == {"D": ("D-girl-0", "D-girl-1", "D-girl-2")}
    assert report.particular == (girls,)
    # +6 in A and B, -8 in C: within 10 points, so no determinant there either way
    assert report.get("child-group", "girls", "protection") is None
    assert "in 1 of 4 jurisdictions" in girls.message and "0, 70 points below" in girls.message


def test_a_protective_sector_comes_after_the_risks(report):
    labour = report.get("sector", "labour", "protection")
    assert labour.jurisdictions == ("A", "B")
    assert labour.score == pytest.approx(100.0)
    assert labour.rest == pytest.approx(25 * 34 / 14)
    assert labour.difference == pytest.approx(100 - 25 * 34 / 14)
    assert labour.scope == "common"  # 2 of 4 is half of them
    assert labour.sectors == ("labour",)
    assert "39 points above the rest (61)" in labour.message
    assert [d.key for d in report.determinants] == [
        "exclusion-criterion:documents:risk", "child-group:girls:risk",
        "sector:labour:protection"]
    assert report.risks == report.determinants[:2]
    assert report.protections == (labour,)


def test_views_by_cluster_and_sector(report):
    documents, girls, labour = report.determinants
    # catalogue order: violence (CRC-2, CRC-3) before principles (CRC-1, CRC-3); CRC-4 is in
    # no cluster
    assert report.by_cluster == {"violence": (documents,), "principles": (girls,)}
    assert report.by_sector == {"labour": (labour,)}
    assert labour.clusters == ()


def test_the_status_filter_drops_findings_everywhere(catalogue):
    data = four(status="reviewed")
    assert key_determinants(data, catalogue).get(
        "exclusion-criterion", "documents").jurisdictions == ("A", "B", "C")
    kept = key_determinants(data, catalogue, statuses=["draft"])
    documents = kept.get("exclusion-criterion", "documents")
    assert documents.jurisdictions == ("A", "B")
    assert documents.findings == 4
    assert kept.statuses == ("draft",)
    with pytest.raises(UsageError, match="unknown status"):
        key_determinants(data, catalogue, statuses=["final"])


def test_below_the_thresholds_a_factor_is_absent(catalogue):
    # documents has 6 findings; 7 are required
    fewer = key_determinants(four(), catalogue, min_findings=7)
    assert fewer.get("exclusion-criterion", "documents") is None
    assert fewer.get("sector", "labour", "protection") is None  # 4 findings
    # documents is 57, 57 and 50 points below in A, B and C: none reaches 60
    wider = key_determinants(four(), catalogue, min_difference=60)
    assert wider.get("exclusion-criterion", "documents") is None
    assert [d.key for d in wider.determinants] == ["child-group:girls:risk"]


def test_a_single_workspace_has_single_scope_and_matches_the_analysis(catalogue):
    data = workspace(jurisdiction("A"))
    result = key_determinants([("A", data)], catalogue, min_findings=2)
    labour = result.get("sector", "labour", "protection")
    assert labour.scope == "single"
    assert labour.score == analyse(data, catalogue).score("sector:labour").score
    documents = result.get("exclusion-criterion", "documents")
    assert documents.message == (
        "2 findings tagged with the exclusion criterion Documents score 25, 57 points below "
        "the rest (82).")
    assert result.common == () and result.particular == ()


def test_sector_tension_and_law_practice_gap(catalogue):
    findings = [finding(f"base-{i}", rating=3) for i in range(4)] + [
        finding(f"t-{i}", area="coherence", rating=0,
                tension_sectors=["labour", "immigration"]) for i in range(3)] + [
        finding("law", layer="law-policy", provisions=["CRC-3"], rating=4),
        finding("practice", provisions=["CRC-3"], rating=1)]
    result = key_determinants([("X", workspace(findings))], catalogue)
    tension = result.get("sector-tension", "immigration+labour")
    assert (tension.findings, tension.score) == (3, 0.0)
    assert tension.sectors == ("immigration", "labour")
    assert tension.message.startswith("3 findings recording a tension between Immigration and "
                                      "Labour score 0,")
    # law-policy 100 vs practice 25 on CRC-3: a gap of 75 >= 25; its findings are practice's
    gap = result.get("law-practice-gap", "CRC-3")
    assert gap.by_jurisdiction == {"X": ("practice",)}
    assert gap.score == pytest.approx(25.0)
    assert gap.clusters == ("violence", "principles")
    assert gap.message.startswith("Practice on CRC-3 Right 3 falls at least 25 points behind")
    assert gap.direction == "risk"


def test_mandate_factors_are_tied_to_the_findings_on_their_provisions(catalogue):
    catalogue = catalogue.model_copy(update={"forms": [
        ExploitationForm(code="labour-exploitation", title="Labour exploitation",
                         provisions=["CRC-2"]),
        ExploitationForm(code="sexual-exploitation", title="Sexual exploitation")]})
    actors = [Actor(key="P1", name="Care", sector="child-protection"),
              Actor(key="P2", name="Borders", sector="immigration")]
    # every function but identification, for every form and child; both hold CRC-1, unlinked
    functions = ("referral", "assessment", "protection", "durable-solution", "prevention",
                 "prosecution", "monitoring")
    mandates = [Mandate(key="M1", actor_key="P1", provisions=("CRC-1",), functions=functions),
                Mandate(key="M2", actor_key="P2", provisions=("CRC-1",))]
    findings = [finding(f"on-1-{i}", rating=1) for i in range(2)] + [
        finding(f"on-2-{i}", provisions=["CRC-2"], rating=2) for i in range(2)] + [
        finding(f"other-{i}", provisions=["CRC-4"], rating=4) for i in range(2)]
    mapped = [(j, workspace(findings, actors=actors, mandates=mandates, key=j)) for j in "XY"]
    unmapped = ("Z", workspace(findings, key="Z"))  # no mandate recorded: not read
    result = key_determinants([*mapped, unmapped], catalogue)
    function = result.get("unmandated-function", "identification")
    assert function.jurisdictions == ("X", "Y")
    assert function.by_jurisdiction["X"] == ("on-2-0", "on-2-1")  # CRC-2, labour exploitation
    assert function.score == pytest.approx(50.0)
    assert function.rest == pytest.approx(25 * 10 / 4)
    coordination = result.get("missing-coordination", "child-protection+immigration")
    assert coordination.by_jurisdiction["Y"] == ("on-1-0", "on-1-1")
    assert coordination.sectors == ("child-protection", "immigration")
    assert coordination.message.startswith("In 2 of 3 jurisdictions actors of Child protection "
                                           "and Immigration share mandates")
    assert result.get("unmandated-function", "referral") is None
    # sexual exploitation has no provision: a function missing only there has no finding
    only_sexual = [Mandate(key="M3", actor_key="P1", forms=("labour-exploitation",),
                           functions=("identification",)), *mandates]
    alone = key_determinants([("X", workspace(findings, actors=actors,
                                              mandates=only_sexual))], catalogue)
    unscored = alone.get("unmandated-function", "identification")
    assert (unscored.findings, unscored.score, unscored.rest) == (0, None, None)
    assert "cannot be compared with the rest" in unscored.message


def test_ranking_puts_more_jurisdictions_first_then_more_findings(catalogue):
    # age: three findings rated 0 in one jurisdiction; status and documents: two rated 0 in
    # each of two, documents further below the rest (60 points against 46)
    def data(label: str, criteria: dict[str, int]) -> object:
        found = [finding(f"{label}-base-{i}", rating=3) for i in range(4)]
        for code, n in criteria.items():
            found += [finding(f"{label}-{code}-{i}", rating=0, exclusion_criteria=[code])
                      for i in range(n)]
        return workspace(found, key=label)
    result = key_determinants([("A", data("A", {"age": 3, "status": 2})),
                               ("B", data("B", {"status": 2, "documents": 2})),
                               ("C", data("C", {"documents": 2}))], catalogue, min_findings=1)
    assert [d.code for d in result.determinants] == ["documents", "status", "age"]
    assert [len(d.jurisdictions) for d in result.determinants] == [2, 2, 1]
    assert [d.scope for d in result.determinants] == ["common", "common", "particular"]
    # one finding in a jurisdiction is an anecdote: the factor does not hold there
    single = key_determinants([("A", data("A", {"status": 1})),
                               ("B", data("B", {"status": 1}))], catalogue, min_findings=1)
    assert single.get("exclusion-criterion", "status") is None


def test_report_to_dict_is_json_with_views_as_positions(report):
    plain = report.to_dict()
    json.dumps(plain)
    assert plain["type"] == "determinant-report"
    assert plain["determinants"][0]["type"] == "determinant"
    assert plain["determinants"][0]["by_jurisdiction"]["A"] == ["A-doc-0", "A-doc-1"]
    assert plain["by_cluster"] == {"violence": [0], "principles": [1]}
    assert plain["common"] == [0, 2] and plain["particular"] == [1]
    assert "finding_keys" not in report.to_dict(finding_keys=False)["determinants"][0]
    assert "Risks come first" in report.rule
    assert {d.factor for d in report.determinants} <= set(FACTOR_KINDS)
    assert {d.scope for d in report.determinants} <= set(SCOPES)
    assert all(isinstance(d, Determinant) for d in report.determinants)


def test_labels_and_thresholds_are_checked(catalogue):
    data = workspace(jurisdiction("A"))
    with pytest.raises(UsageError, match="at least one workspace"):
        key_determinants([], catalogue)
    with pytest.raises(UsageError, match="repeated: A"):
        key_determinants([("A", data), ("A", data)], catalogue)
    with pytest.raises(UsageError, match="min_findings"):
        key_determinants([("A", data)], catalogue, min_findings=0)
    with pytest.raises(UsageError, match="min_difference"):
        key_determinants([("A", data)], catalogue, min_difference=-1)


def test_unlinked_mandates_coordinated_by_a_link_are_not_reported(catalogue):
    actors = [Actor(key="P1", name="Care", sector="child-protection"),
              Actor(key="P2", name="Borders", sector="immigration")]
    mandates = [Mandate(key="M1", actor_key="P1", provisions=("CRC-1",)),
                Mandate(key="M2", actor_key="P2", provisions=("CRC-1",))]
    links = [CoordinationLink(key="L1", source_key="P2", target_key="P1", kind="referral")]
    data = workspace([finding("F", rating=1)], actors=actors, mandates=mandates, links=links)
    result = key_determinants([("X", data)], catalogue)
    assert [d for d in result.determinants if d.factor == "missing-coordination"] == []


def test_an_empty_workspace_has_no_determinant(catalogue):
    result = key_determinants([("A", workspace([]))], catalogue)
    assert result.determinants == () and result.by_cluster == {} and result.by_sector == {}


def test_on_the_default_catalogue_a_common_criterion_is_ranked_first():
    loader = pytest.importorskip("impactkit.catalogue.loader")
    catalogue = loader.load_default_catalogue()

    def data(label: str, low: bool) -> object:
        found = [finding(f"{label}-{i}", provisions=["CRC-19"], rating=3) for i in range(6)]
        found += [finding(f"{label}-doc-{i}", area="inclusion", provisions=["CRC-7"],
                          rating=0 if low else 3, groups=["undocumented"],
                          exclusion_criteria=["documents"]) for i in range(2)]
        return workspace(found, key=label, catalogue_key=catalogue.key)

    result = key_determinants([(j, data(j, j != "D")) for j in "ABCD"], catalogue)
    first = result.determinants[0]
    assert (first.factor, first.code, first.jurisdictions) == (
        "exclusion-criterion", "documents", ("A", "B", "C"))
    # the same findings carry the group: it ties on jurisdictions, findings and difference,
    # and comes after the criterion by factor order
    assert [d.key for d in result.determinants] == [
        "exclusion-criterion:documents:risk", "child-group:undocumented:risk"]
    assert first.clusters == ("civil-rights",)
    assert first.message == ("6 findings in 3 of 4 jurisdictions tagged with the exclusion "
                             "criterion Documents score 0, 75 points below the rest (75).")
