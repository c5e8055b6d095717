"""The whole system map from spreadsheets through the real command line: ``impact export
--kind`` and ``impact import --kind`` give back the same tables (CSV and XLSX), ``impact map
import`` reads a folder of CSV files without a descriptor, and a malformed file is refused
with file, row and column while nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.cli.conftest import LATEST, Impact

MAP_KINDS = ("actors", "instruments", "services", "mandates", "links")
"""In the order a workspace can take them (services name a law as legal basis)."""
SERVICES_CSV = (
    "key,name,sector,level,description,functions,groups,limited_to_groups,age_bands,"
    "legal_basis,notes\n"
    "shelter-north,North shelter,child-protection,local,\"-12 beds, girls only\","
    "protection|accommodation,unaccompanied,true,12-14|15-17,child-protection-act,=night\n"
    "helpline-116,Helpline 116,child-protection,national,,identification|referral,,,,,\n")


def tables_of(impact: Impact, workspace: str, folder: Path, suffix: str = ".csv"
              ) -> dict[str, bytes]:
    """Every map table of a workspace as written by ``impact export --kind``."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for kind in MAP_KINDS:
        path = folder / f"{kind}{suffix}"
        result = impact("export", str(path), "--kind", kind, "-w", workspace)
        assert result.code == 0, result.err
        written[kind] = path.read_bytes()
    return written


def new_workspace(impact: Impact, key: str) -> None:
    result = impact("workspace", "create", key, "--jurisdiction", "XQA", "--name", "Copyland",
                    "--fictional", "--cycle", "2024")
    assert result.code == 0, result.err


def with_services(demo: Impact, tmp_path: Path) -> None:
    table = tmp_path / "new-services.csv"
    table.write_text(SERVICES_CSV, encoding="utf-8")
    result = demo("import", str(table), "--kind", "services", "-w", LATEST, "--json")
    assert result.code == 0, result.err
    counts = result.json()["counts"]
    assert {name: n for name, n in counts.items() if n} == {"actor": 2, "mandate": 2}


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_each_table_exported_imports_into_a_fresh_workspace_unchanged(
        demo: Impact, tmp_path: Path, suffix: str) -> None:
    with_services(demo, tmp_path)
    original = tables_of(demo, LATEST, tmp_path / "original", suffix)
    new_workspace(demo, "copy")
    for kind in MAP_KINDS:
        result = demo("import", str(tmp_path / "original" / f"{kind}{suffix}"), "--kind",
                      kind, "-w", "copy")
        assert result.code == 0, result.err
    again = tables_of(demo, "copy", tmp_path / "again", suffix)
    for kind in MAP_KINDS:
        if suffix == ".csv":
            assert again[kind] == original[kind], kind
        else:
            assert cells(tmp_path / "again" / f"{kind}.xlsx") == \
                cells(tmp_path / "original" / f"{kind}.xlsx"), kind
    if suffix == ".csv":  # the services came back, their formula-like notes kept inert
        text = again["services"].decode("utf-8-sig")
        assert "shelter-north,North shelter" in text and ",'=night\r\n" in text


def cells(path: Path) -> list[tuple[object, ...]]:
    return list(load_workbook(path).worksheets[0].iter_rows(values_only=True))


def test_a_folder_of_csv_files_imports_as_a_map(demo: Impact, tmp_path: Path) -> None:
    with_services(demo, tmp_path)
    original = tables_of(demo, LATEST, tmp_path / "sheets")
    new_workspace(demo, "copy")
    result = demo("map", "import", str(tmp_path / "sheets"), "-w", "copy")
    assert result.code == 0, result.err
    assert result.out.startswith("Imported into copy: ")
    assert tables_of(demo, "copy", tmp_path / "again") == original
    again = demo("map", "import", str(tmp_path / "sheets"), "-w", "copy")
    assert again.code == 1
    assert "actors.csv, row 2, key: key " in again.err
    assert tables_of(demo, "copy", tmp_path / "third") == original


BAD_FILES = {
    "unknown code": ("mandates", "key,actor_key,functions\nm-new,police-atu,identifcation\n",
                     "row 2, functions: unknown mandate function 'identifcation'"),
    "missing column": ("links", "key,source_key,kind\nl-new,police-atu,referral\n",
                       "row 1, target_key: required column 'target_key' is missing"),
    "dangling actor": ("links", "key,source_key,target_key,kind\n"
                       "l-new,police-atu,nobody,referral\n",
                       "row 2, target_key: no actor has key 'nobody' in the workspace"),
    "duplicate key": ("instruments", "key,title,kind,in_force\nlaw-new,A,law,true\n"
                      "law-new,B,law,false\n",
                      "row 3, key: duplicate key 'law-new': row 2 has it too"),
    "key in use": ("services", "key,name,sector\npolice-atu,Police,law-enforcement\n",
                   "row 2, key: key 'police-atu' is already used in the workspace"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_malformed_table_is_refused_and_nothing_is_written(
        demo: Impact, tmp_path: Path, case: str) -> None:
    kind, text, expected = BAD_FILES[case]
    before = tables_of(demo, LATEST, tmp_path / "before")
    table = tmp_path / f"bad-{kind}.csv"
    table.write_text(text, encoding="utf-8")
    result = demo("import", str(table), "--kind", kind, "-w", LATEST)
    assert result.code == 1
    assert f"bad-{kind}.csv, {expected}" in result.err
    assert "nothing was imported" in result.err
    assert tables_of(demo, LATEST, tmp_path / "after") == before


def test_a_folder_with_one_bad_file_writes_nothing(demo: Impact, tmp_path: Path) -> None:
    before = tables_of(demo, LATEST, tmp_path / "before")
    folder = tmp_path / "sheets"
    folder.mkdir()
    (folder / "actors.csv").write_text("key,name,sector\nclinic-9,Clinic,health\n",
                                       encoding="utf-8")
    (folder / "mandates.csv").write_text("key,actor_key,functions\n"
                                         "clinic-9-m,clinic-9,protection\n"
                                         "ghost-m,ghost,protection\n", encoding="utf-8")
    result = demo("map", "import", str(folder), "-w", LATEST)
    assert result.code == 1
    assert "mandates.csv, row 3, actor_key: no actor has key 'ghost'" in result.err
    assert tables_of(demo, LATEST, tmp_path / "after") == before


def test_exporting_a_table_needs_a_csv_or_xlsx_file(demo: Impact, tmp_path: Path) -> None:
    result = demo("export", str(tmp_path / "m.txt"), "--kind", "mandates", "-w", LATEST)
    assert result.code == 2
    assert "write a table to a .csv or .xlsx file" in result.err
    result = demo("export", str(tmp_path / "m.csv"), "--kind", "findings", "-w", LATEST)
    assert result.code == 2
    assert "actors, instruments, mandates, links, services" in result.err
