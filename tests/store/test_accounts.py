"""Accounts in the store: users, roles, API tokens (stored as hashes), each change audited
(SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from tests.services.sample import WS, sample_data

from impactkit.errors import NotFoundError, UsageError
from impactkit.services.setup import init_database
from impactkit.store import accounts, audit, workspaces
from impactkit.store.db import Database

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def db(database: Database) -> Database:
    init_database(database, user="setup")
    with database.begin() as conn:
        workspaces.create_workspace(conn, workspace=sample_data().workspace, user="setup")
        for name in ("ana", "ben"):
            accounts.create_user(conn, username=name, password_hash="-", by="setup")
    return database


def _id(db: Database, name: str) -> int:
    with db.connect() as conn:
        user = accounts.find_user(conn, username=name)
    assert user is not None
    return user.id


def test_a_username_is_taken_once(db: Database) -> None:
    with pytest.raises(UsageError, match="a user 'ana' already exists"), db.begin() as conn:
        accounts.create_user(conn, username="ana", password_hash="-", by="setup")
    with db.connect() as conn:
        assert accounts.count_users(conn) == 2


def test_roles_are_set_changed_and_removed(db: Database) -> None:
    with db.begin() as conn:
        accounts.set_role(conn, username="ana", workspace_key=WS, role="reviewer", by="admin")
        accounts.set_role(conn, username="ben", workspace_key=WS, role="viewer", by="admin")
        accounts.set_role(conn, username="ana", workspace_key=WS, role="admin", by="admin")
    with db.connect() as conn:
        assert accounts.members(conn, workspace_key=WS) == [("ana", "admin"), ("ben", "viewer")]
        assert accounts.roles_of(conn, user_id=_id(db, "ana")) == {WS: "admin"}
    with db.begin() as conn:
        accounts.set_role(conn, username="ben", workspace_key=WS, role=None, by="admin")
    with db.connect() as conn:
        assert accounts.role_in(conn, user_id=_id(db, "ben"), workspace_key=WS) is None


def test_a_token_opens_only_for_an_active_user_and_its_use_is_stamped_once_a_minute(
        db: Database) -> None:
    ana = _id(db, "ana")
    with db.begin() as conn:
        accounts.create_token(conn, user_id=ana, name="export", token_hash="h" * 64, by="ana")
    with db.begin() as conn:
        found = accounts.user_for_token(conn, token_hash="h" * 64)
        assert found is not None and found[0].username == "ana" and found[1] is None
        accounts.stamp_token_use(conn, token_hash="h" * 64, now=NOW,
                                 resolution=timedelta(minutes=1))
        accounts.stamp_token_use(conn, token_hash="h" * 64, now=NOW + timedelta(seconds=30),
                                 resolution=timedelta(minutes=1))  # too soon: not written
    with db.connect() as conn:
        assert [t.last_used_at for t in accounts.list_tokens(conn, user_id=ana)] == [NOW]
    with db.begin() as conn:
        accounts.set_active(conn, username="ana", active=False, by="admin")
        assert accounts.user_for_token(conn, token_hash="h" * 64) is None
        assert accounts.user_for_token(conn, token_hash="x" * 64) is None


def test_revoking_removes_every_token_of_that_name_and_audits_each(db: Database) -> None:
    ana = _id(db, "ana")
    with db.begin() as conn:
        for number, name in enumerate(("export", "export", "sync")):
            accounts.create_token(conn, user_id=ana, name=name, token_hash=str(number) * 64,
                                  by="ana")
        assert accounts.revoke_tokens(conn, user_id=ana, username="ana", name="export",
                                      by="admin") == 2
    with db.connect() as conn:
        assert [t.name for t in accounts.list_tokens(conn, user_id=ana)] == ["sync"]
        deleted = [e for e in audit.history(conn, workspace_key=None, record_key="export")
                   if e.action == "delete"]
    assert len(deleted) == 2 and all(e.user == "admin" for e in deleted)


def test_public_mode_is_a_setting_of_the_workspace(db: Database) -> None:
    with db.begin() as conn:
        assert not accounts.is_public(conn, workspace_key=WS)
        accounts.set_public(conn, workspace_key=WS, public=True, by="admin")
    with db.connect() as conn:
        assert accounts.is_public(conn, workspace_key=WS)
        assert not accounts.is_public(conn, workspace_key="no-such-workspace")


def test_deactivating_an_unknown_user_says_so(db: Database) -> None:
    with pytest.raises(NotFoundError, match="no user 'zoe'"), db.begin() as conn:
        accounts.set_active(conn, username="zoe", active=False, by="admin")
