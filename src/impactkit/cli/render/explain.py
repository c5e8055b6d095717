"""An explanation as a person reads it: the rule, the arithmetic, the findings behind it."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from impactkit.analysis import Explanation
from impactkit.cli.render.numbers import coverage_text, score_text

MAX_CELLS = 12


def render_explanation(console: Console, explanation: Explanation, *, depth: int = 0) -> None:
    heading = "bold" if depth == 0 else "bold cyan"
    console.print(f"[{heading}]{explanation.title}[/] ({explanation.target}): "
                  f"{score_text(explanation.value)}", highlight=False)
    console.print(explanation.message, highlight=False, markup=False)
    if depth == 0:
        console.print(f"Rule: {explanation.rule}", highlight=False, markup=False)
    if explanation.score is not None:
        score = explanation.score
        console.print(f"Coverage: {coverage_text(score.coverage)} ({score.covered_cells} of "
                      f"{score.total_cells} cells assessed)", highlight=False)
    if explanation.arithmetic:
        console.print(f"Arithmetic: {explanation.arithmetic}", highlight=False, markup=False)
    if explanation.findings:
        console.print(_findings_table(explanation))
    if explanation.not_assessed:
        console.print(f"Not assessed (left out): {', '.join(explanation.not_assessed)}",
                      highlight=False)
    if explanation.not_applicable:
        console.print(f"Not applicable (left out): {', '.join(explanation.not_applicable)}",
                      highlight=False)
    if explanation.cells is not None and explanation.cells.uncovered:
        missing = [f"{c.provision}/{c.area}/{c.layer}"
                   for c in explanation.cells.uncovered[:MAX_CELLS]]
        more = len(explanation.cells.uncovered) - len(missing)
        console.print("Cells not assessed yet: " + ", ".join(missing)
                      + (f" ... and {more} more" if more > 0 else ""), highlight=False)
    for component in explanation.components:
        console.print()
        render_explanation(console, component, depth=depth + 1)


def _findings_table(explanation: Explanation) -> Table:
    """The findings behind a number. Area and layer columns appear only where they vary,
    so that finding keys (what a user looks up next) are never cut."""
    findings = explanation.findings
    show_area = len({f.area for f in findings}) > 1
    show_layer = len({f.layer for f in findings}) > 1
    table = Table()
    table.add_column("finding", no_wrap=True)
    if show_area:
        table.add_column("area")
    if show_layer:
        table.add_column("layer")
    for name in ("rating", "confidence", "status", "weight", "contribution"):
        table.add_column(name)
    for f in findings:
        row = [f.key]
        if show_area:
            row.append(f.area)
        if show_layer:
            row.append(f.layer)
        contribution = f"{f.weighted_contribution:.2f}".replace("-0.00", "0.00")
        row += [str(f.rating), f.confidence, f.status, f"{f.weight:g}", contribution]
        table.add_row(*row)
    return table
