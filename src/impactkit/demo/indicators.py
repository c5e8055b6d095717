"""Indicator values for Veldmark, year by year, on codes of the default catalogue.

Hand-written series rather than random ones: the story they tell must match the findings
(structural indicators switch to "yes" when the reforms pass, process indicators on child
labour inspection stay near zero, outcomes barely move). Each cycle holds the years before it.
"""

from __future__ import annotations

from impactkit.domain import IndicatorValue

_NSO = "National Statistics Office"
_NRM = "NRM Coordination Office, national victims database"

# indicator -> (source, note, {year: value})
_SERIES: dict[str, tuple[str, str, dict[int, float]]] = {
    "identified-child-victims": (
        _NRM, "Victims identified by the police only; NGO-supported children not counted.",
        {2014: 6, 2015: 8, 2016: 7, 2017: 11, 2018: 9, 2019: 10, 2020: 6, 2021: 8, 2022: 12,
         2023: 9}),
    "child-victims-assisted": (
        _NRM, "", {2014: 50, 2015: 50, 2016: 57.1, 2017: 63.6, 2018: 55.6, 2019: 60, 2020: 66.7,
                   2021: 75, 2022: 75, 2023: 77.8}),
    "prosecutions-child-trafficking": (
        "Office of the Prosecutor General", "",
        {2014: 3, 2015: 4, 2016: 2, 2017: 5, 2018: 4, 2019: 3, 2020: 2, 2021: 4, 2022: 6,
         2023: 3}),
    "child-labour-inspections": (
        "State Labour Inspectorate", "Inspections recording a check for child labour.",
        {2014: 4, 2015: 2, 2016: 3, 2017: 1, 2018: 0, 2019: 2, 2020: 0, 2021: 1, 2022: 0,
         2023: 0}),
    "guardian-within-72h": (
        "National Guardianship Authority", "",
        {2016: 9, 2017: 12, 2018: 14, 2019: 15, 2020: 13, 2021: 18, 2022: 31, 2023: 38}),
    "children-in-immigration-detention": (
        "Immigration and Naturalisation Service", "Children in families; no unaccompanied "
        "children held since 2020.",
        {2014: 61, 2015: 88, 2016: 74, 2017: 58, 2018: 55, 2019: 52, 2020: 38, 2021: 44,
         2022: 47, 2023: 51}),
    "missing-unaccompanied-children": (
        "Asylum Reception Agency", "",
        {2015: 21, 2016: 34, 2017: 29, 2018: 31, 2019: 27, 2020: 19, 2021: 33, 2022: 41,
         2023: 44}),
    "frontline-staff-trained": (
        "NRM Coordination Office", "Police, social services, labour inspectors, border staff.",
        {2016: 6, 2017: 8, 2018: 9, 2019: 11, 2020: 10, 2021: 14, 2022: 19, 2023: 22}),
    "child-protection-budget-share": (
        "Ministry of Finance, State Budget Office", "",
        {2014: 0.44, 2015: 0.43, 2016: 0.43, 2017: 0.42, 2018: 0.42, 2019: 0.41, 2020: 0.43,
         2021: 0.41, 2022: 0.40, 2023: 0.40}),
    "early-school-leaving": (
        _NSO, "", {2014: 12.4, 2015: 12.1, 2016: 11.8, 2017: 11.6, 2018: 11.2, 2019: 10.9,
                   2020: 11.3, 2021: 10.6, 2022: 10.2, 2023: 9.8}),
    "child-poverty-rate": (
        _NSO, "", {2014: 25.8, 2015: 25.1, 2016: 24.6, 2017: 24.0, 2018: 23.7, 2019: 23.1,
                   2020: 24.4, 2021: 23.9, 2022: 22.8, 2023: 22.5}),
    "hazardous-work-list": (
        "Official Gazette", "List adopted 2008, revised 2020.",
        {y: (1.0 if y >= 2020 else 0.0) for y in range(2014, 2024)}),
    "non-punishment-provision": (
        "Official Gazette", "", {y: (1.0 if y >= 2021 else 0.0) for y in range(2014, 2024)}),
    "guardianship-in-law": (
        "Official Gazette", "", {y: (1.0 if y >= 2022 else 0.0) for y in range(2014, 2024)}),
}

# indicator -> group -> {year: value}: the series broken down where the gap is by group
_BY_GROUP: dict[str, dict[str, dict[int, float]]] = {
    "early-school-leaving": {"ethnic-minority": {2016: 34.2, 2018: 32.8, 2021: 31.5, 2023: 30.9},
                             "rural": {2016: 16.0, 2018: 15.1, 2021: 14.4, 2023: 14.0}},
    "identified-child-victims": {"girls": {2018: 7, 2021: 6, 2022: 9, 2023: 7},
                                 "boys": {2018: 2, 2021: 2, 2022: 3, 2023: 2}},
    "child-poverty-rate": {"disability": {2018: 34.0, 2023: 33.1}},
}


def values_for(year: int) -> list[IndicatorValue]:
    """The values a cycle holds: the ten years before it for the 2024 cycle (the series was
    updated), the five years before it for the 2019 cycle."""
    first = year - 5 if year < 2024 else year - 10
    out: list[IndicatorValue] = []
    for code, (source, note, series) in _SERIES.items():
        for y, value in sorted(series.items()):
            if first <= y < year:
                out.append(IndicatorValue(key=f"{code}-{y}", indicator=code, year=y,
                                          value=float(value), source=source, note=note))
        for group, by_year in _BY_GROUP.get(code, {}).items():
            for y, value in sorted(by_year.items()):
                if first <= y < year:
                    out.append(IndicatorValue(key=f"{code}-{y}-{group}", indicator=code,
                                              year=y, value=float(value), group=group,
                                              source=source))
    return out
