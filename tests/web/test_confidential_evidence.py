"""Confidential evidence through the pages and the API: a checkbox on the evidence form that
is saved, shown, and unticked again; the API reads and writes the same flag."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from impactkit.services import accounts
from impactkit.services.accounts import operator
from impactkit.store.db import Database
from impactkit.store.records import load_workspace_data
from tests.web.conftest import LATEST
from tests.web.test_records import W, _dict, draft_finding, form_values, post, soup

Login = Callable[[str], TestClient]


def confidential_of(db: Database, key: str) -> bool:
    with db.connect() as conn:
        data = load_workspace_data(conn, workspace_key=LATEST)
    return next(e.confidential for e in data.evidence if e.key == key)


def test_the_evidence_form_saves_the_confidential_flag(login: Login,
                                                        web_database: Database) -> None:
    contributor = login("contributor")
    finding = draft_finding(web_database)
    form = soup(contributor.get(f"{W}/evidence/new"))
    box = form.find("input", attrs={"type": "checkbox", "name": "confidential"})
    assert box is not None and not box.has_attr("checked")  # not confidential by default
    made = post(contributor, f"{W}/evidence/new", {
        "key": "t-interview", "finding_key": finding, "kind": "key-informant-interview",
        "title": "Interview with a labour inspector", "reliability": "medium",
        "date": "2024-03", "confidential": ["false", "true"]})  # the hidden "false", ticked
    assert made.status_code == 303, made.text[:2000]
    assert confidential_of(web_database, "t-interview") is True
    page = soup(contributor.get(f"{W}/evidence/t-interview"))
    shown = {dt.text: dd.text.strip() for dt, dd in zip(page.select("dl.record dt"),
                                                        page.select("dl.record dd"),
                                                        strict=True)}
    assert shown["Confidential source"] == "Yes"
    finding_page = contributor.get(f"{W}/findings/{finding}")
    assert "confidential" in finding_page.text

    edit = contributor.get(f"{W}/evidence/t-interview/edit")
    values = _dict(form_values(edit))
    assert values["confidential"] == ["false", "true"]  # the box comes back ticked
    values["confidential"] = ["false"]  # unticked
    saved = post(contributor, f"{W}/evidence/t-interview/edit", {**values, "version": "1"})
    assert saved.status_code == 303, saved.text[:2000]
    assert confidential_of(web_database, "t-interview") is False


def test_the_api_reads_and_writes_the_flag(client: TestClient,
                                           web_database: Database) -> None:
    token = accounts.create_token(web_database, operator("setup"), username="contributor",
                                  name="tests")
    headers = {"Authorization": f"Bearer {token}"}
    finding = draft_finding(web_database)
    made = client.post(f"/api/workspaces/{LATEST}/evidence", headers=headers, json={
        "key": "t-file", "finding_key": finding, "kind": "case-file-review",
        "title": "Unpublished case files", "confidential": True})
    assert made.status_code == 201, made.text
    assert made.json()["confidential"] is True
    read = client.get(f"/api/workspaces/{LATEST}/evidence/t-file", headers=headers).json()
    assert read["confidential"] is True
    changed = client.put(f"/api/workspaces/{LATEST}/evidence/t-file", headers=headers, json={
        "finding_key": finding, "kind": "case-file-review", "title": "Published case files",
        "confidential": False, "version": 1})
    assert changed.status_code == 200 and changed.json()["confidential"] is False
    assert confidential_of(web_database, "t-file") is False
    demo = client.get(f"/api/workspaces/{LATEST}/evidence?per_page=500", headers=headers)
    interviews = [e for e in demo.json()["items"] if e["kind"] == "key-informant-interview"]
    assert interviews and all(e["confidential"] for e in interviews)  # the demo's interviews
