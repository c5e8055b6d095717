"""The chart of the recommendations' progress page: for each source of assessments, its
recommendations by latest status, as one stacked bar.

Drawn on the server as the vulnerability charts are (:mod:`impactkit.web.charts_vulnerability`:
matplotlib's SVG back end, the Okabe-Ito palette and a hatching per status, so that no
reading rests on colour alone, the alternative text on the ``<svg>``); the page shows the
same numbers in a table beside it. Every text comes from the caller, so that it can be
translated as a whole sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from impactkit.reports.charts import HATCHES, OKABE_ITO, lock, pyplot, wrap
from impactkit.web.charts_vulnerability import SvgChart, chart_text, svg_chart


@dataclass(frozen=True, slots=True)
class Stack:
    """One bar: its label and one count per segment (in the order of the legend)."""

    label: str
    counts: tuple[int, ...]


MUTED = "#C8C8C8"


def stacked_chart(stacks: Sequence[Stack], *, segments: Sequence[str], title: str, axis: str,
                  alt: str, muted: Sequence[str] = ()) -> SvgChart:
    """Horizontal stacked bars of counts, each segment with its count printed inside when it
    is wide enough, and a legend naming the segments; ``muted`` segments ("no assessment")
    are drawn in plain grey."""
    with lock:
        plt = pyplot()
        fig, ax = plt.subplots(figsize=(6.4, max(2.2, 0.42 * len(stacks) + 1.5)))
        widest = max((sum(s.counts) for s in stacks), default=0) or 1
        for index, name in enumerate(segments):
            colour = MUTED if name in muted else OKABE_ITO[index % len(OKABE_ITO)]
            hatch = "" if name in muted else HATCHES[index % len(HATCHES)]
            lefts = [sum(s.counts[:index]) for s in stacks]
            values = [s.counts[index] for s in stacks]
            ax.barh(range(len(stacks)), values, left=lefts, height=0.7, color=colour,
                    hatch=hatch, edgecolor="white", label=chart_text(name))
            for row, (left, value) in enumerate(zip(lefts, values, strict=True)):
                if value and value / widest >= 0.04:
                    ax.text(left + value / 2, row, str(value), ha="center", va="center",
                            fontsize=7, color="black",
                            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1,
                                  "alpha": 0.8})
        ax.set_yticks(range(len(stacks)), [chart_text(wrap(s.label, 24)) for s in stacks])
        ax.invert_yaxis()
        ax.set_xlim(0, widest * 1.02)
        ax.xaxis.get_major_locator().set_params(integer=True)  # counts: no 2.5
        ax.set_xlabel(chart_text(axis))
        ax.set_title(chart_text(title))
        ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.22),
                  ncol=min(4, len(segments)), frameon=False)
        fig.tight_layout()
        return svg_chart(fig, alt)
