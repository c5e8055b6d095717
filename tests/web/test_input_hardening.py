"""Regression tests of the web and API input defects of the hardening probe (issue 9), each
written from its reproduction, on SQLite and PostgreSQL:

- keys outside Latin-1 (Cyrillic, Greek) are saved and reachable, their ``Location`` header
  percent-encoded; keys outside the documented character set are refused on every path;
- NUL and other control characters, and texts over ``limits.MAX_TEXT_CHARS``, are refused
  (naming the field) on writes and in search and filter parameters;
- huge paging values are a 422 in the error shape, never a 500;
- every error (FastAPI's, Starlette's, an unreadable body, a failure) has the one shape.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from impactkit.errors import ValidationError
from impactkit.limits import MAX_KEY_CHARS, MAX_OFFSET, MAX_PAGE_NUMBER, MAX_TEXT_CHARS
from impactkit.services import accounts
from impactkit.services.accounts import operator
from impactkit.services.workspaces import create_workspace
from impactkit.settings import Settings
from impactkit.store.db import Database
from impactkit.store.records import load_workspace_data
from impactkit.web.app import create_app
from tests.web.conftest import LATEST, csrf_of

Headers = dict[str, str]
Login = Callable[[str], TestClient]
API = f"/api/workspaces/{LATEST}"


@pytest.fixture
def token(web_database: Database) -> Headers:
    """The headers of a request made with an API token of the contributor."""
    value = accounts.create_token(web_database, operator("contributor"),
                                  username="contributor", name="tests")
    return {"Authorization": f"Bearer {value}"}


def actor_body(web_database: Database, key: str, **changes: str) -> dict[str, str]:
    with web_database.connect() as conn:
        actor = load_workspace_data(conn, workspace_key=LATEST).actors[0]
    return {"key": key, "name": "Служба", "sector": "labour", "level": actor.level,
            "type": actor.type, **changes}


def assert_shape(response, status: int, error: str) -> dict:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["error"] == error, body
    assert isinstance(body["message"], str) and body["message"]
    assert "detail" not in body
    return body  # type: ignore[no-any-return]


def problem_fields(body: dict) -> list[str | None]:  # type: ignore[type-arg]
    return [p["field"] for p in body.get("problems") or []]


# --- defect 2: keys outside Latin-1 ----------------------------------------------------------


@pytest.mark.parametrize("key", ["служба-1", "υπηρεσία-2", "Kinderschutz_ä.3"])
def test_a_key_in_cyrillic_or_greek_is_saved_once_and_its_location_is_percent_encoded(
        client: TestClient, token: Headers, web_database: Database, key: str) -> None:
    created = client.post(f"{API}/actors", json=actor_body(web_database, key), headers=token)
    assert created.status_code == 201, created.text
    location = created.headers["location"]
    assert location == f"{API}/actors/{quote(key, safe='')}"
    assert location.isascii()
    fetched = client.get(location, headers=token)
    assert fetched.status_code == 200 and fetched.json()["key"] == key
    again = client.post(f"{API}/actors", json=actor_body(web_database, key), headers=token)
    assert again.status_code == 422  # the first try really was saved, once


def test_a_key_in_cyrillic_is_saved_from_the_web_form_and_redirects_to_its_page(
        login: Login, web_database: Database) -> None:
    contributor = login("contributor")
    token = csrf_of(contributor, f"/workspaces/{LATEST}/actors/new")
    form = {**actor_body(web_database, "служба-1"), "csrf_token": token}
    saved = contributor.post(f"/workspaces/{LATEST}/actors/new", data=form,
                             follow_redirects=False)
    assert saved.status_code == 303, saved.text
    assert saved.headers["location"] == (f"/workspaces/{LATEST}/actors/"
                                         f"{quote('служба-1', safe='')}?saved=1")
    assert contributor.get(saved.headers["location"]).status_code == 200


@pytest.mark.parametrize(("key", "says"), [
    ("a/b", "'/'"), ("two words", "' '"), ("..", "starts with a letter or a digit"),
    ("x" * (MAX_KEY_CHARS + 1), f"at most {MAX_KEY_CHARS} characters"),
    ("a\u0000b", "control character"), ("a?b", "'?'"),
])
def test_keys_outside_the_rule_are_refused_naming_the_rule(
        client: TestClient, token: Headers, web_database: Database, key: str,
        says: str) -> None:
    refused = client.post(f"{API}/actors", json=actor_body(web_database, key), headers=token)
    body = assert_shape(refused, 422, "ValidationError")
    [problem] = [p for p in body["problems"] if p["field"] == "key"]
    assert says in problem["message"]


def test_a_workspace_key_is_checked_by_the_service_the_cli_uses(
        web_database: Database) -> None:
    with pytest.raises(ValidationError) as refused:
        create_workspace(web_database, operator("setup"), key="a b/c", jurisdiction="FI",
                         cycle="2024")
    assert [p.field for p in refused.value.problems] == ["key"]
    made = create_workspace(web_database, operator("setup"), key="служба", jurisdiction="FI",
                            cycle="2024")
    assert made.key == "служба"


# --- defect 8: NUL and control characters, long texts ----------------------------------------


def _finding_body(client: TestClient, token: Headers, **changes: object) -> dict:  # type: ignore[type-arg]
    first = client.get(f"{API}/findings?per_page=1", headers=token).json()["items"][0]
    body = {name: first[name] for name in (
        "title", "area", "layer", "provisions", "clusters", "sectors", "groups", "forms",
        "confidence", "narrative", "exclusion_criteria", "tension_sectors",
        "tension_instruments") if name in first}
    body.update(rating=first.get("rating"), rating_state=first.get("rating_state"))
    return {"key": "new-finding-1", **body, **changes}


@pytest.mark.parametrize(("field", "value", "says"), [
    ("narrative", "a\u0000b", "control character U+0000"),
    ("title", "bell \u0007", "control character U+0007"),
    ("title", "x" * (MAX_TEXT_CHARS + 1), f"at most {MAX_TEXT_CHARS} characters"),
])
def test_control_characters_and_long_texts_are_refused_naming_the_field(
        client: TestClient, token: Headers, web_database: Database, field: str, value: str,
        says: str) -> None:
    before = client.get(f"{API}/findings", headers=token).json()["total"]
    refused = client.post(f"{API}/findings", json=_finding_body(client, token,
                                                                **{field: value}),
                          headers=token)
    body = assert_shape(refused, 422, "ValidationError")
    [message] = [p["message"] for p in body["problems"] if p["field"] == field]
    assert says in message and field in message
    assert client.get(f"{API}/findings", headers=token).json()["total"] == before


def test_tabs_and_line_breaks_are_kept(client: TestClient, token: Headers) -> None:
    text = "one\ttwo\r\nthree\nfour"
    saved = client.post(f"{API}/findings", json=_finding_body(client, token, narrative=text),
                        headers=token)
    assert saved.status_code == 201, saved.text
    assert client.get(saved.headers["location"], headers=token).json()["narrative"] == text


def test_nul_in_a_web_form_is_refused_on_the_form(login: Login,
                                                  web_database: Database) -> None:
    contributor = login("contributor")
    token = csrf_of(contributor, f"/workspaces/{LATEST}/actors/new")
    form = {**actor_body(web_database, "nul-actor", description="a\u0000b"),
            "csrf_token": token}
    refused = contributor.post(f"/workspaces/{LATEST}/actors/new", data=form)
    assert refused.status_code == 422
    assert "description contains the control character U+0000" in refused.text


@pytest.mark.parametrize("path", [
    f"{API}/findings?text=%00", f"{API}/findings?area=%00",
    f"{API}/recommendations?text=%00", f"{API}/recommendations?actor=a%01",
    f"{API}/recommendations/suggestions?kind=%00",
])
def test_nul_in_a_search_or_filter_parameter_is_a_422(client: TestClient, token: Headers,
                                                      path: str) -> None:
    body = assert_shape(client.get(path, headers=token), 422, "ValidationError")
    assert body["problems"][0]["location"] == "query"
    assert "control character" in body["problems"][0]["message"]


@pytest.mark.parametrize("path", [
    f"/workspaces/{LATEST}/findings?text=%00",
    f"/workspaces/{LATEST}/recommendations?text=%00",
    f"/workspaces/{LATEST}/audit?user=%00",
])
def test_nul_in_a_search_on_a_page_is_a_422_page(login: Login, path: str) -> None:
    refused = login("contributor").get(path)
    assert refused.status_code == 422
    assert "control character" in refused.text


# --- defect 9: huge paging values -------------------------------------------------------------

HUGE_PAGE = "606423262289036800"
HUGE_OFFSET = str(10**20)


@pytest.mark.parametrize("path", [
    *(f"{API}/{entity}?page={HUGE_PAGE}" for entity in (
        "findings", "evidence", "actors", "instruments", "mandates", "links",
        "indicator-values")),
    f"{API}/recommendations?offset={HUGE_OFFSET}",
    f"{API}/recommendations/suggestions?offset={HUGE_OFFSET}",
    f"{API}/audit?page={HUGE_PAGE}",
    f"{API}/actors?page={MAX_PAGE_NUMBER + 1}",
    f"{API}/recommendations?offset={MAX_OFFSET + 1}",
    f"{API}/actors?page=0", f"{API}/recommendations?offset=-1",
])
def test_out_of_bounds_paging_on_the_api_is_a_422(client: TestClient, token: Headers,
                                                  path: str) -> None:
    body = assert_shape(client.get(path, headers=token), 422, "ValidationError")
    assert body["problems"][0]["field"] in ("page", "offset")


def test_the_highest_page_allowed_is_an_empty_page(client: TestClient,
                                                   token: Headers) -> None:
    listed = client.get(f"{API}/actors?page={MAX_PAGE_NUMBER}", headers=token)
    assert listed.status_code == 200 and listed.json()["items"] == []


@pytest.mark.parametrize("path", [
    *(f"/workspaces/{LATEST}/{entity}?page={HUGE_PAGE}" for entity in (
        "findings", "evidence", "actors", "instruments", "mandates", "links",
        "indicator-values", "recommendations", "recommendations/suggestions", "audit")),
    f"/workspaces/{LATEST}/actors.json?page={HUGE_PAGE}",
])
def test_out_of_bounds_paging_on_a_page_is_a_422(login: Login, path: str) -> None:
    refused = login("contributor").get(path)
    assert refused.status_code == 422, path
    if path.endswith(f".json?page={HUGE_PAGE}"):
        assert refused.json()["error"] == "ValidationError"


# --- defect 12: one error shape for every error -----------------------------------------------


def test_a_body_that_is_not_utf8_gets_the_error_shape(client: TestClient,
                                                      token: Headers) -> None:
    sent = client.post(f"{API}/actors", content="{\"key\": \"\xe9\"}".encode("latin-1"),
                       headers={**token, "Content-Type": "application/json"})
    assert sent.status_code in (400, 422)
    assert_shape(sent, sent.status_code, "UsageError" if sent.status_code == 400
                 else "ValidationError")


def test_json_that_does_not_parse_gets_the_error_shape(client: TestClient,
                                                       token: Headers) -> None:
    sent = client.post(f"{API}/actors", content=b"{not json",
                       headers={**token, "Content-Type": "application/json"})
    assert_shape(sent, 422, "ValidationError")


def test_unknown_addresses_and_methods_get_the_error_shape(client: TestClient,
                                                           token: Headers) -> None:
    missing = assert_shape(client.get("/api/no-such-thing", headers=token), 404,
                           "NotFoundError")
    assert "/api/no-such-thing" in missing["message"]
    wrong = client.patch(f"{API}/actors", headers=token)
    body = assert_shape(wrong, 405, "MethodNotAllowed")
    assert "PATCH" in body["message"] and "GET" in wrong.headers["allow"]


def test_a_validation_error_of_a_page_route_gets_the_error_shape_in_json(
        login: Login) -> None:
    refused = login("contributor").get(f"/workspaces/{LATEST}/actors.json?page=abc")
    body = assert_shape(refused, 422, "ValidationError")
    assert problem_fields(body) == ["page"]


def test_an_unknown_page_gets_the_html_error_page(client: TestClient) -> None:
    missing = client.get("/no-such-page")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("text/html")
    assert "/no-such-page" in missing.text


def test_an_unexpected_failure_is_a_500_in_the_error_shape_without_details(
        web_database: Database, app_settings: Settings) -> None:
    app = create_app(app_settings, database=web_database)

    def broken() -> None:
        raise RuntimeError("secret detail of the failure")

    app.add_api_route("/api/broken", broken)
    app.add_api_route("/broken", broken)
    with TestClient(app, raise_server_exceptions=False) as anonymous:
        body = assert_shape(anonymous.get("/api/broken"), 500, "InternalError")
        assert "secret detail" not in body["message"]
        page = anonymous.get("/broken")
        assert page.status_code == 500 and "secret detail" not in page.text
        assert page.headers["content-type"].startswith("text/html")
        for answer in (page, anonymous.get("/api/broken")):
            assert "camera=()" in answer.headers["permissions-policy"]
            assert answer.headers["content-security-policy"].startswith("default-src 'self'")


def test_a_control_character_in_a_path_or_query_is_422_before_any_route(
        client: TestClient) -> None:
    for address in (f"/api/workspaces/{LATEST}%00/actors",
                    f"/compare.json?w={LATEST}&w=x%00y",
                    "/admin/users/ad%01min.json"):
        answer = client.get(address, headers={"accept": "application/json"})
        assert answer.status_code == 422, address
        assert "control character" in answer.json()["problems"][0]["message"]


# --- headers ----------------------------------------------------------------------------------


def test_permissions_policy_always_and_hsts_only_in_production(
        web_database: Database) -> None:
    development = create_app(Settings(secret_key="x" * 40), database=web_database)
    production = create_app(Settings(secret_key="x" * 40, environment="production"),
                            database=web_database)
    with TestClient(development) as dev, TestClient(production) as prod:
        local, served = dev.get("/login"), prod.get("/login")
        missing = dev.get("/api/nothing-here")
    for response in (local, served, missing):
        assert "camera=()" in response.headers["permissions-policy"]
    assert "strict-transport-security" not in local.headers
    assert served.headers["strict-transport-security"].startswith("max-age=31536000")
