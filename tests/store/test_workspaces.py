"""Workspaces in the store: created once per key, read back whole, listed with their
finding counts, the four-eyes setting switched and deleted with everything in them, each
change audited (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from impactkit.domain import Finding, Jurisdiction, JurisdictionKind, Workspace, WorkspaceData
from impactkit.errors import NotFoundError, UsageError
from impactkit.store import audit, records, workspaces
from impactkit.store.db import Database

STAMP = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
ATLANTIS = Jurisdiction(code="XAT", name="Atlantis (fictional)", fictional=True)


def workspace(key: str, *, jurisdiction: Jurisdiction = ATLANTIS) -> Workspace:
    return Workspace(key=key, title=f"{jurisdiction.name} {key}", cycle="2025", year=2025,
                     jurisdiction=jurisdiction, created_at=STAMP, description="About «x».")


def create(database: Database, key: str, **kwargs: Jurisdiction) -> None:
    with database.begin() as conn:
        workspaces.create_workspace(conn, workspace=workspace(key, **kwargs), user="tester")


def test_a_workspace_reads_back_as_it_was_created(database: Database) -> None:
    create(database, "xa")
    with database.connect() as conn:
        assert workspaces.get_workspace(conn, key="xa") == workspace("xa")
        [entry] = audit.history(conn, workspace_key="xa")
    assert (entry.entity, entry.action, entry.user) == ("workspace", "create", "tester")


def test_a_key_is_used_once(database: Database) -> None:
    create(database, "xa")
    with pytest.raises(UsageError, match="already exists"):
        create(database, "xa")


def test_workspaces_of_one_jurisdiction_share_it_and_keep_its_first_name(
        database: Database) -> None:
    create(database, "xa")
    renamed = Jurisdiction(code="XAT", name="Another name", fictional=True)
    create(database, "xb", jurisdiction=renamed)
    region = Jurisdiction(code="XAT-N", name="North", kind=JurisdictionKind.REGION,
                          parent_code="XAT", fictional=True)
    create(database, "xc", jurisdiction=region)
    with database.connect() as conn:
        assert workspaces.get_workspace(conn, key="xb").jurisdiction == ATLANTIS
        assert workspaces.get_workspace(conn, key="xc").jurisdiction == region


def test_the_list_counts_findings_and_is_ordered_by_key(database: Database) -> None:
    create(database, "xb")
    create(database, "xa")
    findings = [Finding(key=f"F{i}", area="compliance", layer="practice") for i in range(3)]
    with database.begin() as conn:
        records.add_records(conn, workspace_key="xb", user="tester", data=WorkspaceData(
            workspace=workspace("xb"), findings=findings))
    with database.connect() as conn:
        listed = workspaces.list_workspaces(conn)
    assert [(s.key, s.n_findings, s.jurisdiction_code, s.fictional) for s in listed] == [
        ("xa", 0, "XAT", True), ("xb", 3, "XAT", True)]


def test_an_unknown_key_names_the_known_ones(database: Database) -> None:
    with database.connect() as conn:
        with pytest.raises(NotFoundError, match="has none yet"):
            workspaces.get_workspace(conn, key="nowhere")
        assert workspaces.workspace_id(conn, key="nowhere", missing_ok=True) is None
    create(database, "xa")
    with database.connect() as conn:
        for read in (lambda: workspaces.ws_id(conn, "nowhere"),
                     lambda: workspaces.four_eyes(conn, key="nowhere")):
            with pytest.raises(NotFoundError, match="known workspaces: xa"):
                read()
    with database.begin() as conn, pytest.raises(NotFoundError, match="nowhere"):
        workspaces.lock_workspace(conn, "nowhere")


def test_four_eyes_is_on_by_default_and_each_switch_is_audited(database: Database) -> None:
    create(database, "xa")
    with database.begin() as conn:
        assert workspaces.four_eyes(conn, key="xa") is True
        assert workspaces.set_four_eyes(conn, key="xa", on=True, user="ana") is False
        assert workspaces.set_four_eyes(conn, key="xa", on=False, user="ana") is True
    with database.connect() as conn:
        assert workspaces.four_eyes(conn, key="xa") is False
        entries = audit.history(conn, workspace_key="xa")
    switch = entries[0]
    assert (switch.action, switch.before, switch.after, switch.summary) == (
        "update", {"four_eyes": True}, {"four_eyes": False}, "four-eyes review off")
    assert len(entries) == 2  # the creation, and the one switch that changed something


def test_deleting_a_workspace_deletes_its_records_and_keeps_its_trail(
        database: Database) -> None:
    create(database, "xa")
    with database.begin() as conn:
        records.add_records(conn, workspace_key="xa", user="tester", data=WorkspaceData(
            workspace=workspace("xa"),
            findings=[Finding(key="F1", area="compliance", layer="practice")]))
        workspaces.delete_workspace(conn, key="xa", user="ana")
    with database.connect() as conn:
        assert workspaces.list_workspaces(conn) == []
        deletion = audit.history(conn, workspace_key="xa")[0]
    assert (deletion.action, deletion.user) == ("delete", "ana")
    assert deletion.before is not None and deletion.before["key"] == "xa"
    create(database, "xa")  # the key is free again
    with database.connect() as conn:
        assert records.existing_keys(conn, workspace_key="xa")["finding"] == set()
