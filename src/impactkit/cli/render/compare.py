"""Two or more workspaces side by side."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from impactkit.analysis import Comparison
from impactkit.cli.render.numbers import coverage_text, label, score_text, signed


def render_comparison(console: Console, comparison: Comparison) -> None:
    console.print(f"[bold]{comparison.title}[/]", highlight=False)
    console.print(comparison.message, highlight=False, markup=False)
    first = comparison.workspaces[0].workspace
    console.print(f"Each cell: score (coverage); change: score difference to {first}.",
                  highlight=False)
    for kind, heading in (("area", "Areas of analysis"), ("layer", "Layers"),
                          ("cluster", "CRC reporting clusters")):
        rows = [row for row in comparison.rows if row.kind == kind]
        if not rows:
            continue
        table = Table(heading, title_justify="left")
        for index, workspace in enumerate(comparison.workspaces):
            table.add_column(workspace.workspace, no_wrap=True)
            if index:
                table.add_column("change", no_wrap=True)
        for row in rows:
            cells = [label(row.title)]
            for index, value in enumerate(row.values):
                cells.append(f"{score_text(value.score)} ({coverage_text(value.coverage)})")
                if index:
                    cells.append(signed(value.score_difference))
            table.add_row(*cells)
        console.print(table)
