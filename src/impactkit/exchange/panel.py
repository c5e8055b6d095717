"""Read indicator values for many countries and years at once (a *panel*) from a CSV or XLSX
file: a table with any column names, which the user maps to :data:`PANEL_FIELDS`, or an
SDMX-CSV export of the UN SDG Global Database or UNICEF's data warehouse (see
:mod:`impactkit.exchange.sdmx`).

The file is read and checked whole, and is either returned whole or rejected with
:class:`~impactkit.errors.ImportRejected` listing every problem: file, row (as a spreadsheet
numbers it, header = row 1), column, what is wrong and what would be accepted. Rows left out on
purpose (no value, a breakdown that is not the total, a region) are counted by reason in
:attr:`PanelRead.skipped`, never dropped silently.

Jurisdictions are ISO 3166-1 country codes (alpha-3, alpha-2 or M49 number), resolved with
pycountry; names are not accepted, because matching them would guess (``Niger`` and
``Nigeria``, ``Congo``). A user-assigned code (``X..``) must name a jurisdiction that exists
already. Kosovo, which ISO 3166 leaves without a code, is written ``KOS``, ``KSV`` or ``XKX``
by different publishers; any of these reads as the Kosovo jurisdiction the user created (``XKX``
or ``XK``).
"""

from __future__ import annotations

import difflib
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from gettext import gettext as _
from pathlib import Path
from typing import Protocol, TypeVar

import pycountry

from impactkit.domain import PanelValue
from impactkit.errors import ImportRejected, Problem, UsageError
from impactkit.exchange import sdmx
from impactkit.exchange.cells import CellError, parse_int
from impactkit.exchange.rows import simplify
from impactkit.exchange.sdmx import SelectedRows
from impactkit.exchange.sources import ROW_NUMBERS, RawTable, read_table
from impactkit.jurisdictions import resolve_jurisdiction

__all__ = ["PANEL_FIELDS", "HasCodes", "IndicatorCodes", "PanelRead", "PanelValue",
           "indicator_codes", "parse_mapping", "read_panel"]

PANEL_FIELDS = ("jurisdiction", "year", "value", "indicator", "source", "note")
LAYOUTS = ("auto", "columns", "sdmx")
SHEET_NAMES = ("panel", "data")
FIRST_YEAR, LAST_YEAR = 1900, 2100
NO_VALUE = frozenset({"", "nan"})
KOSOVO = ("XKX", "XK", "KOS", "KSV", "UVK")
"""Codes publishers give Kosovo (World Bank and UNICEF, EU, US State Department, IMF); the
first two are user-assigned in ISO 3166 and are what a user creates."""

_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


@dataclass(frozen=True, slots=True)
class IndicatorCodes:
    """An indicator as the panel reader needs it: its code and the SDMX series codes that feed
    it (``("SH_DYN_MORT", "CME_MRY0T4")``)."""

    code: str
    series: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PanelRead:
    """Every value of the file, in file order. ``jurisdictions`` maps each code read to its
    name; ``skipped`` counts rows left out by reason; ``ignored_columns`` are columns read by
    nothing (as written in the header)."""

    values: tuple[PanelValue, ...]
    jurisdictions: Mapping[str, str]
    layout: str  # "columns" | "sdmx"
    skipped: Mapping[str, int]
    ignored_columns: tuple[str, ...] = ()


class HasCodes(Protocol):
    """Anything with an indicator code and its series: the catalogue's indicators do."""

    @property
    def code(self) -> str: ...

    @property
    def series(self) -> Sequence[str]: ...


def indicator_codes(indicators: Iterable[HasCodes]) -> dict[str, IndicatorCodes]:
    """``code -> IndicatorCodes`` for ``read_panel(indicators=...)``, from the catalogue's
    indicators or user-defined ones."""
    return {item.code: IndicatorCodes(item.code, tuple(item.series)) for item in indicators}


def parse_mapping(pairs: Sequence[str]) -> dict[str, str]:
    """``["iso3=jurisdiction", "value_pct=value"]`` (the CLI's repeated ``--map``) as
    ``{file column: field}``. The last ``=`` separates, so a column name may hold one."""
    mapping: dict[str, str] = {}
    errors: list[str] = []
    fields = ", ".join(PANEL_FIELDS)
    for pair in pairs:
        column, sep, name = pair.rpartition("=")
        field = simplify(name)
        if not sep or not column.strip() or field not in PANEL_FIELDS:
            errors.append(_("--map {pair!r}: write COLUMN=FIELD, FIELD being one of "
                            "{fields}").format(pair=pair, fields=fields))
        elif column.strip() in mapping:
            errors.append(_("--map {pair!r}: column {column!r} is mapped twice").format(
                pair=pair, column=column.strip()))
        else:
            mapping[column.strip()] = field
    twice = [f for f, n in Counter(mapping.values()).items() if n > 1]
    errors.extend(_("several columns are mapped to {field}: {columns}; map only one").format(
        field=f, columns=", ".join(c for c, m in mapping.items() if m == f)) for f in twice)
    if errors:
        raise UsageError("\n".join(errors))
    return mapping


