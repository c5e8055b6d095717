"""Reading a workspace as the analysis needs it: findings straight into columns.

The columnar read must give the analysis exactly what the records give it, on both
databases: same columns, same codes in the same order, same report."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from impactkit.analysis import analyse, analyse_with_matrix, explain, score_matrix
from impactkit.analysis.table import LIST_FIELDS, SCALAR_FIELDS, AnalysisInput, FindingTable
from impactkit.catalogue.loader import load_default_catalogue
from impactkit.demo import build_demo
from impactkit.domain import (
    Finding,
    FindingStatus,
    Jurisdiction,
    RatingState,
    Workspace,
    WorkspaceData,
)
from impactkit.errors import NotFoundError
from impactkit.store import records, workspaces
from impactkit.store.analysis_input import load_analysis_input
from impactkit.store.db import Database

STAMP = datetime(2025, 3, 1, tzinfo=UTC)


def save(database: Database, data: WorkspaceData) -> None:
    with database.begin() as conn:
        workspaces.create_workspace(conn, workspace=data.workspace, user="tester")
        records.add_records(conn, workspace_key=data.workspace.key, data=data, user="tester")


def columns(table: FindingTable) -> dict[str, list[object]]:
    """Every column of a table as plain lists, list fields as one tuple per finding."""
    plain: dict[str, list[object]] = {"key": list(table.keys)}
    for name in SCALAR_FIELDS:
        plain[name] = list(table.scalars[name])
    for name in LIST_FIELDS:
        plain[name] = [table.value(name, i) for i in range(len(table))]
    return plain


@pytest.fixture(scope="module")
def demo() -> WorkspaceData:
    return build_demo()


def test_the_columns_read_from_the_store_are_those_of_the_stored_findings(
        database: Database, demo: WorkspaceData) -> None:
    save(database, demo)
    with database.connect() as conn:
        loaded = load_analysis_input(conn, workspace_key=demo.workspace.key)
        records_read = records.load_workspace_data(conn, workspace_key=demo.workspace.key)
    assert len(loaded.findings) == len(demo.findings) > 100
    assert columns(loaded.findings) == columns(FindingTable.of(records_read.findings))
    assert loaded.workspace == records_read.workspace
    assert (list(loaded.actors), list(loaded.mandates), list(loaded.links)) == \
        (records_read.actors, records_read.mandates, records_read.links)


def test_the_analysis_of_the_columns_equals_that_of_the_records(
        database: Database, demo: WorkspaceData) -> None:
    save(database, demo)
    catalogue = load_default_catalogue()
    with database.connect() as conn:
        loaded = load_analysis_input(conn, workspace_key=demo.workspace.key)
        records_read = records.load_workspace_data(conn, workspace_key=demo.workspace.key)
    for statuses in (None, ["validated"], ["draft", "reviewed"]):
        report = analyse(loaded, catalogue, statuses=statuses)
        assert report.to_dict() == analyse(records_read, catalogue, statuses=statuses).to_dict()
        both = analyse_with_matrix(loaded, catalogue, statuses=statuses)
        assert both[0].to_dict() == report.to_dict()
        assert both[1].to_dict() == score_matrix(records_read, catalogue,
                                                 statuses=statuses).to_dict()
    assert report.summary.findings > 0
    assert explain(loaded, catalogue, "area:compliance").to_dict() == \
        explain(records_read, catalogue, "area:compliance").to_dict()


def test_list_codes_keep_their_order_and_other_tag_kinds_stay_out(database: Database) -> None:
    finding = Finding(key="F1", area="compliance", layer="practice",
                      provisions=("CRC-34", "CRC-19", "CRC-32"), sectors=("labour", "health"),
                      groups=("migrant",), forms=("sexual-exploitation",),
                      exclusion_criteria=("documents",), tension_sectors=("labour",),
                      tension_instruments=("lc",), rating=2,
                      rating_state=RatingState.RATED, status=FindingStatus.REVIEWED,
                      created_at=STAMP, updated_at=STAMP)
    other = Finding(key="A0", area="inclusion", layer="law-policy", clusters=("violence",),
                    created_at=STAMP, updated_at=STAMP)
    data = WorkspaceData(workspace=workspace("xa"), findings=[finding, other])
    save(database, data)
    save(database, WorkspaceData(workspace=workspace("xb"), findings=[
        Finding(key="F1", area="compliance", layer="law-policy", provisions=("CRC-35",),
                created_at=STAMP, updated_at=STAMP)]))
    with database.connect() as conn:
        table = load_analysis_input(conn, workspace_key="xa").findings
    assert table.keys == ["F1", "A0"]  # the order they were added
    assert table.value("provisions", 0) == ("CRC-34", "CRC-19", "CRC-32")
    assert table.value("sectors", 0) == ("labour", "health")
    assert table.value("clusters", 1) == ("violence",)
    assert table.value("provisions", 1) == ()
    assert table.scalars["status"] == ["reviewed", "draft"]
    assert table.scalars["rating"] == [2, None]
    assert set(table.lists) == set(LIST_FIELDS)  # no forms, no tension instruments
    assert "CRC-35" not in table.lists["provisions"].codes  # the other workspace's finding


def test_an_empty_workspace_reads_as_an_empty_table(database: Database) -> None:
    save(database, WorkspaceData(workspace=workspace("xa")))
    with database.connect() as conn:
        loaded = load_analysis_input(conn, workspace_key="xa")
    assert len(loaded.findings) == 0
    assert analyse(loaded, load_default_catalogue()).summary.findings == 0


def test_an_unknown_workspace_is_named(database: Database) -> None:
    with pytest.raises(NotFoundError, match="nowhere"), database.connect() as conn:
        load_analysis_input(conn, workspace_key="nowhere")


def test_finding_titles_are_read_in_chunks_under_the_parameter_limit(
        database: Database) -> None:
    many = [Finding(key=f"F{i:05d}", area="compliance", layer="practice", title=f"Title {i}",
                    created_at=STAMP, updated_at=STAMP) for i in range(2_000)]
    save(database, WorkspaceData(workspace=workspace("xa"), findings=many))
    wanted = {f"F{i:05d}" for i in range(0, 2_000, 2)} | {"nobody"}
    with database.connect() as conn:
        titles = records.finding_titles(conn, workspace_key="xa", keys=wanted)
    assert len(titles) == 1_000
    assert titles["F01998"] == "Title 1998" and "nobody" not in titles


def test_the_input_of_records_in_memory_is_the_same_table(demo: WorkspaceData) -> None:
    made = AnalysisInput.of(demo)
    assert AnalysisInput.of(made) is made
    assert made.findings.keys == [f.key for f in demo.findings]
    assert made.findings.scalars["confidence"] == [f.confidence.value for f in demo.findings]


def workspace(key: str) -> Workspace:
    return Workspace(key=key, title=f"Atlantis (fictional) {key}", cycle="2025", year=2025,
                     jurisdiction=Jurisdiction(code="XAT", name="Atlantis (fictional)",
                                               fictional=True), created_at=STAMP)
