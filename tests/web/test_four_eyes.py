"""The four-eyes rule on the web and in the API: a reviewer who last changed a finding is not
offered, and is refused, its review; a workspace admin switches the rule (audited).

Reproduction of the defect: ``reviewer`` edited a draft, then marked it reviewed and
validated it with nothing in the way.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from impactkit.services import accounts
from impactkit.services.accounts import operator
from impactkit.store import audit, editing
from impactkit.store.db import Database
from impactkit.store.records import load_workspace_data
from tests.web.conftest import LATEST
from tests.web.test_records import W, draft_finding, post, soup

Login = Callable[[str], TestClient]
SETTINGS = f"{W}/settings"


def changed_by(db: Database, key: str, user: str) -> int:
    """``user`` changes the finding ``key`` (its narrative); returns the new version."""
    with db.connect() as conn:
        finding = next(f for f in load_workspace_data(conn, workspace_key=LATEST).findings
                       if f.key == key)
    with db.begin() as conn:
        saved = editing.update_record(
            conn, entity="finding", workspace_key=LATEST, record=dataclasses.replace(
                finding, narrative=finding.narrative + " Checked against the 2024 law."),
            expected_version=finding.version, user=user)
    return int(saved.version)


def four_eyes_changes(db: Database) -> list[tuple[str, Any, Any]]:
    with db.connect() as conn:
        return [(e.user, e.before, e.after)
                for e in audit.history(conn, workspace_key=LATEST, entity="workspace")
                if e.before and "four_eyes" in e.before]


def test_the_page_does_not_offer_a_reviewer_their_own_work(login: Login,
                                                           web_database: Database) -> None:
    key = draft_finding(web_database)
    version = changed_by(web_database, key, "reviewer")
    reviewer = login("reviewer")
    page = soup(reviewer.get(f"{W}/findings/{key}"))
    assert page.find("form", attrs={"action": f"{W}/findings/{key}/review"}) is None
    blocked = page.find("p", class_="blocked")
    assert blocked is not None and "Not yours to review:" in blocked.text
    assert "another reviewer must review it" in blocked.text
    twin = reviewer.get(f"{W}/findings/{key}.json").json()
    assert "review" not in twin["actions"] and twin["own_work"] is True
    assert "review" in twin["blocked"]

    refused = post(reviewer, f"{W}/findings/{key}/review", {"version": str(version)})
    assert refused.status_code == 403
    alert = soup(refused).find(role="alert")
    assert alert is not None and (
        f"finding '{key}' was written or last changed by reviewer, and workspace '{LATEST}' "
        "applies the four-eyes rule: another reviewer must review it") in alert.text
    assert reviewer.get(f"{W}/findings/{key}.json").json()["finding"]["status"] == "draft"

    wsadmin = login("wsadmin")
    assert soup(wsadmin.get(f"{W}/findings/{key}")).find(
        "form", attrs={"action": f"{W}/findings/{key}/review"}) is not None
    assert post(wsadmin, f"{W}/findings/{key}/review",
                {"version": str(version)}).status_code == 303


def test_a_workspace_admin_switches_the_rule_on_the_settings_page(
        login: Login, web_database: Database) -> None:
    wsadmin = login("wsadmin")
    page = soup(wsadmin.get(SETTINGS))
    section = page.find("section", attrs={"aria-labelledby": "four-eyes-heading"})
    assert section is not None and "On:" in section.text
    assert wsadmin.get(f"{SETTINGS}.json").json()["four_eyes"] is True
    for name in ("viewer", "contributor", "reviewer", "outsider"):
        assert post(login(name), f"{SETTINGS}/four-eyes",
                    {"four_eyes": "off"}).status_code == 403
    assert four_eyes_changes(web_database) == []

    switched = post(wsadmin, f"{SETTINGS}/four-eyes", {"four_eyes": "off"})
    assert (switched.status_code, switched.headers["location"]) == (
        303, f"{SETTINGS}?saved=four-eyes")
    saved = wsadmin.get(switched.headers["location"])
    assert "Four-eyes review saved." in saved.text
    assert wsadmin.get(f"{SETTINGS}.json").json()["four_eyes"] is False
    recent = wsadmin.get(f"{SETTINGS}.json").json()["recent"]
    assert recent[0]["summary"] == "four-eyes review off"
    assert four_eyes_changes(web_database) == [("wsadmin", {"four_eyes": True},
                                                {"four_eyes": False})]

    key = draft_finding(web_database)
    version = changed_by(web_database, key, "reviewer")
    assert post(login("reviewer"), f"{W}/findings/{key}/review",
                {"version": str(version)}).status_code == 303
    assert post(wsadmin, f"{SETTINGS}/four-eyes", {"four_eyes": "maybe"}).status_code == 400


def token(db: Database, username: str) -> dict[str, str]:
    secret = accounts.create_token(db, operator("setup"), username=username, name="tests")
    return {"Authorization": f"Bearer {secret}"}


def test_the_api_refuses_a_maker_and_lets_admins_switch_the_rule(
        client: TestClient, web_database: Database) -> None:
    key = draft_finding(web_database)
    version = changed_by(web_database, key, "reviewer")
    reviewer, wsadmin = token(web_database, "reviewer"), token(web_database, "wsadmin")
    step = f"/api/workspaces/{LATEST}/findings/{key}/transitions"
    refused = client.post(step, json={"action": "review", "version": version},
                          headers=reviewer)
    assert refused.status_code == 403
    body = refused.json()
    assert body["error"] == "OwnWorkRefused"
    assert "another reviewer must review it" in body["message"]

    workspace = f"/api/workspaces/{LATEST}"
    assert client.get(workspace, headers=reviewer).json()["four_eyes"] is True
    assert client.patch(workspace, json={"four_eyes": False},
                        headers=reviewer).status_code == 403
    assert client.patch(workspace, json={"four_eyes": "sometimes"},
                        headers=wsadmin).status_code == 422
    changed = client.patch(workspace, json={"four_eyes": False}, headers=wsadmin)
    assert changed.status_code == 200 and changed.json()["four_eyes"] is False
    assert four_eyes_changes(web_database) == [("wsadmin", {"four_eyes": True},
                                                {"four_eyes": False})]
    done = client.post(step, json={"action": "review", "version": version}, headers=reviewer)
    assert done.status_code == 200 and done.json()["reviewed_by"] == "reviewer"


def test_a_bad_four_eyes_value_shows_the_settings_page_with_the_message(
        login: Login, web_database: Database) -> None:
    """As for public mode: the settings page again, with the message, not a bare error
    page; nothing changes."""
    wsadmin = login("wsadmin")
    refused = post(wsadmin, f"{SETTINGS}/four-eyes", {"four_eyes": "maybe"})
    assert refused.status_code == 400
    page = soup(refused)
    assert page.select_one(".error").get_text() == (
        "four_eyes: 'maybe' is neither yes nor no (accepted: true/false, yes/no, on/off or 1/0)")
    assert page.find("section", attrs={"aria-labelledby": "four-eyes-heading"}) is not None
    assert page.find("form", attrs={"action": f"{SETTINGS}/four-eyes"}) is not None
    assert four_eyes_changes(web_database) == []
    assert wsadmin.get(f"{SETTINGS}.json").json()["four_eyes"] is True
