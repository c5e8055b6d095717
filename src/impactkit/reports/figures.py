"""The charts of the reports, as data with their numbers in a table beside them.

Each function returns a :class:`~impactkit.reports.model.Figure`: what to draw (a
:class:`~impactkit.reports.model.Chart`), its alternative text, and a table holding every
number the chart shows, each with its explanation. Drawing is the renderers' business.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from gettext import gettext as _

from impactkit.analysis.gaps import ImplementationGap
from impactkit.analysis.hypothesis import Quadrants
from impactkit.analysis.matrix import ScoreMatrix
from impactkit.analysis.report import AnalysisReport
from impactkit.analysis.vulnerability import VulnerabilityIndex
from impactkit.reports.common import Labels, coverage_text, number_text, score_ref, score_text
from impactkit.reports.inputs import VulnerabilityPoint
from impactkit.reports.model import Chart, Column, Figure, Ref, Row, Table


def heatmap(workspace: str, matrix: ScoreMatrix, labels: Labels) -> Figure:
    """Cluster x area scores: rows are the reporting clusters, columns the five areas."""
    rows_titles = tuple(labels.of("clusters", c) for c in matrix.clusters)
    area_titles = tuple(labels.of("areas", a) for a in matrix.areas)
    values = tuple(tuple(cell.score for cell in row) for row in matrix.cells)
    table_rows = tuple(
        Row((title, *(score_ref(workspace, cell) for cell in row)))
        for title, row in zip(rows_titles, matrix.cells, strict=True))
    scored = sum(1 for row in values for v in row if v is not None)
    alt = _("Heatmap of scores from 0 to 100 for {clusters} reporting clusters (rows) and "
            "{areas} areas of analysis (columns); {scored} of {cells} cells have a score. "
            "The table that follows gives every value.").format(
        clusters=len(rows_titles), areas=len(area_titles), scored=scored,
        cells=len(rows_titles) * len(area_titles))
    return Figure(
        Chart("heatmap", _("Scores by reporting cluster and area"), rows_titles, values,
              columns=area_titles),
        _("Scores by reporting cluster and area of analysis (0-100; a blank cell has no "
          "rated finding)."), alt,
        Table(_("Scores by reporting cluster and area"),
              (Column(_("Cluster")), *(Column(t, numeric=True) for t in area_titles)),
              table_rows, data_name="cluster-area-scores"))


def gap_chart(workspace: str, gaps: Sequence[ImplementationGap], labels: Labels) -> Figure:
    """Law-and-policy against practice scores per cluster, with the gap between them."""
    ordered = sorted(gaps, key=lambda g: labels.catalogue.codes("clusters").index(g.code)
                     if g.code in labels.catalogue.codes("clusters") else 0)
    titles = tuple(labels.of("clusters", g.code) for g in ordered)
    values = tuple((g.law_policy.score, g.practice.score) for g in ordered)
    rows = tuple(Row((title, score_text(g.law_policy.score), score_text(g.practice.score),
                      Ref(number_text(g.gap), workspace, g.target),
                      _("yes") if g.significant else _("no")))
                 for title, g in zip(titles, ordered, strict=True))
    alt = _("Bar chart comparing the law-and-policy score with the practice score for "
            "{n} reporting clusters; the table that follows gives every value and the gap "
            "between them.").format(n=len(titles))
    return Figure(
        Chart("grouped-bars", _("Law and policy against practice"), titles, values,
              series=(labels.of("layers", "law-policy"), labels.of("layers", "practice"))),
        _("Implementation gaps: law-and-policy and practice scores per reporting cluster."),
        alt,
        Table(_("Implementation gaps by cluster"),
              (Column(_("Cluster")), Column(_("Law and policy"), numeric=True),
               Column(_("Practice"), numeric=True), Column(_("Gap (points)"), numeric=True),
               Column(_("Above the gap threshold"))), rows, data_name="cluster-gaps",
              empty=_("No cluster has a score on both layers, so no gap can be measured.")))


def coverage_chart(workspace: str, report: AnalysisReport, labels: Labels) -> Figure:
    """How much of each area's slice of the grid was assessed."""
    scores = report.scores["area"]
    titles = tuple(labels.of("areas", s.code) for s in scores)
    values = tuple(((s.coverage or 0.0) * 100,) for s in scores)
    rows = tuple(Row((title, Ref(coverage_text(s.coverage), workspace, s.target)
                      if s.target else coverage_text(s.coverage),
                      f"{s.covered_cells:,}", f"{s.total_cells:,}"))
                 for title, s in zip(titles, scores, strict=True))
    alt = _("Bar chart of the share of each area's cells that has a rated finding, for "
            "{n} areas; the table that follows gives every value.").format(n=len(titles))
    return Figure(
        Chart("bars", _("Coverage by area"), titles, values, axis=_("Coverage (%)")),
        _("Coverage: the share of each area's cells (provision x sector x layer) that a "
          "rated finding reaches."), alt,
        Table(_("Coverage by area"), (Column(_("Area")), Column(_("Coverage"), numeric=True),
                                      Column(_("Cells covered"), numeric=True),
                                      Column(_("Cells in scope"), numeric=True)), rows,
              data_name="area-coverage"))


def comparison_chart(titles: Sequence[str], area_titles: Sequence[str],
                     values: Sequence[Sequence[float | None]], table: Table) -> Figure:
    """Area scores side by side, one series per workspace."""
    alt = _("Bar chart of the scores of {areas} areas of analysis in {n} workspaces side by "
            "side; the table that follows gives every value with its coverage.").format(
        areas=len(area_titles), n=len(titles))
    return Figure(
        Chart("grouped-bars", _("Area scores compared"), tuple(area_titles),
              tuple(tuple(v[i] for v in values) for i in range(len(area_titles))),
              series=tuple(titles)),
        _("Area scores in each workspace (0-100)."), alt, table)


