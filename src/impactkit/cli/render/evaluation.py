"""The tagger's evaluation as a Rich table: precision, recall and F1 of each mode side by side."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from impactkit.recommendations.tagging import EvaluationReport, Mode


def render_evaluation(console: Console, reports: list[EvaluationReport], *,
                      location: str) -> None:
    """One row per tag, precision / recall / F1 of each mode side by side."""
    first = reports[0]
    notes = [f"{first.count} recommendations"]
    learned = next((r for r in reports if r.mode == Mode.LEARNED), None)
    if learned:
        notes.append(f"learned: {learned.folds}-fold cross-validation")
    embedder = next((r.embedder for r in reports if r.embedder), "")
    notes.append(f"embeddings: {embedder}" if embedder else "no embeddings")
    table = Table(title=f"Tagger evaluation: {location}", caption="; ".join(notes),
                  title_justify="left", caption_justify="left")
    table.add_column("tag")
    table.add_column("support", justify="right")
    for report in reports:
        for measure in ("P", "R", "F1"):
            table.add_column(f"{report.mode}\n{measure}", justify="right")
    for tag, scores in first.tags.items():
        cells = [tag, str(scores.support)]
        for report in reports:
            s = report.tags[tag]
            cells += [f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}"]
        table.add_row(*cells)
    table.add_section()
    table.add_row("macro-F1", "", *[cell for r in reports
                                    for cell in ("", "", f"{r.macro_f1:.3f}")])
    table.add_row("recs/s", "", *[cell for r in reports
                                  for cell in ("", "", f"{r.per_second:,.0f}")])
    console.print(table)