def read_panel(path: Path, *, indicators: Mapping[str, IndicatorCodes],
               mapping: Mapping[str, str] | None = None, indicator: str | None = None,
               layout: str = "auto", source: str = "", where: Mapping[str, str] | None = None,
               known_jurisdictions: Mapping[str, str] | None = None) -> PanelRead:
    """Every value of a panel file, checked; or :class:`ImportRejected` with every problem.

    ``indicators`` maps each existing indicator code to its series codes. ``mapping`` renames
    file columns to :data:`PANEL_FIELDS` (columns layout); a column already named like a field
    is used as is. ``indicator`` is the indicator of rows whose file gives none (a blank
    ``indicator`` cell, an SDMX series no indicator claims). ``layout`` is ``auto`` (SDMX-CSV
    when the header has ``REF_AREA``, ``TIME_PERIOD`` and ``OBS_VALUE``), ``columns`` or
    ``sdmx``. ``source`` is the source of rows whose file names none. ``where`` keeps only
    rows whose column holds the value (``{"SEX": "F"}``). ``known_jurisdictions`` maps the
    user-assigned (``X..``) codes that exist to their names.

    A year is a whole number from 1900 to 2100; in SDMX-CSV a ``TIME_PERIOD`` may also be a
    month or a day, whose year is taken (:func:`impactkit.exchange.sdmx.period_year`). A
    value is a finite number with a dot as decimal separator; an empty value (or ``NaN``) is
    skipped and counted as "no value"."""
    if layout not in LAYOUTS:
        raise UsageError(_("unknown layout {layout!r}: use one of {layouts}").format(
            layout=layout, layouts=", ".join(LAYOUTS)))
    for name in (mapping or {}).values():
        if name not in PANEL_FIELDS:
            raise UsageError(_("cannot map a column to {name!r}: the fields are "
                               "{fields}").format(name=name, fields=", ".join(PANEL_FIELDS)))
    checker = _Checker(indicators, known_jurisdictions or {}, source)
    default = checker.known_indicator(indicator) if indicator else None
    raw = read_table(path, sheet_names=SHEET_NAMES)
    chosen = layout if layout != "auto" else "sdmx" if sdmx.is_sdmx(raw.header) else "columns"
    if chosen == "sdmx" and mapping:
        raise UsageError(_("{location} is read as SDMX-CSV, which needs no --map: drop --map, "
                           "or read it as plain columns with --layout columns").format(
            location=raw.location))
    raw, skipped, problems = sdmx.keep_where(raw, where or {}, labelled=chosen == "sdmx")
    checker.skipped.update(skipped)
    if chosen == "sdmx":
        owners: dict[str, tuple[str, ...]] = {}
        for codes in indicators.values():
            for series in codes.series:
                owners[series.upper()] = (*owners.get(series.upper(), ()), codes.code)
        selected = sdmx.select_rows(raw, owners=owners, default_indicator=default)
    else:
        selected = _columns(raw, mapping or {}, default)
    problems.extend(selected.problems)
    checker.skipped.update(selected.skipped)
    for number, cells in selected.rows:
        checker.check(raw.location, number, cells, selected.columns, periods=chosen == "sdmx")
    problems.extend(checker.problems)
    if not raw.rows and not problems:
        problems.append(Problem(_("the file has a header but no data rows"),
                                location=raw.location))
    if problems:
        problems.sort(key=lambda p: p.row or 0)  # the file's order; whole-file ones first
        summary = _("{location}: 1 problem, nothing was imported ({numbering})") \
            if len(problems) == 1 else \
            _("{location}: {count} problems, nothing was imported ({numbering})")
        raise ImportRejected(problems, summary=summary.format(
            location=raw.location, count=len(problems), numbering=ROW_NUMBERS))
    return PanelRead(values=tuple(checker.values), jurisdictions=dict(checker.names),
                     layout=chosen, skipped=dict(checker.skipped),
                     ignored_columns=selected.ignored_columns)


