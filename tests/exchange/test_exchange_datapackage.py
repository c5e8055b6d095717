"""Data package export and import: lossless round trip, standard conformance, and rejection of
broken packages with every problem located by file, row and column."""

from __future__ import annotations

import csv
import json
import tempfile
from dataclasses import fields, replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from exchange_strategies import workspace_data
from hypothesis import HealthCheck, given, settings

from impactkit import domain
from impactkit.domain import FindingStatus, WorkspaceData
from impactkit.errors import ImportRejected, Problem
from impactkit.exchange.datapackage import (
    export_datapackage,
    read_datapackage,
    validate_with_frictionless,
)
from impactkit.exchange.tables import TABLES, WORKSPACE

TABLE_FILES = ["workspace.csv", "actors.csv", "instruments.csv", "mandates.csv", "links.csv",
               "findings.csv", "evidence.csv", "indicator_values.csv"]


def rows_of(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def rewrite(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


def set_cell(path: Path, row: int, column: str, value: str) -> None:
    """Set a cell by spreadsheet row number (header = 1) and column name."""
    rows = rows_of(path)
    rows[row - 1][rows[0].index(column)] = value
    rewrite(path, rows)


def rejection(path: Path) -> list[Problem]:
    with pytest.raises(ImportRejected) as info:
        read_datapackage(path)
    assert "nothing was imported" in info.value.message
    return list(info.value.problems)


# --- layout ---------------------------------------------------------------------------------
def test_export_writes_descriptor_and_one_csv_per_table(tmp_path: Path,
                                                        sample_data: WorkspaceData) -> None:
    descriptor_path = export_datapackage(sample_data, tmp_path / "out")
    assert descriptor_path == tmp_path / "out" / "datapackage.json"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        [*TABLE_FILES, "datapackage.json"])
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    assert [r["name"] for r in descriptor["resources"]] == [f[:-4] for f in TABLE_FILES]
    assert descriptor["impactkit"] == {"format_version": 1, "kind": "workspace",
                                       "workspace_key": "xat-2024",
                                       "catalogue_key": "impact-default"}
    mandates = next(r for r in descriptor["resources"] if r["name"] == "mandates")
    assert mandates["schema"]["primaryKey"] == ["key"]
    assert mandates["schema"]["foreignKeys"] == [
        {"fields": ["actor_key"], "reference": {"resource": "actors", "fields": ["key"]}},
        {"fields": ["legal_basis"], "reference": {"resource": "instruments", "fields": ["key"]}},
    ]
    provisions = next(f for f in mandates["schema"]["fields"] if f["name"] == "provisions")
    assert provisions["type"] == "list" and provisions["delimiter"] == "|"


def test_cells_are_written_as_documented(tmp_path: Path, sample_data: WorkspaceData) -> None:
    export_datapackage(sample_data, tmp_path)
    findings = rows_of(tmp_path / "findings.csv")
    header, first = findings[0], dict(zip(findings[0], findings[1], strict=True))
    assert header[:3] == ["key", "area", "layer"]
    assert first["provisions"] == "CRC-32|CRC-34"
    assert first["rating"] == "3" and first["rating_state"] == "rated"
    assert first["created_at"] == "2024-03-01T09:30:15.250000Z"
    assert first["narrative"] == 'Says "yes",\nmostly.'
    assert first["reviewed_by"] == ""  # None is an empty cell
    unassessed = dict(zip(header, findings[3], strict=True))
    assert unassessed["rating"] == "" and unassessed["rating_state"] == "not-assessed"
    instruments = rows_of(tmp_path / "instruments.csv")
    assert dict(zip(instruments[0], instruments[2], strict=True))["in_force"] == "false"
    raw = (tmp_path / "findings.csv").read_bytes()
    assert raw.startswith(b"key,area,layer,") and b"\r\n" in raw


def test_every_domain_field_has_a_column() -> None:
    """A field added to the domain but not to the package would be silently dropped."""
    for table in TABLES:
        if table is WORKSPACE:
            continue
        assert [c.name for c in table.columns] == [f.name for f in fields(table.record_type)]
    workspace_fields = {f.name for f in fields(domain.Workspace)} - {"jurisdiction"}
    jurisdiction_fields = {f"jurisdiction_{f.name}" for f in fields(domain.Jurisdiction)}
    assert {c.name for c in WORKSPACE.columns} == (workspace_fields | jurisdiction_fields
                                                   | {"four_eyes"})


# --- round trip -----------------------------------------------------------------------------
def test_round_trip_of_a_hand_built_workspace(tmp_path: Path,
                                              sample_data: WorkspaceData) -> None:
    path = export_datapackage(sample_data, tmp_path)
    assert read_datapackage(path) == sample_data
    assert read_datapackage(tmp_path) == sample_data  # the folder works too


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=workspace_data())
def test_round_trip_is_lossless(data: WorkspaceData) -> None:
    with tempfile.TemporaryDirectory() as folder:
        back = read_datapackage(export_datapackage(data, Path(folder)))
    assert back == data


