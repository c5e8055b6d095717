"""The audit trail pages: every change in a workspace, and the history of one record.

Changes are made through the store (as any service would), then read back through the pages
as members see them; the differences expected are worked out by hand from the demo finding
``privacy-effectiveness-practice`` (rating 2, sector judiciary, group trafficking-victims).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from impactkit.services import accounts
from impactkit.services.audit import Change, diff
from impactkit.store import editing
from impactkit.store.accounts import find_user
from impactkit.store.db import Database
from impactkit.store.records import load_workspace_data
from tests.web.conftest import EARLIER, LATEST

Login = Callable[[str], TestClient]
FINDING = "privacy-effectiveness-practice"
TRAIL = f"/workspaces/{LATEST}/audit"


def edit_finding(db: Database, user: str, **changes: Any) -> None:
    with db.begin() as conn:
        current = editing.get_record(conn, entity="finding", workspace_key=LATEST, key=FINDING)
        editing.update_record(conn, entity="finding", workspace_key=LATEST,
                                record=dataclasses.replace(current, **changes),
                                expected_version=current.version, user=user)


@pytest.fixture
def edited(web_database: Database) -> Database:
    """Two saves by 'ana': scope and rating, then the title."""
    with web_database.connect() as conn:
        before = editing.get_record(conn, entity="finding", workspace_key=LATEST, key=FINDING)
    assert (before.rating, before.sectors, before.groups) == (
        2, ("judiciary",), ("trafficking-victims",))
    edit_finding(web_database, "ana", rating=3, sectors=("judiciary", "labour"), groups=())
    edit_finding(web_database, "ana", title="Privacy of child victims")
    return web_database


# --- the difference shown for one change -------------------------------------------------


def test_diff_shows_changed_fields_only_and_lists_as_added_and_removed() -> None:
    before = {"key": "f", "rating": 2, "sectors": ["judiciary", "health"], "notes": "",
              "version": 4, "updated_at": "2024-01-01"}
    after = {"key": "f", "rating": 3, "sectors": ["health", "labour"], "notes": None,
             "version": 5, "updated_at": "2024-02-01"}
    assert diff(before, after) == (
        Change("rating", 2, 3),
        Change("sectors", ["judiciary", "health"], ["health", "labour"],
               added=("labour",), removed=("judiciary",), is_list=True),
    )


def test_diff_of_a_creation_and_a_deletion_lists_the_fields_that_had_values() -> None:
    record = {"key": "a1", "name": "Police", "notes": "", "tags": [], "level": "national",
              "version": 1}
    assert diff(None, record) == (Change("name", None, "Police"),
                                  Change("level", None, "national"))
    assert diff(record, None) == (Change("name", "Police", None),
                                  Change("level", "national", None))
    assert diff(record, dict(record)) == ()


# --- the workspace trail -----------------------------------------------------------------


def test_the_trail_shows_the_newest_change_first_with_its_difference(
        edited: Database, login: Login) -> None:
    trail = login("viewer").get(f"{TRAIL}.json").json()
    first, second = trail["entries"][:2]
    assert (first["user"], first["action"], first["entity"], first["record_key"]) == (
        "ana", "update", "findings", FINDING)
    assert first["changes"] == [{"field": "title", "before": (
        "Privacy and identity of child victims: results uneven across the country "
        "(practice)"), "after": "Privacy of child victims"}]
    assert second["changes"] == [
        {"field": "sectors", "added": ["labour"], "removed": []},
        {"field": "groups", "added": [], "removed": ["trafficking-victims"]},
        {"field": "rating", "before": 2, "after": 3},
    ]
    assert first["record_url"] == f"/workspaces/{LATEST}/findings/{FINDING}"
    assert first["history_url"] == f"/workspaces/{LATEST}/findings/{FINDING}/history"
    assert first["id"] > second["id"]
    assert datetime.fromisoformat(first["at"]).tzinfo is not None


def test_the_trail_page_links_the_record_and_reads_as_words(edited: Database,
                                                            login: Login) -> None:
    page = login("viewer").get(TRAIL)
    assert page.status_code == 200
    soup = BeautifulSoup(page.text, "html.parser")
    assert soup.select_one('nav a[aria-current="page"]').get_text() == "Changes"
    rows = soup.select("table.audit tbody tr")
    assert len(rows) == 50  # a full first page
    second = rows[1]
    cells = [td.get_text(" ", strip=True) for td in second.find_all("td")]
    assert cells[1:3] == ["ana", "changed"]
    assert second.find("a", href=f"/workspaces/{LATEST}/findings/{FINDING}")
    text = " ".join(cells[4].split())
    assert "sectors : added labour" in text
    assert "groups : removed trafficking-victims" in text
    assert "rating : was 2 → now 3" in text


def test_filters_by_kind_user_and_day(edited: Database, login: Login) -> None:
    viewer = login("viewer")
    with edited.connect() as conn:
        n_findings = len(load_workspace_data(conn, workspace_key=LATEST).findings)

    def total(query: str) -> int:
        response = viewer.get(f"{TRAIL}.json?{query}")
        assert response.status_code == 200, response.text
        return int(response.json()["total"])

    assert total("user=ana") == 2
    assert total("entity=findings") == n_findings + 2  # one creation each, two updates
    assert total("entity=members") == 4  # viewer, contributor, reviewer, wsadmin
    assert total("entity=workspace") == 1
    assert total("entity=actors&user=ana") == 0
    today = datetime.now(UTC).date()
    assert total(f"user=ana&since={today}&until={today}") == 2
    assert total(f"since={today + timedelta(days=1)}") == 0
    assert total(f"until={today - timedelta(days=1)}") == 0
    assert total("user=ana&entity=") == 2  # an empty filter is no filter
    members = viewer.get(f"{TRAIL}.json?entity=members").json()["entries"]
    assert {(e["record_key"], e["action"], e["user"]) for e in members} == {
        (name, "create", "setup") for name in ("viewer", "contributor", "reviewer", "wsadmin")}


def test_pages_are_disjoint_newest_first_and_keep_the_filters(web_database: Database,
                                                              login: Login) -> None:
    viewer = login("viewer")
    pages = [viewer.get(f"{TRAIL}.json?entity=members&per_page=3&page={n}").json()
             for n in (1, 2, 3)]
    assert [len(p["entries"]) for p in pages] == [3, 1, 0]
    assert [(p["page"], p["pages"], p["total"]) for p in pages] == [(1, 2, 4), (2, 2, 4),
                                                                   (3, 2, 4)]
    ids = [e["id"] for p in pages for e in p["entries"]]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == 4
    html = BeautifulSoup(viewer.get(f"{TRAIL}?entity=members&per_page=3").text, "html.parser")
    assert html.select_one('a[rel="next"]')["href"] == "?entity=members&per_page=3&page=2"
    assert html.select_one('a[rel="prev"]') is None


@pytest.mark.parametrize(("query", "message"), [
    ("entity=widgets", "unknown kind of change 'widgets'"),
    ("since=2024-13-01", "since: '2024-13-01' is not a date"),
])
def test_bad_filters_are_refused_with_the_fix(login: Login, query: str, message: str) -> None:
    response = login("viewer").get(f"{TRAIL}.json?{query}")
    assert response.status_code == 400
    assert response.json()["error"] == "UsageError"
    assert message in response.json()["message"]


@pytest.mark.parametrize(("query", "message"), [
    ("page=0", "page is 0; it must be between 1 and 1000000"),
    ("page=606423262289036800", "page is 606423262289036800; it must be between 1 and"),
    ("page=abc", "page 'abc' is not a whole number; it must be between 1 and 1000000"),
    ("per_page=0", "per_page is 0; it must be between 1 and"),
])
def test_paging_out_of_bounds_is_a_422_as_on_every_list(login: Login, query: str,
                                                         message: str) -> None:
    response = login("viewer").get(f"{TRAIL}.json?{query}")
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "ValidationError"
    assert message in body["problems"][0]["message"]


# --- who may read it ---------------------------------------------------------------------


def test_the_trail_is_for_members_only_even_on_a_public_workspace(
        client: TestClient, web_database: Database, login: Login) -> None:
    with web_database.connect() as conn:
        admin = find_user(conn, username="admin")
    accounts.set_public(web_database, accounts.Principal(user=admin), workspace_key=LATEST,
                        public=True)
    history = f"/workspaces/{LATEST}/findings/{FINDING}/history"
    for path in (TRAIL, history):
        assert client.get(f"{path}.json").status_code == 401
        page = client.get(path, follow_redirects=False)
        assert page.status_code == 303
        assert page.headers["location"] == f"/login?next={path}"
    outsider = login("outsider")
    assert outsider.get(f"{TRAIL}.json").status_code == 403
    assert outsider.get(f"{history}.json").status_code == 403
    assert login("viewer").get(f"{history}.json").status_code == 200


def test_site_admins_read_any_trail_and_missing_workspaces_are_not_found(
        client: TestClient, login: Login) -> None:
    admin = login("admin")
    assert admin.get(f"/workspaces/{EARLIER}/audit.json").status_code == 200
    assert login("viewer").get(f"/workspaces/{EARLIER}/audit.json").status_code == 403
    missing = admin.get("/workspaces/nowhere/audit.json")
    assert missing.status_code == 404
    assert client.get("/workspaces/nowhere/audit.json").status_code == 401  # no hint


# --- the history of one record -----------------------------------------------------------


def test_every_kind_of_record_has_a_history_under_its_plural_name(
        web_database: Database, login: Login) -> None:
    with web_database.connect() as conn:
        data = load_workspace_data(conn, workspace_key=LATEST)
    first = {"findings": data.findings[0].key, "evidence": data.evidence[0].key,
             "actors": data.actors[0].key, "instruments": data.instruments[0].key,
             "mandates": data.mandates[0].key, "links": data.links[0].key,
             "indicator-values": data.indicator_values[0].key}
    viewer = login("viewer")
    for entity, key in first.items():
        response = viewer.get(f"/workspaces/{LATEST}/{entity}/{key}/history.json")
        assert response.status_code == 200, (entity, response.text)
        found = response.json()
        assert (found["entity"], found["record_key"], found["exists"]) == (entity, key, True)
        assert found["record_url"] == f"/workspaces/{LATEST}/{entity}/{key}"
        assert [e["action"] for e in found["entries"]] == ["create"]
        assert found["entries"][0]["entity"] == entity


def test_a_record_history_is_newest_first(edited: Database, login: Login) -> None:
    viewer = login("viewer")
    found = viewer.get(f"/workspaces/{LATEST}/findings/{FINDING}/history.json").json()
    assert [(e["action"], e["user"]) for e in found["entries"]] == [
        ("update", "ana"), ("update", "ana"), ("create", "setup")]
    page = BeautifulSoup(viewer.get(f"/workspaces/{LATEST}/findings/{FINDING}/history").text,
                         "html.parser")
    assert page.h1.get_text(" ", strip=True) == f"History of finding {FINDING}"
    assert [h.get_text(" ", strip=True).split(",")[0] for h in page.select("h2.entry")] == [
        "Changed by ana", "Changed by ana", "Created by setup"]
    assert page.find("a", href=f"/workspaces/{LATEST}/findings/{FINDING}")


def test_a_deleted_record_keeps_its_history_without_a_dead_link(web_database: Database,
                                                                 login: Login) -> None:
    with web_database.begin() as conn:
        gone = editing.get_record(conn, entity="finding", workspace_key=LATEST, key=FINDING)
        editing.delete_record(conn, entity="finding", workspace_key=LATEST, key=FINDING,
                                expected_version=gone.version, user="ana")
    viewer = login("viewer")
    found = viewer.get(f"/workspaces/{LATEST}/findings/{FINDING}/history.json").json()
    assert (found["exists"], found["record_url"]) == (False, None)
    deletion = found["entries"][0]
    assert (deletion["action"], deletion["user"]) == ("delete", "ana")
    assert {"field": "rating", "before": 2, "after": None} in deletion["changes"]
    trail = viewer.get(f"{TRAIL}.json?entity=findings&per_page=5").json()["entries"]
    assert trail[0]["record_key"] == FINDING and trail[0]["record_url"] is None
    page = viewer.get(f"/workspaces/{LATEST}/findings/{FINDING}/history").text
    assert "has been deleted" in page


@pytest.mark.parametrize("path", [
    f"/workspaces/{LATEST}/widgets/x/history.json",
    f"/workspaces/{LATEST}/members/viewer/history.json",
    f"/workspaces/{LATEST}/findings/no-such-finding/history.json",
])
def test_unknown_kinds_and_records_are_not_found(login: Login, path: str) -> None:
    response = login("viewer").get(path)
    assert response.status_code == 404
    assert response.json()["error"] == "NotFoundError"
