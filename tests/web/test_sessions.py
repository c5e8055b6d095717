"""Sessions end on the server: a session cookie copied before logout, a password change or a
deactivation opens nothing afterwards, on pages or the API; revoked API tokens stop working;
a token's last use is written at most once a minute."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from impactkit.errors import NotFoundError, UsageError
from impactkit.services import accounts, user_admin
from impactkit.services.accounts import operator
from impactkit.settings import Settings
from impactkit.store import audit
from impactkit.store.db import Database
from impactkit.store.schema import api_tokens, web_sessions
from impactkit.web.app import create_app
from tests.web.clock import Clock
from tests.web.conftest import LATEST, PASSWORD, csrf_of, log_in

PAGE = f"/workspaces/{LATEST}"
API = f"/api/workspaces/{LATEST}"
COOKIE = "impact_session"
NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture
def app(web_database: Database, app_settings: Settings) -> FastAPI:
    return create_app(app_settings, database=web_database)


@pytest.fixture
def browser(app: FastAPI) -> Iterator[Callable[[], TestClient]]:
    """``browser()``: a new browser of its own (cookies and all) on the same app."""
    opened: list[TestClient] = []

    def make() -> TestClient:
        client = TestClient(app)
        client.__enter__()
        opened.append(client)
        return client

    yield make
    for client in opened:
        client.__exit__(None, None, None)


def copy_of(original: TestClient, browser: Callable[[], TestClient]) -> TestClient:
    """Another browser holding a copy of ``original``'s session cookie, as a thief would."""
    stolen = browser()
    stolen.cookies.set(COOKIE, original.cookies[COOKIE])
    return stolen


def opens(client: TestClient) -> tuple[int, int]:
    """(page status, API status) for a members-only workspace."""
    return (client.get(PAGE, follow_redirects=False).status_code,
            client.get(API).status_code)


def site_admin(db: Database) -> accounts.Principal:
    user = accounts.authenticate(db, username="admin", password=PASSWORD)
    assert user is not None
    return accounts.Principal(user=user)


def test_a_cookie_copied_before_logout_opens_nothing_after_it(
        browser: Callable[[], TestClient]) -> None:
    viewer = log_in(browser(), "viewer")
    stolen = copy_of(viewer, browser)
    assert opens(stolen) == (200, 200)
    out = viewer.post("/logout", data={"csrf_token": csrf_of(viewer, "/")},
                      follow_redirects=False)
    assert out.status_code == 303
    assert opens(stolen) == (303, 401)
    assert opens(viewer) == (303, 401)


def test_logout_ends_only_that_session(browser: Callable[[], TestClient]) -> None:
    laptop, phone = log_in(browser(), "viewer"), log_in(browser(), "viewer")
    laptop.post("/logout", data={"csrf_token": csrf_of(laptop, "/")})
    assert opens(laptop) == (303, 401)
    assert opens(phone) == (200, 200)


def test_a_password_change_by_an_admin_ends_every_session_of_the_account(
        browser: Callable[[], TestClient], web_database: Database) -> None:
    viewer = log_in(browser(), "viewer")
    stolen = copy_of(viewer, browser)
    ended = user_admin.set_password(web_database, site_admin(web_database),
                                    username="viewer", password=NEW_PASSWORD)
    assert ended == 1
    assert opens(stolen) == (303, 401)
    assert opens(viewer) == (303, 401)
    log_in(browser(), "viewer", NEW_PASSWORD)
    with web_database.connect() as conn:
        trail = audit.history(conn, record_key="viewer", entity=["user", "session"])
    assert [(e.user, e.entity, e.action, e.summary) for e in trail[:2]] == [
        ("admin", "session", "delete", "every session ended: password changed"),
        ("admin", "user", "update", "password changed"),
    ]


def test_changing_ones_own_password_ends_the_other_sessions_and_keeps_this_one(
        browser: Callable[[], TestClient]) -> None:
    viewer = log_in(browser(), "viewer")
    stolen = copy_of(viewer, browser)
    changed = viewer.post("/account/password", data={
        "current": PASSWORD, "new": NEW_PASSWORD, "confirm": NEW_PASSWORD,
        "csrf_token": csrf_of(viewer, "/account/password")}, follow_redirects=False)
    assert (changed.status_code, changed.headers["location"]) == (
        303, "/account/password?saved=1")
    assert opens(stolen) == (303, 401)
    assert opens(viewer) == (200, 200)
    assert "Your password was changed." in viewer.get("/account/password?saved=1").text
    log_in(browser(), "viewer", NEW_PASSWORD)


def test_ones_own_password_needs_the_current_one_and_the_new_one_twice(
        browser: Callable[[], TestClient]) -> None:
    viewer = log_in(browser(), "viewer")
    for form, message in (
            ({"current": "not my password", "new": NEW_PASSWORD, "confirm": NEW_PASSWORD},
             "The current password is wrong: your password was not changed."),
            ({"current": PASSWORD, "new": NEW_PASSWORD, "confirm": NEW_PASSWORD + "!"},
             "The new password and its confirmation differ"),
            ({"current": PASSWORD, "new": "short", "confirm": "short"},
             "at least 12 characters")):
        refused = viewer.post("/account/password", data={
            **form, "csrf_token": csrf_of(viewer, "/account/password")})
        assert refused.status_code == 400, form
        assert message in refused.text, form
    assert opens(viewer) == (200, 200)
    log_in(browser(), "viewer")  # the password is unchanged


