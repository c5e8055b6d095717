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
from impactkit.services.accounts import operator
from impactkit.services.analysis import analyse_workspace, compare_workspaces, explain_score
from impactkit.store.db import Database
from impactkit.store.records import load_workspace_data
from impactkit.store.schema import users
from impactkit.web.api import analysis_models, audit_models
from tests.web.conftest import ALL_DEMO, EARLIER, LATEST, PASSWORD, csrf_of

READER = operator("tester")  # the services check access; the CLI's operator reads all

Headers = dict[str, str]


@pytest.fixture
def auth(web_database: Database) -> Callable[[str], Headers]:
    """``auth("viewer")``: the headers of a request made with a new token of that user."""

    def make(username: str) -> Headers:
        token = accounts.create_token(web_database, operator("setup"),
                                      username=username, name="tests")
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
    assert [(w["key"], w["role"]) for w in admin] == [(key, "admin") for key in ALL_DEMO]
    assert client.get("/api/workspaces", headers=auth("outsider")).json() == []
    assert client.get("/api/workspaces").json() == []


def test_a_public_workspace_is_listed_and_readable_anonymously(
        client: TestClient, web_database: Database) -> None:
    admin = accounts.Principal(user=accounts.authenticate(
        web_database, username="admin", password=PASSWORD))
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
    data = stored(web_database, LATEST)
    assert body["findings"] == len(data.findings)
    assert (body["year"], body["description"]) == (data.workspace.year,
                                                   data.workspace.description)
    assert body["created_at"] is not None


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
    assert body == analyse_workspace(web_database, READER, key=LATEST).to_dict()
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
    assert gap == explain_score(web_database, READER, key=LATEST,
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
    assert body == compare_workspaces(web_database, READER, keys=[EARLIER, LATEST]).to_dict()
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
    report = analyse_workspace(web_database, READER, key=LATEST)
    analysis_models.AnalysisReport.model_validate(report.to_dict())  # unknown fields refused
    targets = ["area:compliance", "provision:CRC-32", "gap:cluster:violence",
               report.exclusions[0].by_sector[0].target, report.tensions[0].target,
               "cell:violence:compliance"]
    for target in targets:
        assert target is not None
        explained = explain_score(web_database, READER, key=LATEST, target=target).to_dict()
        analysis_models.Explanation.model_validate(explained)
    analysis_models.Comparison.model_validate(
        compare_workspaces(web_database, READER, keys=[EARLIER, LATEST]).to_dict())


# --- records: one happy path per kind -----------------------------------------------------

def first_draft(db: Database) -> str:
    return next(f.key for f in sorted(stored(db, LATEST).findings, key=lambda f: f.key)
                if f.status.value == "draft")


# entity -> (a new record, a change to it, the field that shows the change)
NEW_RECORDS: dict[str, tuple[dict, dict, str]] = {  # type: ignore[type-arg]
    "findings": ({"key": "api-finding", "area": "compliance", "layer": "practice",
                  "provisions": ["CRC-32"], "sectors": ["labour"], "rating": 2,
                  "title": "Inspectors never visit farms"}, {"rating": 3}, "rating"),
    "evidence": ({"key": "api-evidence", "finding_key": "<draft>", "kind": "desk-review",
                  "title": "Inspection report 2023"}, {"title": "Inspection report 2024"},
                 "title"),
    "actors": ({"key": "api-actor", "name": "Farm Inspectorate", "sector": "labour"},
               {"level": "regional"}, "level"),
    "instruments": ({"key": "api-law", "title": "Farm Work Act", "kind": "law",
                     "provisions": ["CRC-32"], "sectors": ["labour"]},
                    {"provisions": ["CRC-32", "ILO138-2"]}, "provisions"),
    "mandates": ({"key": "api-mandate", "actor_key": "asylum-reception",
                  "provisions": ["CRC-22"], "functions": ["protection"]},
                 {"functions": ["protection", "referral"]}, "functions"),
    "links": ({"key": "api-link", "source_key": "asylum-reception",
               "target_key": "guardianship-authority", "kind": "referral"},
              {"kind": "data-sharing"}, "kind"),
    "indicator-values": ({"key": "api-value", "indicator": "child-labour-inspections",
                          "year": 2023, "value": 7.5}, {"value": 9.25}, "value"),
}
ENTITY_FIELD = {"findings": "findings", "evidence": "evidence", "actors": "actors",
                "instruments": "instruments", "mandates": "mandates", "links": "links",
                "indicator-values": "indicator_values"}


def new_record(entity: str, db: Database) -> dict:  # type: ignore[type-arg]
    body = dict(NEW_RECORDS[entity][0])
    if body.get("finding_key") == "<draft>":
        body["finding_key"] = first_draft(db)
    return body


def stored_record(db: Database, entity: str, key: str) -> object | None:
    records = getattr(stored(db, LATEST), ENTITY_FIELD[entity])
    return next((r for r in records if r.key == key), None)


@pytest.mark.parametrize("entity", list(NEW_RECORDS))
def test_create_read_update_delete(client: TestClient, auth, web_database: Database,
                                   entity: str) -> None:
    headers = auth("contributor")
    base = f"/api/workspaces/{LATEST}/{entity}"
    body = new_record(entity, web_database)
    key = body["key"]
    change, changed = NEW_RECORDS[entity][1], NEW_RECORDS[entity][2]

    created = client.post(base, json=body, headers=headers)
    assert created.status_code == 201, created.text
    assert created.headers["location"] == f"{base}/{key}"
    record = created.json()
    assert record["version"] == 1
    assert {k: record[k] for k in body} == body
    assert stored_record(web_database, entity, key) is not None
    if entity == "findings":  # the review fields are the workflow's, never input
        assert (record["status"], record["author"]) == ("draft", "contributor")
        assert record["reviewed_by"] is None and record["created_at"]

    assert client.get(f"{base}/{key}", headers=headers).json() == record

    edit = {**{k: v for k, v in body.items() if k != "key"}, **change, "version": 1}
    updated = client.put(f"{base}/{key}", json=edit, headers=headers)
    assert updated.status_code == 200, updated.text
    assert updated.json()["version"] == 2
    assert updated.json()[changed] == change[changed]
    saved = stored_record(web_database, entity, key)
    value = getattr(saved, changed)
    assert (list(value) if isinstance(value, tuple) else value) == change[changed]

    listed = client.get(f"{base}?per_page=500", headers=headers).json()
    assert updated.json() in listed["items"]

    history = client.get(f"{base}/{key}/history", headers=headers).json()
    audit_models.RecordHistory.model_validate(history)  # the schema says what it gives
    assert [e["action"] for e in history["entries"]] == ["update", "create"]
    assert history["entries"][0]["user"] == "contributor"

    gone = client.delete(f"{base}/{key}?version=2", headers=headers)
    assert gone.status_code == 204 and gone.content == b""
    assert stored_record(web_database, entity, key) is None
    assert_error(client.get(f"{base}/{key}", headers=headers), 404, "NotFoundError")


@pytest.mark.parametrize("entity", list(NEW_RECORDS))
def test_a_viewer_token_cannot_write(client: TestClient, auth, web_database: Database,
                                     entity: str) -> None:
    viewer = auth("viewer")
    base = f"/api/workspaces/{LATEST}/{entity}"
    existing = client.get(f"{base}?per_page=1", headers=viewer).json()["items"][0]
    before = stored(web_database, LATEST)
    body = new_record(entity, web_database)
    assert_error(client.post(base, json=body, headers=viewer), 403, "PermissionDenied")
    edit = {k: v for k, v in existing.items()
            if k in NEW_RECORDS[entity][0] and k != "key"} | {"version": existing["version"]}
    if entity == "evidence":
        edit["finding_key"] = existing["finding_key"]
    assert_error(client.put(f"{base}/{existing['key']}", json=edit, headers=viewer), 403,
                 "PermissionDenied")
    assert_error(client.delete(f"{base}/{existing['key']}?version={existing['version']}",
                               headers=viewer), 403, "PermissionDenied")
    assert stored(web_database, LATEST) == before


def test_anonymous_writes_are_401_not_a_csrf_error(client: TestClient,
                                                   web_database: Database) -> None:
    base = f"/api/workspaces/{LATEST}/actors"
    response = client.post(base, json=new_record("actors", web_database))
    body = assert_error(response, 401, "PermissionDenied")
    assert "API token" in body["message"]
    assert response.headers["www-authenticate"] == "Bearer"
    assert_error(client.delete(f"{base}/asylum-reception?version=1"), 401, "PermissionDenied")


# --- lists: paging and filters --------------------------------------------------------------

def test_paging(client: TestClient, auth, web_database: Database) -> None:
    keys = sorted(a.key for a in stored(web_database, LATEST).actors)
    page = client.get(f"/api/workspaces/{LATEST}/actors?page=2&per_page=5",
                      headers=auth("viewer")).json()
    assert (page["total"], page["page"], page["per_page"]) == (len(keys), 2, 5)
    assert [a["key"] for a in page["items"]] == keys[5:10]
    beyond = client.get(f"/api/workspaces/{LATEST}/actors?page=1000",
                        headers=auth("viewer")).json()
    assert beyond["items"] == [] and beyond["total"] == len(keys)


def test_finding_filters(client: TestClient, auth, web_database: Database) -> None:
    findings = stored(web_database, LATEST).findings
    headers = auth("viewer")
    url = f"/api/workspaces/{LATEST}/findings"

    def keys(query: str) -> list[str]:
        body = client.get(f"{url}?per_page=500&{query}", headers=headers).json()
        assert body["total"] == len(body["items"])
        return [f["key"] for f in body["items"]]

    expected = sorted(f.key for f in findings if f.area == "compliance"
                      and f.layer == "practice")
    assert expected and keys("area=compliance&layer=practice") == expected
    assert keys("status=draft") == sorted(f.key for f in findings
                                          if f.status.value == "draft")
    assert keys("rating=not-assessed") == sorted(
        f.key for f in findings if f.rating_state.value == "not-assessed")
    assert keys("rating=0") == sorted(f.key for f in findings if f.rating == 0)
    assert keys("sector=labour&group=working") == sorted(
        f.key for f in findings if "labour" in f.sectors and "working" in f.groups)
    word = "inspect"
    assert keys(f"text={word.upper()}") == sorted(
        f.key for f in findings if word in (f.title + " " + f.narrative).lower())


def test_sql_metacharacters_in_filters_are_harmless(client: TestClient, auth,
                                                    web_database: Database) -> None:
    headers = auth("viewer")
    url = f"/api/workspaces/{LATEST}/findings"
    for text in ("' OR '1'='1", "%", "_", "\\", "x'; DROP TABLE findings; --"):
        body = client.get(url, params={"text": text}, headers=headers).json()
        assert body["total"] == 0, text
        assert client.get(url, params={"area": text}, headers=headers).json()["total"] == 0
    assert len(stored(web_database, LATEST).findings) > 0


def test_list_query_errors_name_the_parameter(client: TestClient, auth) -> None:
    headers = auth("viewer")
    for query, field in (("are=compliance", "are"), ("per_page=0", "per_page"),
                         ("per_page=501", "per_page"), ("page=x", "page")):
        body = assert_error(client.get(f"/api/workspaces/{LATEST}/findings?{query}",
                                       headers=headers), 422, "ValidationError")
        assert [(p["location"], p["field"]) for p in body["problems"]] == [("query", field)]
    body = assert_error(client.get(f"/api/workspaces/{LATEST}/findings?rating=high",
                                   headers=headers), 422, "ValidationError")
    assert body["problems"][0]["field"] == "rating"
    assert_error(client.get(f"/api/workspaces/{LATEST}/actors?per_page=0", headers=headers),
                 422, "ValidationError")


# --- versions and conflicts -----------------------------------------------------------------

def audit_total(client: TestClient, headers: Headers) -> int:
    total: int = client.get(f"/api/workspaces/{LATEST}/audit?per_page=1",
                            headers=headers).json()["total"]
    return total


def test_a_stale_update_is_409_with_the_current_record_and_writes_nothing(
        client: TestClient, auth, web_database: Database) -> None:
    alice, bob = auth("contributor"), auth("wsadmin")
    url = f"/api/workspaces/{LATEST}/actors/asylum-reception"
    loaded = client.get(url, headers=alice).json()
    edit = {k: v for k, v in loaded.items() if k != "key"}
    first = client.put(url, json={**edit, "name": "Reception Agency"}, headers=bob)
    assert first.status_code == 200 and first.json()["version"] == loaded["version"] + 1
    before, trail = stored(web_database, LATEST), audit_total(client, alice)

    stale = client.put(url, json={**edit, "description": "Alice's change"}, headers=alice)
    body = assert_error(stale, 409, "ConflictError")
    assert body["current"] == client.get(url, headers=alice).json() == first.json()
    assert body["current_version"] == loaded["version"] + 1
    assert f"version {loaded['version']}" in body["message"]
    assert stored(web_database, LATEST) == before
    assert audit_total(client, alice) == trail

    merged = client.put(url, json={**edit, "name": "Reception Agency",
                                   "description": "Alice's change",
                                   "version": body["current_version"]}, headers=alice)
    assert merged.status_code == 200
    assert (merged.json()["name"], merged.json()["description"]) == (
        "Reception Agency", "Alice's change")


def test_a_stale_delete_is_409_and_deletes_nothing(client: TestClient, auth,
                                                   web_database: Database) -> None:
    headers = auth("contributor")
    base = f"/api/workspaces/{LATEST}/indicator-values"
    body = new_record("indicator-values", web_database)
    client.post(base, json=body, headers=headers)
    client.put(f"{base}/{body['key']}", json={**body, "value": 1.0, "version": 1},
               headers=headers)
    stale = assert_error(client.delete(f"{base}/{body['key']}?version=1", headers=headers),
                         409, "ConflictError")
    assert stale["current"]["value"] == 1.0 and stale["current"]["version"] == 2
    assert stored_record(web_database, "indicator-values", body["key"]) is not None
    assert_error(client.delete(f"{base}/{body['key']}", headers=headers), 422,
                 "ValidationError")  # the version is required


def test_review_fields_are_never_input(client: TestClient, auth, web_database: Database
                                       ) -> None:
    headers = auth("contributor")
    body = {**new_record("findings", web_database), "status": "validated"}
    refused = assert_error(client.post(f"/api/workspaces/{LATEST}/findings", json=body,
                                       headers=headers), 422, "ValidationError")
    assert [(p["location"], p["field"]) for p in refused["problems"]] == [("body", "status")]
    assert stored_record(web_database, "findings", body["key"]) is None


# --- validation errors ----------------------------------------------------------------------

def test_invalid_bodies_are_422_with_every_field_path(client: TestClient, auth,
                                                      web_database: Database) -> None:
    headers = auth("contributor")
    url = f"/api/workspaces/{LATEST}/findings"
    body = {"key": "bad", "area": "compliance", "provisions": ["CRC-32", 5],
            "rating": "high", "colour": "red"}
    refused = assert_error(client.post(url, json=body, headers=headers), 422,
                           "ValidationError")
    located = {(p["location"], p["field"]) for p in refused["problems"]}
    assert located == {("body", "layer"), ("body", "provisions[1]"), ("body", "rating"),
                       ("body", "colour")}
    assert_error(client.post(url, content=b"{not json", headers={
        **headers, "content-type": "application/json"}), 422, "ValidationError")
    assert stored_record(web_database, "findings", "bad") is None


def test_catalogue_checks_are_422_naming_the_fields(client: TestClient, auth,
                                                    web_database: Database) -> None:
    headers = auth("contributor")
    body = {"key": "bad", "area": "complience", "layer": "practice",
            "provisions": ["CRC-32"], "sectors": ["labour"], "rating": 9}
    refused = assert_error(client.post(f"/api/workspaces/{LATEST}/findings", json=body,
                                       headers=headers), 422, "ValidationError")
    fields = {p["field"] for p in refused["problems"]}
    assert fields == {"area", "rating"}
    assert any("compliance" in p["message"] for p in refused["problems"])
    duplicate = {**new_record("actors", web_database), "key": "asylum-reception"}
    taken = assert_error(client.post(f"/api/workspaces/{LATEST}/actors", json=duplicate,
                                     headers=headers), 422, "ValidationError")
    assert taken["problems"][0]["field"] == "key"


def test_an_update_cannot_change_the_key(client: TestClient, auth) -> None:
    headers = auth("contributor")
    url = f"/api/workspaces/{LATEST}/actors/asylum-reception"
    current = client.get(url, headers=headers).json()
    refused = assert_error(client.put(url, json={**current, "key": "renamed"},
                                      headers=headers), 422, "ValidationError")
    assert refused["problems"][0]["field"] == "key"
    same_key = client.put(url, json={**current, "name": "Renamed agency"}, headers=headers)
    assert same_key.status_code == 200


# --- CSRF: tokens need none, cookies need the header ---------------------------------------------

def test_bearer_requests_need_no_csrf_token_but_cookie_posts_do(
        client: TestClient, auth, login, web_database: Database) -> None:
    base = f"/api/workspaces/{LATEST}/actors"
    body = new_record("actors", web_database)
    assert client.post(base, json=body, headers=auth("contributor")).status_code == 201

    browser = login("contributor")
    other = {**body, "key": "api-actor-2"}
    refused = assert_error(browser.post(base, json=other), 403, "CsrfRejected")
    assert "CSRF" in refused["message"]
    assert stored_record(web_database, "actors", "api-actor-2") is None
    token = csrf_of(browser, "/")
    accepted = browser.post(base, json=other, headers={"X-CSRF-Token": token})
    assert accepted.status_code == 201, accepted.text
    assert accepted.json()["key"] == "api-actor-2"
    assert browser.get(f"{base}/api-actor-2").status_code == 200  # cookie reads need none


# --- the review workflow --------------------------------------------------------------------

def test_review_validate_send_back(client: TestClient, auth, web_database: Database) -> None:
    reviewer = auth("reviewer")
    body = new_record("findings", web_database)
    key = body["key"]
    created = client.post(f"/api/workspaces/{LATEST}/findings", json=body,
                          headers=auth("contributor"))
    assert created.status_code == 201
    base = f"/api/workspaces/{LATEST}/findings/{key}"

    reviewed = client.post(f"{base}/transitions", headers=reviewer,
                           json={"action": "review", "version": 1})
    assert reviewed.status_code == 200, reviewed.text
    assert (reviewed.json()["status"], reviewed.json()["reviewed_by"]) == (
        "reviewed", "reviewer")
    assert reviewed.json()["version"] == 2

    no_evidence = assert_error(client.post(f"{base}/transitions", headers=reviewer,
                                           json={"action": "validate", "version": 2}),
                               422, "ValidationError")
    assert no_evidence["problems"][0]["field"] == "evidence"
    evidence = {"key": f"{key}-ev", "finding_key": key, "kind": "desk-review",
                "title": "Inspection report"}
    # evidence of a finding past draft is the reviewers' to add
    assert_error(client.post(f"/api/workspaces/{LATEST}/evidence", json=evidence,
                             headers=auth("contributor")), 403, "PermissionDenied")
    added = client.post(f"/api/workspaces/{LATEST}/evidence", json=evidence, headers=reviewer)
    assert added.status_code == 201, added.text
    validated = client.post(f"{base}/transitions", headers=reviewer,
                            json={"action": "validate", "version": 2})
    assert validated.status_code == 200, validated.text
    assert (validated.json()["status"], validated.json()["validated_by"]) == (
        "validated", "reviewer")
    assert stored_record(web_database, "findings", key).status.value == "validated"  # type: ignore[union-attr]

    version = validated.json()["version"]
    silent = assert_error(client.post(f"{base}/transitions", headers=reviewer,
                                      json={"action": "send-back", "version": version}),
                          422, "ValidationError")
    assert silent["problems"][0]["field"] == "comment"
    back = client.post(f"{base}/transitions", headers=reviewer, json={
        "action": "send-back", "version": version, "comment": "Cite the 2023 report"})
    assert back.status_code == 200
    assert (back.json()["status"], back.json()["reviewed_by"], back.json()["validated_by"]
            ) == ("draft", None, None)

    events = client.get(f"{base}/events", headers=auth("viewer")).json()
    assert [(e["kind"], e["user"]) for e in events] == [
        ("review", "reviewer"), ("validate", "reviewer"), ("send-back", "reviewer")]
    assert events[-1]["text"] == "Cite the 2023 report"


def test_review_refusals(client: TestClient, auth, web_database: Database) -> None:
    key = first_draft(web_database)
    base = f"/api/workspaces/{LATEST}/findings/{key}"
    version = client.get(base, headers=auth("viewer")).json()["version"]
    step = {"action": "review", "version": version}
    assert_error(client.post(f"{base}/transitions", json=step, headers=auth("contributor")),
                 403, "PermissionDenied")
    stale = assert_error(client.post(f"{base}/transitions", headers=auth("reviewer"),
                                     json={**step, "version": version + 1}),
                         409, "ConflictError")
    assert stale["current"]["key"] == key and stale["current"]["status"] == "draft"
    wrong_step = assert_error(client.post(f"{base}/transitions", headers=auth("reviewer"),
                                          json={**step, "action": "validate"}),
                              422, "ValidationError")
    assert wrong_step["problems"][0]["field"] == "status"
    unknown = assert_error(client.post(f"{base}/transitions", headers=auth("reviewer"),
                                       json={**step, "action": "approve"}),
                           422, "ValidationError")
    assert unknown["problems"][0]["field"] == "action"
    assert stored_record(web_database, "findings", key).status.value == "draft"  # type: ignore[union-attr]


def test_comments(client: TestClient, auth, web_database: Database) -> None:
    key = first_draft(web_database)
    base = f"/api/workspaces/{LATEST}/findings/{key}"
    posted = client.post(f"{base}/comments", json={"text": "Which region is this?"},
                         headers=auth("reviewer"))
    assert posted.status_code == 201, posted.text
    assert (posted.json()["kind"], posted.json()["user"]) == ("comment", "reviewer")
    comments = client.get(f"{base}/comments", headers=auth("viewer")).json()
    assert [(c["user"], c["text"]) for c in comments] == [("reviewer",
                                                           "Which region is this?")]
    assert_error(client.post(f"{base}/comments", json={"text": "me too"},
                             headers=auth("viewer")), 403, "PermissionDenied")
    empty = assert_error(client.post(f"{base}/comments", json={"text": ""},
                                     headers=auth("reviewer")), 422, "ValidationError")
    assert empty["problems"][0]["field"] == "text"
    assert_error(client.get(f"/api/workspaces/{LATEST}/findings/nope/comments",
                            headers=auth("viewer")), 404, "NotFoundError")
    assert len(client.get(f"{base}/comments", headers=auth("viewer")).json()) == 1


# --- the audit trail --------------------------------------------------------------------------

def test_audit_trail(client: TestClient, auth, web_database: Database) -> None:
    headers = auth("contributor")
    body = new_record("actors", web_database)
    client.post(f"/api/workspaces/{LATEST}/actors", json=body, headers=headers)
    trail = client.get(f"/api/workspaces/{LATEST}/audit?per_page=5",
                       headers=auth("viewer")).json()
    audit_models.TrailPage.model_validate(trail)  # the schema says what it gives
    newest = trail["entries"][0]
    assert (newest["user"], newest["action"], newest["entity"], newest["record_key"]) == (
        "contributor", "create", "actors", body["key"])
    assert {"field": "name", "before": None, "after": body["name"]} in newest["changes"]
    assert trail["per_page"] == 5 and len(trail["entries"]) == 5
    only = client.get(f"/api/workspaces/{LATEST}/audit?user=contributor",
                      headers=headers).json()
    assert only["total"] == 1 and only["filters"]["user"] == "contributor"
    assert_error(client.get(f"/api/workspaces/{LATEST}/audit?entity=nonsense",
                            headers=headers), 400, "UsageError")
    assert_error(client.get(f"/api/workspaces/{LATEST}/audit?since=yesterday",
                            headers=headers), 422, "ValidationError")


def test_audit_trail_is_members_only_even_when_public(client: TestClient, auth,
                                                      web_database: Database) -> None:
    assert_error(client.get(f"/api/workspaces/{LATEST}/audit", headers=auth("outsider")),
                 403, "PermissionDenied")
    admin = accounts.Principal(user=accounts.authenticate(
        web_database, username="admin", password=PASSWORD))
    accounts.set_public(web_database, admin, workspace_key=LATEST, public=True)
    assert client.get(f"/api/workspaces/{LATEST}/findings").status_code == 200
    assert_error(client.get(f"/api/workspaces/{LATEST}/audit"), 401, "PermissionDenied")
    assert_error(client.post(f"/api/workspaces/{LATEST}/actors",
                             json=new_record("actors", web_database)), 401,
                 "PermissionDenied")
