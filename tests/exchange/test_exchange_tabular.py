"""Tabular imports (CSV and XLSX): the documented columns, forgiving headers and codes, and
rejection of the whole file, with file, row (header = row 1) and column, on any problem."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from impactkit.catalogue.schema import Catalogue
from impactkit.domain import (
    Actor,
    Confidence,
    Evidence,
    Finding,
    FindingStatus,
    IndicatorValue,
    RatingState,
)
from impactkit.errors import ImportRejected, Problem
from impactkit.exchange.tabular import (
    read_actors_table,
    read_evidence_table,
    read_findings_table,
    read_indicator_values_table,
)

FORMATS = ["csv", "xlsx"]

FINDINGS_HEADER = ["key", "area", "layer", "provisions", "sectors", "rating"]


def write_table(folder: Path, fmt: str, rows: list[list[Any]], *, name: str = "table",
                sheet: str = "Sheet1") -> Path:
    """A CSV (UTF-8) or a one-sheet workbook holding ``rows`` as given."""
    path = folder / f"{name}.{fmt}"
    if fmt == "csv":
        buffer = io.StringIO(newline="")
        csv.writer(buffer).writerows(rows)
        path.write_bytes(buffer.getvalue().encode("utf-8"))
    else:
        workbook = openpyxl.Workbook()
        worksheet = workbook.active
        assert worksheet is not None
        worksheet.title = sheet
        for row in rows:
            worksheet.append(row)
        workbook.save(path)
    return path


def where(fmt: str, name: str = "table") -> str:
    """The location problems name: the file, and for a workbook its sheet."""
    return f"{name}.csv" if fmt == "csv" else f"{name}.xlsx (sheet 'Sheet1')"


def problems_of(call: Any) -> list[tuple[str | None, int | None, str | None, str]]:
    with pytest.raises(ImportRejected) as info:
        call()
    assert "nothing was imported" in info.value.message
    problems: list[Problem] = list(info.value.problems)
    if any(p.row is not None for p in problems):
        assert "numbered as a spreadsheet shows them, header included" in info.value.message
    return [(p.location, p.row, p.field, p.message) for p in problems]


# --- findings -------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", FORMATS)
def test_findings_are_read_with_forgiving_headers_and_codes(
        tmp_path: Path, fmt: str, catalogue: Catalogue) -> None:
    path = write_table(tmp_path, fmt, [
        [" Key", "AREA", "Layer", "Provisions", "Sectors", "Rating", "Exclusion Criteria",
         "Groups", "Confidence", "Status", "Narrative", "Reviewed By"],
        ["F-1", "inclusion", "practice", "CRC-2 | crc 22|", "Immigration|child_protection",
         "1", "documents|AGE", "unaccompanied", "High", "reviewed",
         'Says "no",\nmostly', "ana"],
        ["F-2", "compliance", "law-policy", "PALERMO_TIP-6", "labour", "not assessed", "", "",
         "", "", "", ""],
        ["F-3", "effectiveness", "child-perspective", "OPSC-8", "judiciary", "Not-Applicable",
         "", "", "", "", "", ""],
    ])
    findings = read_findings_table(path, catalogue)
    assert findings == [
        Finding(key="F-1", area="inclusion", layer="practice", provisions=("CRC-2", "CRC-22"),
                sectors=("immigration", "child-protection"), rating=1,
                rating_state=RatingState.RATED, exclusion_criteria=("documents", "age"),
                groups=("unaccompanied",), confidence=Confidence.HIGH,
                status=FindingStatus.REVIEWED, narrative='Says "no",\nmostly',
                reviewed_by="ana"),
        Finding(key="F-2", area="compliance", layer="law-policy", provisions=("PALERMO-6",),
                sectors=("labour",), rating_state=RatingState.NOT_ASSESSED),
        Finding(key="F-3", area="effectiveness", layer="child-perspective",
                provisions=("OPSC-8",), sectors=("judiciary",),
                rating_state=RatingState.NOT_APPLICABLE),
    ]


def test_numeric_workbook_cells_are_read_as_typed(tmp_path: Path,
                                                  catalogue: Catalogue) -> None:
    path = write_table(tmp_path, "xlsx", [
        [*FINDINGS_HEADER, "clusters"],
        [101, "compliance", "practice", "CRC-32", "labour", 3.0, "violence"],
        ["F-2", "compliance", "practice", "CRC-32", "labour", 0, ""],
    ])
    findings = read_findings_table(path, catalogue)
    assert [(f.key, f.rating, f.clusters) for f in findings] == [
        ("101", 3, ("violence",)), ("F-2", 0, ())]


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_problem_in_a_findings_file_is_reported(
        tmp_path: Path, fmt: str, catalogue: Catalogue) -> None:
    path = write_table(tmp_path, fmt, [
        [*FINDINGS_HEADER, "exclusion_criteria"],
        ["F-1", "compliance", "practice", "CRC-60", "labour", "5", ""],
        ["F-2", "efectiveness", "practice", "CRC-32", "labor", "2.5", ""],
        ["F-1", "inclusion", "practice", "CRC-32", "labour", "high", "papers"],
        ["", "compliance", "", "CRC-32", "labour", "", ""],
        ["F-5", "compliance", "practice", "CRC-44", "labour", "2", "age"],
    ])
    loc = where(fmt)
    assert problems_of(lambda: read_findings_table(path, catalogue)) == [
        (loc, 2, "provisions", "unknown provision 'CRC-60'; did you mean 'CRC-6' or 'CRC-50' "
         "or 'CRC-46'? (accepted: codes INSTRUMENT-ARTICLE in CRC-1..CRC-54, OPSC-1..OPSC-17, "
         "PALERMO-1..PALERMO-20)"),
        (loc, 2, "rating", "rating 5 is not on the scale 0-4; use 'not-assessed' or "
         "'not-applicable' when there is no rating"),
        (loc, 3, "rating", "rating '2.5' is not a whole number, 'not-assessed' or "
         "'not-applicable'"),
        (loc, 3, "area", "unknown area 'efectiveness'; did you mean 'effectiveness'? "
         "(accepted: inclusion, compliance, appropriateness, effectiveness, coherence)"),
        (loc, 3, "sectors", "unknown sector 'labor'; did you mean 'labour'? (accepted: "
         "child-protection, law-enforcement, judiciary, labour, education, health, immigration, "
         "social-economic, finance-budget, governance)"),
        (loc, 4, "rating", "rating 'high' is not a whole number, 'not-assessed' or "
         "'not-applicable'"),
        (loc, 4, "key", "duplicate key 'F-1': row 2 has it too"),
        (loc, 4, "exclusion_criteria", "unknown exclusion criterion 'papers' (accepted: status, "
         "age, nationality, documents, place, form-of-exploitation)"),
        (loc, 5, "key", "key is empty; it is required"),
        (loc, 5, "layer", "layer is empty; it is required"),
        (loc, 5, "rating", "rating is empty; it is required"),
        (loc, 6, "provisions", "CRC-44 is a procedural provision (not assessable): a finding "
         "cannot rate it"),
        (loc, 6, "exclusion_criteria", "exclusion criteria belong to inclusion findings, not "
         "to area 'compliance': analysis would ignore them"),
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_unknown_codes_name_the_accepted_ones(tmp_path: Path, fmt: str,
                                              catalogue: Catalogue) -> None:
    path = write_table(tmp_path, fmt, [
        [*FINDINGS_HEADER, "groups"],
        ["F-1", "efectiveness", "practice", "CRC-32", "labor", "2", "girl"],
    ])
    loc = where(fmt)
    assert problems_of(lambda: read_findings_table(path, catalogue)) == [
        (loc, 2, "area", "unknown area 'efectiveness'; did you mean 'effectiveness'? "
         "(accepted: inclusion, compliance, appropriateness, effectiveness, coherence)"),
        (loc, 2, "sectors", "unknown sector 'labor'; did you mean 'labour'? (accepted: "
         "child-protection, law-enforcement, judiciary, labour, education, health, immigration, "
         "social-economic, finance-budget, governance)"),
        (loc, 2, "groups", "unknown child group 'girl'; did you mean 'girls'? (accepted: "
         "unaccompanied, separated, asylum-seeking, refugee, undocumented, stateless, "
         "ethnic-minority, disability, alternative-care, out-of-school, ... (21 in all))"),
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_header_and_row_problems_are_reported_together(tmp_path: Path, fmt: str,
                                         catalogue: Catalogue) -> None:
    path = write_table(tmp_path, fmt, [
        ["key", "Area", "provision", "sectors", "rating", "AREA"],
        ["F-1", "compliance", "CRC-32", "labour", "9", "x"],
    ])
    loc = where(fmt)
    assert problems_of(lambda: read_findings_table(path, catalogue)) == [
        (loc, 1, "provision", "unknown column 'provision'; did you mean 'provisions'? "
         "(accepted: key, area, layer, rating, provisions, clusters, sectors, groups, forms, "
         "confidence, status, title, narrative, exclusion_criteria, tension_sectors, "
         "tension_instruments, author, reviewed_by, validated_by)"),
        (loc, 1, "AREA", "column 'area' appears twice (also 'Area')"),
        (loc, 1, "layer", "required column 'layer' is missing"),
        (loc, 1, "provisions", "the file needs a 'provisions' or 'clusters' column"),
        # rows are still read and checked, except for what the header problems explain
        (loc, 2, "rating", "rating 9 is not on the scale 0-4; use 'not-assessed' or "
         "'not-applicable' when there is no rating"),
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_cells_with_bad_types_are_reported_even_when_columns_are_missing(
        tmp_path: Path, fmt: str, catalogue: Catalogue) -> None:
    path = write_table(tmp_path, fmt, [
        ["key", "area", "provisions", "sectors", "rating", "confidence"],
        ["F-1", "compliance", "CRC-32", "labour", "two", "sure"],
    ])
    loc = where(fmt)
    assert problems_of(lambda: read_findings_table(path, catalogue)) == [
        (loc, 1, "layer", "required column 'layer' is missing"),
        (loc, 2, "rating", "rating 'two' is not a whole number, 'not-assessed' or "
         "'not-applicable'"),
        (loc, 2, "confidence", "'sure' is not a valid confidence (accepted: high, medium, low)"),
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_header_without_rows_is_rejected(tmp_path: Path, fmt: str,
                                         catalogue: Catalogue) -> None:
    path = write_table(tmp_path, fmt, [FINDINGS_HEADER])
    assert problems_of(lambda: read_findings_table(path, catalogue)) == [
        (where(fmt), None, None, "the file has a header but no data rows")]


@pytest.mark.parametrize("fmt", FORMATS)
def test_row_numbers_are_those_of_the_file(tmp_path: Path, fmt: str,
                                           catalogue: Catalogue) -> None:
    """Blank rows are skipped but counted; a cell with line breaks is still one row."""
    path = write_table(tmp_path, fmt, [
        [*FINDINGS_HEADER, "narrative"],
        ["F-1", "compliance", "practice", "CRC-32", "labour", "2", "line 1\nline 2\nline 3"],
        ["", "", "", "", "", "", ""],
        ["F-2", "compliance", "practice", "CRC-32", "labour", "7", ""],
    ])
    assert problems_of(lambda: read_findings_table(path, catalogue)) == [
        (where(fmt), 4, "rating", "rating 7 is not on the scale 0-4; use 'not-assessed' or "
         "'not-applicable' when there is no rating")]


def test_references_and_existing_keys_are_checked_when_given(
        tmp_path: Path, catalogue: Catalogue) -> None:
    path = write_table(tmp_path, "csv", [
        [*FINDINGS_HEADER, "tension_instruments"],
        ["F-1", "coherence", "practice", "CRC-22", "immigration", "1", "law-1|law-9"],
        ["F-2", "coherence", "practice", "CRC-22", "immigration", "1", ""],
    ])
    assert problems_of(lambda: read_findings_table(
        path, catalogue, existing_keys={"F-2"}, instrument_keys=["law-1"],
        location="upload.csv")) == [
        ("upload.csv", 2, "tension_instruments", "no law or policy has key 'law-9' in the "
         "workspace"),
        ("upload.csv", 3, "key", "key 'F-2' is already used in the workspace; use a new key"),
    ]
    assert len(read_findings_table(path, catalogue)) == 2


# --- actors, evidence, indicator values ------------------------------------------------------
@pytest.mark.parametrize("fmt", FORMATS)
def test_actors(tmp_path: Path, fmt: str, catalogue: Catalogue) -> None:
    path = write_table(tmp_path, fmt, [
        ["Key", "Name", "Sector", "Level", "Type"],
        ["mol", "Ministry of Labour", "labour", "", ""],
        ["pol", "Police, unit 3", "Law Enforcement", "regional", "police"],
    ])
    assert read_actors_table(path, catalogue) == [
        Actor(key="mol", name="Ministry of Labour", sector="labour"),
        Actor(key="pol", name="Police, unit 3", sector="law-enforcement", level="regional",
              type="police"),
    ]
    bad = write_table(tmp_path, fmt, [
        ["key", "name", "sector", "type"],
        ["mol", "", "labour", "minstry"],
        ["mol|2", "X", "", "ngo"],
    ], name="bad")
    loc = where(fmt, "bad")
    assert problems_of(lambda: read_actors_table(bad, catalogue)) == [
        (loc, 2, "name", "name is empty; it is required"),
        (loc, 2, "type", "unknown actor type 'minstry'; did you mean 'ministry'? (accepted: "
         "ministry, agency, court, police, prosecution, municipality, service, ngo, "
         "ombudsperson, guardianship, ... (12 in all))"),
        (loc, 3, "sector", "sector is empty; it is required"),
        (loc, 3, "key", "key 'mol|2' contains '|', which separates list items in files"),
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_evidence(tmp_path: Path, fmt: str, catalogue: Catalogue) -> None:
    path = write_table(tmp_path, fmt, [
        ["key", "finding", "kind", "title", "date", "reliability"],
        ["E-1", "F-1", "desk-review", "Law review", "2023", "HIGH"],
        ["E-2", "F-9", "interview", "Talk", "", ""],
    ])
    loc = where(fmt)
    assert problems_of(lambda: read_evidence_table(path, catalogue, finding_keys={"F-1"})) == [
        (loc, 3, "kind", "unknown evidence kind 'interview'; did you mean "
         "'key-informant-interview' or 'desk-review'? (accepted: desk-review, statistics, "
         "key-informant-interview, child-consultation, validation-workshop, case-file-review, "
         "ngo-report, monitoring-report)"),
        (loc, 3, "finding", "no finding has key 'F-9' in the workspace"),
    ]
    good = write_table(tmp_path, fmt, [
        ["key", "finding_key", "kind", "title", "date"],
        ["E-1", "F-1", "Desk Review", "Law review", "2023"],
    ], name="good")
    assert read_evidence_table(good, catalogue) == [
        Evidence(key="E-1", finding_key="F-1", kind="desk-review", title="Law review",
                 date="2023")]


@pytest.mark.parametrize("fmt", FORMATS)
def test_indicator_values(tmp_path: Path, fmt: str, catalogue: Catalogue) -> None:
    path = write_table(tmp_path, fmt, [
        ["key", "indicator", "year", "value", "group", "sector"],
        ["v1", "birth-registration-rate", "2022", "97.5", "", ""],
        ["v2", "identified-child-victims", "2021", "12", "Girls", "law-enforcement"],
    ])
    assert read_indicator_values_table(path, catalogue) == [
        IndicatorValue(key="v1", indicator="birth-registration-rate", year=2022, value=97.5),
        IndicatorValue(key="v2", indicator="identified-child-victims", year=2021, value=12.0,
                       group="girls", sector="law-enforcement"),
    ]
    bad = write_table(tmp_path, fmt, [
        ["key", "indicator", "year", "value"],
        ["v1", "birth-registration-rate", "22", "97,5"],
        ["v2", "birth-registration", "2022", "inf"],
    ], name="bad")
    loc = where(fmt, "bad")
    assert problems_of(lambda: read_indicator_values_table(bad, catalogue)) == [
        (loc, 2, "value", "'97,5' is not a number (use a dot as decimal separator)"),
        (loc, 2, "year", "year 22 is not a whole number between 1900 and 2100"),
        (loc, 3, "indicator", "unknown indicator 'birth-registration'; did you mean "
         "'birth-registration-rate'? (accepted: birth-registration-rate, "
         "identified-child-victims)"),
        (loc, 3, "value", "value inf is not a finite number"),
    ]


# --- files as people save them ---------------------------------------------------------------
CSV_TEXT = ("key,area,layer,provisions,sectors,rating,narrative\r\n"
            "F-1,compliance,practice,CRC-32,labour,2,Ministère de la Santé: “partial”\r\n")


def test_utf8_with_byte_order_mark_is_read(tmp_path: Path, catalogue: Catalogue) -> None:
    path = tmp_path / "findings.csv"
    path.write_bytes(b"\xef\xbb\xbf" + CSV_TEXT.encode("utf-8"))
    [finding] = read_findings_table(path, catalogue)
    assert finding.key == "F-1" and finding.narrative == "Ministère de la Santé: “partial”"


def test_windows_1252_is_rejected_with_the_fix(tmp_path: Path, catalogue: Catalogue) -> None:
    path = tmp_path / "findings.csv"
    path.write_bytes(CSV_TEXT.encode("cp1252"))
    assert problems_of(lambda: read_findings_table(path, catalogue)) == [
        ("findings.csv", None, None, "file is not UTF-8 (looks like cp1252); save it as UTF-8 "
         "(in a spreadsheet program: 'CSV UTF-8'). First byte that is not UTF-8: line 2")]


def test_utf16_is_rejected(tmp_path: Path, catalogue: Catalogue) -> None:
    path = tmp_path / "findings.csv"
    path.write_bytes(CSV_TEXT.encode("utf-16"))
    assert problems_of(lambda: read_findings_table(path, catalogue)) == [
        ("findings.csv", None, None, "file is UTF-16 text, not UTF-8; save it as 'CSV UTF-8'")]


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab_separated_files_are_read(tmp_path: Path, delimiter: str,
                                                    catalogue: Catalogue) -> None:
    path = tmp_path / "findings.csv"
    path.write_text(f"key{delimiter}area{delimiter}layer{delimiter}provisions{delimiter}"
                    f"sectors{delimiter}rating\nF-1{delimiter}compliance{delimiter}practice"
                    f"{delimiter}CRC-32|CRC-34{delimiter}labour{delimiter}4\n", encoding="utf-8")
    [finding] = read_findings_table(path, catalogue)
    assert finding.provisions == ("CRC-32", "CRC-34") and finding.rating == 4


def test_a_workbook_named_csv_is_recognised(tmp_path: Path, catalogue: Catalogue) -> None:
    workbook = write_table(tmp_path, "xlsx", [FINDINGS_HEADER])
    path = workbook.rename(tmp_path / "findings.csv")
    assert problems_of(lambda: read_findings_table(path, catalogue)) == [
        ("findings.csv", None, None, "file is a ZIP archive (an XLSX workbook?), not CSV text: "
         "if it is a workbook, give it the .xlsx extension")]


@pytest.mark.parametrize(("content", "message"), [
    (b"", "file is empty: expected a header row, then one row per record"),
    (b"%PDF-1.7\n...", "file is a PDF document, not CSV text"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "file is an old Excel (.xls) or other Office file, "
                                          "not CSV text: save it as .xlsx or as 'CSV UTF-8'"),
    (b'[{"key": "F-1"}]', "file looks like JSON, not CSV text"),
    (b"<html><table><tr><td>key</td></tr></table></html>",
     "file looks like HTML or XML, not CSV text: save it from your spreadsheet program as "
     "'CSV UTF-8' or .xlsx"),
    (b"key\x00area\x00\x01\x02", "file is binary data, not CSV text"),
    (b'key,area\n"F-1,compliance\n', "file is not valid CSV: unexpected end of data"),
])
def test_files_that_are_not_csv(tmp_path: Path, content: bytes, message: str,
                                catalogue: Catalogue) -> None:
    path = tmp_path / "findings.csv"
    path.write_bytes(content)
    [(location, _, _, found)] = problems_of(lambda: read_findings_table(path, catalogue))
    assert (location, found) == ("findings.csv", message)


def test_a_csv_named_xlsx_is_recognised(tmp_path: Path, catalogue: Catalogue) -> None:
    path = tmp_path / "findings.xlsx"
    path.write_text(CSV_TEXT, encoding="utf-8")
    assert problems_of(lambda: read_findings_table(path, catalogue)) == [
        ("findings.xlsx", None, None, "file is not a valid XLSX workbook; it looks like text: "
         "if it is CSV, give it the .csv extension")]


def test_empty_sheet_is_rejected(tmp_path: Path, catalogue: Catalogue) -> None:
    path = write_table(tmp_path, "xlsx", [])
    assert problems_of(lambda: read_findings_table(path, catalogue)) == [
        ("table.xlsx (sheet 'Sheet1')", None, None, "sheet is empty: expected a header row, "
         "then one row per record")]


def test_sheet_named_after_the_table_is_preferred(tmp_path: Path,
                                                  catalogue: Catalogue) -> None:
    workbook = openpyxl.Workbook()
    notes = workbook.active
    assert notes is not None
    notes.title = "Read me"
    notes.append(["Fill in the Findings sheet"])
    sheet = workbook.create_sheet("Findings")
    sheet.append(FINDINGS_HEADER)
    sheet.append(["F-1", "compliance", "practice", "CRC-32", "labour", 2])
    path = tmp_path / "assessment.xlsx"
    workbook.save(path)
    [finding] = read_findings_table(path, catalogue)
    assert finding.key == "F-1"
    [(location, *_)] = problems_of(lambda: read_actors_table(path, catalogue))[:1]
    assert location == "assessment.xlsx (sheet 'Read me')"  # no actors sheet: the first one


def test_workbook_column_without_header(tmp_path: Path, catalogue: Catalogue) -> None:
    path = write_table(tmp_path, "xlsx", [
        [*FINDINGS_HEADER, None, None],
        ["F-1", "compliance", "practice", "CRC-32", "labour", 2, None, "stray note"],
    ])
    assert problems_of(lambda: read_findings_table(path, catalogue)) == [
        ("table.xlsx (sheet 'Sheet1')", 1, "column 8 (H)", "column 8 (H) has values but no "
         "header")]


@pytest.mark.parametrize(("name", "message"), [
    ("findings.xls", ".xls files cannot be read: save it as .xlsx or 'CSV UTF-8'"),
    ("findings.json", "unsupported file type '.json': use .csv (UTF-8) or .xlsx"),
])
def test_unsupported_file_types(tmp_path: Path, name: str, message: str,
                                catalogue: Catalogue) -> None:
    path = tmp_path / name
    path.write_bytes(b"whatever")
    assert problems_of(lambda: read_findings_table(path, catalogue)) == [
        (name, None, None, message)]


def test_missing_file(tmp_path: Path, catalogue: Catalogue) -> None:
    path = tmp_path / "nowhere.csv"
    assert problems_of(lambda: read_findings_table(path, catalogue)) == [
        ("nowhere.csv", None, None, f"file not found: {path}")]


def test_workbook_rows_keep_their_sheet_numbers(tmp_path: Path, catalogue: Catalogue) -> None:
    """A table that starts lower down keeps the row numbers the sheet shows; date cells are
    read as ISO dates."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet["B3"], sheet["C3"], sheet["D3"], sheet["E3"] = "key", "finding_key", "kind", "title"
    sheet["F3"] = "date"
    for row, (key, kind, when) in enumerate([("E-1", "statistics", datetime(2023, 5, 1)),
                                             ("E-2", "statistic", date(2021, 1, 2))], start=5):
        sheet[f"B{row}"], sheet[f"C{row}"], sheet[f"D{row}"] = key, "F-1", kind
        sheet[f"E{row}"], sheet[f"F{row}"] = "Census", when
    path = tmp_path / "evidence.xlsx"
    workbook.save(path)
    assert problems_of(lambda: read_evidence_table(path, catalogue)) == [
        ("evidence.xlsx (sheet 'Sheet')", 6, "kind", "unknown evidence kind 'statistic'; did "
         "you mean 'statistics'? (accepted: desk-review, statistics, key-informant-interview, "
         "child-consultation, validation-workshop, case-file-review, ngo-report, "
         "monitoring-report)")]
    sheet["D6"] = "statistics"
    workbook.save(path)
    assert [e.date for e in read_evidence_table(path, catalogue)] == ["2023-05-01", "2021-01-02"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_evidence_reads_the_confidential_column(tmp_path: Path, fmt: str,
                                                catalogue: Catalogue) -> None:
    """Optional, false by default; a workbook's TRUE cell counts as a yes."""
    path = write_table(tmp_path, fmt, [
        ["key", "finding_key", "kind", "title", "Confidential"],
        ["E-1", "F-1", "key-informant-interview", "Talk at the inspectorate", "yes"],
        ["E-2", "F-1", "desk-review", "Law review", "no"],
        ["E-3", "F-1", "key-informant-interview", "Talk at the shelter", "1"],
        ["E-4", "F-1", "desk-review", "Budget review", ""],
        ["E-5", "F-1", "key-informant-interview", "Talk at the court",
         True if fmt == "xlsx" else "TRUE"],
        ["E-6", "F-1", "desk-review", "Plan review", False if fmt == "xlsx" else "0"],
    ])
    read = read_evidence_table(path, catalogue)
    assert [(e.key, e.confidential) for e in read] == [
        ("E-1", True), ("E-2", False), ("E-3", True), ("E-4", False), ("E-5", True),
        ("E-6", False)]
    bad = write_table(tmp_path, fmt, [
        ["key", "finding_key", "kind", "title", "confidential"],
        ["E-1", "F-1", "desk-review", "Law review", "secret"],
    ], name="bad")
    assert problems_of(lambda: read_evidence_table(bad, catalogue)) == [
        (where(fmt, "bad"), 2, "confidential",
         "'secret' is neither yes nor no (accepted: true/false, yes/no, on/off or 1/0)")]
