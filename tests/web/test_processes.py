"""Two ``impact serve`` processes on one database see each other's writes at once.

App processes keep caches (the analysis behind the dashboard, rendered findings tables,
parsed catalogues), each its own. This starts two real servers on free loopback ports over
the same database (the SQLite file, and the same PostgreSQL database when the suite has one),
fills the caches of both, changes a finding through one with an API token, and checks that
the *very next* request to the other shows the change: the finding, the findings list and
the dashboard (its numbers and its latest changes).
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape

from impactkit.services import accounts
from impactkit.services.accounts import operator
from impactkit.store.accounts import find_user
from impactkit.store.db import Database
from impactkit.web import analysis_pages
from impactkit.web.api.models import FindingUpdate
from tests.web.conftest import LATEST

HOST = "127.0.0.1"
START_TIMEOUT_S = 30.0
REQUEST_TIMEOUT_S = 10.0
IMPACT = [sys.executable, "-c", "from impactkit.cli.app import run; run()"]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


class Server:
    """One ``impact serve`` subprocess and a keep-alive connection to it."""

    def __init__(self, url: str, log: Path) -> None:
        self.port = free_port()
        # The test writes and reads again within milliseconds: the dashboard must rebuild
        # at once, not after the refresh interval a server under load keeps.
        env = {**os.environ, "IMPACT_DATABASE_URL": url,
               "IMPACT_SECRET_KEY": "two-processes-test-secret-key-not-for-production",
               "IMPACT_ANALYSIS_REFRESH_SECONDS": "0"}
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                [*IMPACT, "serve", "--host", HOST, "--port", str(self.port)],
                stdout=out, stderr=subprocess.STDOUT, env=env)
        self.log = log
        self.conn = http.client.HTTPConnection(HOST, self.port, timeout=REQUEST_TIMEOUT_S)

    def wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"impact serve exited ({self.process.returncode}):\n"
                            f"{self.log.read_text()}")
            try:
                probe = http.client.HTTPConnection(HOST, self.port, timeout=2)
                try:
                    probe.request("GET", "/login")
                    if probe.getresponse().status == 200:
                        return
                finally:
                    probe.close()
            except OSError:
                time.sleep(0.1)
        pytest.fail(f"impact serve did not answer within {START_TIMEOUT_S:.0f} s:\n"
                    f"{self.log.read_text()}")

    def text(self, method: str, path: str, token: str, body: Any = None) -> str:
        """The body of a request made with an API token; anything but 200 fails the test."""
        headers = {"Authorization": f"Bearer {token}"}
        payload = None
        if body is not None:
            headers["Content-Type"] = "application/json"
            payload = json.dumps(body)
        self.conn.request(method, path, body=payload, headers=headers)
        response = self.conn.getresponse()
        text = response.read().decode()
        assert response.status == 200, (method, path, response.status, text[:500])
        return text

    def call(self, method: str, path: str, token: str, body: Any = None) -> Any:
        return json.loads(self.text(method, path, token, body))

    def stop(self) -> None:
        self.conn.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def two_servers(web_database: Database, tmp_path: Path) -> Iterator[tuple[Server, Server]]:
    servers = [Server(web_database.url, tmp_path / f"serve-{n}.log") for n in (1, 2)]
    try:
        for server in servers:
            server.wait_ready()
        yield servers[0], servers[1]
    finally:
        for server in servers:
            server.stop()


def fresh_dashboard(url: str) -> dict[str, Any]:
    """The dashboard as a process that has never cached anything computes it."""
    db = Database(url)
    try:
        with db.connect() as conn:
            admin = accounts.Principal(user=find_user(conn, username="admin"))
        plain: dict[str, Any] = json.loads(json.dumps(
            analysis_pages.dashboard(db, admin, key=LATEST)))
        return plain
    finally:
        db.dispose()


def test_a_write_through_one_process_shows_in_the_next_request_to_the_other(
        two_servers: tuple[Server, Server], web_database: Database) -> None:
    writer, reader = two_servers
    token = accounts.create_token(web_database, operator("setup"),
                                  username="admin", name="two processes")
    findings = f"/workspaces/{LATEST}/findings"
    listed = reader.call("GET", f"{findings}.json?per_page=500", token)["items"]
    finding = next(f for f in listed if f["rating"] is not None and f["status"] == "validated")
    fkey = finding["key"]
    # fill every cache of both processes at the version before the write
    for server in (writer, reader):
        before = server.call("GET", f"/workspaces/{LATEST}.json", token)
        server.call("GET", f"{findings}.json?per_page=500", token)
        server.call("GET", f"{findings}/{fkey}.json", token)
        server.text("GET", f"{findings}?per_page=500", token)  # the HTML table too

    api = f"/api/workspaces/{LATEST}/findings/{fkey}"
    record = writer.call("GET", api, token)
    new_rating = 1 if record["rating"] != 1 else 3
    new_title = f"{record['title']} (edited through the other process)"
    editable = {k: v for k, v in record.items() if k in FindingUpdate.model_fields}
    writer.call("PUT", api, token, {**editable, "rating": new_rating, "rating_state": "rated",
                                    "title": new_title})

    shown = reader.call("GET", f"{findings}/{fkey}.json", token)["finding"]
    assert (shown["rating"], shown["title"]) == (new_rating, new_title)
    listed = reader.call("GET", f"{findings}.json?per_page=500", token)["items"]
    assert next(f for f in listed if f["key"] == fkey)["title"] == new_title
    assert str(escape(new_title)) in reader.text("GET", f"{findings}?per_page=500", token)

    after = reader.call("GET", f"/workspaces/{LATEST}.json", token)
    newest = after["latest_changes"][0]
    assert (newest["record_key"], newest["action"], newest["user"]) == (fkey, "update",
                                                                          "admin")
    assert after["refreshing"] is False and after["data_version"] > before["data_version"]
    expected = fresh_dashboard(web_database.url)
    assert after["heatmap"] == expected["heatmap"]
    assert after["summary"] == expected["summary"]
    assert after["summary"] != before["summary"] or after["heatmap"] != before["heatmap"]
