"""The cluster x area matrix: one score per (reporting cluster, area of analysis).

A dashboard's heatmap needs to say, for each CRC reporting cluster, how each of the five areas
holds, so it needs scores of slices that the report does not hold. Each matrix cell is an
ordinary slice scored by the standard rule (see :mod:`impactkit.analysis.scores`):

* **findings**: those of area ``a`` reaching a provision of cluster ``c`` (named directly or
  through a cluster), each counted once however many of the cluster's provisions it names;
* **cells**: every layer of the cluster's assessable provisions in area ``a``;
* **score**: weighted mean rating on 0-100, None when no rated finding (of non-zero weight)
  is in the slice, never 0; **coverage**: covered cells / cells in the universe, None when
  every cell was left out (only not-applicable findings) or the cluster has no assessable
  provision.

So the matrix refines the cluster scores by area: a finding in a cluster slice is in exactly
one of that cluster's matrix cells (its own area), and the cluster's cells split the same way.
Each matrix cell can be explained with the target ``cell:<cluster>:<area>``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from impactkit.analysis.aggregate import tally
from impactkit.analysis.frame import FindingFrame, build_frame
from impactkit.analysis.index import CatalogueIndex
from impactkit.analysis.report import (
    AnalysisReport,
    normalise_statuses,
    paused_gc,
    report_from_frame,
)
from impactkit.analysis.results import Result, Score, Tags, tags_of
from impactkit.analysis.rules import COVERAGE_RULE, score_rule
from impactkit.analysis.scores import family, grid
from impactkit.analysis.slices import SliceSpec
from impactkit.analysis.table import AnalysisInput
from impactkit.catalogue.schema import Catalogue
from impactkit.domain import FindingStatus, WorkspaceData

CELL_KIND = "cell"
CELL_SLICE_RULE = ("Slice: findings of area {area} reaching a provision of cluster {cluster} "
                   "(named directly or through a cluster); cells: every layer of its assessable "
                   "provisions in that area.")
MATRIX_RULE = ("One score per reporting cluster and area of analysis, each the standard score "
               "and coverage of the findings of that area reaching a provision of that "
               "cluster; a cell without a rated finding has no score (never 0).")


def cell_target(cluster: str, area: str) -> str:
    return f"{CELL_KIND}:{cluster}:{area}"


def cell_spec(index: CatalogueIndex, cluster: str, area: str) -> SliceSpec:
    """The names of the matrix cell (cluster, area): shared by the matrix and explain, so
    both give the very same Score."""
    title = f"{index.title('cluster', cluster)} / {index.title('area', area)}"
    rule = " ".join((CELL_SLICE_RULE.format(cluster=cluster, area=area), score_rule(index),
                     COVERAGE_RULE))
    return SliceSpec(CELL_KIND, f"{cluster}:{area}", cell_target(cluster, area), title,
                     tags_of(("cluster", cluster), ("area", area)), rule)


def cell_mask(index: CatalogueIndex, cluster: str, area: str) -> np.ndarray:
    """Boolean per cell id: the cells of the matrix cell (cluster, area)."""
    provision, area_of_cell, _ = index.cell_grid()
    members = index.cluster_provisions(index.clusters.index(cluster))
    return np.isin(provision, members) & (area_of_cell == index.areas.index(area))


@dataclass(frozen=True, slots=True)
class ScoreMatrix(Result):
    """Scores of every (cluster, area), clusters and areas in catalogue order.
    ``cells[i][j]`` is the Score of ``clusters[i]`` in ``areas[j]``."""

    type: ClassVar[str] = "score-matrix"
    clusters: tuple[str, ...]
    areas: tuple[str, ...]
    cells: tuple[tuple[Score, ...], ...]
    title: str
    message: str
    tags: Tags
    finding_keys: tuple[str, ...]
    rule: str

    def cell(self, cluster: str, area: str) -> Score:
        """The Score of one matrix cell; KeyError for codes the matrix does not have."""
        try:
            return self.cells[self.clusters.index(cluster)][self.areas.index(area)]
        except ValueError:
            raise KeyError((cluster, area)) from None

    def scores(self) -> Iterable[Score]:
        for row in self.cells:
            yield from row


def matrix_scores(frame: FindingFrame) -> ScoreMatrix:
    """The matrix of one frame, with one tally over (finding, cluster) pairs."""
    index = frame.index
    n_c, n_a = len(index.clusters), len(index.areas)
    rows, clusters = frame.fc_f, frame.fc_c
    # fc pairs reach a cell, so their finding has a known area; one area per finding keeps
    # the (finding, cluster x area) pairs distinct and sorted by finding, as tally needs.
    counts = tally(frame, rows, clusters * n_a + frame.area[rows], n_c * n_a)
    covered, universe = grid(frame)
    membership = index.cluster_matrix()  # (cluster, provision)
    per_cell = (membership @ covered.sum(axis=2), membership @ universe.sum(axis=2))
    specs = [cell_spec(index, c, a) for c in index.clusters for a in index.areas]
    flat = family(frame, counts, per_cell[0].reshape(-1), per_cell[1].reshape(-1), specs)
    cells = tuple(flat[i * n_a:(i + 1) * n_a] for i in range(n_c))
    scored = sum(s.score is not None for s in flat)
    return ScoreMatrix(
        clusters=index.clusters, areas=index.areas, cells=cells,
        title="Scores by reporting cluster and area",
        message=f"{scored} of {len(flat)} cluster x area cells have a score; the others have "
                "no rated finding.",
        tags=(), finding_keys=(), rule=MATRIX_RULE)


def score_matrix(data: WorkspaceData | AnalysisInput, catalogue: Catalogue, *,
                 statuses: Iterable[str | FindingStatus] | str | None = None) -> ScoreMatrix:
    """The cluster x area matrix of one workspace (``statuses`` filters findings as in
    :func:`impactkit.analysis.analyse`)."""
    wanted = normalise_statuses(statuses)
    index = CatalogueIndex.build(catalogue)
    with paused_gc():
        return matrix_scores(build_frame(AnalysisInput.of(data), index, wanted))


def analyse_with_matrix(data: WorkspaceData | AnalysisInput, catalogue: Catalogue, *,
                        statuses: Iterable[str | FindingStatus] | str | None = None
                        ) -> tuple[AnalysisReport, ScoreMatrix]:
    """:func:`~impactkit.analysis.analyse` and :func:`score_matrix` from one frame: what the
    dashboard shows, for the price of one read of the findings' codes."""
    wanted = normalise_statuses(statuses)
    index = CatalogueIndex.build(catalogue)
    with paused_gc():
        source = AnalysisInput.of(data)
        frame = build_frame(source, index, wanted)
        return report_from_frame(source, catalogue, frame, wanted), matrix_scores(frame)
