"""Workspace settings: public read-only mode and members, for admins only, all audited."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from impactkit.store import audit
from impactkit.store.db import Database
from tests.web.conftest import EARLIER, LATEST, csrf_of

Login = Callable[[str], TestClient]
SETTINGS = f"/workspaces/{LATEST}/settings"


def post(browser: TestClient, path: str, **form: str) -> tuple[int, str]:
    response = browser.post(path, data={**form, "csrf_token": csrf_of(browser, "/")},
                            follow_redirects=False)
    return response.status_code, response.headers.get("location", response.text)


def changes(db: Database, entity: str) -> list[tuple[str, str | None, str, object, object]]:
    with db.connect() as conn:
        return [(e.user, e.record_key, e.action, e.before, e.after)
                for e in audit.history(conn, workspace_key=LATEST, entity=entity)]


def test_admins_see_the_settings_and_nobody_else_does(client: TestClient,
                                                      login: Login) -> None:
    for name in ("wsadmin", "admin"):
        assert login(name).get(SETTINGS).status_code == 200, name
    for name in ("viewer", "contributor", "reviewer", "outsider"):
        assert login(name).get(SETTINGS).status_code == 403, name
        assert login(name).get(f"{SETTINGS}.json").status_code == 403, name
    anonymous = client.get(SETTINGS, follow_redirects=False)
    assert (anonymous.status_code, anonymous.headers["location"]) == (
        303, f"/login?next={SETTINGS}")
    assert login("admin").get(f"/workspaces/{EARLIER}/settings").status_code == 200
    assert login("wsadmin").get(f"/workspaces/{EARLIER}/settings").status_code == 403


def test_the_settings_list_members_with_their_roles(login: Login) -> None:
    found = login("wsadmin").get(f"{SETTINGS}.json").json()
    assert found["public"] is False
    assert found["members"] == [
        {"username": "contributor", "display_name": "", "role": "contributor"},
        {"username": "reviewer", "display_name": "", "role": "reviewer"},
        {"username": "viewer", "display_name": "", "role": "viewer"},
        {"username": "wsadmin", "display_name": "", "role": "admin"},
    ]
    assert found["candidates"] == ["admin", "outsider"]
    assert found["site_admins"] == ["admin"]
    assert found["roles"] == ["viewer", "contributor", "reviewer", "admin"]
    page = BeautifulSoup(login("wsadmin").get(SETTINGS).text, "html.parser")
    rows = {r.th.get_text(" ", strip=True): r for r in page.select("tbody tr") if r.th}
    assert rows["wsadmin"].get_text(" ", strip=True).endswith(
        "your own role: another admin can change it")
    assert rows["viewer"].find("select", attrs={"name": "role"}).find(
        "option", selected=True).get_text() == "viewer"
    for form in page.find_all("form", method="post"):
        assert form.find("input", attrs={"name": "csrf_token"}), form


def test_public_mode_on_opens_reading_only_and_is_audited(
        client: TestClient, login: Login, web_database: Database) -> None:
    wsadmin = login("wsadmin")
    assert client.get("/workspaces.json").json()["workspaces"] == []
    assert "including those recorded from the State's other workspaces" in wsadmin.get(
        SETTINGS).text  # said before switching on: the State's recommendations go public too
    assert client.get(f"/workspaces/{LATEST}/recommendations.json").status_code == 401
    assert post(wsadmin, f"{SETTINGS}/public", public="on") == (303, f"{SETTINGS}?saved=public")
    assert client.get(f"/workspaces/{LATEST}/recommendations.json").json()["total"] > 0
    assert [w["key"] for w in client.get("/workspaces.json").json()["workspaces"]] == [LATEST]
    assert wsadmin.get(f"{SETTINGS}.json").json()["public"] is True
    assert "Public read-only mode saved." in wsadmin.get(f"{SETTINGS}?saved=public").text
    assert client.get(f"/workspaces/{LATEST}/audit.json").status_code == 401
    assert post(wsadmin, f"{SETTINGS}/public", public="off")[0] == 303
    assert client.get("/workspaces.json").json()["workspaces"] == []
    assert changes(web_database, "workspace")[:2] == [
        ("wsadmin", LATEST, "update", {"public": True}, {"public": False}),
        ("wsadmin", LATEST, "update", {"public": False}, {"public": True}),
    ]


def test_adding_changing_and_removing_a_member_is_audited(login: Login,
                                                          web_database: Database) -> None:
    wsadmin, outsider = login("wsadmin"), login("outsider")
    members = f"{SETTINGS}/members"
    assert post(wsadmin, members, username="outsider", role="contributor") == (
        303, f"{SETTINGS}?saved=members")
    assert [w["key"] for w in outsider.get("/workspaces.json").json()["workspaces"]] == [LATEST]
    assert post(wsadmin, members, username="outsider", role="reviewer")[0] == 303
    assert post(wsadmin, members, username="outsider", role="remove")[0] == 303
    assert outsider.get("/workspaces.json").json()["workspaces"] == []
    assert [c for c in changes(web_database, "membership") if c[1] == "outsider"] == [
        ("wsadmin", "outsider", "delete", {"role": "reviewer"}, None),
        ("wsadmin", "outsider", "update", {"role": "contributor"}, {"role": "reviewer"}),
        ("wsadmin", "outsider", "create", None, {"role": "contributor"}),
    ]
    trail = wsadmin.get(f"/workspaces/{LATEST}/audit.json?entity=members&user=wsadmin").json()
    assert [e["action"] for e in trail["entries"]] == ["delete", "update", "create"]
    recent = wsadmin.get(f"{SETTINGS}.json").json()["recent"]
    assert [(e["record_key"], e["action"]) for e in recent[:3]] == [
        ("outsider", "delete"), ("outsider", "update"), ("outsider", "create")]


@pytest.mark.parametrize(("form", "message"), [
    ({"username": "nobody", "role": "viewer"}, "no user 'nobody'"),
    ({"username": "outsider", "role": "owner"},
     "unknown role 'owner'; use one of: viewer, contributor, reviewer, admin"),
    ({"username": "", "role": "viewer"}, "name the user to add or change"),
    ({"username": "wsadmin", "role": "viewer"}, "you cannot change your own role here"),
])
def test_mistakes_are_shown_on_the_page_and_change_nothing(
        login: Login, web_database: Database, form: dict[str, str], message: str) -> None:
    before = changes(web_database, "membership")
    status, body = post(login("wsadmin"), f"{SETTINGS}/members", **form)
    assert status == 400
    assert message in BeautifulSoup(body, "html.parser").select_one(".error").get_text()
    assert changes(web_database, "membership") == before


def test_a_bad_public_value_is_refused(login: Login) -> None:
    status, body = post(login("wsadmin"), f"{SETTINGS}/public", public="maybe")
    assert status == 400
    assert BeautifulSoup(body, "html.parser").select_one(".error").get_text() == (
        "public: 'maybe' is neither yes nor no (accepted: true/false, yes/no, on/off or 1/0)")


def test_a_site_admin_may_change_a_workspace_admin(login: Login) -> None:
    assert post(login("admin"), f"{SETTINGS}/members", username="wsadmin", role="reviewer")[0] \
        == 303
    assert login("wsadmin").get(SETTINGS).status_code == 403


@pytest.mark.parametrize("name", ["viewer", "contributor", "reviewer", "outsider"])
def test_non_admins_cannot_change_settings(login: Login, web_database: Database,
                                           name: str) -> None:
    browser = login(name)
    assert post(browser, f"{SETTINGS}/public", public="on")[0] == 403
    assert post(browser, f"{SETTINGS}/members", username=name, role="admin")[0] == 403
    assert changes(web_database, "workspace")[0][0] == "setup"  # only the creation
    assert all(c[0] == "setup" for c in changes(web_database, "membership"))


def test_a_missing_workspace_is_not_found_and_nothing_is_audited(
        login: Login, web_database: Database) -> None:
    admin = login("admin")
    assert admin.get("/workspaces/nowhere/settings").status_code == 404
    assert post(admin, "/workspaces/nowhere/settings/public", public="on")[0] == 404
    assert post(admin, "/workspaces/nowhere/settings/members", username="viewer",
                role="viewer")[0] == 404
    with web_database.connect() as conn:
        assert audit.history(conn, workspace_key="nowhere") == []
