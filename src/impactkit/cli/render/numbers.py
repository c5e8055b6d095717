"""How numbers look in the terminal: a missing score is never printed as 0."""

from __future__ import annotations

from impactkit.analysis import Score
from impactkit.kinds import BY_NAME

NOT_ASSESSED = "not assessed"


def score_text(value: float | None) -> str:
    return NOT_ASSESSED if value is None else f"{value:.1f}"


def coverage_text(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


def bar(value: float | None, width: int = 10) -> str:
    """A 0-100 value as a bar of block characters (empty for a missing value)."""
    if value is None:
        return ""
    filled = round(max(0.0, min(100.0, value)) / 100 * width)
    return "█" * filled + "░" * (width - filled)


def label(title: str) -> str:
    """A result's title without its leading kind ("Area: Compliance" -> "Compliance"):
    titles name their kind for standalone use; a table's heading already does."""
    return title.split(": ", 1)[-1]


def score_cells(score: Score) -> tuple[str, str, str, str]:
    """score, bar, coverage (cells), findings — the four columns of every score table."""
    return (score_text(score.score), bar(score.score),
            f"{coverage_text(score.coverage)} ({score.covered_cells}/{score.total_cells})",
            str(score.n_findings))


def signed(value: float | None) -> str:
    return "-" if value is None else f"{value:+.1f}"


def counted(counts: dict[str, int]) -> str:
    """``{"finding": 3, "actor": 1}`` as "3 findings, 1 actor" (zero counts left out)."""
    parts = [f"{n} {_label(entity, n)}" for entity, n in counts.items() if n]
    return ", ".join(parts) or "nothing"


OTHER_LABELS: dict[str, tuple[str, str]] = {
    "editorial-section": ("report text", "report texts"),
}
"""Singular and plural labels of what an import counts besides records."""


def _label(entity: str, n: int) -> str:
    """A kind's label for a count of ``n`` (the name itself for what is not a record kind)."""
    kind = BY_NAME.get(entity)
    if kind is None:
        one, many = OTHER_LABELS.get(entity, (entity, entity))
        return one if n == 1 else many
    return kind.label if n == 1 else kind.labels
