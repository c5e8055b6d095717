"""Every ``curl`` of docs/api.md, sent to the app in the order the page gives them.

The page's examples run on the demo with ``$TOKEN`` an admin's token, after the
recommendations of a UPR file were imported (the page's recommendation keys are that file's);
the review step is a reviewer's (under the four-eyes rule the author may not review). Each
answer must be the one the page describes: a success, or the status the text around the
example names.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from impactkit.services import accounts
from impactkit.services import recommendations as recs
from impactkit.services.accounts import operator
from impactkit.settings import Settings
from impactkit.store.db import Database
from impactkit.web.app import create_app
from tests.conftest import shared_file
from tests.web.conftest import LATEST

PAGE = Path(__file__).resolve().parents[2] / "docs" / "api.md"
SERVER = "http://127.0.0.1:8000"
SH_BLOCK = re.compile(r"^```sh\n(.*?)^```", re.MULTILINE | re.DOTALL)


def curl_lines() -> list[str]:
    """Each curl command of the page, continuation lines joined, in order; shell variables
    set in the blocks (``R=...``) substituted."""
    found: list[str] = []
    variables: dict[str, str] = {}
    for block in SH_BLOCK.findall(PAGE.read_text(encoding="utf-8")):
        for line in _commands(block):
            assignment = re.fullmatch(r"([A-Z]+)=(\S+)", line)
            if assignment:
                variables[assignment.group(1)] = assignment.group(2)
            elif line.startswith("curl "):
                for name, value in variables.items():
                    line = line.replace(f"${name}", value)
                found.append(line)
    return found


def _commands(block: str) -> list[str]:
    """The block's commands: backslash continuations joined, and lines joined while a quote
    is still open (a JSON body written over several lines)."""
    commands: list[str] = []
    pending = ""
    for raw in re.sub(r"\\\n\s*", " ", block).splitlines():
        pending = f"{pending}\n{raw}" if pending else raw.strip()
        try:
            shlex.split(pending, comments=True)
        except ValueError:  # a quote still open
            continue
        commands.append(pending)
        pending = ""
    return commands


def parse_curl(line: str) -> tuple[str, str, dict[str, str], Any]:
    words = shlex.split(line, comments=True)
    method, headers, body, url = "GET", {}, None, ""
    i = 1
    while i < len(words):
        word = words[i]
        if word == "-X":
            method, i = words[i + 1], i + 2
        elif word == "-H":
            name, _, value = words[i + 1].partition(":")
            headers[name.strip()] = value.strip()
            i += 2
        elif word == "-d":
            body, i = json.loads(words[i + 1]), i + 2
            method = "POST" if method == "GET" else method
        else:
            url, i = word, i + 1
    assert url.startswith(SERVER), line
    return method, url[len(SERVER):], headers, body


@pytest.fixture
def docs_client(web_database: Database, app_settings: Settings
                ) -> tuple[TestClient, str, str]:
    recs.import_file(web_database, operator("setup"), workspace_key=LATEST,
                     path=shared_file("ohchr_upr_thematic_SVN_c3c4.csv"))
    admin = accounts.create_token(web_database, operator("setup"), username="admin", name="docs")
    reviewer = accounts.create_token(web_database, operator("setup"),
                                     username="reviewer", name="docs")
    client = TestClient(create_app(app_settings, database=web_database))
    return client, admin, reviewer


def expected_status(method: str, path: str) -> int:
    """What the page says each example answers."""
    if method == "POST" and path.endswith(("/findings", "/actions", "/status", "/comments")):
        return 201
    return 200


def test_the_page_has_curl_examples_for_each_part() -> None:
    lines = curl_lines()
    assert len(lines) >= 15
    assert any("/transitions" in line for line in lines)
    assert any("/recommendations" in line for line in lines)


def test_every_curl_of_the_api_page_answers_as_the_page_says(
        docs_client: tuple[TestClient, str, str]) -> None:
    client, admin, reviewer = docs_client
    for line in curl_lines():
        method, path, headers, body = parse_curl(line)
        token = reviewer if path.endswith("/transitions") else admin
        headers["Authorization"] = headers["Authorization"].replace("$TOKEN", token)
        answer = client.request(method, path, headers=headers,
                                content=None if body is None else json.dumps(body))
        assert answer.status_code == expected_status(method, path), (
            f"{line}\n-> {answer.status_code} {answer.text[:500]}")
