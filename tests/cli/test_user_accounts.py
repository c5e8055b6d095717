"""``impact user passwd|deactivate|reactivate|tokens``: ending sessions and tokens from the
command line, every change audited."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from typer.testing import CliRunner

from impactkit.cli.app import app
from impactkit.cli.context import CliState
from impactkit.services import accounts, logins
from impactkit.services.accounts import operator
from impactkit.store import audit, sessions
from impactkit.store.accounts import find_user
from impactkit.store.db import Database
from tests.cli.conftest import Impact

PASSWORD = "the first long password"
NEW_PASSWORD = "the second long password"


@pytest.fixture
def maria(impact: Impact, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    """An initialised database with one user, ``maria``, logged in once in the web app."""
    assert impact("init").code == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    assert impact("user", "create", "maria", "--password-stdin").code == 0
    db = Database(database_url)
    user = accounts.authenticate(db, username="maria", password=PASSWORD)
    assert user is not None
    logins.start_session(db, user=user, now=datetime.now(UTC), hours=8)
    yield db
    db.dispose()


def live_sessions(db: Database) -> int:
    with db.connect() as conn:
        user = find_user(conn, username="maria")
        assert user is not None
        return sessions.count_for(conn, user_id=user.id, now=datetime.now(UTC))


def test_passwd_asks_twice_and_ends_the_web_sessions(
        maria: Database, database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMPACT_DATABASE_URL", database_url)
    monkeypatch.setenv("IMPACT_USER", "tester")
    cli = CliState()
    try:
        mismatch = CliRunner().invoke(
            app, ["user", "passwd", "maria"], obj=cli,
            input=f"{NEW_PASSWORD}\nsomething else\n{NEW_PASSWORD}\n{NEW_PASSWORD}\n")
    finally:
        cli.close()
    assert mismatch.exit_code == 0, mismatch.output
    assert "do not match" in mismatch.output  # asked again until both agree
    assert "sessions ended: 1" in mismatch.output
    assert accounts.authenticate(maria, username="maria", password=NEW_PASSWORD)
    assert accounts.authenticate(maria, username="maria", password=PASSWORD) is None
    assert live_sessions(maria) == 0
    with maria.connect() as conn:
        entry = audit.history(conn, entity="user", record_key="maria")[0]
    assert (entry.user, entry.summary) == ("tester", "password changed")


def test_passwd_refuses_a_short_password_and_an_unknown_user(
        maria: Database, impact: Impact, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("short\n"))
    short = impact("user", "passwd", "maria", "--password-stdin")
    assert (short.code, "at least 12 characters" in short.err) == (2, True)
    monkeypatch.setattr(sys, "stdin", io.StringIO(NEW_PASSWORD + "\n"))
    unknown = impact("user", "passwd", "nobody", "--password-stdin")
    assert (unknown.code, "There is no user 'nobody'." in unknown.err) == (1, True)
    assert live_sessions(maria) == 1


def test_deactivate_and_reactivate(maria: Database, impact: Impact) -> None:
    accounts.create_token(maria, operator("tester"), username="maria", name="nightly")
    assert impact("user", "deactivate", "maria").code == 0
    assert "deactivated" in impact("user", "list").out
    assert accounts.authenticate(maria, username="maria", password=PASSWORD) is None
    assert live_sessions(maria) == 0
    assert "nightly" not in impact("user", "tokens", "list", "maria").out
    assert impact("user", "reactivate", "maria").code == 0
    assert accounts.authenticate(maria, username="maria", password=PASSWORD) is not None
    with maria.connect() as conn:
        trail = audit.history(conn, record_key="maria")
        revoked = audit.history(conn, entity="api-token", record_key="nightly")
    assert [e.summary for e in trail[:3]] == [
        "account reactivated", "every session ended: account deactivated",
        "account deactivated"]
    assert revoked[0].summary == "token revoked: account deactivated"


def test_tokens_list_and_revoke(maria: Database, impact: Impact) -> None:
    token = impact("user", "token", "maria", "--name", "nightly").out.strip()
    impact("user", "token", "maria", "--name", "weekly")
    assert accounts.user_for_token(maria, token) is not None
    listed = impact("user", "tokens", "list", "maria")
    assert listed.code == 0
    assert "nightly" in listed.out and "weekly" in listed.out
    assert "never" in listed.out and "UTC" in listed.out
    revoked = impact("user", "tokens", "revoke", "maria", "nightly")
    assert (revoked.code, revoked.out.strip()) == (0, "Tokens of maria revoked: 1")
    assert accounts.user_for_token(maria, token) is None
    missing = impact("user", "tokens", "revoke", "maria", "nightly")
    assert (missing.code, "has no API token named 'nightly'" in missing.err) == (1, True)
    neither = impact("user", "tokens", "revoke", "maria")
    assert (neither.code, "Name the token to revoke, or give --all" in neither.err) == (2, True)
    assert impact("user", "tokens", "revoke", "maria", "--all").out.strip() == (
        "Tokens of maria revoked: 1")
    assert "weekly" not in impact("user", "tokens", "list", "maria").out
