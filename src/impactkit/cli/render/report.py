"""The analysis of one workspace as a Rich summary: what a user reads first."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from impactkit.analysis import AnalysisReport
from impactkit.cli.render.numbers import coverage_text, label, score_cells, score_text

TOP = 10


def render_report(console: Console, report: AnalysisReport, *, top: int = TOP) -> None:
    s = report.summary
    console.rule(f"[bold]Analysis of {report.workspace_key}[/]")
    filtered = (f", statuses {', '.join(report.statuses)} only" if report.statuses else "")
    console.print(
        f"{s.findings} findings ({s.rated} rated, {s.not_assessed} not assessed, "
        f"{s.not_applicable} not applicable{filtered}); overall coverage "
        f"{coverage_text(s.coverage)} of {s.cells_in_universe} cells "
        f"(provision x area x layer). Catalogue {report.catalogue_key} "
        f"{report.catalogue_version}, scores 0-100.", highlight=False)
    _scores(console, report, "area", "Scores by area of analysis")
    _scores(console, report, "layer", "Scores by layer")
    _scores(console, report, "cluster", "Scores by CRC reporting cluster")
    _gaps(console, report, top)
    _exclusion(console, report, top)
    _mandates(console, report, top)
    _tensions(console, report, top)
    if report.notices:
        console.print(f"\n{len(report.notices)} notice(s): data left aside, see --json "
                      "'notices'.", highlight=False)


def _scores(console: Console, report: AnalysisReport, kind: str, title: str) -> None:
    table = Table("", "score", "", "coverage (cells)", "findings", title=title,
                  title_justify="left")
    for score in report.scores[kind]:
        table.add_row(label(score.title), *score_cells(score))
    console.print(table)


def _gaps(console: Console, report: AnalysisReport, top: int) -> None:
    table = Table("provision", "law-policy", "practice", "gap", title="Largest law-practice "
                  "gaps (law-policy score minus practice score)", title_justify="left")
    for gap in report.provision_gaps[:top]:
        marker = " !" if gap.significant else ""
        table.add_row(label(gap.title), score_text(gap.law_policy.score),
                      score_text(gap.practice.score), f"{gap.gap:+.1f}{marker}")
    console.print(table)
    significant = sum(1 for g in report.provision_gaps if g.significant)
    console.print(f"{significant} of {len(report.provision_gaps)} measurable provision gaps are "
                  f"significant (>= {report.scoring['gap_threshold']:g}, marked !); "
                  f"{len(report.unmeasurable_gaps)} provisions or clusters have one layer "
                  "only.", highlight=False)


def _exclusion(console: Console, report: AnalysisReport, top: int) -> None:
    excluded = [e for e in report.exclusions if e.excluded]
    table = Table("child group", "inclusion", "coverage", "exclusion criteria recorded",
                  title=f"Excluded child groups ({len(excluded)})", title_justify="left")
    for item in excluded[:top]:
        criteria = ", ".join(f"{c.criterion} x{c.count}" for c in item.criteria) or "-"
        table.add_row(label(item.title), score_text(item.inclusion.score),
                      coverage_text(item.inclusion.coverage), criteria)
    console.print(table)


def _mandates(console: Console, report: AnalysisReport, top: int) -> None:
    console.print("\n[bold]Mandates[/]")
    uncovered = [u.provision for u in report.uncovered_provisions]
    forms = [u.form for u in report.uncovered_forms]
    console.print(f"Provisions with no responsible actor ({len(uncovered)}): "
                  f"{_listing(uncovered, top)}", highlight=False)
    console.print(f"Forms of exploitation with no responsible actor ({len(forms)}): "
                  f"{_listing(forms, top)}", highlight=False)
    console.print(f"Held by several sectors without coordination ({len(report.uncoordinated)})"
                  ":", highlight=False)
    for item in report.uncoordinated[:top]:
        pairs = "; ".join(f"{a} / {b}" for a, b in item.missing_pairs)
        console.print(f"  {item.code}: no coordinating link between {pairs}", highlight=False)
    for conflict in report.conflicts:
        console.print(conflict.message, highlight=False)
    holes = [f"{g.function} of {g.form}" for g in report.function_gaps]
    console.print(f"Functions nobody is mandated for ({len(holes)}): {_listing(holes, top)}"
                  " (details: impact map gaps)", highlight=False)
    specialised = [g.function for g in report.specialised_gaps]
    console.print(f"Specialised functions nobody holds ({len(specialised)}): "
                  f"{_listing(specialised, top)}", highlight=False)


def _tensions(console: Console, report: AnalysisReport, top: int) -> None:
    table = Table("sectors in tension", "score", "findings", title="Coherence: sectors "
                  "pulling in different directions", title_justify="left")
    for tension in report.tensions[:top]:
        table.add_row(" / ".join(tension.sectors), score_text(tension.score.score),
                      str(tension.count))
    console.print(table)


def _listing(codes: list[str], top: int) -> str:
    if not codes:
        return "none"
    more = f" ... and {len(codes) - top} more" if len(codes) > top else ""
    return ", ".join(codes[:top]) + more
