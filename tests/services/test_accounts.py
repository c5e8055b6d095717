"""Accounts, roles and tokens through the services: who may create, grant and list (see
conftest.py for the users and their roles)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from impactkit.services import accounts
from impactkit.services.accounts import PermissionDenied, Principal, Role, operator
from impactkit.services.catalogue import load_texts
from impactkit.store import audit
from impactkit.store.db import Database
from tests.services.sample import WS

Who = Callable[[str], Principal]


@pytest.mark.parametrize("name", ["anonymous", "wsadmin", "viewer"])
def test_only_site_administrators_create_accounts(db: Database, who: Who, name: str) -> None:
    with pytest.raises(PermissionDenied, match="site administrator"):
        accounts.create_user(db, who(name), username="new", password="a long passphrase")
    made = accounts.create_user(db, who("admin"), username="new", password="a long passphrase",
                                display_name="New Person")
    assert (made.username, made.display_name, made.is_admin) == ("new", "New Person", False)
    assert accounts.authenticate(db, username="new", password="a long passphrase") == made
    assert accounts.authenticate(db, username="new", password="wrong") is None


def test_roles_are_granted_by_the_workspaces_admins(db: Database, who: Who) -> None:
    for name in ("contributor", "reviewer", "outsider"):
        with pytest.raises(PermissionDenied, match="admin role"):
            accounts.grant(db, who(name), username="outsider", workspace_key=WS,
                           role=Role.VIEWER)
    accounts.grant(db, who("wsadmin"), username="outsider", workspace_key=WS,
                   role=Role.REVIEWER)
    assert accounts.role_of(db, who("outsider"), WS) is Role.REVIEWER
    accounts.grant(db, operator("ops"), username="outsider", workspace_key=WS, role=None)
    assert accounts.role_of(db, who("outsider"), WS) is None
    with db.connect() as conn:
        users = {e.user for e in audit.history(conn, workspace_key=WS, entity="membership")}
    assert {"wsadmin", "ops"} <= users


def test_a_token_is_made_by_its_owner_or_a_site_administrator(db: Database, who: Who) -> None:
    with pytest.raises(PermissionDenied, match="site administrator"):
        accounts.create_token(db, who("wsadmin"), username="viewer", name="export")
    own = accounts.create_token(db, who("viewer"), username="viewer", name="laptop")
    theirs = accounts.create_token(db, who("admin"), username="viewer", name="export")
    assert own.startswith("imp_") and own != theirs
    found = accounts.user_for_token(db, own)
    assert found is not None and found.username == "viewer"
    assert accounts.user_for_token(db, "imp_not-a-token") is None


def test_the_list_of_accounts_is_for_site_administrators(db: Database, who: Who) -> None:
    with pytest.raises(PermissionDenied):
        accounts.users_with_roles(db, who("wsadmin"))
    listed = {u.username: roles for u, roles in accounts.users_with_roles(db, who("admin"))}
    assert listed["reviewer"] == {WS: "reviewer"} and listed["outsider"] == {}


def test_catalogue_texts_are_changed_by_site_administrators_only(
        db: Database, who: Who, tmp_path: Path) -> None:
    with pytest.raises(PermissionDenied, match="change a catalogue"):
        load_texts(db, who("wsadmin"), path=tmp_path / "never-read.json")
