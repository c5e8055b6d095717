"""Panel imports: many countries and years at once, from plain tables the user maps (real SDG and
TIP files from ../shared/data) and from SDMX-CSV exports (hand-written samples in the UNICEF and
UN SDG layouts, beside this test). Every problem is reported at once, with file, row (header =
row 1) and column; nothing is returned from a file with any problem."""

from __future__ import annotations

import ast
import csv
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from tests.conftest import shared_file

from impactkit.catalogue.loader import load_default_catalogue
from impactkit.errors import ImportRejected, Problem, UsageError
from impactkit.exchange import panel, sdmx
from impactkit.exchange.cells import CellError
from impactkit.exchange.panel import (
    PANEL_FIELDS,
    IndicatorCodes,
    PanelValue,
    indicator_codes,
    parse_mapping,
    read_panel,
)

SAMPLES = Path(__file__).parent / "panel_samples"

INDICATORS = {
    "child-marriage": IndicatorCodes("child-marriage", ("SP_DYN_MRBF18", "PT_F_20-24_MRD_U18")),
    "under5-mortality": IndicatorCodes("under5-mortality", ("SH_DYN_MORT", "CME_MRY0T4")),
    "child-labour": IndicatorCodes("child-labour", ("SL_TLF_CHLDEC", "PT_CHLD_5-17_LBR_ECON-HC")),
    "tip-tier": IndicatorCodes("tip-tier"),
    "infant-mortality": IndicatorCodes("infant-mortality"),
}


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def rejected(path: Path, **kwargs: Any) -> list[Problem]:
    """The problems of a file that must be rejected as a whole."""
    with pytest.raises(ImportRejected) as caught:
        read_panel(path, indicators=INDICATORS, **kwargs)
    assert "nothing was imported" in caught.value.summary
    return list(caught.value.problems)


def by_row(problems: list[Problem]) -> dict[int | None, Problem]:
    found = {p.row: p for p in problems}
    assert len(found) == len(problems), problems
    return found


# --- the real files -------------------------------------------------------------------------
def test_child_marriage_file_with_mapped_columns() -> None:
    path = shared_file("sdg_5_3_1_women20_24_married_before18.csv")
    read = read_panel(path, indicators=INDICATORS, indicator="child-marriage",
                      mapping=parse_mapping(["iso3=jurisdiction", "value_pct=value"]))
    assert read.layout == "columns"
    assert len(read.values) == 131
    assert {v.indicator for v in read.values} == {"child-marriage"}
    assert read.ignored_columns == ("country", "m49")
    assert read.skipped == {}
    first = csv_rows(path)[0]
    assert read.values[0] == PanelValue(first["iso3"], "child-marriage", int(first["year"]),
                                        float(first["value_pct"]))
    assert read.jurisdictions["AFG"] == "Afghanistan"
    assert len(read.jurisdictions) == 131


def test_m49_numbers_read_as_the_same_countries_as_iso3() -> None:
    path = shared_file("sdg_5_3_1_women20_24_married_before18.csv")
    by_iso = read_panel(path, indicators=INDICATORS, indicator="child-marriage",
                        mapping={"iso3": "jurisdiction", "value_pct": "value"})
    by_m49 = read_panel(path, indicators=INDICATORS, indicator="child-marriage",
                        mapping={"m49": "jurisdiction", "value_pct": "value"})
    assert by_m49.values == by_iso.values
    assert "iso3" in by_m49.ignored_columns


def test_tip_tiers_every_row_read_with_kosovo_created() -> None:
    path = shared_file("us_tip_tiers_2001_2015.csv")
    rows = csv_rows(path)
    read = read_panel(path, indicators=INDICATORS, indicator="tip-tier",
                      mapping={"iso3": "jurisdiction", "tier_code": "value"},
                      known_jurisdictions={"XKX": "Kosovo"})
    assert len(read.values) == len(rows)
    assert {v.year for v in read.values} == set(range(2001, 2016))
    assert {v.value for v in read.values} == {1.0, 2.0, 3.0, 4.0}
    kosovo = [v for v in read.values if v.jurisdiction == "XKX"]
    assert len(kosovo) == sum(1 for r in rows if r["iso3"] == "KOS") > 0
    assert read.jurisdictions["XKX"] == "Kosovo"
    assert set(read.ignored_columns) == {"country", "cow_code", "tier_label"}


