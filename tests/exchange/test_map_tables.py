"""The system map from spreadsheets: each table written and read back equal (CSV and XLSX),
services as an actor and its mandate per row, a folder of CSV files read all or nothing,
templates that read back, and every malformed file refused by file, row and column."""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from impactkit.catalogue.schema import Catalogue
from impactkit.domain import Actor, Mandate, WorkspaceData
from impactkit.errors import ImportRejected, UsageError
from impactkit.exchange import tables
from impactkit.exchange.map_sheets import (
    COLUMNS_SHEET,
    header,
    services_of,
    table_rows,
    template_bytes,
    write_map_table,
)
from impactkit.exchange.map_tables import (
    MAP_TABLE_KINDS,
    SERVICES,
    SPECS,
    merged,
    read_map_table,
    service_mandate_key,
)
from impactkit.exchange.system_map import read_map_folder, read_map_package

RECORD_KINDS = ("actors", "instruments", "mandates", "links")
DOC = Path(__file__).resolve().parents[2] / "docs" / "data-formats.md"


def with_service(data: WorkspaceData) -> WorkspaceData:
    """The sample workspace with a shelter: a service actor and its ``-mandate``."""
    shelter = Actor(key="shelter-n", name="North shelter, “Ark”", sector="child-protection",
                    level="local", type="service", description="-beds for 12\n=SUM(A1)")
    mandate = Mandate(key=service_mandate_key("shelter-n"), actor_key="shelter-n",
                      functions=("protection",), groups=("unaccompanied",),
                      limited_to_groups=True, age_bands=("12-14", "15-17"),
                      levels=("regional",), provisions=("CRC-20",), legal_basis="law-4251",
                      notes="@night only")
    return dataclasses.replace(data, actors=[*data.actors, shelter],
                               mandates=[*data.mandates, mandate])


def needed_by(data: WorkspaceData, kind: str) -> WorkspaceData:
    """What a workspace must already hold for ``kind``'s table of ``data`` to import: the
    other tables' records, without those the table itself holds."""
    held = read_ready(data, kind)
    return WorkspaceData(workspace=data.workspace, **{
        name: [r for r in getattr(data, name) if r.key not in held]
        for name in RECORD_KINDS})


def read_ready(data: WorkspaceData, kind: str) -> set[str]:
    if kind == SERVICES:
        return {a.key for a, _ in services_of(data)} | {m.key for _, m in services_of(data)}
    rows = table_rows(data, kind)[1:]
    return {row[0] for row in rows}


def at_version_one(records: list[Any]) -> list[Any]:
    return [dataclasses.replace(r, version=1) for r in records]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("kind", MAP_TABLE_KINDS)
def test_each_table_reads_back_what_was_written(kind: str, suffix: str, tmp_path: Path,
                                                sample_data: WorkspaceData,
                                                catalogue: Catalogue) -> None:
    data = with_service(sample_data)
    first = write_map_table(data, kind, tmp_path / f"{kind}{suffix}")
    known = needed_by(data, kind)
    incoming = read_map_table(first, kind, catalogue, known=known)
    assert incoming.workspace == data.workspace
    for name in RECORD_KINDS:
        expected = [r for r in getattr(data, name) if r.key in read_ready(data, kind)]
        assert getattr(incoming, name) == at_version_one(expected), name
    again = write_map_table(merged(known, incoming), kind, tmp_path / f"again{suffix}")
    if suffix == ".csv":
        assert again.read_bytes() == first.read_bytes()
    else:
        assert sheet_values(again) == sheet_values(first)


def sheet_values(path: Path) -> list[list[Any]]:
    return [list(row) for row in load_workbook(path).worksheets[0].iter_rows(values_only=True)]


def test_the_tables_have_the_data_package_columns_without_version() -> None:
    assert header("links") == ["key", "source_key", "target_key", "kind", "legal_basis",
                               "notes"]
    assert header("mandates")[-3:] == ["limited_to_groups", "levels", "age_bands"]
    for kind, table in (("actors", tables.ACTORS), ("instruments", tables.INSTRUMENTS),
                        ("mandates", tables.MANDATES), ("links", tables.LINKS)):
        assert "version" not in header(kind)
        assert set(header(kind)) == {c.name for c in table.columns} - {"version"}
    assert header(SERVICES) == ["key", "name", "sector", "level", "description", "functions",
                                "forms", "groups", "limited_to_groups", "age_bands", "levels",
                                "provisions", "legal_basis", "notes"]


def test_a_service_is_in_the_services_table_and_in_no_other(
        sample_data: WorkspaceData) -> None:
    data = with_service(sample_data)
    assert [row[0] for row in table_rows(data, SERVICES)[1:]] == ["shelter-n"]
    assert "shelter-n" not in [row[0] for row in table_rows(data, "actors")]
    assert "shelter-n-mandate" not in [row[0] for row in table_rows(data, "mandates")]
    # a service actor whose mandate is keyed otherwise stays an actor with its mandates
    plain = dataclasses.replace(data, mandates=[
        dataclasses.replace(m, key="other") if m.actor_key == "shelter-n" else m
        for m in data.mandates])
    assert table_rows(plain, SERVICES)[1:] == []
    assert "shelter-n" in [row[0] for row in table_rows(plain, "actors")]


