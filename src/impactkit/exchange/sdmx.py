"""Choosing the rows of an SDMX-CSV export that make a panel: one total value per country, series
and period.

The UN SDG Global Database and UNICEF's data warehouse export SDMX-CSV: one row per
observation, a column per dimension (``REF_AREA``, ``SERIES`` or ``INDICATOR``, ``SEX``,
``AGE``...) and per attribute (``UNIT_MEASURE``, ``DATA_SOURCE``...). A panel keeps one number per
country, indicator and year, so a breakdown by sex or age must be reduced to its total, and
the user must choose where there is no total (mixed age bands are not comparable).

SDMX-CSV does not say which columns are dimensions. A column is taken as one when it is a
dimension of the SDG or UNICEF structures (:data:`DIMENSIONS`), or when it is not a known
attribute and holds a total code (``_T`` total, ``_Z`` not applicable) somewhere. Each
dimension is judged per series, because one export mixes series broken down differently (under-5
mortality by sex with ``_T``, child marriage of women only, ``F``):

- values include a total: rows with the total are kept, the others counted as skipped;
- a single value: every row is kept;
- several values and no total: an error asks the user to choose with ``--where COLUMN=VALUE``.

UNICEF exports with labels write ``REF_AREA:Geographic area`` as header and ``AFG: Afghanistan``
as cell; the code before the colon is what counts. Areas that are no country (UNICEF regions such
as ``UNICEF_SA``, M49 regions and groups such as ``1`` World) are skipped and counted.

``--where COLUMN=VALUE`` (:func:`keep_where`) keeps the rows holding a value, in SDMX-CSV and
in plain tables alike. This module only selects rows and names their indicator;
:mod:`impactkit.exchange.panel` checks every value and builds the panel.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from gettext import gettext as _

import pycountry

from impactkit.errors import Problem
from impactkit.exchange.cells import CellError
from impactkit.exchange.rows import simplify
from impactkit.exchange.sources import RawTable

REQUIRED = ("REF_AREA", "TIME_PERIOD", "OBS_VALUE")
SERIES_COLUMNS = ("SERIES", "INDICATOR")
"""Where the series code is: ``SERIES`` in the SDG database, ``INDICATOR`` at UNICEF. When a
file has both, ``SERIES`` is read and ``INDICATOR`` ignored."""

TOTALS = frozenset({"_T", "_Z"})
"""Codes meaning "no breakdown": ``_T`` total, ``_Z`` not applicable."""

DIMENSIONS = frozenset({
    "FREQ", "REPORTING_TYPE", "SEX", "AGE", "RESIDENCE", "WEALTH_QUINTILE", "URBANISATION",
    "INCOME_WEALTH_QUANTILE", "EDUCATION_LEV", "OCCUPATION", "CUST_BREAKDOWN",
    "COMPOSITE_BREAKDOWN", "DISABILITY_STATUS", "ACTIVITY", "PRODUCT"})
"""Dimensions of the SDG (``DF_SDG_GLH``) and UNICEF (``GLOBAL_DATAFLOW``) structures, judged
even where they hold no total code."""

ATTRIBUTES = frozenset({
    "UNIT_MULTIPLIER", "UNIT_MULT", "UNIT_MEASURE", "OBS_STATUS", "OBS_CONF", "LOWER_BOUND",
    "UPPER_BOUND", "WGTD_SAMPL_SIZE", "OBS_FOOTNOTE", "SERIES_FOOTNOTE", "DATA_SOURCE",
    "SOURCE_LINK", "CUSTODIAN", "TIME_PERIOD_METHOD", "REF_PERIOD", "COVERAGE_TIME", "BASE_PER",
    "NATURE", "TIME_DETAIL", "COMMENT_OBS", "TIME_COVERAGE", "SOURCE_DETAIL", "COMMENT_TS",
    "GEO_INFO_URL", "GEO_INFO_TYPE", "CUST_BREAKDOWN_LB", "DATA_LAST_UPDATE",
    "DATAFLOW", "STRUCTURE", "STRUCTURE_ID", "ACTION"})
"""Columns that describe an observation without breaking it down; never filtered on."""

SOURCE_COLUMNS = ("DATA_SOURCE", "SOURCE_DETAIL")  # UNICEF, SDG database
NOTE_COLUMNS = ("OBS_FOOTNOTE", "COMMENT_OBS")

_PERIOD = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True, slots=True)
class SelectedRows:
    """Rows chosen from a table, as text by panel field (``jurisdiction``, ``year``, ``value``,
    ``indicator``, ``source``, ``note``), ready to be checked; what both layouts hand over.

    ``columns`` names, for each field, the header it was read from (for messages);
    ``problems`` are those found while choosing (a panel with any is rejected)."""

    rows: tuple[tuple[int, Mapping[str, str]], ...]
    columns: Mapping[str, str]
    skipped: Mapping[str, int] = field(default_factory=dict)
    ignored_columns: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()


def header_code(text: str) -> str:
    """``REF_AREA:Geographic area`` -> ``REF_AREA``."""
    return text.partition(":")[0].strip().upper()


def cell_code(text: str) -> str:
    """``AFG: Afghanistan`` -> ``AFG``; a cell without a label is returned stripped."""
    head, sep, _label = text.partition(": ")
    return (head if sep else text).strip()


def is_sdmx(header: Sequence[str]) -> bool:
    """True when the header has ``REF_AREA``, ``TIME_PERIOD`` and ``OBS_VALUE`` (any case,
    labelled or not)."""
    return set(REQUIRED) <= {header_code(text) for text in header}


def period_year(text: str) -> int:
    """The year of an SDMX ``TIME_PERIOD``: a year (``2019``), a month (``2019-06``) or a day
    (``2019-06-30``), whose year is taken: a survey fielded in June 2019 is a 2019 value.
    Quarters, semesters, weeks and ranges (``2019-Q2``, ``2015-2017``) are refused: they are
    not yearly values, and taking their year would quietly mix frequencies."""
    stripped = text.strip()
    found = _PERIOD.fullmatch(stripped)
    valid = found is not None
    if found is not None and found.group(2):
        month, day = int(found.group(2)), int(found.group(3) or 1)
        try:
            date(int(found.group(1)), month, day)
        except ValueError:
            valid = False
    if not valid or found is None:
        raise CellError(_("'{text}' is not a yearly period: write a year (2019), a month "
                          "(2019-06) or a day (2019-06-30)").format(text=stripped))
    return int(found.group(1))


def is_aggregate(code: str) -> bool:
    """True for an area that is no country: a UNICEF or World Bank group (``UNICEF_SA``,
    ``WB_LMC``: codes with ``_``) or an M49 number that ISO 3166 does not give a country
    (``1`` World, ``419`` Latin America and the Caribbean)."""
    if "_" in code:
        return True
    if code.isdigit() and len(code) <= 3:
        return pycountry.countries.get(numeric=code.zfill(3)) is None
    return False


class _Selection:
    def __init__(self, raw: RawTable, owners: Mapping[str, tuple[str, ...]],
                 default: str | None) -> None:
        self.raw, self.owners, self.default = raw, owners, default
        self.problems: list[Problem] = []
        self.skipped: Counter[str] = Counter()
        self.index: dict[str, int] = {}
        for position, text in enumerate(raw.header):
            self.index.setdefault(header_code(text), position)
        self.series = next((c for c in SERIES_COLUMNS if c in self.index), None)

    def cell(self, row: Sequence[str], column: str | None) -> str:
        position = self.index.get(column, -1) if column else -1
        return row[position].strip() if 0 <= position < len(row) else ""

    def dimensions(self) -> list[str]:
        found = []
        for code in self.index:
            if code in REQUIRED or code in SERIES_COLUMNS or code in ATTRIBUTES:
                continue
            if code in DIMENSIONS or any(cell_code(self.cell(row, code)) in TOTALS
                                         for _number, row in self.raw.rows):
                found.append(code)
        return found

    def plan(self, dimensions: list[str]) -> dict[tuple[str, str], frozenset[str] | None]:
        """For each (series, dimension): the values to keep, all of them (``None``), or absent
        when the user must choose (already reported)."""
        seen: dict[tuple[str, str], dict[str, int]] = {}
        for number, row in self.raw.rows:
            series = cell_code(self.cell(row, self.series))
            for column in dimensions:
                seen.setdefault((series, column), {}).setdefault(
                    cell_code(self.cell(row, column)), number)
        plan: dict[tuple[str, str], frozenset[str] | None] = {}
        for (series, column), values in seen.items():
            totals = TOTALS & values.keys()
            if totals:
                plan[series, column] = frozenset(totals)
            elif len(values) == 1:
                plan[series, column] = None
            else:
                self.problems.append(Problem(
                    _("{column} has several values for series {series} and none is a total "
                      "(_T): {values}. Choose one with --where {column}=VALUE").format(
                        column=column, series=series or "-", values=", ".join(values)),
                    location=self.raw.location, row=sorted(values.values())[1],
                    field=self.header(column)))
        return plan

    def header(self, column: str) -> str:
        return self.raw.header[self.index[column]].strip()

    def indicator(self, series: str) -> str | None:
        owners = self.owners.get(series.upper(), ())
        return owners[0] if len(owners) == 1 else self.default

    def select(self) -> SelectedRows:
        missing = [c for c in REQUIRED if c not in self.index]
        if missing:
            self.problems.append(Problem(
                _("the file is not SDMX-CSV: it has no {columns} column (columns: {found})")
                .format(columns=", ".join(missing), found=", ".join(self.raw.header)),
                location=self.raw.location))
            return self.result(())
        if self.series is None and self.default is None:
            self.problems.append(Problem(
                _("the file has no SERIES or INDICATOR column: pass --indicator CODE to say "
                  "which indicator its values are"), location=self.raw.location))
            return self.result(())
        dimensions = self.dimensions()
        plan = self.plan(dimensions)
        rows: list[tuple[int, Mapping[str, str]]] = []
        unclaimed: dict[str, list[int]] = {}
        for number, row in self.raw.rows:
            series = cell_code(self.cell(row, self.series))
            reason = self.skip_reason(row, series, dimensions, plan)
            if reason is not None:
                if reason:
                    self.skipped[reason] += 1
                continue
            indicator = self.indicator(series)
            if indicator is None:
                unclaimed.setdefault(series, []).append(number)
                continue
            rows.append((number, {
                "jurisdiction": cell_code(self.cell(row, "REF_AREA")),
                "year": self.cell(row, "TIME_PERIOD"),
                "value": self.cell(row, "OBS_VALUE"),
                "indicator": indicator,
                "source": next((s for c in SOURCE_COLUMNS if (s := self.cell(row, c))), ""),
                "note": next((s for c in NOTE_COLUMNS if (s := self.cell(row, c))), ""),
            }))
        self.report_unclaimed(unclaimed)
        return self.result(tuple(rows), dimensions)

    def skip_reason(self, row: Sequence[str], series: str, dimensions: list[str],
                    plan: Mapping[tuple[str, str], frozenset[str] | None]) -> str | None:
        """Why the row is left out (a reason to count, or "" when a problem already covers
        it), or None to keep it."""
        for column in dimensions:
            if (series, column) not in plan:
                return ""
            keep = plan[series, column]
            if keep is not None and cell_code(self.cell(row, column)) not in keep:
                return _("{column} is not a total").format(column=column)
        if is_aggregate(cell_code(self.cell(row, "REF_AREA"))):
            return _("REF_AREA is a region or group, not a country")
        return None

    def report_unclaimed(self, unclaimed: Mapping[str, list[int]]) -> None:
        found = ", ".join(sorted(unclaimed))
        for series, numbers in unclaimed.items():
            owners = self.owners.get(series.upper(), ())
            if len(owners) > 1:
                message = _("series {series} ({count} rows) feeds several indicators "
                            "({indicators}): pass --indicator CODE to choose one").format(
                    series=series, count=len(numbers), indicators=", ".join(owners))
            else:
                message = _("series {series} ({count} rows) feeds no indicator: add it to an "
                            "indicator's series, or pass --indicator CODE (series without an "
                            "indicator: {found})").format(series=series or "''",
                                                         count=len(numbers), found=found)
            self.problems.append(Problem(message, location=self.raw.location, row=numbers[0],
                                         field=self.header(self.series) if self.series else None))

    def result(self, rows: tuple[tuple[int, Mapping[str, str]], ...],
               dimensions: Sequence[str] = ()) -> SelectedRows:
        used = {*REQUIRED, *dimensions, *SOURCE_COLUMNS, *NOTE_COLUMNS,
                *([self.series] if self.series else [])}
        columns = {"jurisdiction": "REF_AREA", "year": "TIME_PERIOD", "value": "OBS_VALUE",
                   "indicator": self.series or "indicator",
                   "source": next((c for c in SOURCE_COLUMNS if c in self.index), "source"),
                   "note": next((c for c in NOTE_COLUMNS if c in self.index), "note")}
        return SelectedRows(
            rows=rows,
            columns={name: self.header(code) if code in self.index else code
                     for name, code in columns.items()},
            skipped=dict(self.skipped),
            ignored_columns=tuple(text.strip() for text in self.raw.header
                                  if header_code(text) not in used),
            problems=tuple(self.problems))


def keep_where(raw: RawTable, where: Mapping[str, str], *, labelled: bool
               ) -> tuple[RawTable, Counter[str], list[Problem]]:
    """The rows whose ``where`` columns hold the value asked for (``{"SEX": "F"}``; codes
    compared ignoring case, before any label when ``labelled``), the count of the others by
    reason, and the problems: a column the file lacks, a value no row holds. Works on plain
    tables too, where the whole cell is compared."""
    def name(text: str) -> str:
        return header_code(text) if labelled else simplify(text)

    def code(row: Sequence[str], position: int) -> str:
        text = row[position] if position < len(row) else ""
        return cell_code(text) if labelled else text.strip()

    skipped: Counter[str] = Counter()
    problems: list[Problem] = []
    names = [name(text) for text in raw.header]
    tests: list[tuple[int, str, str]] = []
    for column, value in where.items():
        if name(column) not in names:
            problems.append(Problem(_("--where {column}={value}: the file has no column "
                                      "{column} (columns: {columns})").format(
                column=column, value=value, columns=", ".join(raw.header)),
                location=raw.location, field=column))
        else:
            tests.append((names.index(name(column)), column, value.strip().casefold()))
    kept = []
    for number, row in raw.rows:
        failed = next((column for position, column, value in tests
                       if code(row, position).casefold() != value), None)
        if failed is None:
            kept.append((number, row))
        else:
            skipped[_("{column} is not {value}").format(column=failed,
                                                         value=where[failed])] += 1
    for position, column, value in tests:
        found = sorted({code(row, position) for _number, row in raw.rows})
        if value not in {text.casefold() for text in found}:
            problems.append(Problem(_("--where {column}={value}: no row has this value "
                                      "(values: {found})").format(
                column=column, value=where[column], found=", ".join(found[:20])),
                location=raw.location, field=raw.header[position].strip()))
    return RawTable(raw.location, raw.header, kept, raw.header_row), skipped, problems


def select_rows(raw: RawTable, *, owners: Mapping[str, tuple[str, ...]],
                default_indicator: str | None = None) -> SelectedRows:
    """The rows of an SDMX-CSV table that make a panel (see the module doc), each with the
    indicator its series feeds. ``owners`` maps an upper-case series code to the indicators
    that claim it; a series no indicator claims, or several do, takes ``default_indicator``
    (the user's ``--indicator``), and without one is a problem naming it."""
    return _Selection(raw, owners, default_indicator).select()
