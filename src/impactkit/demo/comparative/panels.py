"""Indicator panels of the five fictional jurisdictions: a value per jurisdiction, indicator
and year, 2012-2024, for every indicator of the default catalogue's vulnerability model.

Hand-set series rather than random ones: each is a straight line between a 2012 and a 2024
level, chosen so that the structural vulnerability index orders the jurisdictions as the demo
says (Marisca most vulnerable, then Oberan, Veldmark, Sorvia, Arvenholt least), with a small
fixed wiggle from a seeded generator. Gaps are those of real series: household surveys (child
marriage, child labour, violent discipline, birth registration, school completion, internet
use) come every four or five years, UNODC's trafficking figures every other year, social
protection coverage with each ILO report, and annual series miss a year here and there and
stop in 2023 (2024 not yet published). Veldmark's child poverty is its workspace's own series.
Every value is invented; sources name the jurisdiction's own offices.
"""

from __future__ import annotations

import random
import zlib

from impactkit.demo.comparative.jurisdictions import PANEL_JURISDICTIONS, PROFILES
from impactkit.demo.indicators import values_for
from impactkit.domain import PanelValue

FIRST_YEAR, LAST_YEAR = 2012, 2024
_SURVEY_YEARS: dict[str, tuple[int, ...]] = {
    "XVM": (2013, 2018, 2022), "XMC": (2012, 2016, 2021), "XOB": (2014, 2019, 2023),
    "XAR": (2012, 2017, 2022), "XSV": (2015, 2020)}
_ANNUAL_MISSING: dict[str, frozenset[int]] = {
    "XVM": frozenset({2016}), "XMC": frozenset({2013, 2017, 2020}),
    "XOB": frozenset({2015, 2021}), "XAR": frozenset(), "XSV": frozenset({2014, 2019})}
_SCHEDULES: dict[str, tuple[int, ...]] = {
    "biennial": tuple(range(2012, LAST_YEAR, 2)),  # UNODC's global report
    "ilo": (2016, 2020, 2023),  # World Social Protection Report editions
}
_SOURCES = {
    "survey": "{short} Statistics Office, Household Survey {year}",
    "annual": "{short} Statistics Office",
    "biennial": "{short} Ministry of the Interior, data reported to UNODC",
    "ilo": "{short} Ministry of Social Welfare, data reported to the ILO",
}
_SHORT = {"XVM": "Veldmark", **{p.code: p.short for p in PROFILES}}
NOTE = "Fictional demo value."


