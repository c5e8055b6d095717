"""Browser tests: the real app under uvicorn, driven by Debian's chromium through Playwright.

Playwright cannot download its own browsers here, so it always launches the system binary
(``scripts/ensure-chromium.sh`` installs it; ``IMPACT_CHROMIUM`` may point elsewhere). Every
test in this folder is skipped, with that reason, when the binary is missing.

One server per test module (module-scoped fixtures): building the demo and starting uvicorn
takes a few seconds, and a module's tests are written so they do not depend on each other's
edits (each edits its own finding). The database is a temporary SQLite file, a copy of the
populated database of ``tests/web/conftest.py`` (the demo workspaces and one user per role),
built once per session.

Screenshots (full page PNG) go to ``test-artifacts/screenshots/`` at the repository root, so
CI can keep them as an artefact and a human can look at every main page after a run.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    expect,
    sync_playwright,
)

from impactkit import __version__
from impactkit.settings import Settings
from impactkit.store.db import Database
from impactkit.web.app import create_app
from tests.web.conftest import PASSWORD, Templates

CHROMIUM = Path(os.environ.get("IMPACT_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
SECRET_KEY = "browser-test-secret-key-not-for-production"
TIMEOUT_MS = 15_000


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip this folder's tests, saying why, where the system chromium is absent."""
    if CHROMIUM.exists():
        return
    here = Path(__file__).parent
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing: run scripts/ensure-chromium.sh "
                                   "(Debian's chromium package) to run the browser tests")
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(skip)


# --- the server -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Templates:
    """The populated SQLite database, built once per session and copied for each module
    (tests/web/conftest.py's ``Templates``)."""
    return Templates(tmp_path_factory.mktemp("browser-template"))


@dataclass
class LiveServer:
    url: str
    db: Database


class _ThreadedServer(uvicorn.Server):
    def install_signal_handlers(self) -> None:  # the main thread belongs to pytest
        pass


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory, demo_template: Templates
                ) -> Iterator[LiveServer]:
    """The real app under uvicorn in a background thread, on a free loopback port, on this
    module's own copy of the demo database."""
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'impact.db'}"
    demo_template.clone_into(url)
    db = Database(url)
    db.require_current()
    # Tests edit and view again faster than a person: every view after a change rebuilds.
    app = create_app(Settings(secret_key=SECRET_KEY, analysis_refresh_seconds=0), database=db)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = _ThreadedServer(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield LiveServer(url=f"http://127.0.0.1:{port}", db=db)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
        db.dispose()


# --- the browser ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def playwright_session() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_session: Playwright) -> Iterator[Browser]:
    expect.set_options(timeout=TIMEOUT_MS)  # a busy CI machine needs more than 5 s
    browser = playwright_session.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def log_in_page(page: Page, username: str, password: str = PASSWORD, *,
                open_form: bool = True) -> Page:
    """Log in through the login form, as a person would. ``open_form=False`` fills the
    login form the page already shows (keeping where it will lead)."""
    if open_form:
        page.goto("/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: not url.endswith("/login"))
    return page


@pytest.fixture
def new_context(browser: Browser, live_server: LiveServer
                ) -> Iterator[Callable[[], BrowserContext]]:
    """``new_context()``: a fresh browser profile (own cookies) against the live server."""
    contexts: list[BrowserContext] = []

    def make() -> BrowserContext:
        context = browser.new_context(base_url=live_server.url,
                                      viewport={"width": 1280, "height": 900})
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page_as(new_context: Callable[[], BrowserContext]) -> Callable[[str], Page]:
    """``page_as("reviewer")``: a page in its own browser profile, logged in as that user."""

    def make(username: str) -> Page:
        return log_in_page(new_context().new_page(), username)

    return make


@pytest.fixture
def anonymous_page(new_context: Callable[[], BrowserContext]) -> Page:
    return new_context().new_page()


def screenshot(page: Page, name: str) -> Path:
    """A full-page PNG of what the browser shows now, under test-artifacts/screenshots.

    Every page shown also carries the common footer with the app's version (a page whose
    own context shadows the template global ``version`` would print a record's instead)."""
    expect(page.locator("body > footer")).to_contain_text(f"IMPACT {__version__} ")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