def test_tip_kosovo_needs_its_jurisdiction_first() -> None:
    path = shared_file("us_tip_tiers_2001_2015.csv")
    rows = csv_rows(path)
    problems = rejected(path, indicator="tip-tier",
                        mapping={"iso3": "jurisdiction", "tier_code": "value"})
    kosovo_rows = {number for number, r in enumerate(rows, start=2) if r["iso3"] == "KOS"}
    assert {p.row for p in problems} == kosovo_rows
    assert all(p.field == "iso3" and "XKX" in p.message for p in problems)


def test_where_works_on_plain_columns_and_counts_what_it_leaves_out() -> None:
    path = shared_file("us_tip_tiers_2001_2015.csv")
    rows = csv_rows(path)
    read = read_panel(path, indicators=INDICATORS, indicator="tip-tier",
                      mapping={"iso3": "jurisdiction", "tier_code": "value"},
                      where={"tier_label": "tier 1"}, known_jurisdictions={"XKX": "Kosovo"})
    tier1 = sum(1 for r in rows if r["tier_label"] == "Tier 1")
    assert len(read.values) == tier1 and {v.value for v in read.values} == {1.0}
    assert read.skipped == {"tier_label is not tier 1": len(rows) - tier1}


def test_under5_mortality_many_years() -> None:
    path = shared_file("sdg_3_2_1_under5_mortality.csv")
    rows = csv_rows(path)
    read = read_panel(path, indicators=INDICATORS, indicator="under5-mortality",
                      mapping={"iso3": "jurisdiction"}, source="UN IGME 2024")
    assert len(read.values) == len(rows) == 4577
    assert len(read.jurisdictions) == len({r["iso3"] for r in rows})
    assert {v.year for v in read.values} == {int(r["year"]) for r in rows}
    assert {v.source for v in read.values} == {"UN IGME 2024"}
    assert set(read.ignored_columns) == {"country", "unit"}
    afg_2000 = next(v for v in read.values if (v.jurisdiction, v.year) == ("AFG", 2000))
    assert afg_2000.value == 131.6


# --- SDMX-CSV -------------------------------------------------------------------------------
def test_unicef_export_with_labels() -> None:
    read = read_panel(SAMPLES / "unicef_labelled.csv", indicators=INDICATORS, source="fallback")
    assert read.layout == "sdmx"
    assert [(v.jurisdiction, v.indicator, v.year, v.value) for v in read.values] == [
        ("AFG", "under5-mortality", 2019, 60.3),
        ("AFG", "under5-mortality", 2020, 58.0),
        ("ALB", "under5-mortality", 2019, 9.7),
        ("AFG", "child-marriage", 2017, 28.3),   # TIME_PERIOD 2017-09
        ("ALB", "child-marriage", 2018, 11.8),   # SEX is F only: kept
    ]
    assert read.skipped == {"SEX is not a total": 6, "no value": 1,
                            "REF_AREA is a region or group, not a country": 1}
    assert read.jurisdictions == {"AFG": "Afghanistan", "ALB": "Albania"}
    assert read.values[0].source == "UN IGME 2023"
    assert read.values[3].source == "DHS 2015, MICS 2017"
    assert read.values[3].note == "Women aged 20-24 years"
    assert "UNIT_MEASURE:Unit of measure" in read.ignored_columns
    assert "SEX:Sex" not in read.ignored_columns


def test_where_chooses_a_breakdown_instead_of_the_total() -> None:
    read = read_panel(SAMPLES / "unicef_labelled.csv", indicators=INDICATORS,
                      where={"sex": "F"})
    assert [(v.jurisdiction, v.indicator, v.year, v.value) for v in read.values] == [
        ("AFG", "under5-mortality", 2019, 56.1), ("AFG", "under5-mortality", 2020, 53.9),
        ("ALB", "under5-mortality", 2019, 8.9), ("AFG", "child-marriage", 2017, 28.3),
        ("ALB", "child-marriage", 2018, 11.8)]
    assert read.skipped == {"sex is not F": 8}


def test_where_value_no_row_has_is_an_error() -> None:
    problems = rejected(SAMPLES / "unicef_labelled.csv", where={"SEX": "X", "COLOUR": "red"})
    assert len(problems) == 2
    assert any(p.field == "SEX:Sex" and "(values: F, M, _T)" in p.message for p in problems)
    assert any(p.field == "COLOUR" and "no column" in p.message for p in problems)