def test_datetimes_are_written_in_utc(tmp_path: Path, sample_data: WorkspaceData) -> None:
    athens = timezone(timedelta(hours=3))
    sample_data.workspace = replace(sample_data.workspace,
                                    created_at=datetime(2024, 6, 1, 12, 0, tzinfo=athens))
    export_datapackage(sample_data, tmp_path)
    assert rows_of(tmp_path / "workspace.csv")[1][-1] == "2024-06-01T09:00:00Z"
    back = read_datapackage(tmp_path).workspace.created_at
    assert back == datetime(2024, 6, 1, 9, 0, tzinfo=UTC) and back.tzinfo == UTC


def test_naive_datetimes_are_taken_as_utc(tmp_path: Path, sample_data: WorkspaceData) -> None:
    sample_data.workspace = replace(sample_data.workspace,
                                    created_at=datetime(2024, 6, 1, 12, 0))
    export_datapackage(sample_data, tmp_path)
    assert rows_of(tmp_path / "workspace.csv")[1][-1] == "2024-06-01T12:00:00Z"
    assert read_datapackage(tmp_path).workspace.created_at == datetime(2024, 6, 1, 12, 0,
                                                                       tzinfo=UTC)


# --- the standard ---------------------------------------------------------------------------
def test_exported_package_is_valid_for_frictionless(tmp_path: Path,
                                                    sample_data: WorkspaceData) -> None:
    import frictionless

    path = export_datapackage(sample_data, tmp_path)
    report = frictionless.validate(str(path))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert len(report.tasks) == 8
    assert validate_with_frictionless(path) == []


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=workspace_data())
def test_generated_packages_are_valid_for_frictionless(data: WorkspaceData) -> None:
    with tempfile.TemporaryDirectory() as folder:
        assert validate_with_frictionless(export_datapackage(data, Path(folder))) == []


def test_frictionless_sees_a_broken_foreign_key(tmp_path: Path,
                                                sample_data: WorkspaceData) -> None:
    """The declared foreign keys are real: the reference implementation enforces them."""
    export_datapackage(sample_data, tmp_path)
    set_cell(tmp_path / "evidence.csv", 3, "finding_key", "F-999")
    problems = validate_with_frictionless(tmp_path)
    assert [(p.location, p.row) for p in problems] == [("evidence.csv", 3)]
    assert "F-999" in problems[0].message


