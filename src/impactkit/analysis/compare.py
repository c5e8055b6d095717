"""``compare``: several analysed workspaces side by side.

Rules: the reports must come from the same catalogue (same key), else UsageError: scores on
different frameworks are not comparable. Rows are every area, then every cluster, then every
layer, in the first report's order (codes only later reports have come after). Each row holds,
per workspace in the order given, its score and coverage and their difference to the first
workspace (``later - first``; None for the first workspace itself, when either value is None,
or when a workspace lacks the slice).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from impactkit.analysis.report import SCHEMA_VERSION, AnalysisReport
from impactkit.analysis.results import Result, Score, Tags, to_plain
from impactkit.analysis.rules import plural
from impactkit.errors import UsageError

COMPARED_KINDS = ("area", "cluster", "layer")
RULE = ("Scores and coverage of each workspace side by side; differences are later minus the "
        "first workspace. Only workspaces analysed with one catalogue are compared.")


@dataclass(frozen=True, slots=True)
class ComparedWorkspace:
    workspace: str
    catalogue_version: str
    statuses: tuple[str, ...] | None


@dataclass(frozen=True, slots=True)
class ComparedValue:
    """One workspace's value in a row (all None when the workspace lacks the slice)."""

    score: float | None
    coverage: float | None
    score_difference: float | None
    coverage_difference: float | None


@dataclass(frozen=True, slots=True)
class ComparisonRow:
    kind: str
    code: str
    title: str
    values: tuple[ComparedValue, ...]


@dataclass(frozen=True, slots=True)
class Comparison(Result):
    """Rows of area, cluster and layer scores across workspaces."""

    type: ClassVar[str] = "comparison"
    catalogue_key: str
    workspaces: tuple[ComparedWorkspace, ...]
    rows: tuple[ComparisonRow, ...]
    title: str
    message: str
    tags: Tags
    finding_keys: tuple[str, ...]
    rule: str

    def to_dict(self) -> dict[str, Any]:
        plain = to_plain(self)
        return {"schema_version": SCHEMA_VERSION, **plain}


def _difference(value: float | None, first: float | None) -> float | None:
    return None if value is None or first is None else value - first


def compare(reports: Sequence[AnalysisReport]) -> Comparison:
    """Compare two or more reports of the same catalogue (see module doc)."""
    if len(reports) < 2:
        raise UsageError(f"compare needs at least two analysed workspaces, got {len(reports)}")
    keys = sorted({r.catalogue_key for r in reports})
    if len(keys) > 1:
        listed = ", ".join(f"{r.workspace_key!r} uses {r.catalogue_key!r}" for r in reports)
        raise UsageError(f"cannot compare workspaces analysed with different catalogues "
                         f"({listed}); analyse them with one catalogue first")
    rows = []
    for kind in COMPARED_KINDS:
        tables: list[dict[str, Score]] = [{s.code: s for s in r.scores[kind]} for r in reports]
        codes = list(tables[0])
        for table in tables[1:]:
            codes.extend(c for c in table if c not in codes)
        for code in codes:
            first = tables[0].get(code)
            values = []
            for i, table in enumerate(tables):
                score = table.get(code)
                if score is None:
                    values.append(ComparedValue(None, None, None, None))
                    continue
                values.append(ComparedValue(
                    score=score.score, coverage=score.coverage,
                    score_difference=None if i == 0 or first is None
                    else _difference(score.score, first.score),
                    coverage_difference=None if i == 0 or first is None
                    else _difference(score.coverage, first.coverage)))
            title = next(t[code].title for t in tables if code in t)
            rows.append(ComparisonRow(kind=kind, code=code, title=title, values=tuple(values)))
    names = ", ".join(r.workspace_key for r in reports)
    return Comparison(
        catalogue_key=keys[0],
        workspaces=tuple(ComparedWorkspace(r.workspace_key, r.catalogue_version, r.statuses)
                         for r in reports),
        rows=tuple(rows), title=f"Comparison of {plural(len(reports), 'workspace')}",
        message=f"{names} compared on {plural(len(rows), 'slice')} of catalogue {keys[0]!r}.",
        tags=(), finding_keys=(), rule=RULE)
