"""Import and export through the CLI: lossless round-trip, all-or-nothing imports."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook

from impactkit.exchange.datapackage import validate_with_frictionless
from tests.cli.conftest import LATEST, Impact

FINDINGS_HEADER = "key,area,layer,rating,provisions,sectors,groups,confidence,title\n"


def _without_workspace(report: dict) -> dict:
    return {k: v for k, v in report.items() if k != "workspace"}


def test_export_then_import_loses_nothing(demo: Impact, tmp_path: Path) -> None:
    out = tmp_path / "package"
    assert demo("export", str(out), "-w", LATEST).code == 0
    assert validate_with_frictionless(out / "datapackage.json") == []
    imported = demo("import", str(out), "-w", "copy-2024", "--json")
    assert imported.code == 0, imported.err
    assert imported.json()["counts"]["finding"] == 367
    original = demo("analyse", "-w", LATEST, "--json").json()
    copy = demo("analyse", "-w", "copy-2024", "--json").json()
    assert _without_workspace(copy) == _without_workspace(original)
    again = tmp_path / "again"
    assert demo("export", str(again), "-w", "copy-2024").code == 0
    for table in ("findings", "actors", "mandates", "evidence", "indicator_values"):
        assert (again / f"{table}.csv").read_bytes() == (out / f"{table}.csv").read_bytes()


def test_importing_a_package_twice_under_one_key_is_refused(demo: Impact,
                                                           tmp_path: Path) -> None:
    out = tmp_path / "package"
    demo("export", str(out), "-w", LATEST)
    result = demo("import", str(out / "datapackage.json"))
    assert result.code == 2
    assert "already exists" in result.err


def test_csv_findings_import_adds_rows(demo: Impact, tmp_path: Path) -> None:
    table = tmp_path / "new.csv"
    table.write_text(FINDINGS_HEADER
                     + "N-1,compliance,practice,2,CRC-32|ILO182-3,labour,working,high,Farms\n"
                     + "N-2,inclusion,practice,not-assessed,CRC-22,immigration,,,Reception\n",
                     encoding="utf-8")
    result = demo("import", str(table), "--kind", "findings", "-w", LATEST, "--json")
    assert result.code == 0, result.err
    assert result.json()["counts"]["finding"] == 2
    explained = demo("explain", "provision:CRC-32", "-w", LATEST, "--json").json()
    assert "N-1" in [f["key"] for f in explained["findings"]]


def test_a_bad_csv_is_rejected_whole_with_file_row_and_column(demo: Impact,
                                                              tmp_path: Path) -> None:
    before = demo("analyse", "-w", LATEST, "--json").out
    table = tmp_path / "bad.csv"
    table.write_text(FINDINGS_HEADER
                     + "N-1,compliance,practice,2,CRC-32,labour,,,fine row\n"
                     + "N-2,compliance,practice,7,CRC-32,labour,,,rating out of range\n"
                     + "N-3,compliance,practice,2,CRC-99,labour,,,unknown provision\n"
                     + "N-1,compliance,practice,2,CRC-32,labour,,,duplicate key\n",
                     encoding="utf-8")
    result = demo("import", str(table), "--kind", "findings", "-w", LATEST)
    assert result.code == 1
    assert "bad.csv" in result.err
    assert "row 3" in result.err
    assert "rating" in result.err
    assert "row 4" in result.err
    assert "CRC-99" in result.err
    assert "row 5" in result.err
    assert demo("analyse", "-w", LATEST, "--json").out == before


def test_a_key_already_in_the_workspace_is_rejected(demo: Impact, tmp_path: Path) -> None:
    existing = demo("analyse", "-w", LATEST, "--json").json()["scores"]["area"][0][
        "finding_keys"][0]
    table = tmp_path / "clash.csv"
    table.write_text(FINDINGS_HEADER + f"{existing},compliance,practice,2,CRC-32,labour,,,x\n",
                     encoding="utf-8")
    result = demo("import", str(table), "--kind", "findings", "-w", LATEST)
    assert result.code == 1
    assert existing in result.err
    assert "row 2" in result.err


def test_xlsx_import_and_wrong_columns(demo: Impact, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Key", "Area", "Layer", "Rating", "Provisions", "Sectors"])
    sheet.append(["X-1", "effectiveness", "practice", 1, "CRC-35", "law-enforcement"])
    good = tmp_path / "good.xlsx"
    book.save(good)
    assert demo("import", str(good), "--kind", "findings", "-w", LATEST).code == 0

    wrong = Workbook()
    wrong.active.append(["identifier", "area"])
    wrong.active.append(["X-2", "effectiveness"])
    bad = tmp_path / "wrong.xlsx"
    wrong.save(bad)
    result = demo("import", str(bad), "--kind", "findings", "-w", LATEST)
    assert result.code == 1
    assert "wrong.xlsx" in result.err
    assert "layer" in result.err


def test_a_table_needs_its_kind(demo: Impact, tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text(FINDINGS_HEADER, encoding="utf-8")
    result = demo("import", str(table), "-w", LATEST)
    assert result.code == 2
    assert "--kind" in result.err


def test_a_states_package_goes_out_and_back_through_the_cli(demo: Impact,
                                                           tmp_path: Path) -> None:
    assert demo("export", str(tmp_path / "ws"), "-w", LATEST).code == 0
    with (tmp_path / "ws" / "workspace.csv").open(encoding="utf-8", newline="") as handle:
        code = next(csv.DictReader(handle))["jurisdiction_code"]
    out = tmp_path / "state"
    exported = demo("export", str(out), "--state", code)
    assert exported.code == 0, exported.err
    assert (out / "recommendations.csv").read_bytes() == \
        (tmp_path / "ws" / "recommendations.csv").read_bytes()
    assert validate_with_frictionless(out) == []
    again = demo("import", str(out), "--json")
    assert again.code == 0, again.err
    assert set(again.json()["counts"].values()) == {0}  # all stored already, all kept
    assert demo("import", str(out), "-w", LATEST).code == 2
    assert demo("export", str(out), "--state", code, "-w", LATEST).code == 2
    missing = demo("export", str(tmp_path / "none"), "--state", "XZZ")
    assert missing.code != 0 and "no workspace of the State 'XZZ'" in missing.err