def test_a_services_row_is_an_actor_of_type_service_and_its_mandate(
        tmp_path: Path, sample_data: WorkspaceData, catalogue: Catalogue) -> None:
    path = tmp_path / "services.csv"
    path.write_text("Key,Name,Sector,Level,Functions,Groups,Limited to groups,Age bands\n"
                    "helpline,Helpline 116,Child Protection,national,identification|referral,"
                    "unaccompanied,yes,15-17\n", encoding="utf-8")
    incoming = read_map_table(path, SERVICES, catalogue, known=sample_data)
    assert incoming.actors == [Actor(key="helpline", name="Helpline 116",
                                     sector="child-protection", type="service")]
    assert incoming.mandates == [Mandate(
        key="helpline-mandate", actor_key="helpline", functions=("identification", "referral"),
        groups=("unaccompanied",), limited_to_groups=True, age_bands=("15-17",))]


def problems_of(call: Any) -> list[tuple[str | None, int | None, str | None, str]]:
    with pytest.raises(ImportRejected) as info:
        call()
    assert "nothing was imported" in info.value.message
    return [(p.location, p.row, p.field, p.message) for p in info.value.problems]


def test_a_malformed_mandates_file_is_refused_with_file_row_and_column(
        tmp_path: Path, sample_data: WorkspaceData, catalogue: Catalogue) -> None:
    path = tmp_path / "mandates.csv"
    path.write_text("key,actor_key,functions,age_bands,legal_basis\n"
                    "m-1,mol,identification,,\n"
                    "m-2,nobody,identifcation,,no-law\n"
                    "m-1,mol,,99,\n"
                    "m-police,mol,,,\n", encoding="utf-8")
    found = problems_of(lambda: read_map_table(path, "mandates", catalogue,
                                               known=sample_data))
    where = {(row, field) for _, row, field, _ in found}
    assert {location for location, *_ in found} == {"mandates.csv"}
    assert where == {(3, "functions"), (3, "actor_key"), (3, "legal_basis"), (4, "key"),
                     (4, "age_bands"), (5, "key")}
    messages = " ".join(message for *_, message in found)
    assert "'identifcation'" in messages and "did you mean 'identification'" in messages
    assert "no actor has key 'nobody'" in messages
    assert "no law or policy has key 'no-law'" in messages
    assert "duplicate key 'm-1': row 2 has it too" in messages
    assert "key 'm-police' is already used in the workspace" in messages


def test_a_missing_required_column_is_named(tmp_path: Path, sample_data: WorkspaceData,
                                           catalogue: Catalogue) -> None:
    path = tmp_path / "links.csv"
    path.write_text("key,source_key,kind\nl-9,mol,referral\n", encoding="utf-8")
    assert problems_of(lambda: read_map_table(path, "links", catalogue, known=sample_data)) \
        == [("links.csv", 1, "target_key", "required column 'target_key' is missing")]


def test_a_service_whose_mandate_key_is_taken_is_refused(
        tmp_path: Path, sample_data: WorkspaceData, catalogue: Catalogue) -> None:
    known = dataclasses.replace(sample_data, mandates=[
        *sample_data.mandates, Mandate(key="clinic-mandate", actor_key="mol")])
    path = tmp_path / "services.xlsx"
    write_rows(path, "services", [["key", "name", "sector"],
                                  ["clinic", "Clinic", "health"],
                                  ["mol", "Ministry", "labour"]])
    found = problems_of(lambda: read_map_table(path, SERVICES, catalogue, known=known))
    assert [(row, field) for _, row, field, _ in found] == [(2, "key"), (3, "key")]
    assert "mandate key 'clinic-mandate' is already used" in found[0][3]
    assert "key 'mol' is already used in the workspace" in found[1][3]
    assert found[0][0] == "services.xlsx (sheet 'services')"


def write_rows(path: Path, title: str, rows: list[list[str]]) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    workbook.save(path)


def test_a_folder_of_csv_files_is_read_in_dependency_order(
        tmp_path: Path, sample_data: WorkspaceData, catalogue: Catalogue) -> None:
    data = with_service(sample_data)
    for kind in MAP_TABLE_KINDS:
        write_map_table(data, kind, tmp_path / f"{kind}.csv")
    (tmp_path / "README.txt").write_text("not a table", encoding="utf-8")
    empty = WorkspaceData(workspace=data.workspace)
    incoming = read_map_package(tmp_path, catalogue=catalogue, known=empty)
    for name in RECORD_KINDS:
        assert sorted(r.key for r in getattr(incoming, name)) == \
            sorted(r.key for r in getattr(data, name)), name
    assert not incoming.findings


