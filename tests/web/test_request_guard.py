"""Bodies are bounded while they stream, and hopeless requests refused before their body
is read (web.guard): regression tests of the probe's defect 7 (a 200 MB anonymous POST to
/login was written to disk before the 403; a 110 MB upload was refused after 166 MB).

The app is called as ASGI with a hand-made ``receive`` that counts the chunks the app pulls,
so "refused before the body is read" is measured, not assumed.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import anyio
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from impactkit.limits import MAX_BODY_BYTES, MAX_UPLOAD_BYTES
from impactkit.services import accounts
from impactkit.services.accounts import operator
from impactkit.settings import Settings
from impactkit.store.db import Database
from impactkit.web import guard
from impactkit.web.app import create_app
from tests.web.conftest import LATEST, csrf_of

Login = Callable[[str], TestClient]
CHUNK = 1 << 20
IMPORT = f"/workspaces/{LATEST}/recommendations/import"
MULTIPART = "multipart/form-data; boundary=x"
FILE_PART = (b'--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n'
             b"Content-Type: text/csv\r\n\r\n")
"""The start of a multipart body: a file whose bytes then keep coming (parsers accept it
until the limit, as they accepted the probe's)."""


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    pulled: int = 0  # chunks of the body the app asked for
    sent: list[int] = field(default_factory=list)

    def json(self) -> dict[str, object]:
        return json.loads(self.body)  # type: ignore[no-any-return]


def send_body(app: FastAPI, path: str, *, headers: dict[str, str], chunks: int,
              declared: int | None = None) -> Answer:
    """POST ``chunks`` chunks of 1 MB to ``path`` (chunked, unless ``declared`` gives a
    Content-Length) and collect the answer."""
    raw = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
    if declared is not None:
        raw.append((b"content-length", str(declared).encode()))
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": "POST", "scheme": "http", "path": path, "raw_path": path.encode(),
             "query_string": b"", "root_path": "", "headers": raw,
             "client": ("127.0.0.1", 5000), "server": ("testserver", 80)}
    answer = Answer(status=0, headers={}, body=b"")
    payload = b"x" * CHUNK

    async def receive() -> dict[str, object]:
        if answer.pulled >= chunks:
            await anyio.sleep(0)
            return {"type": "http.disconnect"}
        answer.pulled += 1
        body = (FILE_PART if answer.pulled == 1 else b"") + payload  # a well-formed start
        return {"type": "http.request", "body": body, "more_body": answer.pulled < chunks}

    async def send(message: dict[str, object]) -> None:
        if message["type"] == "http.response.start":
            answer.status = int(message["status"])  # type: ignore[call-overload]
            answer.headers = {k.decode(): v.decode()
                              for k, v in message["headers"]}  # type: ignore[attr-defined]
        elif message["type"] == "http.response.body":
            answer.body += message.get("body", b"")  # type: ignore[operator]

    # In a thread of its own: the browser tests' Playwright keeps an event loop running in
    # the main thread for the whole session, and anyio.run refuses to start a second one there.
    runner = threading.Thread(target=anyio.run, args=(app, scope, receive, send))
    runner.start()
    runner.join()
    return answer


@pytest.fixture
def app(web_database: Database, app_settings: Settings) -> FastAPI:
    return create_app(app_settings, database=web_database)


def session_of(client: TestClient, page: str = "/login") -> dict[str, str]:
    """The headers of a request from this browser: its session cookie and CSRF token."""
    token = csrf_of(client, page)
    return {"Cookie": f"impact_session={client.cookies['impact_session']}",
            "X-CSRF-Token": token}


def test_a_200_mb_anonymous_login_post_is_refused_before_a_byte_is_read(app: FastAPI) -> None:
    answer = send_body(app, "/login",
                       headers={"Content-Type": MULTIPART, "Accept": "application/json"},
                       chunks=200, declared=200 * CHUNK)
    assert answer.status == 413 and answer.pulled == 0
    body = answer.json()
    assert body["error"] == "TooLarge"
    assert f"{MAX_BODY_BYTES >> 20} MB" in str(body["message"])