# --- rejections -----------------------------------------------------------------------------
def test_bad_cells_are_all_reported_with_file_row_and_column(
        tmp_path: Path, sample_data: WorkspaceData) -> None:
    export_datapackage(sample_data, tmp_path)
    set_cell(tmp_path / "findings.csv", 2, "rating", "three")
    set_cell(tmp_path / "findings.csv", 4, "confidence", "sure")
    set_cell(tmp_path / "actors.csv", 3, "name", "")
    set_cell(tmp_path / "indicator_values.csv", 2, "value", "97,25")
    set_cell(tmp_path / "workspace.csv", 2, "created_at", "yesterday")
    found = {(p.location, p.row, p.field): p.message for p in rejection(tmp_path)}
    assert found == {
        ("workspace.csv", 2, "created_at"): "'yesterday' is not an ISO 8601 date and time "
                                            "(like 2024-05-31T14:30:00Z)",
        ("actors.csv", 3, "name"): "name is empty; it is required",
        ("findings.csv", 2, "rating"): "'three' is not a whole number",
        ("findings.csv", 4, "confidence"): "'sure' is not one of: high, medium, low",
        ("indicator_values.csv", 2, "value"): "'97,25' is not a number (use a dot as decimal "
                                              "separator)",
    }


def test_duplicate_keys_and_dangling_references_are_rejected(
        tmp_path: Path, sample_data: WorkspaceData) -> None:
    sample_data.actors[2] = replace(sample_data.actors[2], key="mol")  # rows 2 and 4
    sample_data.mandates[0] = replace(sample_data.mandates[0], legal_basis="law-425")
    sample_data.evidence = []  # F-001 is validated: it now lacks evidence
    export_datapackage(sample_data, tmp_path)
    found = {(p.location, p.row, p.field): p.message for p in rejection(tmp_path)}
    assert found == {
        ("actors.csv", 4, "key"): "duplicate key 'mol': row 2 has it too",
        ("mandates.csv", 2, "legal_basis"): "no law or policy has key 'law-425'; did you mean "
                                            "'law-4251'?",
        ("mandates.csv", 3, "actor_key"): "no actor has key 'ngo-1'",
        ("links.csv", 2, "target_key"): "no actor has key 'ngo-1'",
        ("findings.csv", 2, "status"): "finding is validated but has no evidence: add at least "
                                       "one evidence item or set it back to 'reviewed'",
    }


def test_references_to_a_rejected_row_are_not_reported_twice(
        tmp_path: Path, sample_data: WorkspaceData) -> None:
    export_datapackage(sample_data, tmp_path)
    set_cell(tmp_path / "actors.csv", 3, "version", "0")  # police-tu: unreadable row
    problems = rejection(tmp_path)
    assert [(p.location, p.row, p.field, p.message) for p in problems] == [
        ("actors.csv", 3, "version", "version 0 must be at least 1")]


def test_columns_are_checked(tmp_path: Path, sample_data: WorkspaceData) -> None:
    export_datapackage(sample_data, tmp_path)
    rows = rows_of(tmp_path / "actors.csv")
    rows[0][rows[0].index("sector")] = "sektor"
    rewrite(tmp_path / "actors.csv", rows)
    rows = rows_of(tmp_path / "evidence.csv")
    rewrite(tmp_path / "evidence.csv", [r[:-1] for r in rows])  # drop "version": optional
    rows = rows_of(tmp_path / "links.csv")
    rows[2].append("extra")
    rewrite(tmp_path / "links.csv", rows)
    found = [(p.location, p.row, p.field, p.message) for p in rejection(tmp_path)]
    assert found == [
        ("actors.csv", 1, "sektor", "unknown column 'sektor'; did you mean 'sector'?"),
        ("actors.csv", 1, "sector", "required column 'sector' is missing"),
        ("links.csv", 3, None, "row has 8 cells but the header has 7"),
    ]


def test_an_optional_column_may_be_left_out(tmp_path: Path,
                                            sample_data: WorkspaceData) -> None:
    export_datapackage(sample_data, tmp_path)
    rows = rows_of(tmp_path / "evidence.csv")
    rewrite(tmp_path / "evidence.csv", [r[:-1] for r in rows])
    assert all(e.version == 1 for e in read_datapackage(tmp_path).evidence)


