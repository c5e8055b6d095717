"""Every route of the app, enumerated, is closed to those who may not use it.

Nobody lists the routes by hand: :mod:`tests.web.route_catalogue` walks ``create_app()``, so
a route added without a permission check fails here, by name. Only the routes in
:data:`PUBLIC` answer anonymous visitors, and they show nothing that is not public.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import httpx2
from fastapi import FastAPI
from fastapi.testclient import TestClient

from impactkit.services import accounts
from impactkit.settings import Settings
from impactkit.store import audit
from impactkit.store.accounts import find_user
from impactkit.store.db import Database
from impactkit.web.app import create_app
from tests.web.conftest import EARLIER, LATEST, csrf_of
from tests.web.route_catalogue import (
    UNSAFE_METHODS,
    Endpoint,
    KeyBook,
    call,
    check_catalogue,
    endpoints,
    snapshot,
)

PUBLIC: dict[tuple[str, str], str] = {
    ("GET", "/login"): "the login page",
    ("POST", "/login"): "logging in",
    ("GET", "/"): "the start page: public workspaces only, and an invitation to log in",
    ("GET", "/workspaces.json"): "the start page's JSON twin",
    ("GET", "/api/workspaces"): "the start page's list through the API: public ones only",
    ("GET", "/api/docs"): "the API documentation page (no data)",
    ("GET", "/api/openapi.json"): "the OpenAPI schema (no data)",
    ("HEAD", "/api/openapi.json"): "the OpenAPI schema (no data)",
    ("GET", "/static/vendor/plotly.min.js"): "a static asset",
    ("MOUNT", "/static"): "static assets",
}
"""Routes an anonymous visitor may use. Keep it short: each entry is a promise that the
route shows nothing a visitor without an account may not see."""

MEMBER_ONLY_MARKERS = ("/audit", "/history", "/settings")
"""Pages for members only, even on a public workspace: who changed what, and the settings."""

VIEWER_MAY_CHANGE: frozenset[tuple[str, str]] = frozenset()
"""Workspace routes that change something and that a viewer may use: none."""

Offences = list[str]


def _refused_anonymously(endpoint: Endpoint, response: httpx2.Response) -> bool:
    if endpoint.is_api:
        return response.status_code == 401
    return (response.status_code == 303
            and response.headers.get("location", "").startswith("/login"))


def _describe(endpoint: Endpoint, response: httpx2.Response) -> str:
    expected = "401" if endpoint.is_api else "303 to /login"
    where = response.headers.get("location")
    got = f"{response.status_code}" + (f" to {where}" if where else "")
    return f"{endpoint.label}: answered {got}, expected {expected}"


def anonymous_offences(client: TestClient, keys: KeyBook,
                       chosen: Callable[[Endpoint], bool]) -> Offences:
    """Every chosen route that does not refuse an anonymous visitor. Unsafe requests carry
    the session's valid CSRF token (fetched afresh each time: logging out drops it), so the
    refusal must come from the missing login; they are sent with a plausible body and with
    none, since who is asking must be checked before what was sent is parsed."""
    found = endpoints(client.app)  # type: ignore[arg-type]
    offences: Offences = []
    for endpoint in found:
        if not chosen(endpoint):
            continue
        if endpoint.method == "MOUNT":
            offences.append(f"MOUNT {endpoint.path}: a mounted app outside the allowlist")
            continue
        unsafe = endpoint.method in UNSAFE_METHODS
        for with_body in (True, False) if unsafe else (True,):
            token = csrf_of(client) if unsafe else ""
            response = call(client, endpoint, keys, headers={"X-CSRF-Token": token},
                            with_body=with_body)
            if not _refused_anonymously(endpoint, response):
                empty = "" if with_body else " (with an empty body)"
                offences.append(_describe(endpoint, response) + empty)
    return offences


def _report(title: str, offences: Iterable[str]) -> str:
    return title + ":\n  " + "\n  ".join(offences)


def _not_public(endpoint: Endpoint) -> bool:
    return (endpoint.method, endpoint.path) not in PUBLIC


def test_the_enumeration_sees_every_route(client: TestClient) -> None:
    app: FastAPI = client.app  # type: ignore[assignment]
    found = endpoints(app)
    check_catalogue(app, found)
    labels = {(e.method, e.path) for e in found}
    stale = [f"{m} {p}" for m, p in PUBLIC if (m, p) not in labels]
    assert not stale, "PUBLIC lists routes that no longer exist: " + ", ".join(stale)


def test_anonymous_visitors_are_refused_on_every_route_but_the_public_ones(
        client: TestClient, web_database: Database) -> None:
    before = snapshot(web_database)
    offences = anonymous_offences(client, KeyBook.of(web_database), _not_public)
    assert not offences, _report("routes that answer anonymous visitors of a workspace that "
                                 "is not public", offences)
    assert snapshot(web_database) == before  # and nothing was written


def test_the_public_routes_show_nothing_of_a_workspace_that_is_not_public(
        client: TestClient) -> None:
    for path in ("/", "/workspaces.json", "/api/workspaces"):  # (the API docs cite demo keys)
        response = client.get(path)
        assert response.status_code == 200, path
        assert LATEST not in response.text and EARLIER not in response.text, path
    assert client.get("/workspaces.json").json() == {"workspaces": []}


def test_a_public_workspace_is_read_only_and_its_trail_and_settings_stay_closed(
        client: TestClient, web_database: Database) -> None:
    accounts.set_public(web_database, _site_admin(web_database), workspace_key=LATEST,
                        public=True)

    def closed_even_when_public(endpoint: Endpoint) -> bool:
        if not _not_public(endpoint):
            return False
        return endpoint.method in UNSAFE_METHODS or any(
            marker in endpoint.path for marker in MEMBER_ONLY_MARKERS)

    offences = anonymous_offences(client, KeyBook.of(web_database), closed_even_when_public)
    assert not offences, _report("routes that let anonymous visitors change a public "
                                 "workspace or see its trail or settings", offences)
    assert client.get(f"/api/workspaces/{LATEST}").status_code == 200  # readable, though


def test_the_check_catches_a_route_added_without_protection(
        web_database: Database, app_settings: Settings) -> None:
    """The test above can fail: an unprotected route is reported by name. (An unprotected
    route that changes something is still refused to anonymous visitors: web.guard refuses
    every anonymous state-changing request but logging in, before the route runs.)"""
    app = create_app(app_settings, database=web_database)
    app.add_api_route("/workspaces/{key}/leak", lambda key: {"secret": key})
    app.add_api_route("/workspaces/{key}/leak.json", lambda key: {"secret": key},
                      methods=["POST"])
    with TestClient(app) as test_client:
        offences = anonymous_offences(test_client, KeyBook.of(web_database), _not_public)
    assert offences == [
        "GET /workspaces/{key}/leak: answered 200, expected 303 to /login",
    ]


def test_a_viewer_cannot_change_anything_in_the_workspace(
        login: Callable[[str], TestClient], web_database: Database) -> None:
    viewer = login("viewer")
    token = csrf_of(viewer, "/")
    keys = KeyBook.of(web_database)
    offences: Offences = []
    for endpoint in endpoints(viewer.app):  # type: ignore[arg-type]
        if endpoint.method not in UNSAFE_METHODS or not endpoint.in_workspace:
            continue
        if (endpoint.method, endpoint.path) in VIEWER_MAY_CHANGE:
            continue
        response = call(viewer, endpoint, keys, headers={"X-CSRF-Token": token})
        if response.status_code != 403:
            offences.append(f"{endpoint.label}: answered {response.status_code}, "
                            "expected 403")
    assert not offences, _report("workspace routes that do not refuse a viewer's change with "
                                 "403", offences)
    with web_database.connect() as conn:
        assert audit.history(conn, user="viewer") == []


def test_users_of_other_workspaces_are_refused_on_every_workspace_route(
        login: Callable[[str], TestClient], web_database: Database) -> None:
    outsider = login("outsider")
    token = csrf_of(outsider, "/")
    keys = KeyBook.of(web_database)
    before = snapshot(web_database)
    offences: Offences = []
    for endpoint in endpoints(outsider.app):  # type: ignore[arg-type]
        if not endpoint.in_workspace:
            continue
        response = call(outsider, endpoint, keys, headers={"X-CSRF-Token": token})
        if response.status_code != 403:
            offences.append(f"{endpoint.label}: answered {response.status_code}, "
                            "expected 403")
    assert not offences, _report("workspace routes open to a user who is not a member",
                                 offences)
    assert snapshot(web_database) == before  # and nothing was written


def _site_admin(db: Database) -> accounts.Principal:
    with db.connect() as conn:
        user = find_user(conn, username="admin")
    assert user is not None
    return accounts.Principal(user=user)
