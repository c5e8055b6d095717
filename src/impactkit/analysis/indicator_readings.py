"""What an indicator says in a workspace: its latest value, its trend, its distance to a
target and, where the catalogue publishes a rule, the rating that value earns.

Readings stand **beside** the finding-based scores, never inside them: a score says how far
the State implements a provision as assessors judged it from evidence; an indicator says what
one series measured. Blending them would hide which is which. ``impact explain
indicator:<code>`` shows a reading with its rule.

Rules, in plain words (``docs/vulnerability.md`` repeats them):

* the **latest** value is the one of the most recent year;
* the **trend** compares the latest value with the earliest one: better or worse as the
  indicator's direction says, "no change" when equal; a neutral indicator (more identified
  victims can mean better identification) has a change but no verdict;
* the **distance to target** is the latest value minus the target's value, and the target is
  met when the direction says the latest is at least as good;
* a **rating rule** gives the first band, in the order written, that the latest value meets.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal

from impactkit.analysis.results import Result, Tags, tags_of
from impactkit.analysis.vulnerability import Observation
from impactkit.catalogue.indicator_model import Indicator, IndicatorRating

RULE = ("latest value: the most recent year; trend: the latest value against the earliest, "
        "better or worse as the indicator's direction says (a neutral indicator has none); "
        "distance to target: the latest value minus the target; rating: the first band of "
        "the catalogue's rule that the latest value meets")

Trend = Literal["better", "worse", "no change", "changed", "one value", "no data"]


@dataclass(frozen=True, slots=True)
class IndicatorReading(Result):
    """One indicator of a workspace, read (see the module doc for each rule)."""

    type: ClassVar[str] = "indicator-reading"
    code: str
    kind: str  # structural, process, outcome
    unit: str
    direction: str
    target: str
    latest: Observation | None
    earliest: Observation | None
    years: int
    change: float | None
    per_year: float | None
    trend: Trend
    target_value: float | None
    target_year: int | None
    distance: float | None
    target_met: bool | None
    rating: int | None
    rating_rule: str
    observations: tuple[Observation, ...]
    title: str
    message: str
    tags: Tags
    rule: str


def _trend(indicator: Indicator, change: float | None, years: int) -> Trend:
    if years == 0:
        return "no data"
    if years == 1 or change is None:
        return "one value"
    if abs(change) < 1e-9:
        return "no change"
    if indicator.direction == "neutral":
        return "changed"
    better = change > 0 if indicator.direction == "higher-is-better" else change < 0
    return "better" if better else "worse"


def rating_for(value: float, rule: IndicatorRating) -> int | None:
    """The rating of the first band the value meets, None when no band does."""
    for band in rule.thresholds:
        if band.at_least is not None and value >= band.at_least:
            return band.rating
        if band.at_most is not None and value <= band.at_most:
            return band.rating
    return None


def describe_rule(rule: IndicatorRating, unit: str) -> str:
    """The bands in words: "at least 99 percent: 4; at least 95 percent: 3; ..."."""
    bands = "; ".join(
        (f"at least {b.at_least:g} {unit}: {b.rating}" if b.at_least is not None
         else f"at most {b.at_most:g} {unit}: {b.rating}") for b in rule.thresholds)
    source = f" ({rule.source})" if rule.source else ""
    return f"the first band the latest value meets gives the rating: {bands}{source}"


def read_indicator(indicator: Indicator, observations: Iterable[Observation]
                   ) -> IndicatorReading:
    """Read one indicator's series (several observations of one year: the first given wins,
    so the caller orders them by preference)."""
    by_year: dict[int, Observation] = {}
    for observation in observations:
        by_year.setdefault(observation.year, observation)
    series = tuple(by_year[y] for y in sorted(by_year))
    latest = series[-1] if series else None
    earliest = series[0] if series else None
    change = per_year = None
    if latest is not None and earliest is not None and latest.year != earliest.year:
        change = latest.value - earliest.value
        per_year = change / (latest.year - earliest.year)
    trend = _trend(indicator, change, len(series))
    target = indicator.target
    distance = met = None
    if target is not None and latest is not None:
        distance = latest.value - target.value
        met = (distance >= 0 if indicator.direction == "higher-is-better"
               else distance <= 0 if indicator.direction == "lower-is-better"
               else abs(distance) < 1e-9)
    rating = (rating_for(latest.value, indicator.rating)
              if indicator.rating is not None and latest is not None else None)
    rule_text = describe_rule(indicator.rating, indicator.unit) if indicator.rating else ""
    if latest is None:
        message = f"{indicator.title}: no value recorded."
    else:
        message = (f"{indicator.title}: {latest.value:g} {indicator.unit} in {latest.year} "
                   f"({trend}).")
    return IndicatorReading(
        code=indicator.code, kind=indicator.type, unit=indicator.unit,
        direction=indicator.direction, target=f"indicator:{indicator.code}", latest=latest,
        earliest=earliest, years=len(series), change=change, per_year=per_year, trend=trend,
        target_value=target.value if target else None,
        target_year=target.year if target else None, distance=distance, target_met=met,
        rating=rating, rating_rule=rule_text, observations=series, title=indicator.title,
        message=message,
        tags=tags_of(("indicator", indicator.code), ("provision", indicator.provisions),
                     ("area", indicator.areas), ("sector", indicator.sectors)),
        rule=RULE)


def read_indicators(indicators: Sequence[Indicator],
                    series: Mapping[str, Sequence[Observation]], *,
                    with_data_only: bool = True) -> tuple[IndicatorReading, ...]:
    """Readings of the indicators (catalogue order), those without data left out unless
    asked for."""
    readings = (read_indicator(i, series.get(i.code, ())) for i in indicators)
    return tuple(r for r in readings if r.years or not with_data_only)


def beside(readings: Sequence[IndicatorReading], *, provision: str | None = None,
           area: str | None = None) -> dict[str, tuple[IndicatorReading, ...]]:
    """The readings about a provision or an area, by type (structural, process, outcome):
    what a page or a report shows next to that provision's or area's score."""
    wanted = ("provision", provision) if provision is not None else ("area", area)
    out: dict[str, tuple[IndicatorReading, ...]] = {}
    for kind in ("structural", "process", "outcome"):
        found = tuple(r for r in readings if r.kind == kind and wanted in r.tags)
        if found:
            out[kind] = found
    return out
