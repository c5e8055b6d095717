"""Saving and loading whole workspaces, one-record edits, conflicts and the audit trail."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from impactkit.domain import (
    Actor,
    Confidence,
    CoordinationLink,
    Evidence,
    Finding,
    FindingStatus,
    IndicatorValue,
    Jurisdiction,
    Mandate,
    NationalInstrument,
    RatingState,
    Workspace,
    WorkspaceData,
)
from impactkit.errors import ConflictError, NotFoundError, UsageError
from impactkit.store import audit, editing, records, workspaces
from impactkit.store.db import Database

STAMP = datetime(2024, 5, 1, 12, 30, tzinfo=UTC)


def sample_data(key: str = "xa-2024") -> WorkspaceData:
    workspace = Workspace(
        key=key, title="Atlantis (fictional) 2024", cycle="2024", year=2024,
        jurisdiction=Jurisdiction(code="XAT", name="Atlantis (fictional)", fictional=True),
        created_at=STAMP,
    )
    return WorkspaceData(
        workspace=workspace,
        actors=[
            Actor(key="moj", name="Ministry of Justice", sector="judiciary", type="ministry"),
            Actor(key="lab", name="Labour inspectorate", sector="labour", level="regional"),
        ],
        instruments=[NationalInstrument(key="lc", title="Labour Code, «art. 12»", kind="law",
                                        year=2011, provisions=("CRC-32", "ILO182-3"),
                                        sectors=("labour",))],
        mandates=[Mandate(key="m1", actor_key="lab", provisions=("CRC-32",),
                          forms=("labour-exploitation",), functions=("identification",),
                          legal_basis="lc")],
        links=[CoordinationLink(key="l1", source_key="moj", target_key="lab", kind="referral",
                                legal_basis="lc")],
        findings=[
            Finding(key="F1", area="compliance", layer="practice",
                    provisions=("CRC-32", "ILO182-3"), sectors=("labour", "judiciary"),
                    groups=("working",), rating=1, rating_state=RatingState.RATED,
                    confidence=Confidence.HIGH, title="Inspections rare",
                    narrative='Only 3 "farm" inspections;\nnone found children.',
                    status=FindingStatus.VALIDATED, author="team", validated_by="lead",
                    created_at=STAMP, updated_at=STAMP),
            Finding(key="F2", area="inclusion", layer="law-policy", clusters=("violence",),
                    exclusion_criteria=("documents", "age"), created_at=STAMP,
                    updated_at=STAMP),
        ],
        evidence=[Evidence(key="E1", finding_key="F1", kind="statistics",
                           title="Inspectorate annual report", date="2023")],
        indicator_values=[IndicatorValue(key="I1", indicator="child-labour-rate", year=2022,
                                         value=4.25, group="rural")],
    )


def store(database: Database, data: WorkspaceData) -> None:
    with database.begin() as conn:
        workspaces.create_workspace(conn, workspace=data.workspace, user="tester")
        records.add_records(conn, workspace_key=data.workspace.key, data=data, user="tester")


def test_a_saved_workspace_loads_back_identical(database: Database) -> None:
    data = sample_data()
    store(database, data)
    with database.connect() as conn:
        loaded = records.load_workspace_data(conn, workspace_key="xa-2024")
    assert loaded == data


def test_every_created_record_is_audited(database: Database) -> None:
    store(database, sample_data())
    with database.connect() as conn:
        entries = audit.history(conn, workspace_key="xa-2024")
    created = sorted((e.entity, e.record_key) for e in entries if e.action == "create")
    assert created == sorted([
        ("workspace", "xa-2024"), ("actor", "moj"), ("actor", "lab"), ("instrument", "lc"),
        ("mandate", "m1"), ("link", "l1"), ("finding", "F1"), ("finding", "F2"),
        ("evidence", "E1"), ("indicator-value", "I1")])
    finding_entry = next(e for e in entries if e.record_key == "F1")
    assert finding_entry.after is not None
    assert finding_entry.after["provisions"] == ["CRC-32", "ILO182-3"]
    assert finding_entry.user == "tester"


def test_a_failed_bulk_save_leaves_nothing(database: Database) -> None:
    data = sample_data()
    data.mandates.append(Mandate(key="m2", actor_key="nobody"))
    with pytest.raises(KeyError), database.begin() as conn:
        workspaces.create_workspace(conn, workspace=data.workspace, user="tester")
        records.add_records(conn, workspace_key=data.workspace.key, data=data, user="tester")
    with database.connect() as conn:
        assert workspaces.list_workspaces(conn) == []
        assert audit.history(conn) == []


def test_duplicate_workspace_key_is_refused(database: Database) -> None:
    store(database, sample_data())
    with pytest.raises(UsageError, match="already exists"), database.begin() as conn:
        workspaces.create_workspace(conn, workspace=sample_data().workspace, user="t")


def test_update_bumps_version_and_records_before_and_after(database: Database) -> None:
    store(database, sample_data())
    with database.begin() as conn:
        current = editing.get_record(conn, entity="finding", workspace_key="xa-2024",
                                     key="F1")
        changed = dataclasses.replace(current, rating=3, sectors=("labour",))
        saved = editing.update_record(conn, entity="finding", workspace_key="xa-2024",
                                      record=changed, expected_version=current.version,
                                      user="ana")
    assert saved.version == 2
    with database.connect() as conn:
        reloaded = editing.get_record(conn, entity="finding", workspace_key="xa-2024",
                                      key="F1")
        entry = audit.history(conn, workspace_key="xa-2024", record_key="F1")[0]
    assert (reloaded.rating, reloaded.sectors, reloaded.version) == (3, ("labour",), 2)
    assert entry.action == "update" and entry.user == "ana"
    assert entry.before is not None and entry.after is not None
    assert (entry.before["rating"], entry.after["rating"]) == (1, 3)


def test_a_stale_update_is_refused_and_changes_nothing(database: Database) -> None:
    store(database, sample_data())
    with database.begin() as conn:
        first = editing.get_record(conn, entity="finding", workspace_key="xa-2024", key="F1")
        editing.update_record(conn, entity="finding", workspace_key="xa-2024",
                              record=dataclasses.replace(first, rating=2),
                                expected_version=1, user="ana")
    with pytest.raises(ConflictError, match="changed by someone else") as caught, \
            database.begin() as conn:
        editing.update_record(conn, entity="finding", workspace_key="xa-2024",
                              record=dataclasses.replace(first, rating=4),
                                expected_version=1, user="ben")
    assert caught.value.current_version == 2
    with database.connect() as conn:
        assert editing.get_record(conn, entity="finding", workspace_key="xa-2024",
                                  key="F1").rating == 2


def test_delete_needs_the_current_version(database: Database) -> None:
    store(database, sample_data())
    with pytest.raises(ConflictError), database.begin() as conn:
        editing.delete_record(conn, entity="finding", workspace_key="xa-2024", key="F1",
                              expected_version=7, user="ana")
    with database.begin() as conn:
        editing.delete_record(conn, entity="finding", workspace_key="xa-2024", key="F1",
                              expected_version=1, user="ana")
    with database.connect() as conn:
        with pytest.raises(NotFoundError):
            editing.get_record(conn, entity="finding", workspace_key="xa-2024", key="F1")
        data = records.load_workspace_data(conn, workspace_key="xa-2024")
    assert [f.key for f in data.findings] == ["F2"]
    assert data.evidence == []  # evidence of a deleted finding goes with it


def test_unrated_finding_cannot_carry_a_rating_in_the_database(database: Database) -> None:
    store(database, sample_data())
    with pytest.raises(sa.exc.IntegrityError), database.begin() as conn:
        conn.execute(sa.text("UPDATE findings SET rating = 2 WHERE key = 'F2'"))


def test_list_workspaces_counts_findings(database: Database) -> None:
    store(database, sample_data())
    with database.connect() as conn:
        [summary] = workspaces.list_workspaces(conn)
    assert (summary.key, summary.n_findings, summary.fictional) == ("xa-2024", 2, True)


def test_unknown_workspace_names_the_known_ones(database: Database) -> None:
    store(database, sample_data())
    with pytest.raises(NotFoundError, match="known workspaces: xa-2024"), \
            database.connect() as conn:
        records.load_workspace_data(conn, workspace_key="nope")