NOT_ENOUGH_DATA = _("not enough data")
"""What a vulnerability value reads when too few indicators (or dimensions) have data: never
0, which would read as "not vulnerable"."""


def vulnerability_value(workspace: str, value: float | None, target: str) -> Ref:
    """A vulnerability value (or "not enough data") with the explanation that gives it or
    says why there is none."""
    text = NOT_ENOUGH_DATA if value is None else number_text(value)
    return Ref(text, workspace, target)


def vulnerability_chart(workspace: str, index: VulnerabilityIndex, labels: Labels) -> Figure:
    """The index by dimension of needs and rights (100 = most vulnerable)."""
    titles = tuple(labels.of("needs_dimensions", d.code) for d in index.dimensions)
    rows = tuple(Row((title, vulnerability_value(workspace, d.value, f"vulnerability:{d.code}"),
                      _("{n} of {total}").format(n=d.with_data, total=d.total)))
                 for title, d in zip(titles, index.dimensions, strict=True))
    alt = _("Bar chart of the structural vulnerability of {n} dimensions of needs and rights, "
            "from 0 to 100 where 100 is the most vulnerable; a dimension without enough data "
            "has no bar. The table that follows gives every value.").format(n=len(titles))
    return Figure(
        Chart("bars", _("Structural vulnerability by dimension"), titles,
              tuple((d.value,) for d in index.dimensions),
              axis=_("Vulnerability (0-100, 100 = most vulnerable)")),
        _("Structural vulnerability by dimension of needs and rights, {year} (0-100; a "
          "dash: not enough data).").format(year=index.reference_year), alt,
        Table(_("Structural vulnerability by dimension"),
              (Column(_("Dimension")), Column(_("Vulnerability (0-100)"), numeric=True),
               Column(_("Indicators with data"), numeric=True)), rows,
              data_name="vulnerability-dimensions"))


QUADRANTS = {
    "low-high": _("lower implementation, higher vulnerability"),
    "high-high": _("higher implementation, higher vulnerability"),
    "low-low": _("lower implementation, lower vulnerability"),
    "high-low": _("higher implementation, lower vulnerability"),
    "on-median": _("on a median"),
}
"""The quadrants around the medians (implementation first), in the order of the chart's
corners: upper left, upper right, lower left, lower right."""


def beside_median(value: float, median: float) -> str:
    """A value as printed, with a second decimal when one would make it read as the median
    it is not (50.78 and 50.80 either side of 50.79 must not both read 50.8)."""
    text = number_text(value)
    if value != median and text == number_text(median):
        return f"{round(value, 2) + 0.0:.2f}"
    return text


def _median(values: Sequence[float | None], median: float) -> str:
    """The median with as many decimals as the values printed beside it needed."""
    if any(v is not None and beside_median(v, median) != number_text(v) for v in values):
        return f"{round(median, 2) + 0.0:.2f}"
    return number_text(median)


def quadrant_chart(points: Sequence[VulnerabilityPoint], titles: Mapping[str, str],
                   quadrants: Quadrants) -> Figure:
    """Each workspace's overall implementation score against its structural vulnerability,
    with the medians that make the quadrants. ``titles`` names each workspace by key; the
    chart numbers the points in the order of the table."""
    rows = []
    for number, p in enumerate(points, start=1):
        vulnerability = p.vulnerability.value
        rows.append(Row((
            _("{number}. {workspace}").format(number=number,
                                              workspace=titles.get(p.workspace, p.label)),
            beside_median(p.implementation, quadrants.x_median),
            Ref(beside_median(vulnerability, quadrants.y_median), p.workspace, "vulnerability")
            if vulnerability is not None else NOT_ENOUGH_DATA,
            QUADRANTS[quadrants.of(p.label)])))
    alt = _("Scatter chart of {n} workspaces: the overall implementation score (0-100, "
            "higher is better) across, the structural vulnerability (0-100, higher is more "
            "vulnerable) up; dashed lines at the medians ({x} and {y}) make four quadrants. "
            "The table that follows gives every value.").format(
        n=len(points), x=number_text(quadrants.x_median), y=number_text(quadrants.y_median))
    return Figure(
        Chart("scatter", _("Implementation against structural vulnerability"),
              tuple(_("{number}. {label}").format(number=n, label=p.label)
                    for n, p in enumerate(points, start=1)),
              tuple((p.implementation, p.vulnerability.value) for p in points),
              columns=tuple(QUADRANTS[q].capitalize()
                            for q in ("low-high", "high-high", "low-low", "high-low")),
              axis=_("Overall implementation score (0-100)"),
              y_axis=_("Structural vulnerability (0-100)"),
              guides=(quadrants.x_median, quadrants.y_median)),
        _("Implementation against structural vulnerability: each workspace, with the medians "
          "dashed; the medians are {x} for implementation and {y} for vulnerability.").format(
            x=_median([p.implementation for p in points], quadrants.x_median),
            y=_median([p.vulnerability.value for p in points], quadrants.y_median)), alt,
        Table(_("Implementation against structural vulnerability"),
              (Column(_("Workspace")), Column(_("Implementation (0-100)"), numeric=True),
               Column(_("Vulnerability (0-100)"), numeric=True), Column(_("Quadrant"))),
              tuple(rows), data_name="implementation-vulnerability"))