def _columns(raw: RawTable, mapping: Mapping[str, str], default: str | None) -> SelectedRows:
    """Rows of a plain table: mapped columns, and columns named like a field."""
    names = [simplify(text) for text in raw.header]
    columns = ", ".join(text.strip() for text in raw.header)
    positions: dict[str, int] = {}
    problems: list[Problem] = []
    for column, field in mapping.items():
        if simplify(column) in names:
            positions[field] = names.index(simplify(column))
            continue
        close = difflib.get_close_matches(column, [t.strip() for t in raw.header], n=1)
        message = _("--map {column}={field}: the file has no column {column!r} (columns: "
                    "{columns}). Did you mean {close!r}?") if close else \
            _("--map {column}={field}: the file has no column {column!r} (columns: {columns}).")
        problems.append(Problem(message.format(column=column, field=field, columns=columns,
                                               close=close[0] if close else ""),
                                location=raw.location, field=column))
    for field in PANEL_FIELDS:
        if field not in mapping.values() and field in names:
            positions[field] = names.index(field)
    for field, position in positions.items():
        if names.count(names[position]) > 1:
            problems.append(Problem(_("the header has column {column!r} twice, and it gives "
                                      "the {field}: rename one").format(
                column=raw.header[position].strip(), field=field),
                location=raw.location, row=raw.header_row, field=raw.header[position].strip()))
    for field in ("jurisdiction", "year", "value", *(() if default else ("indicator",))):
        if field not in positions and field not in mapping.values():
            problems.append(Problem(_NO_COLUMN[field].format(columns=columns),
                                    location=raw.location))
    rows: list[tuple[int, Mapping[str, str]]] = []
    for number, row in raw.rows if not problems else ():
        cells = {field: row[position] if position < len(row) else ""
                 for field, position in positions.items()}
        if default and not cells.get("indicator", "").strip():
            cells["indicator"] = default
        rows.append((number, cells))
    return SelectedRows(
        rows=tuple(rows),
        columns={field: raw.header[position].strip() for field, position in positions.items()},
        ignored_columns=tuple(text.strip() for position, text in enumerate(raw.header)
                              if position not in positions.values() and text.strip()),
        problems=tuple(problems))


_NO_COLUMN = {
    "jurisdiction": _("no column gives the jurisdiction; map one with --map "
                      "COLUMN=jurisdiction (columns: {columns})"),
    "year": _("no column gives the year; map one with --map COLUMN=year (columns: {columns})"),
    "value": _("no column gives the value; map one with --map COLUMN=value (columns: "
               "{columns})"),
    "indicator": _("no column gives the indicator; map one with --map COLUMN=indicator, or "
                   "pass --indicator CODE for the whole file (columns: {columns})"),
}


@dataclass(frozen=True, slots=True)
class _Row:
    location: str
    number: int
    cells: Mapping[str, str]
    columns: Mapping[str, str]


T = TypeVar("T")


