"""The API of indicators, vulnerability, determinants and own recommendations: answers
match their documented models (unknown fields refused), hold the same numbers as the pages'
``.json`` twins, and are refused to whoever may not read or change the workspace."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from impactkit.services import accounts
from impactkit.services.accounts import operator
from impactkit.store.db import Database
from impactkit.web.api import indicators as models
from tests.web.conftest import EARLIER, LATEST
from tests.web.test_vulnerability_pages import import_test_panel

Auth = Callable[[str], dict[str, str]]
Login = Callable[[str], TestClient]
API = f"/api/workspaces/{LATEST}"


@pytest.fixture
def auth(web_database: Database) -> Auth:
    def make(username: str) -> dict[str, str]:
        token = accounts.create_token(web_database, operator("setup"), username=username,
                                      name="tests")
        return {"Authorization": f"Bearer {token}"}
    return make


def test_indicator_readings_match_the_model_and_the_page(
        client: TestClient, auth: Auth, login: Login) -> None:
    answer = client.get(f"{API}/indicators", headers=auth("viewer"))
    assert answer.status_code == 200
    readings = models.IndicatorReadings.model_validate(answer.json()).readings
    assert readings
    twin = login("viewer").get(f"/workspaces/{LATEST}/indicators.json").json()
    on_page = {r["code"]: r for g in twin["groups"] for r in g["readings"]}
    assert sorted(r.code for r in readings) == sorted(on_page)  # the page groups by type
    for reading in answer.json()["readings"]:
        shown = on_page[reading["code"]]
        assert {k: shown[k] for k in reading} == reading


def test_vulnerability_matches_the_model_and_the_page(
        client: TestClient, auth: Auth, login: Login, web_database: Database,
        tmp_path: Path) -> None:
    import_test_panel(web_database, tmp_path)
    answer = client.get(f"{API}/vulnerability", headers=auth("viewer"))
    assert answer.status_code == 200
    index = models.VulnerabilityIndex.model_validate(answer.json())
    assert index.value is not None and index.reference_year == 2024
    twin = login("viewer").get(f"/workspaces/{LATEST}/vulnerability.json").json()
    assert twin["index"] == answer.json()


def test_determinants_match_the_model_with_the_findings_behind_each(
        client: TestClient, auth: Auth, login: Login) -> None:
    answer = client.get(f"{API}/determinants", params={"status": "validated"},
                        headers=auth("viewer"))
    assert answer.status_code == 200
    report = models.DeterminantReport.model_validate(answer.json())
    assert report.filter.statuses == ["validated"] and report.determinants
    first = report.determinants[0]
    assert sorted(first.finding_keys) == sorted(
        k for keys in first.by_jurisdiction.values() for k in keys)
    twin = login("viewer").get(f"/workspaces/{LATEST}/determinants.json").json()
    page = twin["report"]["determinants"]
    assert [(d["factor"], d["code"], d["findings"], d["score"]) for d in page] == [
        (d.factor, d.code, d.findings, d.score) for d in report.determinants]


def test_drafting_through_the_api_stores_drafts_for_contributors_only(
        client: TestClient, auth: Auth, login: Login) -> None:
    refused = client.post(f"{API}/own-recommendations/draft", headers=auth("viewer"))
    assert refused.status_code == 403
    assert client.get(f"{API}/own-recommendations",
                      headers=auth("viewer")).json()["recommendations"] == []
    made = client.post(f"{API}/own-recommendations/draft", headers=auth("contributor"))
    assert made.status_code == 200, made.text
    drafting = models.Drafting.model_validate(made.json())
    assert drafting.added == len(drafting.recommendations) > 0 and drafting.refreshed == 0
    assert all(r.status == "draft" and r.version == 1 for r in drafting.recommendations)
    listed = client.get(f"{API}/own-recommendations", headers=auth("viewer"))
    assert models.OwnRecommendations.model_validate(listed.json()).recommendations == \
        drafting.recommendations
    page = login("viewer").get(f"/workspaces/{LATEST}/own-recommendations.json").json()
    assert {r["key"]: r["text"] for r in page["recommendations"]} == {
        r.key: r.text for r in drafting.recommendations}
    again = client.post(f"{API}/own-recommendations/draft", headers=auth("contributor"))
    assert (again.json()["added"], again.json()["refreshed"]) == (0, 0)
    assert client.post(f"{API}/own-recommendations/draft").status_code == 401


def test_the_hypothesis_test_matches_the_model_and_the_page(
        client: TestClient, auth: Auth, login: Login, web_database: Database,
        tmp_path: Path) -> None:
    import_test_panel(web_database, tmp_path)
    params = {"workspace": [EARLIER, LATEST], "status": "validated"}
    answer = client.get("/api/compare/vulnerability", params=params, headers=auth("admin"))
    assert answer.status_code == 200, answer.text
    test = models.HypothesisTest.model_validate(answer.json())
    assert len(test.points) == 2 and test.descriptive_only
    twin = login("admin").get("/compare/vulnerability.json", params=params).json()
    assert twin["test"] == answer.json()
    assert client.get("/api/compare/vulnerability", params=params,
                      headers=auth("viewer")).status_code == 403  # not a member of EARLIER
    assert client.get("/api/compare/vulnerability", params=params).status_code == 401


def test_outsiders_and_anonymous_callers_are_refused(client: TestClient, auth: Auth) -> None:
    for path in ("indicators", "vulnerability", "determinants", "own-recommendations"):
        assert client.get(f"{API}/{path}", headers=auth("outsider")).status_code == 403, path
        assert client.get(f"{API}/{path}").status_code == 401, path
