"""What a package carries besides the records it always carried: the confidential flag of
evidence, and the report texts (``editorial_sections.csv``), both read back as written, and
both optional in a package written before they existed."""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from impactkit.domain import WorkspaceData
from impactkit.errors import ImportRejected
from impactkit.exchange.datapackage import (
    export_datapackage,
    read_datapackage,
    read_package,
    validate_with_frictionless,
)
from impactkit.reports.editorial import EditorialSection

SECTION_COLUMNS = ["key", "body", "version", "updated_at"]
TEXTS = [
    EditorialSection(key="introduction", body="- first item\n- second, with a \"quote\"\n"),
    EditorialSection(key="cluster:violence", body="=SUM(1+1) is not a formula here.\n\nTwo."),
]


def rows_of(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def rewrite(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)


# --- confidential evidence ------------------------------------------------------------------
def test_the_confidential_flag_survives_the_round_trip(tmp_path: Path,
                                                        sample_data: WorkspaceData) -> None:
    assert [e.confidential for e in sample_data.evidence] == [False, True]
    export_datapackage(sample_data, tmp_path)
    rows = rows_of(tmp_path / "evidence.csv")
    assert [dict(zip(rows[0], row, strict=True))["confidential"] for row in rows[1:]] == [
        "false", "true"]
    assert [e.confidential for e in read_datapackage(tmp_path).evidence] == [False, True]
    assert validate_with_frictionless(tmp_path) == []


def test_a_package_without_the_confidential_column_reads_as_not_confidential(
        tmp_path: Path, sample_data: WorkspaceData) -> None:
    export_datapackage(sample_data, tmp_path)
    rows = rows_of(tmp_path / "evidence.csv")
    column = rows[0].index("confidential")
    rewrite(tmp_path / "evidence.csv", [r[:column] + r[column + 1:] for r in rows])
    assert [e.confidential for e in read_datapackage(tmp_path).evidence] == [False, False]


def test_a_flag_that_is_neither_yes_nor_no_is_refused_where_it_is(
        tmp_path: Path, sample_data: WorkspaceData) -> None:
    export_datapackage(sample_data, tmp_path)
    rows = rows_of(tmp_path / "evidence.csv")
    rows[2][rows[0].index("confidential")] = "perhaps"
    rewrite(tmp_path / "evidence.csv", rows)
    with pytest.raises(ImportRejected) as refused:
        read_datapackage(tmp_path)
    assert [(p.location, p.row, p.field) for p in refused.value.problems] == [
        ("evidence.csv", 3, "confidential")]
    assert "'perhaps' is neither yes nor no" in refused.value.problems[0].message


# --- report texts ---------------------------------------------------------------------------
def test_report_texts_travel_in_their_own_resource_and_come_back_as_written(
        tmp_path: Path, sample_data: WorkspaceData) -> None:
    export_datapackage(sample_data, tmp_path, editorial_sections=TEXTS)
    descriptor = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    resource = descriptor["resources"][-1]
    assert (resource["name"], resource["path"]) == ("editorial_sections",
                                                    "editorial_sections.csv")
    assert [f["name"] for f in resource["schema"]["fields"]] == SECTION_COLUMNS
    rows = rows_of(tmp_path / "editorial_sections.csv")
    assert rows[0] == SECTION_COLUMNS
    assert rows[2][1] == "'=SUM(1+1) is not a formula here.\n\nTwo."  # never run as a formula
    package = read_package(tmp_path)
    assert package.editorial_sections == tuple(TEXTS)
    assert package.data == sample_data
    assert read_datapackage(tmp_path) == sample_data  # the records alone, as before
    assert validate_with_frictionless(tmp_path) == []


def test_a_workspace_without_texts_exports_an_empty_resource(
        tmp_path: Path, sample_data: WorkspaceData) -> None:
    export_datapackage(sample_data, tmp_path, editorial_sections=[])
    assert rows_of(tmp_path / "editorial_sections.csv") == [SECTION_COLUMNS]
    assert read_package(tmp_path).editorial_sections == ()


def test_a_package_without_texts_reads_with_none(tmp_path: Path,
                                                 sample_data: WorkspaceData) -> None:
    export_datapackage(sample_data, tmp_path)  # as every package before texts existed
    assert not (tmp_path / "editorial_sections.csv").exists()
    assert read_package(tmp_path).editorial_sections == ()


def test_a_package_written_before_versions_reads_texts_at_version_one(
        tmp_path: Path, sample_data: WorkspaceData) -> None:
    export_datapackage(sample_data, tmp_path, editorial_sections=[
        replace(TEXTS[0], version=3, updated_at=datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC))])
    rows = rows_of(tmp_path / "editorial_sections.csv")
    assert rows[1][2:] == ["3", "2025-01-02T03:04:05Z"]
    assert read_package(tmp_path).editorial_sections[0].version == 3
    rewrite(tmp_path / "editorial_sections.csv", [row[:2] for row in rows])
    section = read_package(tmp_path).editorial_sections[0]
    assert (section.body, section.version, section.updated_at) == (TEXTS[0].body, 1, None)


def test_texts_are_read_with_newline_line_ends(tmp_path: Path,
                                               sample_data: WorkspaceData) -> None:
    export_datapackage(sample_data, tmp_path, editorial_sections=[
        replace(TEXTS[0], body="One.\r\n\r\nTwo.\rThree.")])
    assert read_package(tmp_path).editorial_sections[0].body == "One.\n\nTwo.\nThree."


def test_a_section_given_twice_or_left_empty_is_refused_by_row(
        tmp_path: Path, sample_data: WorkspaceData) -> None:
    export_datapackage(sample_data, tmp_path, editorial_sections=TEXTS)
    rows = rows_of(tmp_path / "editorial_sections.csv")
    rewrite(tmp_path / "editorial_sections.csv",
            [*rows, ["introduction", "Again.", "", ""], ["context", "", "", ""]])
    with pytest.raises(ImportRejected) as refused:
        read_package(tmp_path)
    found = [(p.location, p.row, p.field, p.message) for p in refused.value.problems]
    assert found == [
        ("editorial_sections.csv", 5, "body", "body is empty; it is required"),
        ("editorial_sections.csv", 4, "key",
         "section 'introduction' is given twice: row 2 has it too"),
    ]
