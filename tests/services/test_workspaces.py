"""Creating, listing, choosing and deleting workspaces, and moving them in and out of files:
each service checks who asks (see conftest.py for the users and their roles)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from impactkit.errors import NotFoundError, UsageError
from impactkit.services import accounts, exchange, workspaces
from impactkit.services.accounts import PermissionDenied, Principal, operator
from impactkit.store import audit
from impactkit.store.db import Database
from tests.services.sample import WS

Who = Callable[[str], Principal]
FINDINGS = ("key,area,layer,provisions,sectors,rating\n"
            "N1,compliance,practice,CRC-32,labour,not-assessed\n")


def keys(db: Database, principal: Principal) -> list[str]:
    return [s.key for s in workspaces.list_workspaces(db, principal)]


@pytest.mark.parametrize("name", ["anonymous", "viewer", "wsadmin", "outsider"])
def test_only_site_administrators_create_workspaces(db: Database, who: Who, name: str) -> None:
    with pytest.raises(PermissionDenied, match="site administrator"):
        workspaces.create_workspace(db, who(name), key="new", jurisdiction="FI", cycle="2025")
    made = workspaces.create_workspace(db, who("admin"), key="new", jurisdiction="FI",
                                       cycle="2025")
    assert (made.key, made.title) == ("new", "Finland 2025")
    with db.connect() as conn:
        [entry] = audit.history(conn, workspace_key="new")
    assert (entry.action, entry.user) == ("create", "admin")


def test_an_unknown_catalogue_is_named_and_nothing_is_created(db: Database) -> None:
    with pytest.raises(UsageError, match="no catalogue 'nope'"):
        workspaces.create_workspace(db, operator("ops"), key="new", jurisdiction="FI",
                                    cycle="2025", catalogue_key="nope")
    assert "new" not in keys(db, operator("ops"))


def test_each_sees_the_workspaces_they_may_read(db: Database, who: Who) -> None:
    assert keys(db, who("viewer")) == [WS]
    assert keys(db, who("outsider")) == []
    assert keys(db, who("anonymous")) == []


def test_the_listing_follows_the_rule_of_reading_one(db: Database, who: Who) -> None:
    workspaces.create_workspace(db, who("admin"), key="open", jurisdiction="FI", cycle="1")
    workspaces.create_workspace(db, who("admin"), key="closed", jurisdiction="FI", cycle="1")
    accounts.set_public(db, who("admin"), workspace_key="open", public=True)
    for name in ("viewer", "outsider", "anonymous", "admin", "wsadmin"):
        listed = keys(db, who(name))
        assert listed == [k for k in ("closed", "open", WS)
                          if accounts.can_read(db, who(name), k)], name
    assert keys(db, who("anonymous")) == ["open"]
    assert keys(db, who("admin")) == ["closed", "open", WS]


def test_a_command_means_the_only_workspace_its_user_may_read(db: Database, who: Who) -> None:
    assert workspaces.resolve_workspace_key(db, who("viewer"), None) == WS
    assert workspaces.resolve_workspace_key(db, who("viewer"), "named") == "named"
    with pytest.raises(NotFoundError, match="no workspace yet"):
        workspaces.resolve_workspace_key(db, who("outsider"), None)
    workspaces.create_workspace(db, who("admin"), key="second", jurisdiction="FI", cycle="1")
    with pytest.raises(UsageError, match="several workspaces exist"):
        workspaces.resolve_workspace_key(db, who("admin"), None)


def test_only_the_workspace_admins_delete_it(db: Database, who: Who) -> None:
    for name in ("viewer", "contributor", "reviewer", "outsider"):
        with pytest.raises(PermissionDenied):
            workspaces.delete_workspace(db, who(name), key=WS)
    workspaces.delete_workspace(db, who("wsadmin"), key=WS)
    assert keys(db, who("admin")) == []
    with db.connect() as conn:
        assert audit.history(conn, workspace_key=WS)[0].action == "delete"


def test_the_four_eyes_setting_is_read_by_readers_and_changed_by_admins(
        db: Database, who: Who) -> None:
    with pytest.raises(PermissionDenied):
        workspaces.four_eyes(db, who("outsider"), key=WS)
    assert workspaces.four_eyes(db, who("viewer"), key=WS) is True
    with pytest.raises(PermissionDenied):
        workspaces.set_four_eyes(db, who("reviewer"), key=WS, on=False)
    assert workspaces.set_four_eyes(db, who("wsadmin"), key=WS, on=False) is True
    assert workspaces.set_four_eyes(db, who("wsadmin"), key=WS, on=False) is False
    assert workspaces.four_eyes(db, who("viewer"), key=WS) is False


def test_tables_are_imported_by_contributors_and_up(db: Database, who: Who,
                                                    tmp_path: Path) -> None:
    table = tmp_path / "findings.csv"
    table.write_text(FINDINGS, encoding="utf-8")
    for name in ("viewer", "outsider", "anonymous"):
        with pytest.raises(PermissionDenied):
            exchange.import_table(db, who(name), key=WS, path=table, kind="findings")
    report = exchange.import_table(db, who("contributor"), key=WS, path=table,
                                   kind="findings")
    assert report.counts["finding"] == 1
    with db.connect() as conn:
        entry = audit.history(conn, workspace_key=WS, record_key="N1")[0]
    assert entry.user == "contributor"


def test_exports_need_read_access_and_imports_of_packages_a_site_admin(
        db: Database, who: Who, tmp_path: Path) -> None:
    with pytest.raises(PermissionDenied):
        exchange.export_workspace(db, who("outsider"), key=WS, directory=tmp_path / "no")
    package = exchange.export_workspace(db, who("viewer"), key=WS, directory=tmp_path / "out")
    with pytest.raises(PermissionDenied, match="site administrator"):
        exchange.import_datapackage(db, who("wsadmin"), path=package, workspace_key="copy")
    report = exchange.import_datapackage(db, who("admin"), path=package, workspace_key="copy")
    assert report.created_workspace and report.counts["finding"] == 3
