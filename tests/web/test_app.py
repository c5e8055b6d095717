"""``impact serve`` builds the app from the environment with the factory's safe defaults: no
production start without a secret key, and session cookies that scripts cannot read, other
sites cannot send, and (in production) only HTTPS carries. (``create_app`` itself is checked
in test_security.py.)"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from impactkit.cli.app import main
from impactkit.store.db import Database

SECRET = "a-long-random-secret-for-this-test-only"


def _session_cookie(app: FastAPI) -> str:
    with TestClient(app) as browser:
        response = browser.get("/login")  # the CSRF token starts the session
    cookies = [v for k, v in response.headers.multi_items() if k == "set-cookie"]
    session = [c for c in cookies if c.startswith("impact_session=")]
    assert len(session) == 1, cookies
    return session[0].lower()


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch, database: Database) -> list[dict[str, Any]]:
    """``impact serve`` on this test's database, with uvicorn replaced by a recorder: the
    command builds the app exactly as in production, but nothing listens."""
    monkeypatch.setenv("IMPACT_DATABASE_URL", database.url)
    monkeypatch.delenv("IMPACT_SECRET_KEY", raising=False)
    monkeypatch.delenv("IMPACT_ENVIRONMENT", raising=False)
    runs: list[dict[str, Any]] = []

    def record(app: FastAPI, **options: Any) -> None:
        runs.append({"app": app, **options})

    monkeypatch.setattr("impactkit.cli.web.uvicorn.run", record)
    return runs


def test_impact_serve_refuses_production_without_a_secret_key(
        served: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("IMPACT_ENVIRONMENT", "production")
    code = main(["serve"])
    err = capsys.readouterr().err
    assert code == 1
    assert "IMPACT_SECRET_KEY must be set in production" in err
    assert "Traceback" not in err
    assert served == []  # nothing started


def test_impact_serve_in_production_with_a_secret_serves_secure_cookies(
        served: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMPACT_ENVIRONMENT", "production")
    monkeypatch.setenv("IMPACT_SECRET_KEY", SECRET)
    assert main(["serve", "--port", "8123"]) == 0
    (run,) = served
    assert (run["host"], run["port"]) == ("127.0.0.1", 8123)
    assert run["app"].state.settings.environment == "production"
    assert "secure" in _session_cookie(run["app"]).split("; ")


def test_impact_serve_in_development_starts_without_a_secret(
        served: list[dict[str, Any]]) -> None:
    """A laptop needs no configuration: a random key signs sessions until the process ends."""
    assert main(["serve"]) == 0
    (run,) = served
    flags = _session_cookie(run["app"]).split("; ")
    assert "httponly" in flags and "secure" not in flags