class _Checker:
    """Checks each selected row and keeps the values and every problem."""

    def __init__(self, indicators: Mapping[str, IndicatorCodes], known: Mapping[str, str],
                 source: str) -> None:
        self.indicators = indicators
        self.indicator_lookup = {simplify(code): code for code in indicators}
        self.known = {code.strip().upper(): name for code, name in known.items()}
        self.source = source
        self.problems: list[Problem] = []
        self.values: list[PanelValue] = []
        self.names: dict[str, str] = {}
        self.skipped: Counter[str] = Counter()
        self.first_row: dict[tuple[str, str, int], int] = {}
        self.places: dict[str, tuple[str, str] | CellError] = {}

    def known_indicator(self, text: str) -> str:
        """The indicator code ``text`` names, or a :class:`UsageError` with close matches."""
        try:
            return self.indicator(text)
        except CellError as error:
            raise UsageError(_("--indicator: {problem}").format(problem=error)) from None

    def indicator(self, text: str) -> str:
        code = self.indicator_lookup.get(simplify(text))
        if code is not None:
            return code
        close = difflib.get_close_matches(text.strip().lower(), list(self.indicators), n=3)
        message = _("no indicator has the code {code!r}; define it first, or use an existing "
                    "code. Did you mean {close}?") if close else \
            _("no indicator has the code {code!r}; define it first, or use an existing code.")
        raise CellError(message.format(code=text.strip(), close=", ".join(close)))

    def check(self, location: str, number: int, cells: Mapping[str, str],
              columns: Mapping[str, str], *, periods: bool) -> None:
        """Check one row; keep its value, or every problem it has."""
        if cells.get("value", "").strip().lower() in NO_VALUE:
            self.skipped[_("no value")] += 1
            return
        row = _Row(location, number, cells, columns)
        place = self.read(row, "jurisdiction", self.place)
        code = self.read(row, "indicator", self.indicator)
        year = self.read(row, "year", _period_year if periods else _year)
        value = self.read(row, "value", _value)
        if place is None or code is None or year is None or value is None:
            return
        key = (place[0], code, year)
        if key in self.first_row:
            self.problems.append(Problem(_(
                "{jurisdiction} {indicator} {year} is given twice, in rows {first} and "
                "{row}: keep one (or choose a breakdown with --where COLUMN=VALUE)").format(
                jurisdiction=place[0], indicator=code, year=year, first=self.first_row[key],
                row=number), location=location, row=number,
                field=columns.get("jurisdiction", "jurisdiction")))
            return
        self.first_row[key] = number
        self.names[place[0]] = place[1]
        self.values.append(PanelValue(
            jurisdiction=place[0], indicator=code, year=year, value=value,
            source=cells.get("source", "").strip() or self.source,
            note=cells.get("note", "").strip()))

    def read(self, row: _Row, field: str, parse: Callable[[str], T]) -> T | None:
        """The field of the row as ``parse`` reads it, or None and a problem."""
        text = row.cells.get(field, "").strip()
        try:
            if not text:
                raise CellError(_EMPTY[field])
            return parse(text)
        except CellError as error:
            self.problems.append(Problem(str(error), location=row.location, row=row.number,
                                         field=row.columns.get(field, field)))
            return None

    def place(self, text: str) -> tuple[str, str]:
        """(code, name) of a jurisdiction code, remembered: a panel repeats a few hundred."""
        if text not in self.places:
            try:
                self.places[text] = self._place(text)
            except CellError as error:
                self.places[text] = error
        found = self.places[text]
        if isinstance(found, CellError):
            raise found
        return found

    def _place(self, text: str) -> tuple[str, str]:
        code = text.strip().upper()
        if code in KOSOVO:
            known = next((c for c in KOSOVO[:2] if c in self.known), None)
            if known is None:
                raise CellError(_("'{text}' is Kosovo, which has no ISO 3166 code: create the "
                                  "jurisdiction XKX (Kosovo) first, then import again").format(
                    text=text))
            return known, self.known[known]
        if code.startswith("X") and len(code) in (2, 3) and code.isalpha():
            if code not in self.known:
                raise CellError(_("'{text}' is a user-assigned code and no jurisdiction {code} "
                                  "exists yet: create it first, then import again").format(
                    text=text, code=code))
            found = resolve_jurisdiction(code, name=self.known[code])
            return found.code, found.name
        country = None
        if code.isalpha() and len(code) == 2:
            country = pycountry.countries.get(alpha_2=code)
        elif code.isalpha() and len(code) == 3:
            country = pycountry.countries.get(alpha_3=code)
        elif code.isdigit() and len(code) <= 3:
            country = pycountry.countries.get(numeric=code.zfill(3))
        if country is None:
            raise CellError(_("'{text}' is not an ISO 3166-1 country code: write an alpha-3 "
                              "code (GRC), an alpha-2 code (GR) or an M49 number (300)").format(
                text=text))
        found = resolve_jurisdiction(country.alpha_3)
        return found.code, found.name


_EMPTY = {
    "jurisdiction": _("the jurisdiction is empty; write an ISO 3166 country code such as GRC"),
    "indicator": _("the indicator is empty; write an indicator code, or pass --indicator CODE "
                   "for blank cells"),
    "year": _("the year is empty; write a year such as 2019"),
    "value": _("the value is empty"),
}


def _year(text: str) -> int:
    try:
        year = parse_int(text)
    except CellError:
        raise CellError(_("'{text}' is not a year: write a whole number such as 2019").format(
            text=text)) from None
    return _in_years(year)


def _period_year(text: str) -> int:
    return _in_years(sdmx.period_year(text))


def _in_years(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise CellError(_("year {year} is outside {first}-{last}").format(
            year=year, first=FIRST_YEAR, last=LAST_YEAR))
    return year


def _value(text: str) -> float:
    if "," in text:
        raise CellError(_("'{text}' has a comma: write numbers with a dot as decimal separator "
                          "and no thousands separator (12.5, 1234.5)").format(text=text))
    number = float(text) if _NUMBER.fullmatch(text) else None
    if number is None:
        raise CellError(_("'{text}' is not a number: write it with a dot as decimal separator "
                          "(12.5), or leave the cell empty when there is no value").format(
            text=text))
    if not math.isfinite(number):
        raise CellError(_("'{text}' is too large to be a value").format(text=text))
    return number