def test_a_chunked_login_post_without_a_session_is_refused_unread(app: FastAPI) -> None:
    answer = send_body(app, "/login", headers={"Content-Type": MULTIPART}, chunks=200)
    assert answer.status == 403 and answer.pulled == 0


def test_a_chunked_login_post_with_a_session_is_cut_off_at_the_limit(
        app: FastAPI) -> None:
    with TestClient(app) as browser:
        headers = session_of(browser)
    headers.pop("X-CSRF-Token")  # the token would be in the form: the body must be read
    answer = send_body(app, "/login", headers={**headers, "Content-Type": MULTIPART},
                       chunks=200)
    assert answer.status == 413
    assert answer.pulled <= MAX_BODY_BYTES // CHUNK + 1  # not one chunk past the limit
    assert b"2 MB" in answer.body  # the error page names the limit


def test_an_anonymous_upload_is_refused_before_a_byte_is_read(app: FastAPI) -> None:
    declared = send_body(app, IMPORT, headers={"Content-Type": MULTIPART}, chunks=110,
                         declared=110 * CHUNK)
    assert declared.status == 413 and declared.pulled == 0
    chunked = send_body(app, IMPORT, headers={"Content-Type": MULTIPART}, chunks=110)
    assert chunked.status == 303 and chunked.headers["location"].startswith("/login")
    assert chunked.pulled == 0


def test_an_api_post_without_credentials_is_401_unread(app: FastAPI) -> None:
    answer = send_body(app, f"/api/workspaces/{LATEST}/actors",
                       headers={"Content-Type": "application/json"}, chunks=50)
    assert answer.status == 401 and answer.pulled == 0
    assert answer.json()["error"] == "PermissionDenied"


def test_a_wrong_csrf_header_is_refused_unread(app: FastAPI, login: Login) -> None:
    contributor = login("contributor")
    headers = session_of(contributor, "/")
    headers["X-CSRF-Token"] = "not-the-token"
    answer = send_body(app, f"/workspaces/{LATEST}/actors/new",
                       headers={**headers, "Content-Type": "application/x-www-form-urlencoded"},
                       chunks=50)
    assert answer.status == 403 and answer.pulled == 0


def test_uploads_have_their_own_limit_and_other_forms_the_small_one(
        app: FastAPI, login: Login, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guard, "MAX_UPLOAD_BYTES", 4 * CHUNK)  # 100 MB would be slow
    contributor = login("contributor")
    headers = {**session_of(contributor, "/"), "Content-Type": MULTIPART}
    upload = send_body(app, IMPORT, headers=headers, chunks=50)
    assert upload.status == 413 and upload.pulled <= 5
    assert b"4 MB" in upload.body and b"impact recs import" in upload.body
    form = send_body(app, f"/workspaces/{LATEST}/actors/new", headers=headers, chunks=50)
    assert form.status == 413 and form.pulled <= MAX_BODY_BYTES // CHUNK + 1
    assert MAX_UPLOAD_BYTES == 100 << 20  # the documented limit


def test_a_json_body_over_the_limit_is_413_in_the_error_shape(
        client: TestClient, web_database: Database) -> None:
    token = accounts.create_token(web_database, operator("contributor"),
                                  username="contributor", name="tests")
    refused = client.post(f"/api/workspaces/{LATEST}/actors",
                          json={"key": "big", "name": "x" * (5 << 20)},
                          headers={"Authorization": f"Bearer {token}"})
    assert refused.status_code == 413
    assert refused.json()["error"] == "TooLarge"
    assert "2 MB" in refused.json()["message"]


def test_a_content_length_that_is_not_a_number_is_400(app: FastAPI) -> None:
    answer = send_body(app, "/api/workspaces", headers={"Content-Length": "lots"}, chunks=1)
    assert answer.status == 400 and answer.pulled == 0
