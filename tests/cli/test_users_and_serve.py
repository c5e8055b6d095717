"""Accounts from the command line, and ``impact serve`` started for real."""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.cli.conftest import LATEST, Impact


def _with_stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))


def test_create_grant_list_and_token(demo: Impact, monkeypatch: pytest.MonkeyPatch) -> None:
    _with_stdin(monkeypatch, "a long enough password\n")
    created = demo("user", "create", "maria", "--password-stdin", "--name", "Maria K.")
    assert created.code == 0, created.err
    assert demo("user", "grant", "maria", LATEST, "reviewer").code == 0
    listed = demo("user", "list")
    assert "maria" in listed.out
    assert f"{LATEST}: reviewer" in listed.out
    token = demo("user", "token", "maria", "--name", "nightly export")
    assert token.code == 0
    assert token.out.strip().startswith("imp_")
    removed = demo("user", "grant", "maria", LATEST, "none")
    assert removed.code == 0
    assert f"{LATEST}: reviewer" not in demo("user", "list").out


def test_short_passwords_and_unknown_roles_are_refused(demo: Impact,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    _with_stdin(monkeypatch, "short\n")
    refused = demo("user", "create", "bob", "--password-stdin")
    assert refused.code == 2
    assert "at least 12 characters" in refused.err
    _with_stdin(monkeypatch, "a long enough password\n")
    assert demo("user", "create", "bob", "--password-stdin").code == 0
    wrong = demo("user", "grant", "bob", LATEST, "owner")
    assert wrong.code == 2
    assert "viewer, contributor, reviewer, admin" in wrong.err


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_answers_on_loopback(tmp_path: Path) -> None:
    database = tmp_path / "served.db"
    impact = [sys.executable, "-m", "impactkit.cli.app", "--db", str(database)]
    env = {**os.environ, "IMPACT_USER": "tester"}
    subprocess.run([*impact, "init"], check=True, env=env, capture_output=True)
    port = _free_port()
    server = subprocess.Popen([*impact, "serve", "--port", str(port)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        body = ""
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=2) as r:
                    body = r.read().decode("utf-8")
                break
            except OSError:
                time.sleep(0.1)
        assert 'name="csrf_token"' in body
    finally:
        server.terminate()
        out, _ = server.communicate(timeout=10)
    assert b"impact user create" in out  # no account yet: it says how to make one
