"""The accounts pages: site administrators deactivate and reactivate accounts, set
passwords and revoke API tokens; nobody else may; every change is audited."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from impactkit.services import accounts
from impactkit.services.accounts import operator
from impactkit.store import audit
from impactkit.store.db import Database
from tests.web.conftest import LATEST, PASSWORD, csrf_of, log_in

Login = Callable[[str], TestClient]
USERS = "/admin/users"
NEW_PASSWORD = "a brand new passphrase"


def post(browser: TestClient, path: str, **form: str) -> tuple[int, str]:
    response = browser.post(path, data={**form, "csrf_token": csrf_of(browser, "/")},
                            follow_redirects=False)
    return response.status_code, response.headers.get("location", response.text)


def test_only_site_admins_see_the_accounts(client: TestClient, login: Login) -> None:
    admin = login("admin")
    assert admin.get(USERS).status_code == 200
    listed = admin.get(f"{USERS}.json").json()["users"]
    assert [u["username"] for u in listed] == [
        "admin", "contributor", "outsider", "reviewer", "viewer", "wsadmin"]
    assert listed[4]["roles"] == {LATEST: "viewer"} and listed[4]["active"] is True
    for name in ("wsadmin", "viewer"):
        assert login(name).get(USERS).status_code == 403, name
        assert login(name).get(f"{USERS}/viewer.json").status_code == 403, name
        assert post(login(name), f"{USERS}/viewer/active", active="off")[0] == 403, name
    anonymous = client.get(USERS, follow_redirects=False)
    assert (anonymous.status_code, anonymous.headers["location"]) == (
        303, f"/login?next={USERS}")
    assert "Accounts" in admin.get("/").text and ">Accounts<" not in login("viewer").get(
        "/").text


def test_a_form_without_the_csrf_token_is_refused(login: Login) -> None:
    admin = login("admin")
    refused = admin.post(f"{USERS}/viewer/active", data={"active": "off"})
    assert refused.status_code == 403
    assert admin.get(f"{USERS}/viewer.json").json()["active"] is True


def test_deactivating_and_reactivating_from_the_page(
        client: TestClient, login: Login, web_database: Database) -> None:
    admin, viewer = login("admin"), login("viewer")
    page = BeautifulSoup(admin.get(f"{USERS}/viewer").text, "html.parser")
    for form in page.find_all("form", method="post"):
        assert form.find("input", attrs={"name": "csrf_token"}), form
    assert post(admin, f"{USERS}/viewer/active", active="off") == (
        303, f"{USERS}/viewer?saved=deactivated")
    assert "its sessions ended and its API tokens were revoked" in admin.get(
        f"{USERS}/viewer?saved=deactivated").text
    assert viewer.get(f"/api/workspaces/{LATEST}").status_code == 401
    assert admin.get(f"{USERS}/viewer.json").json()["active"] is False
    assert post(admin, f"{USERS}/viewer/active", active="on")[0] == 303
    log_in(client, "viewer")
    with web_database.connect() as conn:
        trail = audit.history(conn, entity="user", record_key="viewer")
    assert [(e.user, e.before, e.after, e.summary) for e in trail[:2]] == [
        ("admin", {"active": False}, {"active": True}, "account reactivated"),
        ("admin", {"active": True}, {"active": False}, "account deactivated"),
    ]


def test_an_admin_cannot_deactivate_their_own_account(login: Login) -> None:
    admin = login("admin")
    status, text = post(admin, f"{USERS}/admin/active", active="off")
    assert status == 400
    assert "You cannot deactivate your own account" in text
    page = BeautifulSoup(admin.get(f"{USERS}/admin").text, "html.parser")
    assert not page.find("form", action=f"{USERS}/admin/active")


def test_setting_a_password_from_the_page(client: TestClient, login: Login) -> None:
    admin, viewer = login("admin"), login("viewer")
    status, text = post(admin, f"{USERS}/viewer/password", password=NEW_PASSWORD,
                        confirm="something else entirely")
    assert (status, "confirmation differ" in text) == (400, True)
    assert post(admin, f"{USERS}/viewer/password", password=NEW_PASSWORD,
                confirm=NEW_PASSWORD) == (303, f"{USERS}/viewer?saved=password")
    assert viewer.get(f"/api/workspaces/{LATEST}").status_code == 401
    log_in(client, "viewer", NEW_PASSWORD)


def test_listing_and_revoking_tokens_from_the_page(
        client: TestClient, login: Login, web_database: Database) -> None:
    token = accounts.create_token(web_database, operator("setup"),
                                  username="viewer", name="nightly export")
    bearer = {"Authorization": f"Bearer {token}"}
    assert client.get(f"/api/workspaces/{LATEST}", headers=bearer).status_code == 200
    admin = login("admin")
    shown = admin.get(f"{USERS}/viewer.json").json()["tokens"]
    assert [t["name"] for t in shown] == ["nightly export"]
    assert shown[0]["last_used_at"] is not None
    page = BeautifulSoup(admin.get(f"{USERS}/viewer").text, "html.parser")
    assert page.find("th", string="nightly export")
    assert post(admin, f"{USERS}/viewer/tokens/revoke", name="nightly export") == (
        303, f"{USERS}/viewer?saved=revoked")
    assert client.get(f"/api/workspaces/{LATEST}", headers=bearer).status_code == 401
    assert admin.get(f"{USERS}/viewer.json").json()["tokens"] == []
    assert post(admin, f"{USERS}/viewer/tokens/revoke", name="nightly export")[0] == 404
    assert post(admin, f"{USERS}/nobody/tokens/revoke", name="x")[0] == 404


def test_the_password_page_is_for_logged_in_users(client: TestClient, login: Login) -> None:
    anonymous = client.get("/account/password", follow_redirects=False)
    assert anonymous.headers["location"] == "/login?next=/account/password"
    page = BeautifulSoup(login("viewer").get("/account/password").text, "html.parser")
    assert [i["name"] for i in page.select("form[action='/account/password'] input")] == [
        "csrf_token", "current", "new", "confirm"]
    assert PASSWORD not in page.text


def test_impossible_usernames_and_token_names_are_refused_before_any_query(
        web_database: Database) -> None:
    from impactkit.errors import UsageError
    from impactkit.services import accounts, user_admin
    admin = accounts.operator("setup")
    for call in (lambda: user_admin.account(web_database, admin, username="vie\x00wer"),
                 lambda: user_admin.revoke_token(web_database, admin, username="viewer",
                                                 name="a\x00b"),
                 lambda: accounts.create_user(web_database, operator("setup"), username="new",
                                              password="a long enough password",
                                              display_name="N\x00")):
        with pytest.raises(UsageError):
            call()