def test_sdg_export_with_m49_areas() -> None:
    read = read_panel(SAMPLES / "sdg_m49.csv", indicators=INDICATORS,
                      indicator="infant-mortality")
    assert [(v.jurisdiction, v.indicator, v.year, v.value) for v in read.values] == [
        ("AFG", "under5-mortality", 2021, 56.4),
        ("ALB", "under5-mortality", 2021, 9.7),
        ("DZA", "under5-mortality", 2021, 22.3),
        ("BRA", "under5-mortality", 2021, 14.4),
        ("AFG", "infant-mortality", 2021, 43.4),  # SH_DYN_IMRT: claimed by none
        ("ALB", "infant-mortality", 2021, 8.4),
        ("AFG", "child-marriage", 2017, 28.3),
        ("ALB", "child-marriage", 2018, 11.8),
    ]
    assert read.skipped == {"SEX is not a total": 2, "URBANISATION is not a total": 2,
                            "REF_AREA is a region or group, not a country": 2}
    assert read.values[0].source == "UN IGME 2023"
    assert read.values[6].note == "Afghanistan Demographic and Health Survey 2015"
    assert "DATA_LAST_UPDATE" in read.ignored_columns


def test_unknown_columns_are_dimensions_only_when_they_hold_a_total(tmp_path: Path) -> None:
    path = tmp_path / "custom.csv"
    path.write_text(
        "REF_AREA,INDICATOR,BREAKDOWN,Country name,TIME_PERIOD,OBS_VALUE\n"
        "GRC,CME_MRY0T4,_Z,Greece,2019,3.9\n"
        "GRC,CME_MRY0T4,B1,Greece,2019,3.1\n"
        "FRA,CME_MRY0T4,_Z,France,2019,4.4\n"
        "FRA,CME_MRY0T4,B2,France,2019,4.0\n", encoding="utf-8")
    read = read_panel(path, indicators=INDICATORS)
    assert [(v.jurisdiction, v.value) for v in read.values] == [("GRC", 3.9), ("FRA", 4.4)]
    assert read.skipped == {"BREAKDOWN is not a total": 2}
    assert read.ignored_columns == ("Country name",)


def test_series_no_indicator_claims_is_an_error_naming_it() -> None:
    problems = rejected(SAMPLES / "sdg_m49.csv")
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.row, problem.field) == (10, "SERIES")
    assert "SH_DYN_IMRT (2 rows)" in problem.message and "--indicator" in problem.message


def test_default_catalogue_indicators_claim_their_series() -> None:
    indicators = indicator_codes(load_default_catalogue().indicators)
    owner = next(code for code, i in indicators.items() if "PT_F_20-24_MRD_U18" in i.series)
    read = read_panel(SAMPLES / "unicef_labelled.csv", indicators=indicators,
                      where={"INDICATOR": "PT_F_20-24_MRD_U18"})
    assert [(v.jurisdiction, v.indicator, v.year) for v in read.values] == [
        ("AFG", owner, 2017), ("ALB", owner, 2018)]


def test_sdmx_problems_all_at_once() -> None:
    problems = by_row(rejected(SAMPLES / "sdmx_errors.csv"))
    assert set(problems) == {3, 4, 5, 6}
    assert problems[3].field == "REF_AREA" and "'ZZZ'" in problems[3].message
    assert problems[4].field == "TIME_PERIOD" and "2019-Q2" in problems[4].message
    assert problems[5].field == "OBS_VALUE" and "comma" in problems[5].message
    assert problems[6].field == "AGE" and "--where AGE=" in problems[6].message
    assert "Y5T17, Y5T14" in problems[6].message


def test_mapping_is_refused_for_sdmx_unless_read_as_columns() -> None:
    path = SAMPLES / "sdg_m49.csv"
    with pytest.raises(UsageError, match="--layout columns"):
        read_panel(path, indicators=INDICATORS, mapping={"REF_AREA": "jurisdiction"})
    read = read_panel(path, indicators=INDICATORS, layout="columns", indicator="tip-tier",
                      mapping={"REF_AREA": "jurisdiction", "TIME_PERIOD": "year",
                               "OBS_VALUE": "value"}, where={"SERIES": "SP_DYN_MRBF18",
                                                            "URBANISATION": "_T"})
    assert read.layout == "columns"
    assert [(v.jurisdiction, v.year) for v in read.values] == [("AFG", 2017), ("ALB", 2018)]


