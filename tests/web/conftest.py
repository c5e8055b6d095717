"""The web app on a real database (SQLite file, and PostgreSQL when the suite has one), with
the demo workspaces and one user per role.

Users (password ``PASSWORD`` for all): ``admin`` (site administrator), and in the workspace
``LATEST``: ``viewer``, ``contributor``, ``reviewer``, ``wsadmin`` (workspace admin);
``outsider`` is a member of nothing.
"""

from __future__ import annotations

import re
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from impactkit.services import accounts
from impactkit.services.accounts import operator
from impactkit.services.demo import build_demo_database
from impactkit.settings import Settings
from impactkit.store.db import Database
from impactkit.web.app import create_app

PASSWORD = "correct horse battery staple"
LATEST = "demo-veldmark-2024"
EARLIER = "demo-veldmark-2019"
COMPARATIVE = ["demo-marisca-2024", "demo-oberan-2024", "demo-arvenholt-2024",
               "demo-sorvia-2024"]
"""The demo's four other fictional jurisdictions, compared with Veldmark's current cycle."""
ALL_DEMO = sorted([EARLIER, LATEST, *COMPARATIVE])
"""Every demo workspace, in the order listings give them (by key)."""
ROLE_USERS = {"viewer": accounts.Role.VIEWER, "contributor": accounts.Role.CONTRIBUTOR,
              "reviewer": accounts.Role.REVIEWER, "wsadmin": accounts.Role.ADMIN}


def populate(database: Database) -> None:
    """Migrate, build the demo and add one user per role."""
    build_demo_database(database, user="setup")
    accounts.create_user(database, operator("setup"),
                         username="admin", password=PASSWORD, is_admin=True)
    accounts.create_user(database, operator("setup"), username="outsider", password=PASSWORD)
    for name, role in ROLE_USERS.items():
        accounts.create_user(database, operator("setup"), username=name, password=PASSWORD)
        accounts.grant(database, operator("setup"), username=name, workspace_key=LATEST, role=role)


class Templates:
    """One populated database per backend, built once per test session and cloned for each
    test (a file copy for SQLite, CREATE DATABASE ... TEMPLATE for PostgreSQL): every test
    still gets its own real database, without rebuilding the demo each time. ``fill`` fills
    the new, empty database (``populate`` by default)."""

    def __init__(self, folder: Path, fill: Callable[[Database], None] = populate) -> None:
        self.folder = folder
        self.fill = fill
        self.sqlite_file: Path | None = None
        self.postgres: tuple[str, str] | None = None  # (server URL, template database)

    def clone_into(self, url: str) -> None:
        parsed = sa.make_url(url)
        if parsed.get_backend_name() == "sqlite":
            if self.sqlite_file is None:
                self.sqlite_file = self.folder / "template.db"
                self._build(f"sqlite:///{self.sqlite_file}")
            assert parsed.database
            shutil.copyfile(self.sqlite_file, parsed.database)
            return
        if self.postgres is None:
            name = f"impact_web_template_{uuid.uuid4().hex[:10]}"
            self._admin(url, f'CREATE DATABASE "{name}"')
            self._build(parsed.set(database=name).render_as_string(hide_password=False))
            self.postgres = (url, name)
        target = parsed.database
        self._admin(url, f'DROP DATABASE "{target}" WITH (FORCE)',
                    f'CREATE DATABASE "{target}" TEMPLATE "{self.postgres[1]}"')

    def _build(self, url: str) -> None:
        database = Database(url)
        try:
            self.fill(database)
        finally:
            database.dispose()

    @staticmethod
    def _admin(url: str, *statements: str) -> None:
        server = sa.make_url(url).set(database="postgres")
        engine = sa.create_engine(server, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                for statement in statements:
                    conn.execute(sa.text(statement))
        finally:
            engine.dispose()

    def drop(self) -> None:
        if self.postgres is not None:
            url, name = self.postgres
            self._admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def web_templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Templates]:
    templates = Templates(tmp_path_factory.mktemp("web-templates"))
    yield templates
    templates.drop()


@pytest.fixture
def web_database(database_url: str, web_templates: Templates) -> Iterator[Database]:
    """A database of this test's own holding the demo workspaces and the role users."""
    web_templates.clone_into(database_url)
    database = Database(database_url)
    yield database
    database.dispose()


@pytest.fixture
def app_settings() -> Settings:
    # Tests view, write and view again within milliseconds: every view after a change must
    # rebuild (the throttle itself is tested in test_dashboard.py).
    return Settings(secret_key="test-secret-key-not-for-production",
                    analysis_refresh_seconds=0)


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
