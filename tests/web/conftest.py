"""The web app on a real database (SQLite file, and PostgreSQL when the suite has one), with
the demo workspaces and one user per role.

Users (password ``PASSWORD`` for all): ``admin`` (site administrator), and in the workspace
``LATEST``: ``viewer``, ``contributor``, ``reviewer``, ``wsadmin`` (workspace admin);
``outsider`` is a member of nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from impactkit.services import accounts
from impactkit.services.demo import build_demo_database
from impactkit.settings import Settings
from impactkit.store.db import Database
from impactkit.web.app import create_app

PASSWORD = "correct horse battery staple"
LATEST = "demo-veldmark-2024"
EARLIER = "demo-veldmark-2019"
ROLE_USERS = {"viewer": accounts.Role.VIEWER, "contributor": accounts.Role.CONTRIBUTOR,
              "reviewer": accounts.Role.REVIEWER, "wsadmin": accounts.Role.ADMIN}


@pytest.fixture
def web_database(database: Database) -> Database:
    build_demo_database(database, user="setup")
    accounts.create_user(database, username="admin", password=PASSWORD, is_admin=True,
                         by="setup")
    accounts.create_user(database, username="outsider", password=PASSWORD, by="setup")
    for name, role in ROLE_USERS.items():
        accounts.create_user(database, username=name, password=PASSWORD, by="setup")
        accounts.grant(database, username=name, workspace_key=LATEST, role=role, by="setup")
    return database


@pytest.fixture
def app_settings() -> Settings:
    return Settings(secret_key="test-secret-key-not-for-production")


@pytest.fixture
def client(web_database: Database, app_settings: Settings) -> Iterator[TestClient]:
    """An anonymous browser."""
    app = create_app(app_settings, database=web_database)
    with TestClient(app) as test_client:
        yield test_client


CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


def csrf_of(client: TestClient, path: str = "/login") -> str:
    """The CSRF token a page hands the browser (from its meta tag)."""
    page = client.get(path)
    found = CSRF_META.search(page.text)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def log_in(client: TestClient, username: str, password: str = PASSWORD) -> TestClient:
    token = csrf_of(client)
    response = client.post("/login", data={"username": username, "password": password,
                                           "csrf_token": token, "next": "/"},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    return client


@pytest.fixture
def login(web_database: Database, app_settings: Settings) -> Iterator[object]:
    """``login("reviewer")`` gives a client logged in as that user (each its own cookies)."""
    clients: list[TestClient] = []
    app = create_app(app_settings, database=web_database)

    def make(username: str) -> TestClient:
        test_client = TestClient(app)
        test_client.__enter__()
        clients.append(test_client)
        return log_in(test_client, username)

    yield make
    for test_client in clients:
        test_client.__exit__(None, None, None)