def test_sdmx_layout_asked_for_a_plain_table() -> None:
    problems = rejected(SAMPLES / "columns_errors.csv", layout="sdmx")
    assert len(problems) == 1 and "REF_AREA" in problems[0].message


@pytest.mark.parametrize(("text", "year"), [("2019", 2019), ("2019-06", 2019),
                                            ("2019-06-30", 2019)])
def test_period_year_accepts_year_month_and_day(text: str, year: int) -> None:
    assert sdmx.period_year(text) == year


@pytest.mark.parametrize("text", ["2019-Q2", "2015-2017", "2019-13", "2019-02-30", "19"])
def test_period_year_refuses_other_periods(text: str) -> None:
    with pytest.raises(CellError, match="yearly period"):
        sdmx.period_year(text)


def test_auto_layout_needs_the_three_sdmx_columns() -> None:
    assert sdmx.is_sdmx(["ref_area", "Time_Period", "OBS_VALUE:Observation Value"])
    assert not sdmx.is_sdmx(["REF_AREA", "TIME_PERIOD", "value"])


# --- XLSX -----------------------------------------------------------------------------------
def test_xlsx_sheet_named_data(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    notes = workbook.active
    assert notes is not None
    notes.title = "notes"
    notes.append(["This sheet explains the data; it is not read."])
    data = workbook.create_sheet("Data")
    data.append(["Country code", "Year", "Rate", "indicator", "Source"])
    data.append(["GRC", 2019, 3.5, "child-marriage", "survey"])
    data.append(["grc", 2020.0, 4, "", None])
    data.append(["FR", 2019, None, "child-marriage", None])
    path = tmp_path / "panel.xlsx"
    workbook.save(path)
    read = read_panel(path, indicators=INDICATORS, indicator="under5-mortality",
                      mapping={"Country code": "jurisdiction", "Rate": "value"},
                      source="ministry")
    assert read.values == (
        PanelValue("GRC", "child-marriage", 2019, 3.5, source="survey"),
        PanelValue("GRC", "under5-mortality", 2020, 4.0, source="ministry"),
    )
    assert read.skipped == {"no value": 1}
    assert read.jurisdictions == {"GRC": "Greece"}


def test_xlsx_problems_name_the_sheet(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "panel"
    sheet.append(["iso3", "year", "value"])
    sheet.append(["GRC", "next year", 1])
    path = tmp_path / "values.xlsx"
    workbook.save(path)
    problems = rejected(path, mapping={"iso3": "jurisdiction"}, indicator="tip-tier")
    assert len(problems) == 1
    assert problems[0].location == "values.xlsx (sheet 'panel')"
    assert (problems[0].row, problems[0].field) == (2, "year")


# --- errors in plain tables -----------------------------------------------------------------
def test_every_problem_at_once_with_rows_and_columns() -> None:
    problems = by_row(rejected(SAMPLES / "columns_errors.csv",
                               mapping={"iso3": "jurisdiction", "value_pct": "value"}))
    assert set(problems) == {3, 4, 5, 6, 7, 8, 9}
    expected = {3: ("year", "'20x8' is not a year"), 4: ("value_pct", "comma"),
                5: ("iso3", "'ZZZ' is not an ISO 3166-1 country code"),
                6: ("iso3", "rows 2 and 6"), 7: ("indicator", "Did you mean child-marriage"),
                8: ("iso3", "create it first"), 9: ("year", "outside 1900-2100")}
    for row, (field, words) in expected.items():
        assert problems[row].field == field, problems[row]
        assert words in problems[row].message, problems[row]
        assert problems[row].location == "columns_errors.csv"


def test_user_assigned_code_read_when_known() -> None:
    problems = rejected(SAMPLES / "columns_errors.csv",
                        mapping={"iso3": "jurisdiction", "value_pct": "value"},
                        known_jurisdictions={"XVM": "Vemland (training)"})
    assert 8 not in {p.row for p in problems}


def test_missing_columns_say_how_to_map_them() -> None:
    path = shared_file("sdg_5_3_1_women20_24_married_before18.csv")
    problems = rejected(path)
    messages = [p.message for p in problems]
    assert len(problems) == 3
    assert messages[0] == ("no column gives the jurisdiction; map one with --map "
                           "COLUMN=jurisdiction (columns: iso3, country, m49, year, value_pct)")
    assert "--map COLUMN=value" in messages[1]
    assert "--indicator CODE" in messages[2]
    assert all(p.location == path.name and p.row is None for p in problems)


def test_mapping_a_column_the_file_lacks() -> None:
    path = shared_file("sdg_5_3_1_women20_24_married_before18.csv")
    problems = rejected(path, indicator="child-marriage",
                        mapping={"iso_3": "jurisdiction", "value_pct": "value"})
    assert len(problems) == 1
    assert "no column 'iso_3'" in problems[0].message
    assert "Did you mean 'iso3'?" in problems[0].message


def test_comma_decimals_from_a_semicolon_file() -> None:
    problems = rejected(SAMPLES / "semicolon_comma_decimals.csv", mapping={"iso3": "jurisdiction"},
                        indicator="tip-tier")
    assert [(p.row, p.field) for p in problems] == [(2, "value")]
    assert "'12,5' has a comma" in problems[0].message


def test_values_must_be_finite_numbers(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("jurisdiction,year,value\nGRC,2019,1e999\nFRA,2019,n/a\nDEU,2019,1_000\n"
                    "ITA,2019,NaN\nESP,2019,-2.5e1\n", encoding="utf-8-sig")
    problems = by_row(rejected(path, indicator="tip-tier"))
    assert set(problems) == {2, 3, 4}
    assert "too large" in problems[2].message and "not a number" in problems[3].message
    path.write_text("jurisdiction,year,value\nITA,2019,NaN\nESP,2019,-2.5e1\n", encoding="utf-8")
    read = read_panel(path, indicators=INDICATORS, indicator="tip-tier")
    assert [v.value for v in read.values] == [-25.0]
    assert read.skipped == {"no value": 1}


def test_names_are_not_guessed_as_countries(tmp_path: Path) -> None:
    path = tmp_path / "names.csv"
    path.write_text("jurisdiction,year,value\nNiger,2019,1\nGR-I,2019,2\n", encoding="utf-8")
    problems = rejected(path, indicator="tip-tier")
    assert [p.row for p in problems] == [2, 3]
    assert all("alpha-3 code (GRC)" in p.message for p in problems)


def test_header_only_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("jurisdiction,year,value\n", encoding="utf-8")
    problems = rejected(path, indicator="tip-tier")
    assert [p.message for p in problems] == ["the file has a header but no data rows"]


def test_legacy_encoding_is_refused_by_the_shared_reader(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("jurisdiction,year,value,note\nFRA,2019,1,données é\n".encode("cp1252"))
    problems = rejected(path, indicator="tip-tier")
    assert "not UTF-8" in problems[0].message


# --- arguments ------------------------------------------------------------------------------
def test_parse_mapping() -> None:
    assert parse_mapping(["iso3=jurisdiction", " value_pct = Value ", "a=b=note"]) == {
        "iso3": "jurisdiction", "value_pct": "value", "a=b": "note"}


@pytest.mark.parametrize("pairs", [["iso3"], ["=value"], ["iso3=country"],
                                   ["a=value", "b=value"], ["a=value", "a=year"]])
def test_parse_mapping_refuses_bad_pairs(pairs: list[str]) -> None:
    with pytest.raises(UsageError) as caught:
        parse_mapping(pairs)
    assert pairs[-1].split("=")[0] in str(caught.value)
    if "country" in pairs[0]:
        assert ", ".join(PANEL_FIELDS) in str(caught.value)


def test_unknown_indicator_argument_suggests_close_codes() -> None:
    with pytest.raises(UsageError, match="Did you mean child-marriage"):
        read_panel(SAMPLES / "columns_errors.csv", indicators=INDICATORS,
                   indicator="child-mariage")


def test_unknown_layout_and_field() -> None:
    with pytest.raises(UsageError, match="auto, columns, sdmx"):
        read_panel(SAMPLES / "columns_errors.csv", indicators=INDICATORS, layout="wide")
    with pytest.raises(UsageError, match="jurisdiction, year"):
        read_panel(SAMPLES / "columns_errors.csv", indicators=INDICATORS,
                   mapping={"iso3": "country"})


def test_panel_modules_reach_neither_store_nor_web() -> None:
    for module in (panel, sdmx):
        tree = ast.parse(Path(str(module.__file__)).read_text(encoding="utf-8"))
        names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                 for alias in node.names}
        names |= {node.module or "" for node in ast.walk(tree)
                  if isinstance(node, ast.ImportFrom)}
        assert not any(n.startswith(("impactkit.store", "impactkit.web")) for n in names)
