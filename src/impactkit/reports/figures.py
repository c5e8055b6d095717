"""The charts of the reports, as data with their numbers in a table beside them.

Each function returns a :class:`~impactkit.reports.model.Figure`: what to draw (a
:class:`~impactkit.reports.model.Chart`), its alternative text, and a table holding every
number the chart shows, each with its explanation. Drawing is the renderers' business.
"""

from __future__ import annotations

from collections.abc import Sequence
from gettext import gettext as _

from impactkit.analysis.gaps import ImplementationGap
from impactkit.analysis.matrix import ScoreMatrix
from impactkit.analysis.report import AnalysisReport
from impactkit.reports.common import Labels, coverage_text, number_text, score_ref, score_text
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
