"""Indicators beside the scores, in the national assessment.

For each area of analysis, its finding-based score comes first, then the structural,
process and outcome indicators about the area, each with its latest value and year, its
trend, its distance to a target and the rating a published rule gives it. The two are never
blended: a score says how far the State implements the provisions as assessors judged them
from evidence, an indicator what one statistical series measured. Every figure of a
reading carries the note of ``indicator:<code>``, which shows the series and the rules.
"""

from __future__ import annotations

from gettext import gettext as _

from impactkit.analysis.indicator_readings import IndicatorReading, beside
from impactkit.reports.common import Labels, coverage_text, fill, plain, score_ref
from impactkit.reports.inputs import WorkspaceInput
from impactkit.reports.model import Block, Cell, Column, Paragraph, Ref, Row, Section, Table

KINDS = {"structural": _("structural"), "process": _("process"), "outcome": _("outcome")}
TRENDS = {"better": _("better"), "worse": _("worse"), "no change": _("no change"),
          "changed": _("changed (neutral indicator)"),
          "one value": _("one value only"), "no data": _("no data")}


def _latest(key: str, reading: IndicatorReading) -> Cell:
    if reading.latest is None:
        return _("no value")
    return fill(_("{value} {unit} ({year})"),
                value=Ref(f"{reading.latest.value:g}", key, reading.target), unit=reading.unit,
                year=reading.latest.year)


def _distance(key: str, reading: IndicatorReading) -> Cell:
    if reading.target_value is None:
        return _("no target")
    if reading.distance is None:
        return _("no value to compare")
    met = _("met") if reading.target_met else _("not met")
    distance = Ref(f"{reading.distance:+g}", key, reading.target)
    if reading.target_year is not None:
        return fill(_("{distance} from {target} for {year} ({met})"), distance=distance,
                    target=f"{reading.target_value:g}", year=reading.target_year, met=met)
    return fill(_("{distance} from {target} ({met})"), distance=distance,
                target=f"{reading.target_value:g}", met=met)


def _rating(key: str, reading: IndicatorReading, labels: Labels) -> Cell:
    if not reading.rating_rule:
        return _("no rating rule")
    if reading.rating is None:
        return _("no band of the rule met")
    return fill(_("{rating} ({label})"), rating=Ref(str(reading.rating), key, reading.target),
                label=labels.scale.get(reading.rating, ""))


def _table(key: str, readings: tuple[IndicatorReading, ...], labels: Labels, caption: str,
           data_name: str) -> Table:
    rows = tuple(Row((r.title, KINDS.get(r.kind, r.kind), _latest(key, r),
                      TRENDS.get(r.trend, r.trend), _distance(key, r),
                      _rating(key, r, labels))) for r in readings)
    return Table(caption, (Column(_("Indicator"), wide=True), Column(_("Type")),
                           Column(_("Latest value (year)")), Column(_("Trend")),
                           Column(_("Distance to target")), Column(_("Rating"))), rows,
                 data_name=data_name)


def indicators(ws: WorkspaceInput, labels: Labels) -> Section:
    title = _("Indicators beside the scores")
    blocks: list[Block] = [plain(_(
        "Indicators are read beside the finding-based scores and never blended with them: a "
        "score says how far the State implements the provisions as assessors judged them "
        "from evidence, an indicator what one statistical series measured. Under each area "
        "of analysis, its score comes first, then the structural, process and outcome "
        "indicators about it; the trend compares the latest value with the earliest, and a "
        "rating is given only where a published rule sets bands. The note of each figure "
        "names the explanation that shows the series and its rules."))]
    readings = ws.readings
    if not readings:
        blocks.append(plain(_("No indicator value is recorded for this workspace's "
                              "jurisdiction.")))
        return Section("indicators", title, tuple(blocks))
    year = ws.data.workspace.year
    if year is not None:
        blocks.append(plain(_("Values are read up to {year}, the year of this assessment: "
                              "what was known then, not figures published since.").format(
                                  year=year)))
    scores = {s.code: s for s in ws.report.scores["area"]}
    subsections = []
    for area in ws.catalogue.areas:
        score = scores.get(area.code)
        body: list[Block] = []
        if score is not None:
            body.append(Paragraph(fill(
                _("Score of the area, from the findings: {score} (coverage {coverage})."),
                score=score_ref(ws.key, score), coverage=coverage_text(score.coverage))))
        grouped = beside(readings, area=area.code)
        found = tuple(r for kind in KINDS for r in grouped.get(kind, ()))
        if found:
            body.append(_table(ws.key, found, labels, _("Indicators of {area}").format(
                area=area.title), f"indicators-{area.code}"))
        else:
            body.append(plain(_("No indicator with a value concerns this area.")))
        subsections.append(Section(f"indicators-{area.code}", area.title, tuple(body)))
    return Section("indicators", title, tuple(blocks), tuple(subsections))
