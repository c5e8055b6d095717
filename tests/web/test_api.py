"""The JSON API: token authentication, workspaces and analysis, records with versions,
the review workflow and the audit trail, on SQLite and PostgreSQL.

Tokens are made with ``services.accounts.create_token`` for the fixture users (see
conftest: ``viewer``..``wsadmin`` are members of LATEST only, ``outsider`` of nothing).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from impactkit import analysis
from impactkit.domain import WorkspaceData
from impactkit.services import accounts
from impactkit.services.analysis import analyse_workspace, compare_workspaces, explain_score
from impactkit.store.db import Database
from impactkit.store.records import load_workspace_data
from impactkit.store.schema import users
from impactkit.web.api import analysis_models
from tests.web.conftest import EARLIER, LATEST

Headers = dict[str, str]


@pytest.fixture
def auth(web_database: Database) -> Callable[[str], Headers]:
    """``auth("viewer")``: the headers of a request made with a new token of that user."""

    def make(username: str) -> Headers:
        token = accounts.create_token(web_database, username=username, name="tests",
                                      by="setup")
        return {"Authorization": f"Bearer {token}"}

    return make


def stored(db: Database, key: str) -> WorkspaceData:
    """What the database holds, read past the API and the services."""
    with db.connect() as conn:
        return load_workspace_data(conn, workspace_key=key)


def assert_error(response, status: int, error: str) -> dict:  # type: ignore[no-untyped-def]
    """The one error shape: ``{"error", "message"[, "problems"]}`` with this status."""
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"] == error, body
    assert isinstance(body["message"], str) and body["message"]
    return body


# --- authentication ---------------------------------------------------------------------

def test_without_a_token_a_members_only_workspace_is_401_with_a_bearer_challenge(
        client: TestClient) -> None:
    response = client.get(f"/api/workspaces/{LATEST}")
    assert_error(response, 401, "PermissionDenied")
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("token", ["imp_not-a-real-token", ""])
def test_a_bad_token_is_401_even_where_anonymous_reading_is_allowed(
        client: TestClient, token: str) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    # the list is readable anonymously (public workspaces), but a wrong token is refused,
    # never taken for an anonymous visit
    assert client.get("/api/workspaces").status_code == 200
    response = client.get("/api/workspaces", headers=headers)
    body = assert_error(response, 401, "PermissionDenied")
    assert "token" in body["message"]
    assert response.headers["www-authenticate"] == "Bearer"


def test_a_token_of_a_deactivated_user_is_refused(client: TestClient, auth, web_database
                                                  ) -> None:
    headers = auth("viewer")
    assert client.get(f"/api/workspaces/{LATEST}", headers=headers).status_code == 200
    with web_database.begin() as conn:
        conn.execute(sa.update(users).where(users.c.username == "viewer").values(active=False))
    assert_error(client.get(f"/api/workspaces/{LATEST}", headers=headers), 401,
                 "PermissionDenied")


# --- workspaces ---------------------------------------------------------------------------

def test_workspace_list_holds_what_the_caller_may_read_with_their_role(
        client: TestClient, auth) -> None:
    viewer = client.get("/api/workspaces", headers=auth("viewer")).json()
    assert [(w["key"], w["role"], w["public"]) for w in viewer] == [(LATEST, "viewer", False)]
    assert viewer[0]["jurisdiction"] == "XVM" and viewer[0]["fictional"] is True
    admin = client.get("/api/workspaces", headers=auth("admin")).json()
    assert [(w["key"], w["role"]) for w in admin] == [(EARLIER, "admin"), (LATEST, "admin")]
    assert client.get("/api/workspaces", headers=auth("outsider")).json() == []
    assert client.get("/api/workspaces").json() == []


def test_a_public_workspace_is_listed_and_readable_anonymously(
        client: TestClient, web_database: Database) -> None:
    admin = accounts.Principal(user=accounts.authenticate(
        web_database, username="admin", password="correct horse battery staple"))
    accounts.set_public(web_database, admin, workspace_key=EARLIER, public=True)
    listed = client.get("/api/workspaces").json()
    assert [(w["key"], w["role"], w["public"]) for w in listed] == [(EARLIER, None, True)]
    assert client.get(f"/api/workspaces/{EARLIER}").json()["public"] is True
    assert client.get(f"/api/workspaces/{EARLIER}/analysis").status_code == 200
    assert client.get(f"/api/workspaces/{LATEST}").status_code == 401


def test_one_workspace(client: TestClient, auth, web_database: Database) -> None:
    body = client.get(f"/api/workspaces/{LATEST}", headers=auth("contributor")).json()
    assert body["key"] == LATEST and body["role"] == "contributor"
    assert body["cycle"] == "2020-2024" and body["catalogue_key"] == "impact-default"
    assert body["findings"] == len(stored(web_database, LATEST).findings)


def test_a_non_member_is_403_and_a_missing_workspace_404(client: TestClient, auth) -> None:
    assert_error(client.get(f"/api/workspaces/{LATEST}", headers=auth("outsider")), 403,
                 "PermissionDenied")
    assert_error(client.get(f"/api/workspaces/{EARLIER}", headers=auth("viewer")), 403,
                 "PermissionDenied")
    assert_error(client.get("/api/workspaces/no-such-thing", headers=auth("admin")), 404,
                 "NotFoundError")


# --- analysis, explain, compare -----------------------------------------------------------

def test_analysis_is_the_report_of_the_service(client: TestClient, auth,
                                               web_database: Database) -> None:
    body = client.get(f"/api/workspaces/{LATEST}/analysis", headers=auth("viewer")).json()
    assert body == analyse_workspace(web_database, key=LATEST).to_dict()
    assert body["type"] == "analysis-report" and body["workspace"] == LATEST
    assert body["filter"] == {"statuses": None}


def test_analysis_status_filter_is_repeatable(client: TestClient, auth,
                                              web_database: Database) -> None:
    headers = auth("viewer")
    everything = client.get(f"/api/workspaces/{LATEST}/analysis", headers=headers).json()
    validated = client.get(f"/api/workspaces/{LATEST}/analysis?status=validated",
                           headers=headers).json()
    two = client.get(f"/api/workspaces/{LATEST}/analysis?status=validated&status=reviewed",
                     headers=headers).json()
    assert validated["filter"] == {"statuses": ["validated"]}
    assert two["filter"] == {"statuses": ["reviewed", "validated"]}
    counts = Counter(f.status.value for f in stored(web_database, LATEST).findings)
    total = everything["summary"]["findings"]
    assert total == sum(counts.values())
    assert validated["summary"]["filtered_out"] == total - counts["validated"]
    assert two["summary"]["filtered_out"] == counts["draft"]
    assert 0 < counts["draft"] < total - counts["validated"] < total


def test_an_unknown_status_is_400_naming_the_accepted_ones(client: TestClient, auth) -> None:
    body = assert_error(client.get(f"/api/workspaces/{LATEST}/analysis?status=final",
                                   headers=auth("viewer")), 400, "UsageError")
    assert "draft, reviewed, validated" in body["message"]


def test_explain_gives_the_number_of_the_report(client: TestClient, auth,
                                                web_database: Database) -> None:
    headers = auth("viewer")
    report = client.get(f"/api/workspaces/{LATEST}/analysis", headers=headers).json()
    compliance = next(s for s in report["scores"]["area"] if s["code"] == "compliance")
    body = client.get(f"/api/workspaces/{LATEST}/explain/area:compliance",
                      headers=headers).json()
    assert body["type"] == "explanation" and body["value"] == compliance["score"]
    assert sum(f["weighted_contribution"] for f in body["findings"]) == pytest.approx(
        body["value"], abs=0.01 * len(body["findings"]))
    gap = client.get(f"/api/workspaces/{LATEST}/explain/gap:cluster:violence",
                     headers=headers).json()
    assert gap == explain_score(web_database, key=LATEST,
                                target="gap:cluster:violence").to_dict()
    assert [c["kind"] for c in gap["components"]] == ["cluster-layer", "cluster-layer"]


def test_explain_target_errors(client: TestClient, auth) -> None:
    headers = auth("viewer")
    body = assert_error(client.get(f"/api/workspaces/{LATEST}/explain/area:complience",
                                   headers=headers), 404, "NotFoundError")
    assert "compliance" in body["message"]  # the closest code is suggested
    assert_error(client.get(f"/api/workspaces/{LATEST}/explain/nonsense", headers=headers),
                 400, "UsageError")


def test_compare(client: TestClient, auth, web_database: Database) -> None:
    body = client.get(f"/api/compare?w={EARLIER}&w={LATEST}", headers=auth("admin")).json()
    assert body == compare_workspaces(web_database, keys=[EARLIER, LATEST]).to_dict()
    assert [w["workspace"] for w in body["workspaces"]] == [EARLIER, LATEST]
    first = body["rows"][0]["values"]
    assert first[0]["score_difference"] is None
    if first[0]["score"] is not None and first[1]["score"] is not None:
        assert first[1]["score_difference"] == pytest.approx(
            first[1]["score"] - first[0]["score"], abs=0.011)


def test_compare_errors(client: TestClient, auth) -> None:
    # reading both is needed: the viewer of LATEST is no member of EARLIER
    assert_error(client.get(f"/api/compare?w={EARLIER}&w={LATEST}", headers=auth("viewer")),
                 403, "PermissionDenied")
    assert_error(client.get(f"/api/compare?w={LATEST}", headers=auth("admin")), 400,
                 "UsageError")
    body = assert_error(client.get("/api/compare", headers=auth("admin")), 422,
                        "ValidationError")
    assert body["problems"] == [{"location": "query", "row": None, "field": "w",
                                 "message": "Field required"}]


# --- the analysis models mirror the analysis results ------------------------------------------

MIRRORS = [
    (analysis_models.Score, analysis.Score),
    (analysis_models.ImplementationGap, analysis.ImplementationGap),
    (analysis_models.UnmeasurableGap, analysis.UnmeasurableGap),
    (analysis_models.CriterionCount, analysis.CriterionCount),
    (analysis_models.GroupExclusion, analysis.GroupExclusion),
    (analysis_models.UncoveredProvision, analysis.UncoveredProvision),
    (analysis_models.UncoveredForm, analysis.UncoveredForm),
    (analysis_models.UncoordinatedMandate, analysis.UncoordinatedMandate),
    (analysis_models.MandateConflict, analysis.MandateConflict),
    (analysis_models.CoherenceTension, analysis.CoherenceTension),
    (analysis_models.Notice, analysis.Notice),
    (analysis_models.Summary, analysis.Summary),
    (analysis_models.ExplainedFinding, analysis.ExplainedFinding),
    (analysis_models.Cell, analysis.Cell),
    (analysis_models.CellCoverage, analysis.CellCoverage),
    (analysis_models.Explanation, analysis.Explanation),
    (analysis_models.ComparedWorkspace, analysis.ComparedWorkspace),
    (analysis_models.ComparedValue, analysis.ComparedValue),
    (analysis_models.ComparisonRow, analysis.ComparisonRow),
]


@pytest.mark.parametrize(("model", "result"), MIRRORS, ids=lambda m: m.__name__)
def test_each_analysis_model_has_exactly_the_fields_of_its_result(model, result) -> None:
    expected = {f.name for f in dataclasses.fields(result)}
    if hasattr(result, "type"):
        expected.add("type")
    assert set(model.model_fields) == expected


def test_real_results_validate_against_the_models(web_database: Database) -> None:
    report = analyse_workspace(web_database, key=LATEST)
    analysis_models.AnalysisReport.model_validate(report.to_dict())  # unknown fields refused
    targets = ["area:compliance", "provision:CRC-32", "gap:cluster:violence",
               report.exclusions[0].by_sector[0].target, report.tensions[0].target,
               "cell:violence:compliance"]
    for target in targets:
        assert target is not None
        explained = explain_score(web_database, key=LATEST, target=target).to_dict()
        analysis_models.Explanation.model_validate(explained)
    analysis_models.Comparison.model_validate(
        compare_workspaces(web_database, keys=[EARLIER, LATEST]).to_dict())
