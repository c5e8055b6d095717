"""Drawing the charts of the document model: SVG for HTML and PDF, PNG for Word.

matplotlib draws them with its Agg and SVG back ends: no browser, no network, no display.
Colours are colour-blind-safe: the heatmap uses viridis (perceptually uniform and readable
with the common colour-vision deficiencies) and prints every value in its cell; bars use the
Okabe-Ito palette, and series also differ by hatching, so no reading rests on colour alone.
The output is deterministic: fixed hash salt, no date in the metadata, fixed sizes.
"""

from __future__ import annotations

import io
import math
import re
import threading
from functools import cache
from typing import Any

from impactkit.reports.model import Chart

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
             "#000000")
HATCHES = ("", "//", "..", "xx", "\\\\", "oo", "--", "++")
FONT = "DejaVu Sans"
lock = threading.Lock()  # pyplot's state is global: hold it to draw a chart, one at a time


@cache
def pyplot() -> Any:
    """pyplot on the Agg back end with the reports' settings, set up once per process
    (imported only when a chart is drawn: matplotlib takes half a second to load)."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    plt.rcParams.update({
        "svg.hashsalt": "impact-report", "svg.fonttype": "none", "font.family": FONT,
        "font.size": 8, "axes.titlesize": 9, "figure.dpi": 100,
        "axes.spines.top": False, "axes.spines.right": False,
    })
    return plt


def wrap(label: str, width: int = 28) -> str:
    """``label`` broken at spaces into lines of about ``width`` characters."""
    words, lines, line = label.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines)


MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")


def _figure(plt: Any, chart: Chart) -> Any:
    if chart.kind == "heatmap":
        return _heatmap(plt, chart)
    if chart.kind == "scatter":
        return _scatter(plt, chart)
    return _bars(plt, chart)


def _scatter(plt: Any, chart: Chart) -> Any:
    """Points numbered beside them and named in a legend below (markers differ in shape as
    well as colour, so no reading rests on colour alone), the guides dashed, the quadrants
    named in their corners. Labels start with their number ("1. Veldmark (2024)")."""
    n = len(chart.labels)
    legend = 0.25 + 0.17 * ((n + 1) // 2)  # inches below the axes for the names
    height = 4.4 + legend
    fig, ax = plt.subplots(figsize=(7.0, height))
    span = chart.high - chart.low
    for i, (label, point) in enumerate(zip(chart.labels, chart.values, strict=True)):
        x, y = point[0], point[1]
        if x is None or y is None:
            continue
        ax.scatter([x], [y], s=42, color=OKABE_ITO[(i + i // len(MARKERS)) % len(OKABE_ITO)],
                   marker=MARKERS[i % len(MARKERS)], edgecolors="black", linewidths=0.5,
                   zorder=3, label=wrap(label, 44))
        ax.annotate(str(i + 1), (x, y), xytext=(5, 3), textcoords="offset points",
                    fontsize=7, zorder=4)
    if chart.guides is not None:
        ax.axvline(chart.guides[0], color="#555555", linestyle="--", linewidth=0.8)
        ax.axhline(chart.guides[1], color="#555555", linestyle="--", linewidth=0.8)
    corners = ((0.02, 0.98, "left", "top"), (0.98, 0.98, "right", "top"),
               (0.02, 0.02, "left", "bottom"), (0.98, 0.02, "right", "bottom"))
    for name, (cx, cy, ha, va) in zip(chart.columns, corners, strict=False):
        ax.text(cx, cy, wrap(name, 34), transform=ax.transAxes, ha=ha, va=va, fontsize=6.5,
                color="#444444", style="italic")
    ax.set_xlim(chart.low - span * 0.02, chart.high + span * 0.02)
    ax.set_ylim(chart.low - span * 0.02, chart.high + span * 0.02)
    ax.set_xlabel(chart.axis)
    ax.set_ylabel(chart.y_axis)
    ax.set_title(chart.title)
    if n:
        fig.legend(loc="lower center", ncol=2, fontsize=7, frameon=False)
    fig.tight_layout(rect=(0.0, legend / height, 1.0, 1.0))
    return fig


def _heatmap(plt: Any, chart: Chart) -> Any:
    import numpy as np

    rows, cols = len(chart.labels), len(chart.columns)
    data = np.array([[math.nan if v is None else v for v in row] for row in chart.values],
                    dtype=float).reshape(rows, cols)
    fig, ax = plt.subplots(figsize=(7.0, 0.42 * rows + 1.6))
    cmap = plt.get_cmap("viridis").with_extremes(bad="#eeeeee")
    image = ax.imshow(np.ma.masked_invalid(data), cmap=cmap, vmin=chart.low, vmax=chart.high,
                      aspect="auto")
    ax.set_xticks(range(cols), [wrap(c, 14) for c in chart.columns], rotation=20,
                  ha="right", rotation_mode="anchor")
    ax.set_yticks(range(rows), [wrap(r, 34) for r in chart.labels])
    ax.tick_params(length=0)
    for i in range(rows):
        for j in range(cols):
            value = data[i, j]
            if math.isnan(value):
                ax.text(j, i, "–", ha="center", va="center", color="#555555")
            else:
                colour = "white" if value < 60 else "black"
                ax.text(j, i, f"{value:.0f}", ha="center", va="center", color=colour)
    for spine in ax.spines.values():
        spine.set_visible(False)
    bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    bar.set_label(chart.axis)
    ax.set_title(chart.title)
    fig.tight_layout()
    return fig


def _bars(plt: Any, chart: Chart) -> Any:
    n = len(chart.labels)
    series = chart.series or ("",)
    fig, ax = plt.subplots(figsize=(7.0, max(1.8, n * (0.13 * len(series) + 0.12) + 1.1)))
    height = 0.8 / len(series)
    for s, name in enumerate(series):
        values = [row[s] if s < len(row) else None for row in chart.values]
        positions = [i + (s - (len(series) - 1) / 2) * height for i in range(n)]
        ax.barh(positions, [v or 0.0 for v in values], height=height * 0.95,
                color=OKABE_ITO[s % len(OKABE_ITO)], hatch=HATCHES[s % len(HATCHES)],
                edgecolor="white", label=wrap(name, 32) if name else None)
        for y, v in zip(positions, values, strict=True):
            ax.text((v or 0.0) + chart.high * 0.01, y,
                    "–" if v is None else f"{v:.0f}", va="center", fontsize=7)
    ax.set_yticks(range(n), [wrap(label, 34) for label in chart.labels])
    ax.invert_yaxis()
    ax.set_xlim(chart.low, chart.high * 1.08)
    ax.set_xlabel(chart.axis)
    ax.set_title(chart.title)
    if chart.series:  # below the axis, never over a bar
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16),
                  ncol=min(len(series), 3), fontsize=7, frameon=False)  # 3 fit the width
    fig.tight_layout()
    return fig


_XML_HEAD = re.compile(r"^.*?(<svg\b)", re.S)


def svg(chart: Chart) -> str:
    """The chart as an SVG element (no XML declaration), ready to sit inside HTML."""
    with lock:
        plt = pyplot()
        fig = _figure(plt, chart)
        out = io.StringIO()
        try:
            fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
        finally:
            plt.close(fig)
    return _XML_HEAD.sub(r"\1", out.getvalue(), count=1)


def png(chart: Chart, dpi: int = 150) -> bytes:
    """The chart as a PNG image, for Word."""
    with lock:
        plt = pyplot()
        fig = _figure(plt, chart)
        out = io.BytesIO()
        try:
            fig.savefig(out, format="png", dpi=dpi, metadata={"Software": None})
        finally:
            plt.close(fig)
    return out.getvalue()
