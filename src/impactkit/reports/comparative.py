"""The comparative report over two or more workspaces: countries, or cycles of one country.

Scores stand side by side with their coverage. A difference is printed only beside the
coverage it rests on, and flagged when either side's coverage is low (below
:data:`LOW_COVERAGE`): a change measured on a small share of the grid is a change in what
was assessed as much as in the system. Then what the workspaces share and what is
particular to one: significant law-practice gaps, excluded groups, provisions in no actor's
mandate, functions nobody holds. Then structural vulnerability (each workspace's index and
IMPACT's hypothesis: implementation against vulnerability) and the key determinants common
to several workspaces or particular to one (see :mod:`impactkit.reports.vulnerability_sections`
and :mod:`impactkit.reports.determinant_sections`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from gettext import gettext as _

from impactkit.analysis.results import Score
from impactkit.errors import UsageError
from impactkit.reports import determinant_sections, figures, vulnerability_sections
from impactkit.reports.common import Labels, coverage_text, plain, score_text
from impactkit.reports.inputs import ComparisonInput, ReportOptions, WorkspaceInput
from impactkit.reports.model import (
    Block,
    Cell,
    Column,
    Document,
    ItemList,
    Ref,
    Row,
    Section,
    Table,
    runs,
)
from impactkit.reports.national import exclusion_reading, provenance

LOW_COVERAGE = 0.5
"""Below this share of its cells assessed, a slice's score is flagged when compared."""


def build(inputs: list[WorkspaceInput], options: ReportOptions,
          comparison: ComparisonInput | None = None) -> Document:
    """The comparative report. Without ``comparison`` (the hypothesis test and the
    determinants over all the workspaces) the sections of structural vulnerability and of
    key determinants stay placeholders, which renderers leave out."""
    keys = {ws.catalogue.key for ws in inputs}
    if len(keys) > 1:
        raise UsageError(_("the workspaces use different catalogues ({keys}); scores on "
                           "different frameworks cannot be compared").format(
            keys=", ".join(sorted(keys))))
    labels = Labels(inputs[0].catalogue)
    sections = [
        overview(inputs),
        scores(inputs, labels, "area", _("Scores by area of analysis"), chart=True),
        scores(inputs, labels, "cluster", _("Scores by reporting cluster")),
        scores(inputs, labels, "layer", _("Scores by layer")),
        shared(inputs, labels),
    ]
    if comparison is None:
        sections += [Section("vulnerability", _("Structural vulnerability"), placeholder=True),
                     Section("determinants", _("Key determinants of risk and protection"),
                             placeholder=True)]
    else:
        sections += [vulnerability_sections.comparative(inputs, comparison, labels),
                     determinant_sections.comparative(comparison, labels)]
    titles = ", ".join(ws.title for ws in inputs)
    return Document(
        kind="comparative", title=_("Comparative analysis"),
        subtitle=_("{n} workspaces: {titles}").format(n=len(inputs), titles=titles),
        language=options.language, provenance=provenance(inputs, options),
        sections=tuple(sections))


def overview(inputs: list[WorkspaceInput]) -> Section:
    rows = tuple(Row((ws.title, ws.data.workspace.jurisdiction.name, ws.data.workspace.cycle,
                      str(ws.report.summary.findings), str(ws.report.summary.rated),
                      coverage_text(ws.report.summary.coverage))) for ws in inputs)
    return Section("overview", _("The workspaces compared"), (
        plain(_("Differences are given against the first workspace ({first}), as the "
                "printed scores differ. A score resting on less than {low:.0f}% of its cells is "
                "flagged as low coverage, and so is any difference involving one. The cells "
                "assessed are not the same in every workspace, and no statistical test is "
                "made: a difference describes the findings, it does not measure a change in "
                "the system.").format(first=inputs[0].title, low=LOW_COVERAGE * 100)),
        Table(_("Workspaces"), (Column(_("Workspace")), Column(_("Jurisdiction")),
                                Column(_("Cycle")), Column(_("Findings"), numeric=True),
                                Column(_("Rated"), numeric=True),
                                Column(_("Coverage"), numeric=True)), rows)))


def _value(ws: WorkspaceInput, score: Score | None) -> Cell:
    if score is None:
        return _("not in this workspace")
    text = _("{score} ({coverage})").format(score=score_text(score.score),
                                            coverage=coverage_text(score.coverage))
    if score.coverage is not None and score.coverage < LOW_COVERAGE and score.score is not None:
        text = _("{value}, low coverage").format(value=text)
    return Ref(text, ws.key, score.target) if score.target else text


def _score_of(score: Score | None) -> float | None:
    return None if score is None else score.score


