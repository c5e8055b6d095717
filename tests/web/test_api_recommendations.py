"""The recommendations API with bearer tokens, on SQLite and PostgreSQL: search with the
page's filters, tags with versions (409 on a stale one), the suggestion queue and decisions,
actions and status history; viewers read and cannot write.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel

from impactkit.recommendations import model
from impactkit.services import accounts
from impactkit.services import recommendations as service
from impactkit.services.accounts import operator
from impactkit.store.db import Database
from impactkit.web.api import recommendation_models as models
from tests.web import test_recommendations as pages
from tests.web.test_api import assert_error

Headers = dict[str, str]
WS = pages.WS  # a copy of the demo's latest cycle without the demo's recommendations
A = f"/api/workspaces/{WS}/recommendations"
recs = pages.recs  # the same seeded workspace as the page tests
admin = pages.admin


@pytest.fixture
def auth(web_database: Database) -> Callable[[str], Headers]:
    def make(username: str) -> Headers:
        token = accounts.create_token(web_database, operator("setup"),
                                      username=username, name="tests")
        return {"Authorization": f"Bearer {token}"}

    return make


def test_search_with_the_pages_filters(client: TestClient, auth, recs: Database) -> None:
    viewer = auth("viewer")
    everything = client.get(A, headers=viewer).json()
    assert everything["total"] == 4 and everything["offset"] == 0
    found = client.get(A, params={"text": "trafficked", "mechanism": "upr"},
                       headers=viewer).json()
    assert [r["key"] for r in found["items"]] == ["upr-4-1"]
    paged = client.get(A, params={"limit": 1, "offset": 1}, headers=viewer).json()
    assert paged["total"] == 4 and len(paged["items"]) == 1
    assert_error(client.get(A, params={"colour": "red"}, headers=viewer), 422,
                 "ValidationError")
    body = assert_error(client.get(A, params={"tag": "nonsense"}, headers=viewer), 422,
                        "ValidationError")
    assert body["problems"][0]["field"] == "tag"
    one = client.get(f"{A}/crc-5-32a", headers=viewer).json()
    assert one["mechanism"] == "crc" and one["version"] == 1 and one["provisions"] == []
    assert_error(client.get(f"{A}/no-such", headers=viewer), 404, "NotFoundError")


def test_tag_round_trip_with_versions(client: TestClient, auth, recs: Database) -> None:
    contributor = auth("contributor")
    saved = client.put(f"{A}/crc-5-32a/tags", headers=contributor,
                       json={"version": 1, "provisions": ["CRC-32"], "summary": ["child-rights"]})
    assert saved.status_code == 200, saved.text
    assert saved.json()["provisions"] == ["CRC-32"] and saved.json()["version"] == 2
    tagged = client.get(A, params={"tag": "provision:CRC-32"}, headers=contributor).json()
    assert [r["key"] for r in tagged["items"]] == ["crc-5-32a"]
    stale = client.put(f"{A}/crc-5-32a/tags", headers=contributor,
                       json={"version": 1, "provisions": []})
    body = assert_error(stale, 409, "ConflictError")
    assert body["current_version"] == 2 and body["current"]["provisions"] == ["CRC-32"]
    unknown = client.put(f"{A}/crc-5-32a/tags", headers=contributor,
                         json={"version": 2, "provisions": ["CRC-999"]})
    assert assert_error(unknown, 422, "ValidationError")["problems"][0]["field"] == "provisions"
    stored = service.get(recs, admin(recs), workspace_key=WS, key="crc-5-32a")
    assert (stored.provisions, stored.summary) == (("CRC-32",), ("child-rights",))


def test_suggestion_queue_and_decisions(client: TestClient, auth, recs: Database) -> None:
    contributor = auth("contributor")
    queue = client.get(f"{A}/suggestions", headers=contributor).json()
    assert [(s["recommendation"], s["code"]) for s in queue] == [
        ("crc-5-32a", "CRC-32"), ("crc-5-35", "trafficking")]
    assert queue[0]["support"] == ["child labour"] and queue[0]["state"] == "pending"
    above = client.get(f"{A}/suggestions", params={"min_confidence": 0.9},
                       headers=contributor).json()
    assert len(above) == 1
    decided = client.post(f"{A}/suggestions/decisions", headers=contributor, json={
        "recommendation": "crc-5-35", "kind": "summary", "code": "trafficking",
        "accept": True})
    assert decided.status_code == 200, decided.text
    assert decided.json()["summary"] == ["trafficking"]
    bulk = client.post(f"{A}/suggestions/accept-above", headers=contributor,
                       json={"threshold": 0.5})
    assert bulk.json() == {"accepted": 1}
    assert client.get(f"{A}/suggestions", headers=contributor).json() == []
    assert client.get(f"{A}/crc-5-32a", headers=contributor).json()["provisions"] == ["CRC-32"]
    ran = client.post(f"{A}/suggestions", headers=contributor, json={"keys": ["upr-4-1"]})
    assert ran.status_code == 200 and ran.json()["recommendations"] == 1
    trained = client.post(f"{A}/tagger", headers=contributor)
    assert trained.status_code == 200, trained.text
    assert trained.json()["examples"] >= 2


def test_actions_and_status(client: TestClient, auth, recs: Database) -> None:
    contributor = auth("contributor")
    actor = client.get(f"/api/workspaces/{WS}/actors", headers=contributor
                       ).json()["items"][0]["key"]
    created = client.post(f"{A}/actions", headers=contributor, json={
        "key": "inspect", "title": "Inspect farms", "recommendations": ["crc-5-32a"],
        "actors": [actor], "due": "2026-12-31"})
    assert created.status_code == 201, created.text
    assert created.json()["version"] == 1 and created.json()["status"] == "planned"
    assert created.headers["location"].endswith("/recommendations/actions/inspect")
    bad = client.post(f"{A}/actions", headers=contributor, json={
        "key": "bad", "title": "Bad", "actors": ["no-such-actor"]})
    assert assert_error(bad, 422, "ValidationError")["problems"][0]["field"] == "actors"
    updated = client.put(f"{A}/actions/inspect", headers=contributor, json={
        "version": 1, "title": "Inspect farms and fields", "recommendations": ["crc-5-32a"],
        "actors": [actor], "status": "partially-implemented"})
    assert updated.status_code == 200, updated.text
    assert updated.json()["version"] == 2
    stale = client.put(f"{A}/actions/inspect", headers=contributor, json={
        "version": 1, "title": "Old"})
    assert assert_error(stale, 409, "ConflictError")["current"]["title"] == \
        "Inspect farms and fields"
    listed = client.get(f"{A}/actions", params={"recommendation": "crc-5-32a"},
                        headers=contributor).json()
    assert [a["key"] for a in listed] == ["inspect"]
    added = client.post(f"{A}/crc-5-32a/status", headers=contributor, json={
        "source": "un", "status": "planned", "assessed_on": "2026-02-01"})
    assert added.status_code == 201, added.text
    assert added.json()["recorded_by"] == "contributor"
    history = client.get(f"{A}/crc-5-32a/status", headers=contributor).json()
    assert [(h["source"], h["status"]) for h in history] == [("un", "planned")]
    invalid = client.post(f"{A}/crc-5-32a/status", headers=contributor, json={
        "source": "gossip", "status": "planned", "assessed_on": "yesterday"})
    fields = {p["field"] for p in assert_error(invalid, 422, "ValidationError")["problems"]}
    assert fields == {"source", "assessed_on"}


def test_a_viewer_token_reads_but_cannot_write(client: TestClient, auth,
                                               recs: Database) -> None:
    viewer = auth("viewer")
    assert client.get(f"{A}/crc-5-32a/family", headers=viewer).status_code == 200
    for method, path, body in (
            ("PUT", "/crc-5-32a/tags", {"version": 1, "provisions": ["CRC-32"]}),
            ("POST", "/suggestions/decisions", {"recommendation": "crc-5-32a",
                                                "kind": "provisions", "code": "CRC-32",
                                                "accept": True}),
            ("POST", "/suggestions/accept-above", {"threshold": 0.1}),
            ("POST", "/crc-5-32a/status", {"source": "un", "status": "planned",
                                           "assessed_on": "2026-02-01"})):
        refused = client.request(method, A + path, headers=viewer, json=body)
        assert_error(refused, 403, "PermissionDenied")
    assert client.request("PUT", f"{A}/crc-5-32a/tags",
                          json={"version": 1}).status_code == 401
    stored = service.get(recs, admin(recs), workspace_key=WS, key="crc-5-32a")
    assert stored.provisions == () and stored.version == 1


@pytest.mark.parametrize(("out", "domain"), [
    (models.Recommendation, model.Recommendation), (models.Action, model.Action),
    (models.StatusAssessment, model.StatusAssessment), (models.Suggestion, model.Suggestion)],
    ids=lambda x: x.__name__)
def test_response_models_have_exactly_the_fields_of_the_domain(out: type[BaseModel],
                                                               domain: type) -> None:
    assert set(out.model_fields) == {f.name for f in dataclasses.fields(domain)}


def test_links_to_findings_are_set_through_the_tags_and_checked(
        client: TestClient, auth, recs: Database) -> None:
    contributor = auth("contributor")
    one = client.get(f"{A}/crc-5-32a", headers=contributor).json()
    missing = client.put(f"{A}/crc-5-32a/tags", headers=contributor,
                         json={"version": one["version"], "findings": ["no-such-finding"]})
    assert_error(missing, 422, "ValidationError")
    finding = client.get(f"/workspaces/{WS}/findings.json",
                         headers=contributor).json()["items"][0]["key"]
    saved = client.put(f"{A}/crc-5-32a/tags", headers=contributor,
                       json={"version": one["version"], "findings": [finding]})
    assert saved.status_code == 200, saved.text
    assert saved.json()["findings"] == [model.finding_ref(WS, finding)]  # a link names the cycle