def test_deactivation_ends_sessions_and_tokens_at_once_and_blocks_login(
        browser: Callable[[], TestClient], web_database: Database) -> None:
    viewer = log_in(browser(), "viewer")
    stolen = copy_of(viewer, browser)
    token = accounts.create_token(web_database, operator("t"), username="viewer", name="nightly")
    bearer = {"Authorization": f"Bearer {token}"}
    assert viewer.get(API, headers=bearer).status_code == 200
    user_admin.set_active(web_database, site_admin(web_database), username="viewer",
                          active=False)
    assert opens(stolen) == (303, 401)
    assert viewer.get(API, headers=bearer).status_code == 401
    client = browser()
    refused = client.post("/login", data={"username": "viewer", "password": PASSWORD,
                                          "csrf_token": csrf_of(client)})
    assert refused.status_code == 401
    assert "Wrong username or password" in refused.text
    user_admin.set_active(web_database, site_admin(web_database), username="viewer",
                          active=True)
    log_in(browser(), "viewer")
    assert viewer.get(API, headers=bearer).status_code == 401, "reactivation revives no token"
    with web_database.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(api_tokens)
                            .where(api_tokens.c.name == "nightly")).scalar_one() == 0


def test_a_site_admin_cannot_deactivate_themselves(web_database: Database) -> None:
    with pytest.raises(UsageError, match="cannot deactivate your own account"):
        user_admin.set_active(web_database, site_admin(web_database), username="admin",
                              active=False)


def test_a_revoked_token_stops_working_at_once(client: TestClient,
                                               web_database: Database) -> None:
    kept = accounts.create_token(web_database, operator("t"), username="viewer", name="kept")
    gone = accounts.create_token(web_database, operator("t"), username="viewer", name="gone")
    assert client.get(API, headers={"Authorization": f"Bearer {gone}"}).status_code == 200
    assert user_admin.revoke_token(web_database, site_admin(web_database),
                                   username="viewer", name="gone") == 1
    assert client.get(API, headers={"Authorization": f"Bearer {gone}"}).status_code == 401
    assert client.get(API, headers={"Authorization": f"Bearer {kept}"}).status_code == 200
    with web_database.connect() as conn:
        entry = audit.history(conn, entity="api-token", record_key="gone")[0]
    assert (entry.user, entry.action, entry.before) == ("admin", "delete", {"user": "viewer"})
    with pytest.raises(NotFoundError, match="no API token named 'gone'"):
        user_admin.revoke_token(web_database, site_admin(web_database), username="viewer",
                                name="gone")


def test_revoking_a_name_revokes_every_token_of_that_name(client: TestClient,
                                                         web_database: Database) -> None:
    tokens = [accounts.create_token(web_database, operator("t"), username="viewer", name="laptop")
              for _ in range(2)]
    assert user_admin.revoke_token(web_database, site_admin(web_database),
                                   username="viewer", name="laptop") == 2
    for token in tokens:
        assert client.get(API, headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_an_expired_session_opens_nothing(app: FastAPI,
                                          browser: Callable[[], TestClient]) -> None:
    clock = Clock()
    app.state.clock = clock
    viewer = log_in(browser(), "viewer")
    clock.advance(hours=7, minutes=59)
    assert opens(viewer) == (200, 200)
    clock.advance(minutes=2)
    assert opens(viewer) == (303, 401)


def test_sessions_are_recorded_hashed(browser: Callable[[], TestClient],
                                      web_database: Database) -> None:
    viewer = log_in(browser(), "viewer")
    with web_database.connect() as conn:
        stored = conn.execute(sa.select(web_sessions.c.secret_hash)).scalars().all()
    assert len(stored) == 1 and len(stored[0]) == 64
    assert stored[0] not in viewer.cookies[COOKIE]


def test_a_token_last_use_is_written_at_most_once_a_minute(
        app: FastAPI, browser: Callable[[], TestClient], web_database: Database) -> None:
    clock = Clock()
    app.state.clock = clock
    token = accounts.create_token(web_database, operator("t"), username="viewer", name="script")
    bearer = {"Authorization": f"Bearer {token}"}
    client = browser()
    written: list[int] = []  # rows each UPDATE of api_tokens changed

    def count_token_writes(conn, cursor, statement, parameters, context, executemany
                           ) -> None:  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("UPDATE API_TOKENS"):
            written.append(cursor.rowcount)

    def last_used() -> object:
        with web_database.connect() as conn:
            return conn.execute(sa.select(api_tokens.c.last_used_at)
                                .where(api_tokens.c.name == "script")).scalar_one()

    sa.event.listen(web_database.engine, "after_cursor_execute", count_token_writes)
    try:
        assert client.get(API, headers=bearer).status_code == 200
        first = last_used()
        assert first is not None
        for _ in range(5):
            clock.advance(seconds=10)
            assert client.get(API, headers=bearer).status_code == 200
        assert last_used() == first, "within the minute the stored time stays"
        clock.advance(seconds=11)
        assert client.get(API, headers=bearer).status_code == 200
        assert last_used() != first
    finally:
        sa.event.remove(web_database.engine, "after_cursor_execute", count_token_writes)
    # reads only read: the UPDATE is sent on the first read and the one a minute later only
    # (on SQLite even an UPDATE that changes nothing takes the write lock)
    assert written == [1, 1]


def test_a_token_read_answers_while_an_import_holds_sqlites_write_lock(
        client: TestClient, web_database: Database) -> None:
    if web_database.dialect != "sqlite":
        pytest.skip("SQLite's one write lock")
    token = accounts.create_token(web_database, operator("t"), username="viewer", name="script")
    bearer = {"Authorization": f"Bearer {token}"}
    with web_database.begin_write():  # what an import holds while it runs
        assert client.get(API, headers=bearer).status_code == 200
    assert client.get(API, headers=bearer).status_code == 200
    with web_database.connect() as conn:
        assert conn.execute(sa.select(api_tokens.c.last_used_at)
                            .where(api_tokens.c.name == "script")).scalar_one() is not None