# indicator -> (schedule, decimals, upper bound, {jurisdiction: (2012 level, 2024 level)})
_SERIES: dict[str, tuple[str, int, float | None, dict[str, tuple[float, float]]]] = {
    "under5-mortality-sdg-3-2-1": ("annual", 1, None, {
        "XMC": (104, 76), "XOB": (88, 60), "XVM": (13, 10), "XSV": (8, 6), "XAR": (4.5, 3.2)}),
    "child-social-protection-sdg-1-3-1": ("ilo", 1, 100, {
        "XMC": (3, 9), "XOB": (20, 38), "XVM": (52, 58), "XSV": (64, 71), "XAR": (93, 97)}),
    "adolescent-birth-rate-sdg-3-7-2": ("annual", 1, None, {
        "XMC": (140, 118), "XOB": (115, 92), "XVM": (19, 15), "XSV": (12, 9),
        "XAR": (4, 2.8)}),
    "child-poverty-rate": ("annual", 1, 100, {
        "XMC": (64, 57), "XOB": (58, 50), "XSV": (20, 16), "XAR": (11, 9)}),
    "out-of-school-rate-sdg-4-1-4": ("annual", 1, 100, {
        "XMC": (45, 37), "XOB": (30, 22), "XVM": (4, 3.5), "XSV": (6, 4.5), "XAR": (1.5, 1)}),
    "lower-secondary-completion-sdg-4-1-2": ("survey", 1, 100, {
        "XMC": (31, 43), "XOB": (50, 63), "XVM": (86, 89), "XSV": (88, 91),
        "XAR": (97, 98.5)}),
    "violent-discipline-sdg-16-2-1": ("survey", 1, 100, {
        "XMC": (88, 83), "XOB": (81, 74), "XVM": (52, 44), "XSV": (40, 33), "XAR": (24, 17)}),
    "detected-child-trafficking-victims-sdg-16-2-2": ("biennial", 2, None, {
        "XMC": (0.2, 0.5), "XOB": (0.6, 1.3), "XVM": (0.7, 0.9), "XSV": (0.4, 0.6),
        "XAR": (0.6, 0.8)}),
    "unaccompanied-asylum-children": ("annual", 1, None, {
        "XMC": (1, 2), "XOB": (2.5, 5), "XVM": (30, 45), "XSV": (10, 14), "XAR": (40, 62)}),
    "child-marriage-sdg-5-3-1": ("survey", 1, 100, {
        "XMC": (46, 40), "XOB": (38, 31), "XVM": (3, 2), "XSV": (5, 3.5), "XAR": (0.8, 0.4)}),
    "child-labour-sdg-8-7-1": ("survey", 1, 100, {
        "XMC": (34, 30), "XOB": (28, 23), "XVM": (5, 4), "XSV": (7, 5.5), "XAR": (1.5, 1)}),
    "birth-registration-sdg-16-9-1": ("survey", 1, 100, {
        "XMC": (38, 52), "XOB": (62, 74), "XVM": (99.3, 99.6), "XSV": (98.5, 99.2),
        "XAR": (100, 100)}),
    "youth-neet-sdg-8-6-1": ("annual", 1, 100, {
        "XMC": (35, 31), "XOB": (29, 25), "XVM": (13, 12), "XSV": (11, 9.5),
        "XAR": (6.5, 5.5)}),
    "adolescents-using-internet": ("survey", 1, 100, {
        "XMC": (6, 28), "XOB": (20, 52), "XVM": (85, 97), "XSV": (80, 95), "XAR": (95, 99.5)}),
}

#: Indicators of the panel, in the order above.
INDICATORS: tuple[str, ...] = tuple(_SERIES)


def _years(schedule: str, code: str) -> tuple[int, ...]:
    if schedule == "survey":
        return _SURVEY_YEARS[code]
    if schedule == "annual":
        return tuple(y for y in range(FIRST_YEAR, LAST_YEAR) if y not in _ANNUAL_MISSING[code])
    return _SCHEDULES[schedule]


def _series(code: str, indicator: str, seed: int) -> list[PanelValue]:
    schedule, decimals, upper, levels = _SERIES[indicator]
    start, end = levels[code]
    rng = random.Random(seed * 1_000_003 + zlib.crc32(f"{code}:{indicator}".encode()))
    out = []
    for year in _years(schedule, code):
        trend = start + (end - start) * (year - FIRST_YEAR) / (LAST_YEAR - FIRST_YEAR)
        value = round(max(0.0, trend * (1 + rng.uniform(-0.03, 0.03))), decimals)
        if upper is not None:
            value = min(value, upper)
        source = _SOURCES[schedule].format(short=_SHORT[code], year=year)
        out.append(PanelValue(code, indicator, year, value, source, NOTE))
    return out


def _veldmark_poverty() -> list[PanelValue]:
    """Veldmark's child poverty series, exactly as its 2024 workspace records it."""
    return [PanelValue("XVM", v.indicator, v.year, v.value, v.source, NOTE)
            for v in values_for(LAST_YEAR)
            if v.indicator == "child-poverty-rate" and v.group is None and v.sector is None]


def panel_values(*, seed: int) -> list[PanelValue]:
    """Every panel value, by jurisdiction (Veldmark first), indicator and year."""
    out: list[PanelValue] = []
    for jurisdiction in PANEL_JURISDICTIONS:
        for indicator, (_, _, _, levels) in _SERIES.items():
            if jurisdiction.code in levels:
                out.extend(_series(jurisdiction.code, indicator, seed))
            elif jurisdiction.code == "XVM" and indicator == "child-poverty-rate":
                out.extend(_veldmark_poverty())
    return out
