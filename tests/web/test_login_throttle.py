"""Failed logins are throttled per account and per client address (OWASP ASVS 2.2.1), with
the counts in the database; the clock is moved by hand, never slept through."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx2 import Response

from impactkit.errors import TooManyAttempts
from impactkit.limits import (
    LOGIN_FAILURES_PER_ACCOUNT,
    LOGIN_FAILURES_PER_ADDRESS,
    LOGIN_FIRST_LOCK,
)
from impactkit.services import logins, user_admin
from impactkit.services.accounts import operator
from impactkit.settings import Settings
from impactkit.store import audit
from impactkit.store.db import Database
from impactkit.web.app import create_app
from tests.web.clock import Clock
from tests.web.conftest import PASSWORD, csrf_of

WRONG = "not the password at all"
Browser = Callable[..., TestClient]


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def app(web_database: Database, app_settings: Settings, clock: Clock) -> FastAPI:
    app = create_app(app_settings, database=web_database)
    app.state.clock = clock
    return app


@pytest.fixture
def browser(app: FastAPI) -> Iterator[Browser]:
    """``browser("10.0.0.7")``: a browser of its own, connecting from that address."""
    opened: list[TestClient] = []

    def make(address: str = "10.0.0.1", on: FastAPI | None = None) -> TestClient:
        client = TestClient(on or app, client=(address, 50000))
        client.__enter__()
        opened.append(client)
        return client

    yield make
    for client in opened:
        client.__exit__(None, None, None)


def attempt(client: TestClient, username: str, password: str) -> Response:
    return client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": csrf_of(client), "next": "/"},
                       follow_redirects=False)


def test_after_five_failures_even_the_right_password_is_refused_until_the_lock_ends(
        browser: Browser, clock: Clock) -> None:
    client = browser()
    for _ in range(LOGIN_FAILURES_PER_ACCOUNT - 1):
        assert attempt(client, "viewer", WRONG).status_code == 401
    locking = attempt(client, "viewer", WRONG)
    assert locking.status_code == 429
    refused = attempt(client, "viewer", PASSWORD)
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "60"
    retry_at = clock.now + LOGIN_FIRST_LOCK
    assert (f"Too many failed login attempts for this account or from this address: try "
            f"again after {retry_at:%H:%M} UTC.") in refused.text
    clock.advance(seconds=30)
    assert attempt(client, "viewer", PASSWORD).headers["retry-after"] == "30"
    clock.advance(seconds=31)
    assert attempt(client, "viewer", PASSWORD).status_code == 303


def test_each_further_lock_lasts_twice_as_long(browser: Browser, clock: Clock) -> None:
    client = browser()
    for lock in (60, 120, 240):
        for _ in range(LOGIN_FAILURES_PER_ACCOUNT):
            last = attempt(client, "viewer", WRONG)
        assert last.status_code == 429
        assert last.headers["retry-after"] == str(lock)
        clock.advance(seconds=lock)


def test_the_lock_is_per_account_a_colleague_logs_in_meanwhile(browser: Browser) -> None:
    client = browser()
    for _ in range(LOGIN_FAILURES_PER_ACCOUNT):
        attempt(client, "viewer", WRONG)
    assert attempt(browser("10.0.0.2"), "viewer", PASSWORD).status_code == 429
    assert attempt(client, "reviewer", PASSWORD).status_code == 303


def test_a_successful_login_clears_the_accounts_count(browser: Browser) -> None:
    client = browser()
    for _ in range(2):
        for _ in range(LOGIN_FAILURES_PER_ACCOUNT - 1):
            assert attempt(client, "viewer", WRONG).status_code == 401
        assert attempt(client, "viewer", PASSWORD).status_code == 303


def test_failures_older_than_the_window_are_forgotten(browser: Browser,
                                                      clock: Clock) -> None:
    client = browser()
    for _ in range(LOGIN_FAILURES_PER_ACCOUNT - 1):
        attempt(client, "viewer", WRONG)
    clock.advance(minutes=16)
    assert attempt(client, "viewer", WRONG).status_code == 401
    assert attempt(client, "viewer", PASSWORD).status_code == 303


def test_an_address_trying_many_usernames_is_locked_for_all_of_them(
        browser: Browser) -> None:
    spraying = browser("10.6.6.6")
    for n in range(LOGIN_FAILURES_PER_ADDRESS - 1):
        assert attempt(spraying, f"guess{n}", WRONG).status_code == 401
    assert attempt(spraying, "someone", WRONG).status_code == 429
    assert attempt(spraying, "viewer", PASSWORD).status_code == 429
    assert attempt(browser("10.0.0.9"), "viewer", PASSWORD).status_code == 303


def test_the_counts_live_in_the_database_shared_by_every_app_process(
        browser: Browser, web_database: Database, app_settings: Settings,
        clock: Clock) -> None:
    for _ in range(LOGIN_FAILURES_PER_ACCOUNT):
        attempt(browser(), "viewer", WRONG)
    restarted = create_app(app_settings, database=web_database)  # another process, or later
    restarted.state.clock = clock
    assert attempt(browser("10.0.0.3", on=restarted), "viewer", PASSWORD).status_code == 429


def test_every_failure_and_every_lock_is_audited(browser: Browser,
                                                 web_database: Database) -> None:
    client = browser("10.0.0.5")
    for _ in range(LOGIN_FAILURES_PER_ACCOUNT):
        attempt(client, "viewer", WRONG)
    attempt(client, "viewer", PASSWORD)  # refused while locked: not a new failure
    with web_database.connect() as conn:
        trail = audit.history(conn, entity="login")
    assert [(e.user, e.action, e.record_key) for e in trail] == [
        ("anonymous", "lock", "viewer"),
        *[("anonymous", "fail", "viewer")] * LOGIN_FAILURES_PER_ACCOUNT]
    assert trail[0].after is not None
    assert (trail[0].after["kind"], trail[0].after["address"]) == ("account", "10.0.0.5")
    assert trail[1].after == {"address": "10.0.0.5"}
    assert trail[0].summary == "account locked after 5 failed logins"


def test_a_deactivated_accounts_right_password_counts_as_a_failure(
        browser: Browser, web_database: Database) -> None:
    user_admin.set_active(web_database, operator("setup"), username="viewer", active=False)
    assert attempt(browser(), "viewer", PASSWORD).status_code == 401
    with web_database.connect() as conn:
        entry = audit.history(conn, entity="login")[0]
    assert (entry.action, entry.summary) == ("fail", "failed login: deactivated account")


def test_guessing_the_current_password_on_the_password_page_is_throttled_too(
        browser: Browser) -> None:
    client = browser()
    assert attempt(client, "viewer", PASSWORD).status_code == 303
    for n in range(LOGIN_FAILURES_PER_ACCOUNT):
        answer = client.post("/account/password", data={
            "current": WRONG, "new": "a brand new passphrase",
            "confirm": "a brand new passphrase",
            "csrf_token": csrf_of(client, "/account/password")})
        assert answer.status_code == (429 if n == LOGIN_FAILURES_PER_ACCOUNT - 1 else 400)
    assert "retry-after" in answer.headers


def test_parallel_wrong_passwords_get_at_most_the_limit_of_password_checks(
        web_database: Database, monkeypatch: pytest.MonkeyPatch, clock: Clock) -> None:
    checks: list[bool] = []
    real = logins.verify_password

    def counted(user: object, password: str) -> bool:
        checks.append(True)
        return real(user, password)  # type: ignore[arg-type]

    monkeypatch.setattr(logins, "verify_password", counted)
    start = threading.Barrier(12)
    outcomes: list[str] = []

    def one() -> None:
        start.wait()
        try:
            found = logins.check_password(web_database, username="viewer", password=WRONG,
                                          address="10.0.0.1", now=clock.now)
            outcomes.append("401" if found is None else "200")
        except TooManyAttempts:
            outcomes.append("429")

    threads = [threading.Thread(target=one) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(checks) <= LOGIN_FAILURES_PER_ACCOUNT
    assert outcomes.count("401") + outcomes.count("200") <= LOGIN_FAILURES_PER_ACCOUNT - 1
    assert outcomes.count("429") >= 12 - LOGIN_FAILURES_PER_ACCOUNT


def test_a_nul_in_the_username_is_a_failed_login_counted_per_address(
        browser: Browser, web_database: Database) -> None:
    client = browser("10.0.0.8")
    answer = attempt(client, "vie\x00wer", WRONG)
    assert answer.status_code == 401
    assert "Wrong username or password" in answer.text
    with web_database.connect() as conn:
        entry = audit.history(conn, entity="login")[0]
    assert (entry.action, entry.record_key) == ("fail", "vie\\x00wer")


def test_ipv6_clients_are_counted_by_their_64(browser: Browser) -> None:
    for n in range(LOGIN_FAILURES_PER_ADDRESS - 1):
        assert attempt(browser(f"2001:db8:1:2::{n + 1:x}"), f"guess{n}",
                       WRONG).status_code == 401
    assert attempt(browser("2001:db8:1:2:ffff::9"), "someone", WRONG).status_code == 429
    assert attempt(browser("2001:db8:1:3::1"), "viewer", PASSWORD).status_code == 303
