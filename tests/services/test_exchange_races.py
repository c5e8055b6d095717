"""Imports of tables and map packages check the workspace inside their write transaction
(SQLite and PostgreSQL).

A table import reads the workspace to check a file against it, then writes. A change saved
in between (here: made by a hook just after the file has been read, through the service
layer, committed) must be taken into account: the import is refused with the problem named,
never written past the change or crashed into it, and nothing is written.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from impactkit.domain import Actor, Finding
from impactkit.errors import ImportRejected
from impactkit.services import exchange, records, system_map
from impactkit.services.accounts import Principal, operator
from impactkit.services.workspaces import create_workspace
from impactkit.store import audit
from impactkit.store.db import Database
from tests.services.sample import WS


def after_reading(monkeypatch: pytest.MonkeyPatch, reader: str,
                  change: Callable[[], object]) -> None:
    """Make ``change`` once the import has read its file (and the workspace), before it
    writes."""
    read = getattr(exchange, reader)

    def read_then_change(*args: Any, **kwargs: Any) -> Any:
        found = read(*args, **kwargs)
        change()
        return found
    monkeypatch.setattr(exchange, reader, read_then_change)


def audit_entries(db: Database) -> int:
    with db.connect() as conn:
        return audit.count(conn, workspace_key=WS)


def test_evidence_for_a_finding_deleted_meanwhile_is_refused_by_name(
        db: Database, who: Callable[[str], Principal], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    table = tmp_path / "evidence.csv"
    table.write_text("key,finding_key,kind,title\nE9,F2,desk-review,Labour code review\n",
                     encoding="utf-8")
    draft = records.get_record(db, who("contributor"), workspace_key=WS, entity="findings",
                               key="F2")
    after_reading(monkeypatch, "read_evidence_table", lambda: records.delete_record(
        db, who("contributor"), workspace_key=WS, entity="findings", key="F2",
        expected_version=draft.version))
    before = audit_entries(db)
    with pytest.raises(ImportRejected) as refused:
        exchange.import_table(db, operator("importer"), key=WS, path=table, kind="evidence")
    assert any("F2" in p.message and p.field == "evidence[E9].finding_key"
               for p in refused.value.problems), refused.value.problems
    assert [e.key for e in records.list_records(db, who("contributor"), workspace_key=WS,
                                                 entity="evidence").items] == ["E1"]
    assert audit_entries(db) == before + 1  # the deletion, and nothing of the import


def test_a_finding_added_meanwhile_under_a_key_of_the_file_is_refused_by_name(
        db: Database, who: Callable[[str], Principal], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    table = tmp_path / "findings.csv"
    table.write_text("key,area,layer,provisions,sectors,rating,narrative\n"
                     "F9,compliance,law-policy,CRC-32,labour,3,From the file.\n",
                     encoding="utf-8")
    theirs = dataclasses.replace(
        records.get_record(db, who("contributor"), workspace_key=WS, entity="findings",
                           key="F2"), key="F9", narrative="Typed in by a colleague.")
    assert isinstance(theirs, Finding)
    after_reading(monkeypatch, "read_findings_table", lambda: records.create_record(
        db, who("contributor"), workspace_key=WS, entity="findings", record=theirs))
    with pytest.raises(ImportRejected) as refused:
        exchange.import_table(db, operator("importer"), key=WS, path=table, kind="findings")
    assert any("F9" in p.message and "duplicate key" in p.message
               for p in refused.value.problems), refused.value.problems
    kept = records.get_record(db, who("contributor"), workspace_key=WS, entity="findings",
                              key="F9")
    assert kept.narrative == "Typed in by a colleague." and kept.version == 1


def test_a_map_import_sees_an_actor_added_meanwhile(
        db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    me = operator("tester")
    package = system_map.export_map(db, me, workspace_key=WS, path=tmp_path / "map",
                                    file_format="datapackage")
    create_workspace(db, me, key="copy", jurisdiction="XAT", jurisdiction_name="Atlantis",
                     fictional=True, cycle="copy")
    theirs = Actor(key="moj", name="Ministry of Justice (typed in)", sector="judiciary")
    read = exchange.read_map_package

    def read_then_add(*args: Any, **kwargs: Any) -> Any:
        found = read(*args, **kwargs)
        records.create_record(db, me, workspace_key="copy", entity="actors", record=theirs)
        return found
    monkeypatch.setattr(exchange, "read_map_package", read_then_add)
    with pytest.raises(ImportRejected) as refused:
        exchange.import_map(db, me, key="copy", path=package)
    assert any("moj" in p.message and "duplicate key" in p.message
               for p in refused.value.problems), refused.value.problems
    assert [a.key for a in records.list_records(db, me, workspace_key="copy",
                                                 entity="actors").items] == ["moj"]