def test_descriptor_problems(tmp_path: Path, sample_data: WorkspaceData) -> None:
    path = export_datapackage(sample_data, tmp_path)
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["resources"][1]["name"] = "actor"
    descriptor["resources"][2]["path"] = "../instruments.csv"
    descriptor["resources"][0]["path"] = "missing.csv"
    descriptor["impactkit"]["format_version"] = 99
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    found = [(p.location, p.row, p.field, p.message) for p in rejection(path)]
    assert found == [
        ("datapackage.json", None, "impactkit", "package format version 99 is newer than this "
         "version of IMPACT reads (1); update IMPACT"),
        ("datapackage.json", None, "resources[1].name", "unknown resource 'actor'; did you "
         "mean 'actors'? (accepted: workspace, actors, instruments, mandates, links, findings, "
         "evidence, indicator_values, editorial_sections, recommendations, actions, "
         "status_history, tag_suggestions, indicator_panel, indicator_definitions, scenarios, "
         "finding_events, own_recommendations)"),
        ("datapackage.json", None, "resources[2].path", "resource path '../instruments.csv' "
         "must be a file name inside the package folder"),
        ("missing.csv", None, None, f"file not found in the package folder {tmp_path}"),
        # a resource could not be declared: references into it are not second-guessed
    ]


@pytest.mark.parametrize(("content", "message"), [
    (b"{not json", "not valid JSON: Expecting property name enclosed in double quotes "
                   "(line 1, column 2)"),
    (b'{"name": "x"}', "not a data package descriptor: expected an object with a "
                       "'resources' list"),
    (b'{"resources": []}', "the package has no 'workspace' resource"),
])
def test_unusable_descriptors(tmp_path: Path, content: bytes, message: str) -> None:
    (tmp_path / "datapackage.json").write_bytes(content)
    assert [p.message for p in rejection(tmp_path)] == [message]


def test_missing_package(tmp_path: Path) -> None:
    problems = rejection(tmp_path)
    assert [p.message for p in problems] == [f"no datapackage.json at {tmp_path}"]


def test_workspace_table_needs_exactly_one_row(tmp_path: Path,
                                               sample_data: WorkspaceData) -> None:
    export_datapackage(sample_data, tmp_path)
    rows = rows_of(tmp_path / "workspace.csv")
    rewrite(tmp_path / "workspace.csv", [rows[0], rows[1], [*rows[1]]])
    found = [(p.location, p.row, p.field, p.message) for p in rejection(tmp_path)]
    assert found == [
        ("workspace.csv", None, None, "the workspace table must hold exactly one row, not 2")]


def test_csv_in_another_encoding_is_rejected(tmp_path: Path,
                                             sample_data: WorkspaceData) -> None:
    export_datapackage(sample_data, tmp_path)
    latin = ("key,name,sector,level,type,description,version\r\n"
             "mol,\"Ministère du Travail, société civile\",labour,national,ministry,,1\r\n")
    (tmp_path / "actors.csv").write_bytes(latin.encode("cp1252"))
    [problem] = rejection(tmp_path)
    assert problem.location == "actors.csv"
    assert problem.message.startswith("file is not UTF-8 (looks like ")
    assert "save it as UTF-8" in problem.message


def test_bom_prefixed_csv_is_read(tmp_path: Path, sample_data: WorkspaceData) -> None:
    export_datapackage(sample_data, tmp_path)
    raw = (tmp_path / "findings.csv").read_bytes()
    (tmp_path / "findings.csv").write_bytes(b"\xef\xbb\xbf" + raw)
    assert read_datapackage(tmp_path) == sample_data


def test_export_replaces_an_earlier_export(tmp_path: Path, sample_data: WorkspaceData) -> None:
    export_datapackage(sample_data, tmp_path)
    sample_data.findings = [f for f in sample_data.findings if f.status
                            != FindingStatus.VALIDATED]
    sample_data.evidence = []
    export_datapackage(sample_data, tmp_path)
    assert read_datapackage(tmp_path) == sample_data