def test_a_folder_is_refused_whole_with_every_file_s_problems(
        tmp_path: Path, sample_data: WorkspaceData, catalogue: Catalogue) -> None:
    (tmp_path / "actors.csv").write_text("key,name,sector\nclinic,Clinic,helth\n",
                                         encoding="utf-8")
    (tmp_path / "links.csv").write_text(
        "key,source_key,target_key,kind\nl-9,clinic,mol,referral\nl-10,ghost,mol,referral\n",
        encoding="utf-8")
    (tmp_path / "mandates.csv").write_text("key,actor_key\n", encoding="utf-8")  # no rows
    (tmp_path / "findings.csv").write_text("key\nF-1\n", encoding="utf-8")
    found = problems_of(lambda: read_map_folder(tmp_path, catalogue, known=sample_data))
    assert [(location, row, field) for location, row, field, _ in found] == [
        (str(tmp_path / "findings.csv"), None, None),
        ("actors.csv", 2, "sector"),
    ]
    assert "findings.csv is not a table of the map" in found[0][3]


def test_a_folder_without_a_map_table_or_a_catalogue_is_refused(
        tmp_path: Path, sample_data: WorkspaceData, catalogue: Catalogue) -> None:
    found = problems_of(lambda: read_map_folder(tmp_path, catalogue, known=sample_data))
    assert "has no datapackage.json and none of actors.csv" in found[0][3]
    with pytest.raises(UsageError, match="impact map import"):
        read_map_package(tmp_path)


def test_a_dangling_reference_in_a_folder_names_its_file(
        tmp_path: Path, sample_data: WorkspaceData, catalogue: Catalogue) -> None:
    (tmp_path / "actors.csv").write_text("key,name,sector\nclinic,Clinic,health\n",
                                         encoding="utf-8")
    (tmp_path / "links.csv").write_text(
        "key,source_key,target_key,kind\nl-9,clinic,mol,referral\nl-10,ghost,mol,referral\n",
        encoding="utf-8")
    found = problems_of(lambda: read_map_folder(tmp_path, catalogue, known=sample_data))
    assert found == [("links.csv", 3, "source_key",
                      "no actor has key 'ghost' in the workspace")]


@pytest.mark.parametrize("kind", MAP_TABLE_KINDS)
def test_a_csv_template_is_the_header_row(kind: str, catalogue: Catalogue) -> None:
    text = template_bytes(kind, catalogue, "csv").decode("utf-8-sig")
    assert text == ",".join(header(kind)) + "\r\n"


@pytest.mark.parametrize("kind", MAP_TABLE_KINDS)
def test_a_workbook_template_explains_its_columns_and_reads_back_once_filled(
        kind: str, tmp_path: Path, sample_data: WorkspaceData, catalogue: Catalogue) -> None:
    workbook = load_workbook(io.BytesIO(template_bytes(kind, catalogue, "xlsx")))
    assert workbook.sheetnames == [kind, COLUMNS_SHEET]
    data_sheet, guide = workbook.worksheets
    assert [c.value for c in data_sheet[1]] == header(kind)
    explained = {row[0]: row for row in guide.iter_rows(min_row=2, values_only=True)}
    assert list(explained) == header(kind)
    if "sector" in explained:
        assert "labour" in str(explained["sector"][3])
    if "functions" in explained:
        assert "separated by '|'" in str(explained["functions"][3])
        assert "identification" in str(explained["functions"][3])
    if kind == "mandates":
        assert explained["actor_key"][1] == "yes"
        assert explained["actor_key"][3] == "the key of one of the workspace's actors"
        assert explained["age_bands"][3] == \
            "one or more of, separated by '|': 0-5, 6-11, 12-14, 15-17"
    row = {"key": "new-1", "name": "New", "sector": "labour", "title": "New law",
           "kind": "law" if kind == "instruments" else "referral", "in_force": "true",
           "actor_key": "mol", "source_key": "mol", "target_key": "ngo-1",
           "level": "national", "type": "agency"}
    data_sheet.append([row.get(name, "") for name in header(kind)])
    filled = tmp_path / f"{kind}.xlsx"
    workbook.save(filled)
    incoming = read_map_table(filled, kind, catalogue, known=sample_data)
    assert sum(len(getattr(incoming, name)) for name in RECORD_KINDS) == \
        (2 if kind == SERVICES else 1)


@pytest.mark.parametrize(("heading", "kind"), [
    ("### Actors", "actors"), ("### Laws and policies", "instruments"),
    ("### Mandates", "mandates"), ("### Coordination links", "links"),
    ("### Services", SERVICES)])
def test_every_column_is_documented(heading: str, kind: str) -> None:
    text = DOC.read_text(encoding="utf-8")
    start = text.index(f"\n{heading}\n")
    end = text.index("\n### ", start + 1)
    documented = re.findall(r"^\| `([a-z_]+)`", text[start:end], flags=re.MULTILINE)
    assert documented == [c.name for c in SPECS[kind].columns] == header(kind)
