"""Security properties that hold on every route, enumerated from the app itself.

- CSRF: every unsafe request authenticated by the session cookie needs the session's own
  token; a request authenticated by an API token needs none (it carries no cookie a
  third-party site could ride on).
- Stored text is shown escaped on every page that shows it.
- SQL metacharacters in query parameters are plain text: no error, no data changed.
- Session cookies: HttpOnly, SameSite=Lax, Secure in production; no production start
  without a secret key (``impact serve`` itself is checked in test_app.py).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from bs4 import BeautifulSoup
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel

from impactkit.errors import ImpactError
from impactkit.services import accounts
from impactkit.services.accounts import operator
from impactkit.services.records import get_record, update_record
from impactkit.settings import Settings
from impactkit.store.accounts import find_user
from impactkit.store.db import Database
from impactkit.store.records import load_workspace_data
from impactkit.web.app import create_app
from tests.web.conftest import EARLIER, LATEST, csrf_of
from tests.web.route_catalogue import (
    UNSAFE_METHODS,
    Endpoint,
    KeyBook,
    all_params,
    call,
    endpoints,
    snapshot,
)

Login = Callable[[str], TestClient]
PAYLOAD = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>"
RAW = ("<script>alert(1)", "<img src=x onerror")
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
METACHARACTERS = ("' OR 1=1 --", "%", "_", ";DROP TABLE findings", "\" OR \"\"=\"")


def _unsafe(app: FastAPI) -> list[Endpoint]:
    return [e for e in endpoints(app) if e.method in UNSAFE_METHODS]


_snapshot = snapshot


# --- CSRF ----------------------------------------------------------------------------------


def test_every_unsafe_route_refuses_a_session_request_without_a_csrf_token(
        login: Login, web_database: Database) -> None:
    admin = login("admin")  # may do everything: only the token is missing
    keys = KeyBook.of(web_database)
    before = _snapshot(web_database)
    offences = []
    found = _unsafe(admin.app)  # type: ignore[arg-type]
    assert len(found) >= 4
    for endpoint in found:
        response = call(admin, endpoint, keys)
        if response.status_code != 403 or "CSRF" not in response.text:
            offences.append(f"{endpoint.label}: answered {response.status_code}")
    assert not offences, "unsafe routes that accept a request without a CSRF token:\n  " + \
        "\n  ".join(offences)
    assert _snapshot(web_database) == before


def test_a_csrf_token_of_another_session_is_refused(login: Login,
                                                    web_database: Database) -> None:
    admin, wsadmin = login("admin"), login("wsadmin")
    foreign = csrf_of(admin, "/")
    assert foreign != csrf_of(wsadmin, "/")
    keys = KeyBook.of(web_database)
    before = _snapshot(web_database)
    offences = []
    for endpoint in _unsafe(wsadmin.app):  # type: ignore[arg-type]
        response = call(wsadmin, endpoint, keys, headers={"X-CSRF-Token": foreign})
        if response.status_code != 403 or "CSRF" not in response.text:
            offences.append(f"{endpoint.label}: answered {response.status_code}")
    assert not offences, "unsafe routes that accept another session's CSRF token:\n  " + \
        "\n  ".join(offences)
    as_field = wsadmin.post(f"/workspaces/{LATEST}/settings/public",
                            data={"public": "on", "csrf_token": foreign})
    assert as_field.status_code == 403
    assert _snapshot(web_database) == before


def test_api_token_requests_need_no_csrf_token(client: TestClient,
                                               web_database: Database) -> None:
    token = accounts.create_token(web_database, operator("admin"), username="admin", name="script")
    bearer = {"Authorization": f"Bearer {token}"}
    client.cookies.clear()
    switched = client.post(f"/workspaces/{LATEST}/settings/public", data={"public": "on"},
                           headers=bearer, follow_redirects=False)
    assert switched.status_code == 303
    assert accounts.is_public(web_database, LATEST)
    keys = KeyBook.of(web_database)
    refused = []
    for endpoint in _unsafe(client.app):  # type: ignore[arg-type]
        if not endpoint.path.startswith("/api/"):
            continue
        response = call(client, endpoint, keys, headers=bearer)
        if response.status_code in (401, 403) and (
                "CSRF" in response.text or response.status_code == 401):
            refused.append(f"{endpoint.label}: answered {response.status_code}")
    assert not refused, "API routes that refuse a valid API token:\n  " + "\n  ".join(refused)


# --- stored text is escaped ----------------------------------------------------------------


@pytest.fixture
def scripted(web_database: Database) -> KeyBook:
    """The first finding (by key) with the payload in its title and narrative, and the first
    actor with it in the name, saved through the editing services like any user's input.
    The first by key: they show on the first page of their lists."""
    with web_database.connect() as conn:
        admin = accounts.Principal(user=find_user(conn, username="admin"))
        data = load_workspace_data(conn, workspace_key=LATEST)
    finding_key = min(f.key for f in data.findings)
    actor_key = min(a.key for a in data.actors)
    for entity, key, changes in (
            ("findings", finding_key, {"title": f"Title {PAYLOAD}",
                                       "narrative": f"Narrative {PAYLOAD}"}),
            ("actors", actor_key, {"name": f"Actor {PAYLOAD}"})):
        current = get_record(web_database, admin, workspace_key=LATEST, entity=entity, key=key)
        update_record(web_database, admin, workspace_key=LATEST, entity=entity,
                      record=dataclasses.replace(current, **changes),
                      expected_version=current.version)
    base = KeyBook.of(web_database)
    return dataclasses.replace(base, records={**base.records, "findings": finding_key,
                                              "actors": actor_key})


def test_stored_script_is_shown_escaped_on_every_page_that_shows_it(
        login: Login, scripted: KeyBook) -> None:
    admin = login("admin")
    pages = {scripted.url(e.path) for e in endpoints(admin.app)  # type: ignore[arg-type]
             if e.method == "GET" and not e.is_api and not e.path.startswith("/static")
             and not e.path.startswith("/api")}
    finding, actor = scripted.records["findings"], scripted.records["actors"]
    pages |= {f"/workspaces/{LATEST}/actors/{actor}/history", f"/workspaces/{LATEST}/actors",
              f"/workspaces/{LATEST}/findings?text=Title"}
    showing, unescaped = set(), []
    for url in sorted(pages):
        response = admin.get(url)
        if not response.headers.get("content-type", "").startswith("text/html"):
            continue
        if any(marker in response.text for marker in RAW):
            unescaped.append(url)
        if ESCAPED in response.text:
            showing.add(url)
    assert not unescaped, "pages showing the stored script unescaped: " + ", ".join(unescaped)
    must_show = {
        f"/workspaces/{LATEST}/audit", f"/workspaces/{LATEST}/findings/{finding}/history",
        f"/workspaces/{LATEST}/actors/{actor}/history", f"/workspaces/{LATEST}/findings",
        f"/workspaces/{LATEST}/findings/{finding}", f"/workspaces/{LATEST}/actors",
        f"/workspaces/{LATEST}/actors/{actor}", f"/workspaces/{LATEST}/findings?text=Title"}
    assert must_show <= showing, f"pages not showing the stored text: {must_show - showing}"
    # and it is text, not markup: the parsed page holds no script element of ours
    soup = BeautifulSoup(admin.get(f"/workspaces/{LATEST}/findings/{finding}").text,
                         "html.parser")
    assert all("alert" not in (s.string or "") for s in soup.find_all("script"))
    assert not soup.find("img", attrs={"onerror": True})
    assert PAYLOAD in soup.get_text()


# --- SQL metacharacters --------------------------------------------------------------------


def _query_names(endpoint: Endpoint) -> list[str]:
    dependant = getattr(endpoint.route, "dependant", None)
    if dependant is None:
        return []
    names = []
    for param in all_params(dependant, "query_params"):
        annotation = param.field_info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            names += [f.alias or n for n, f in annotation.model_fields.items()]
        else:
            names.append(param.alias)
    return names


def test_sql_metacharacters_in_query_parameters_are_harmless(
        login: Login, web_database: Database) -> None:
    admin = login("admin")
    keys = KeyBook.of(web_database)
    before = _snapshot(web_database)
    offences, tried = [], 0
    for endpoint in endpoints(admin.app):  # type: ignore[arg-type]
        if endpoint.method != "GET":
            continue
        for name in _query_names(endpoint):
            if name == "w":
                continue
            for value in METACHARACTERS:
                url = keys.url(endpoint.path)
                params = {"w": [LATEST, EARLIER]} if "w" in _query_names(endpoint) else {}
                response = admin.get(url, params={**params, name: value})
                tried += 1
                if response.status_code not in (200, 400, 404, 422):
                    offences.append(f"GET {url}?{name}={value!r}: {response.status_code}")
    assert tried > 50  # the list pages and the trail have filters
    assert not offences, "query parameters that break a page:\n  " + "\n  ".join(offences)
    assert _snapshot(web_database) == before


@pytest.mark.parametrize("value", ["' OR 1=1 --", "%", "_", "setup' --"])
def test_filters_match_metacharacters_literally(login: Login, value: str) -> None:
    viewer = login("viewer")
    trail = viewer.get(f"/workspaces/{LATEST}/audit.json", params={"user": value})
    assert (trail.status_code, trail.json()["total"]) == (200, 0)
    found = viewer.get(f"/workspaces/{LATEST}/findings.json", params={"text": value})
    assert found.status_code == 200
    assert found.json()["total"] == 0
    assert viewer.get(f"/workspaces/{LATEST}/audit.json",
                      params={"entity": ";DROP TABLE findings"}).status_code == 400
    assert viewer.get(f"/workspaces/{LATEST}/findings.json").json()["total"] > 300


# --- cookies and secrets -------------------------------------------------------------------


def _cookie_flags(app: FastAPI) -> list[str]:
    with TestClient(app) as browser:
        response = browser.get("/login")
    cookie = next(v for k, v in response.headers.multi_items()
                  if k == "set-cookie" and v.startswith("impact_session="))
    return [part.strip().lower() for part in cookie.split(";")]


def test_session_cookie_is_httponly_lax_and_secure_in_production(database: Database) -> None:
    production = create_app(Settings(environment="production",
                                     secret_key="a-long-random-production-secret"),
                            database=database)
    flags = _cookie_flags(production)
    assert {"httponly", "samesite=lax", "secure"} <= set(flags)
    development = create_app(Settings(secret_key="dev"), database=database)
    assert "secure" not in _cookie_flags(development)


@pytest.mark.parametrize("secret", [None, ""])
def test_create_app_refuses_production_without_a_secret_key(database: Database,
                                                            secret: str | None) -> None:
    with pytest.raises(ImpactError, match="IMPACT_SECRET_KEY must be set in production"):
        create_app(Settings(environment="production", secret_key=secret), database=database)
