"""Logging in and out, sessions, CSRF and the security headers."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.web.conftest import ALL_DEMO, LATEST, PASSWORD, csrf_of, log_in


def test_login_page_is_public_and_carries_a_csrf_token(client: TestClient) -> None:
    page = client.get("/login")
    assert page.status_code == 200
    assert 'name="csrf_token"' in page.text


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(
        client: TestClient) -> None:
    token = csrf_of(client)
    for username in ("admin", "nobody"):
        response = client.post("/login", data={"username": username, "password": "wrong" * 3,
                                               "csrf_token": token})
        assert response.status_code == 401
        assert "Wrong username or password" in response.text


def test_login_then_logout(client: TestClient) -> None:
    log_in(client, "viewer")
    assert LATEST in client.get("/").text
    token = csrf_of(client, "/")
    out = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert out.status_code == 303
    assert LATEST not in client.get("/").text


def test_login_without_csrf_token_is_forbidden(client: TestClient) -> None:
    response = client.post("/login", data={"username": "admin", "password": PASSWORD})
    assert response.status_code == 403


def test_login_never_redirects_to_another_site(client: TestClient) -> None:
    token = csrf_of(client)
    response = client.post("/login", data={"username": "admin", "password": PASSWORD,
                                           "csrf_token": token,
                                           "next": "//evil.example/x"},
                           follow_redirects=False)
    assert response.headers["location"] == "/"


def test_members_see_only_their_workspaces(login: object) -> None:
    viewer = login("viewer")  # type: ignore[operator]
    listed = [w["key"] for w in viewer.get("/workspaces.json").json()["workspaces"]]
    assert listed == [LATEST]
    outsider = login("outsider")  # type: ignore[operator]
    assert outsider.get("/workspaces.json").json()["workspaces"] == []
    admin = login("admin")  # type: ignore[operator]
    assert len(admin.get("/workspaces.json").json()["workspaces"]) == len(ALL_DEMO)


def test_security_headers(client: TestClient) -> None:
    response = client.get("/login")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"
    cookie = response.headers.get("set-cookie", "")
    assert "httponly" in cookie.lower()
    assert "samesite=lax" in cookie.lower()


def test_assets_are_served_locally(client: TestClient) -> None:
    for path in ("/static/vendor/htmx-2.0.11.min.js", "/static/vendor/plotly.min.js",
                 "/static/css/app.css", "/static/js/app.js"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "max-age" in response.headers["cache-control"]
