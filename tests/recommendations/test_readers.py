"""Reading recommendations from the OHCHR thematic list, UPR Info exports and mapped tables.

The real OHCHR file (469 recommendations to Slovenia, cycles 3 and 4) is read from
../shared/data when it is there; the other samples are small made-up files beside this test.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from impactkit.catalogue.loader import load_default_catalogue
from impactkit.errors import ImportRejected, UsageError
from impactkit.exchange.recommendation_cells import parse_position
from impactkit.exchange.recommendation_formats import (
    GENERIC_FIELDS,
    OHCHR_COLUMNS,
    document_of,
    upr_cycle,
)
from impactkit.exchange.recommendations import detect_format, read_recommendations
from impactkit.recommendations.model import Mechanism, Position, recommendation_key
from tests.conftest import shared_file

DATA = Path(__file__).parent / "data"
OHCHR = "ohchr_upr_thematic_SVN_c3c4.csv"
OMBUDSPERSON_MAPPING = {"key": "No.", "text": "Recommendation", "document_symbol": "Report",
                        "paragraph": "Para", "date": "Date", "recommending": "Addressee",
                        "provisions": "Articles", "sectors": "Sectors", "groups": "Child groups",
                        "forms": "Forms", "sdgs": "SDG"}


@pytest.fixture(scope="module")
def catalogue():
    return load_default_catalogue()


def located(error: pytest.ExceptionInfo[ImportRejected]) -> set[tuple[str | None, int | None,
                                                                      str | None]]:
    return {(p.location, p.row, p.field) for p in error.value.problems}


# --- the OHCHR thematic list ----------------------------------------------------------------
@pytest.fixture(scope="module")
def ohchr(catalogue):
    return read_recommendations(shared_file(OHCHR), catalogue=catalogue)


def test_ohchr_file_is_read_whole(ohchr):
    assert len(ohchr) == 469
    assert {r.mechanism for r in ohchr} == {Mechanism.UPR}
    assert sum(r.cycle == "3" for r in ohchr) == 215
    assert sum(r.cycle == "4" for r in ohchr) == 254
    assert sum(r.position is Position.SUPPORTED for r in ohchr) == 399
    assert sum(r.position is Position.NOTED for r in ohchr) == 70
    assert len({r.key for r in ohchr}) == 469


def test_ohchr_row_fields(ohchr):
    first = next(r for r in ohchr if r.key == "upr-3-121.1")
    assert first.paragraph == "121.1"
    assert first.session == "34"
    assert first.document_symbol == "A/HRC/43/15"
    assert first.recommending == ("France", "Lithuania")
    assert first.themes == ("Acceptance of international norms", "Enforced disappearances")
    assert first.affected_persons == ("Disappeared persons",)
    assert first.sdgs == ("16",)
    assert first.text.startswith("Ratify the International Convention for the Protection")
    # the position is in the addendum, the recommendation in the Working Group report
    fourth = next(r for r in ohchr if r.key == "upr-4-140.253")
    assert fourth.document_symbol == "A/HRC/59/15"
    assert fourth.position is Position.NOTED
    assert fourth.sdgs == ("10", "16")


def test_ohchr_keys_are_the_model_keys_and_stable(ohchr, catalogue):
    again = read_recommendations(shared_file(OHCHR), catalogue=catalogue, format="ohchr")
    assert [r.key for r in again] == [r.key for r in ohchr]
    sample = ohchr[100]
    assert sample.key == recommendation_key(Mechanism.UPR, cycle=sample.cycle,
                                            paragraph=sample.paragraph, text=sample.text)


def test_source_of_position_gives_the_report():
    assert document_of("A/HRC/43/15 - Para 121", "") == "A/HRC/43/15"
    assert document_of("A/HRC/59/15/Add.1 - Para.3vv", "") == "A/HRC/59/15"
    assert document_of("A/HRC/43/15/Add.1", "") == "A/HRC/43/15"
    assert document_of("", "UPR34 Slovenia (OHCHR); WG report A/HRC/43/15") == "A/HRC/43/15"


def test_ohchr_errors_are_all_located_and_nothing_returned(catalogue):
    with pytest.raises(ImportRejected) as error:
        read_recommendations(DATA / "ohchr_errors.csv", catalogue=catalogue)
    where = "ohchr_errors.csv"
    assert located(error) == {(where, 3, "rec_id"),  # same key, other text
                              (where, 4, "rec_id"),  # empty
                              (where, 4, "position"),  # 'Considered'
                              (where, 4, "sdgs")}  # 19
    messages = " ".join(p.message for p in error.value.problems)
    assert "'Considered' is not a position (accepted: Supported, Supported in part" in messages
    assert "row 2" in messages


def test_ohchr_rows_of_one_recommendation_are_merged(tmp_path, catalogue):
    header = ",".join(OHCHR_COLUMNS)
    path = tmp_path / "thematic.csv"
    path.write_text(f"{header}\n"
                    "3,34,Slovenia,121.1,Ratify OPIC (France);,France,Supported,"
                    "A/HRC/43/15 - Para 121,Children,Children,16,\n"
                    "3,34,Slovenia,121.1,Ratify OPIC (Chile);,Chile,,"
                    "A/HRC/43/15 - Para 121,International instruments,,16|4,\n",
                    encoding="utf-8")
    [rec] = read_recommendations(path, catalogue=catalogue)
    assert rec.key == "upr-3-121.1"
    assert rec.recommending == ("France", "Chile")
    assert rec.themes == ("Children", "International instruments")
    assert rec.sdgs == ("16", "4")
    assert rec.position is Position.SUPPORTED


# --- UPR Info exports -----------------------------------------------------------------------
@pytest.mark.parametrize("name", ["upr_info_slovenia.csv", "upr_info_slovenia.xlsx"])
def test_upr_info_export(name, catalogue):
    recs = read_recommendations(DATA / name, catalogue=catalogue)
    assert len(recs) == 9  # ten rows; Portugal and Montenegro made the same recommendation
    optional = recs[0]
    assert optional.recommending == ("Portugal", "Montenegro")
    assert optional.themes == ("Rights of the Child", "International instruments",
                               "action-category:4")
    assert (optional.cycle, optional.session) == ("3", "34")
    assert optional.key == recommendation_key(Mechanism.UPR, cycle="3", text=optional.text)
    positions = {r.recommending[0]: r.position for r in recs}
    assert positions["Philippines"] is Position.SUPPORTED  # "Accepted"
    assert positions["Sweden"] is Position.NOTED  # "Rejected"
    assert positions["Australia"] is Position.SUPPORTED_IN_PART
    assert positions["Mexico"] is Position.NOTED


def test_csv_and_xlsx_exports_give_the_same_keys(catalogue):
    csv = read_recommendations(DATA / "upr_info_slovenia.csv", catalogue=catalogue)
    xlsx = read_recommendations(DATA / "upr_info_slovenia.xlsx", catalogue=catalogue)
    assert [r.key for r in csv] == [r.key for r in xlsx]
    assert csv == xlsx


def test_upr_info_errors_are_all_located(catalogue):
    with pytest.raises(ImportRejected) as error:
        read_recommendations(DATA / "upr_info_errors.csv", catalogue=catalogue)
    where = "upr_info_errors.csv"
    assert located(error) == {(where, 2, "Response"), (where, 3, "Text"),
                              (where, 4, "Action"), (where, 5, "Text")}
    assert "row 4 as 'supported' and here as 'noted'" in str(error.value)


def test_upr_info_without_cycle_takes_it_from_the_session(tmp_path, catalogue):
    path = tmp_path / "export.csv"
    path.write_text("TEXT ,  recommending state,Response,Session\n"
                    "End child marriage (Chile),Chile,,UPR 48\n", encoding="utf-8")
    [rec] = read_recommendations(path, catalogue=catalogue, format="upr-info")
    assert (rec.cycle, rec.session, rec.position) == ("4", "48", None)
    assert rec.recommending == ("Chile",)
    assert [upr_cycle(s) for s in ("1", "12", "13", "26", "27", "40", "41")] == \
        ["1", "1", "2", "2", "3", "3", "4"]


def test_a_file_about_two_states_is_refused(tmp_path, catalogue):
    path = tmp_path / "two.csv"
    path.write_text("Recommendation,From,To\nEnd child marriage,Chile,Slovenia\n"
                    "Ratify OPIC,Peru,Croatia\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as error:
        read_recommendations(path, catalogue=catalogue)
    assert located(error) == {("two.csv", 1, "To")}


# --- a table of one's own, with a mapping ---------------------------------------------------
def test_generic_mapping(catalogue):
    recs = read_recommendations(DATA / "generic_ombudsperson.csv", mapping=OMBUDSPERSON_MAPPING,
                                mechanism="national", catalogue=catalogue)
    assert [r.key for r in recs] == ["OMB-2023-01", "OMB-2023-02", "OMB-2023-03"]
    first = recs[0]
    assert first.mechanism is Mechanism.NATIONAL
    assert first.provisions == ("CRC-20", "CRC-22")
    assert first.sectors == ("child-protection", "immigration")
    assert first.groups == ("unaccompanied",)
    assert first.date is not None and first.date.isoformat() == "2024-03-15"
    assert (first.document_symbol, first.paragraph, first.sdgs) == \
        ("Annual report 2023", "4.2", ("16.2",))
    assert recs[1].forms == ("labour-exploitation",)


def test_generic_without_a_key_column_uses_the_model_key(catalogue):
    mapping = {k: v for k, v in OMBUDSPERSON_MAPPING.items() if k != "key"}
    recs = read_recommendations(DATA / "generic_ombudsperson.csv", mapping=mapping,
                                mechanism=Mechanism.NATIONAL, catalogue=catalogue)
    assert recs[0].key == recommendation_key(Mechanism.NATIONAL, text=recs[0].text,
                                             paragraph="4.2",
                                             document_symbol="Annual report 2023")
    assert recs[0].key == "national-annual-report-2023-4.2"


def test_generic_errors_are_all_located_with_suggestions(catalogue):
    mapping = {"key": "No.", "text": "Recommendation", "date": "Date", "provisions": "Articles",
               "sectors": "Sectors", "mechanism": "Mechanism", "cycle": "Cycle"}
    with pytest.raises(ImportRejected) as error:
        read_recommendations(DATA / "generic_errors.csv", mapping=mapping, catalogue=catalogue)
    where = "generic_errors.csv"
    assert located(error) == {(where, 1, "Cycle"), (where, 2, "Date"), (where, 2, "Sectors"),
                              (where, 3, "Mechanism"), (where, 3, "Articles"), (where, 4, "No.")}
    text = str(error.value)
    assert "did you mean 'child-protection'?" in text
    assert "unknown provision 'CRC-999'" in text
    assert "'parliament' is not a mechanism" in text
    rows = [p.row for p in error.value.problems]
    assert rows == sorted(rows)  # in file order, header first


def test_generic_own_keys_must_be_usable_keys(tmp_path, catalogue):
    path = tmp_path / "own.csv"
    path.write_text("id,text\nA|1,Train the police\n", encoding="utf-8")
    with pytest.raises(ImportRejected, match="contains '\\|'") as error:
        read_recommendations(path, mapping={"key": "id", "text": "text"}, mechanism="crc",
                             catalogue=catalogue)
    assert located(error) == {("own.csv", 2, "id")}


@pytest.mark.parametrize(("kwargs", "says"), [
    ({"mapping": {"txt": "Recommendation"}}, "unknown fields 'txt'"),
    ({"mapping": {"key": "No."}}, "must name the column that holds the text"),
    ({"mapping": {"text": "Recommendation"}}, "say which mechanism"),
    ({"mapping": {"text": "Recommendation"}, "mechanism": "senate"}, "unknown mechanism"),
    ({"format": "generic"}, "needs mapping"),
    ({"format": "ohchr", "mapping": {"text": "Recommendation"}}, "only used by the generic"),
])
def test_mistakes_in_the_call_are_usage_errors(kwargs, says, catalogue):
    with pytest.raises(UsageError, match=says):
        read_recommendations(DATA / "generic_ombudsperson.csv", catalogue=catalogue, **kwargs)


# --- detection and files that are not tables ------------------------------------------------
def test_detection_names_the_formats_it_knows(catalogue):
    with pytest.raises(ImportRejected) as error:
        read_recommendations(DATA / "unknown_layout.csv", catalogue=catalogue)
    [problem] = error.value.problems
    assert (problem.location, problem.row) == ("unknown_layout.csv", 1)
    for name in ("ohchr", "upr-info", "generic"):
        assert f"{name}:" in problem.message
    assert detect_format(["Text", "From", "To"]) == "upr-info"
    assert detect_format(["cycle", "rec_id", "recommendation", "source_of_position"]) == "ohchr"
    assert detect_format(["anything"], has_mapping=True) == "generic"


def test_a_legacy_encoding_is_rejected_with_the_fix(catalogue):
    with pytest.raises(ImportRejected, match="save it as UTF-8"):
        read_recommendations(DATA / "upr_info_cp1252.csv", catalogue=catalogue)


def test_a_workbook_named_csv_is_recognised(tmp_path, catalogue):
    path = tmp_path / "export.csv"
    shutil.copy(DATA / "upr_info_slovenia.xlsx", path)
    with pytest.raises(ImportRejected, match=r"give it the \.xlsx extension"):
        read_recommendations(path, catalogue=catalogue)


def test_header_only_is_rejected(tmp_path, catalogue):
    path = tmp_path / "empty.csv"
    path.write_text("Recommendation,From,Response\n", encoding="utf-8")
    with pytest.raises(ImportRejected, match="no data rows"):
        read_recommendations(path, catalogue=catalogue)


@pytest.mark.parametrize(("text", "position"), [
    ("Supported", Position.SUPPORTED), ("accepted", Position.SUPPORTED),
    ("Supported in part", Position.SUPPORTED_IN_PART),
    ("Partially supported", Position.SUPPORTED_IN_PART), ("NOTED", Position.NOTED),
    ("Rejected", Position.NOTED), ("Noted.", Position.NOTED), ("", None),
])
def test_positions(text, position):
    assert parse_position(text) is position


# --- the documentation ----------------------------------------------------------------------
DOC = Path(__file__).resolve().parents[2] / "docs" / "data-formats.md"


def documented(heading: str) -> list[str]:
    text = DOC.read_text(encoding="utf-8")
    start = text.index(f"\n{heading}\n")
    following = re.search(r"\n#{2,3} ", text[start + 1:])
    body = text[start: start + 1 + following.start()] if following else text[start:]
    return re.findall(r"^\| `([a-z_]+)`", body, flags=re.MULTILINE)


def test_columns_and_fields_are_documented():
    assert documented('### OHCHR thematic list (`format="ohchr"`)') == list(OHCHR_COLUMNS)
    assert documented('### Any table, with a mapping (`format="generic"`)') == \
        list(GENERIC_FIELDS)