def _difference(first: Score | None, other: Score | None) -> str:
    if first is None or other is None or first.score is None or other.score is None:
        return "-"
    delta = round(other.score, 1) - round(first.score, 1)  # as the scores are printed
    low = any(s.coverage is not None and s.coverage < LOW_COVERAGE for s in (first, other))
    if low:
        return _("{delta:+.1f} (low coverage: not a measured change)").format(
            delta=delta + 0.0)
    return f"{delta + 0.0:+.1f}"


def scores(inputs: list[WorkspaceInput], labels: Labels, kind: str, title: str,
           chart: bool = False) -> Section:
    tables = [{s.code: s for s in ws.report.scores[kind]} for ws in inputs]
    codes: list[str] = []
    for by_code in tables:
        codes.extend(c for c in by_code if c not in codes)
    columns = [Column(_("Slice"))]
    for i, ws in enumerate(inputs):
        columns.append(Column(_("{workspace}: score (coverage)").format(workspace=ws.title),
                              numeric=True))
        if i:
            columns.append(Column(_("Difference from {first}").format(first=inputs[0].title),
                                  numeric=True))
    rows = []
    for code in codes:
        cells: list[Cell] = [labels.kind_of_slice(kind, code)]
        for i, (ws, scored) in enumerate(zip(inputs, tables, strict=True)):
            cells.append(_value(ws, scored.get(code)))
            if i:
                cells.append(_difference(tables[0].get(code), scored.get(code)))
        rows.append(Row(tuple(cells)))
    table = Table(title, tuple(columns), tuple(rows), data_name=f"compared-{kind}")
    blocks: list[Block] = []
    if chart:
        values = [[_score_of(t.get(c)) for c in codes] for t in tables]
        blocks.append(figures.comparison_chart([ws.title for ws in inputs],
                                               [labels.kind_of_slice(kind, c) for c in codes],
                                               values, table))
    else:
        blocks.append(table)
    return Section(f"scores-{kind}", title, tuple(blocks))


def _split(inputs: list[WorkspaceInput], items: Callable[[WorkspaceInput], Iterable[str]]
           ) -> tuple[list[tuple[str, list[str]]], list[tuple[str, str]]]:
    """Codes found in two or more workspaces (with which), and codes particular to one."""
    where: dict[str, list[str]] = {}
    for ws in inputs:
        for code in dict.fromkeys(items(ws)):
            where.setdefault(code, []).append(ws.title)
    common = [(c, w) for c, w in where.items() if len(w) > 1]
    particular = [(c, w[0]) for c, w in where.items() if len(w) == 1]
    return common, particular


def shared(inputs: list[WorkspaceInput], labels: Labels) -> Section:
    subsections = []
    topics: list[tuple[str, str, Callable[[WorkspaceInput], Iterable[str]],
                       Callable[[str], str]]] = [
        ("gaps", _("Law-practice gaps of 25 points or more"),
         lambda ws: (g.code for g in ws.report.provision_gaps if g.significant),
         labels.provision),
        ("excluded", _("Excluded groups of children"),
         lambda ws: (e.group for e in ws.report.exclusions
                     if exclusion_reading(e) == "excluded"),
         lambda c: labels.of("child_groups", c)),
        ("unmandated", _("Provisions in no actor's mandate"),
         lambda ws: (u.provision for u in ws.report.uncovered_provisions), labels.provision),
        ("functions", _("Functions of the protection chain nobody holds"),
         lambda ws: (f"{g.form}|{g.function}" for g in ws.report.function_gaps),
         lambda c: _("{function} for {form}").format(
             function=labels.of("mandate_functions", c.split("|")[1]),
             form=labels.of("forms", c.split("|")[0]))),
    ]
    for key, title, items, name in topics:
        common, particular = _split(inputs, items)
        blocks: list[Block] = []
        if common:
            blocks.append(plain(_("Common to several workspaces:")))
            blocks.append(ItemList(tuple(runs(_("{item} ({workspaces})").format(
                item=name(c), workspaces=", ".join(w))) for c, w in common)))
        if particular:
            blocks.append(plain(_("Particular to one workspace:")))
            blocks.append(ItemList(tuple(runs(_("{item} ({workspace})").format(
                item=name(c), workspace=w)) for c, w in particular)))
        if not blocks:
            blocks.append(plain(_("None in any of the workspaces.")))
        subsections.append(Section(f"shared-{key}", title, tuple(blocks)))
    return Section("shared", _("What the workspaces share and what is particular"),
                   (plain(_("Each list names the workspaces concerned.")),), tuple(subsections))
