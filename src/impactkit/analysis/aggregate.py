"""Vectorised tallies of families of slices, and the one formula that turns them into scores.

A family of slices (all areas, all clusters, all sectors...) is given as (finding, slice)
membership pairs, each finding at most once per slice. For each slice we count, with
``np.bincount``, the rated findings per scoring class and the not-assessed ones, and collect
the rated findings' rows. The score comes from the class counts alone:

    total weight  = sum over classes of count x weight
    weighted mean = (sum over classes of count x weight x rating) / total weight
    score         = 100 x (weighted mean - scale min) / (scale max - scale min)

computed with ``math.fsum`` (correctly rounded and order-free, so the report and
:func:`explain` give the very same float).
No rated finding, or only findings of weight 0, means no score: None, never 0.

Coverage of a *tag* slice (sector, group, excluded group by sector, tension pair) counts the
distinct cells reached by its rated findings; cells are joined to findings through the
frame's (finding, provision) pairs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from impactkit.analysis.frame import NOT_ASSESSED, RATED, FindingFrame
from impactkit.analysis.index import CatalogueIndex


@dataclass(frozen=True, eq=False)
class Tally:
    """Integer tallies of a family of ``n`` slices."""

    counts: np.ndarray  # (n, n_classes): rated findings per scoring class
    not_assessed: np.ndarray  # (n,)
    members: list[np.ndarray]  # rows of the rated findings of each slice, ascending


def group_rows(rows: np.ndarray, slices: np.ndarray, n: int) -> tuple[np.ndarray, list[np.ndarray]]:
    """Sizes of the ``n`` slices and the rows of each, ascending. ``rows`` must be
    non-decreasing (every pair list of the frame is sorted by finding), so a stable sort by
    slice keeps each slice's rows in order; on small slice ids it is a radix sort."""
    assert rows.size < 2 or bool(np.all(rows[1:] >= rows[:-1])), "rows must be sorted"
    ids = slices.astype(np.int16) if n < 2**15 else slices
    order = np.argsort(ids, kind="stable")
    sizes = np.bincount(slices, minlength=n)
    return sizes, (np.split(rows[order], np.cumsum(sizes)[:-1]) if n else [])


def tally(frame: FindingFrame, rows: np.ndarray, slices: np.ndarray, n: int) -> Tally:
    """Tally membership pairs (``rows[i]`` belongs to slice ``slices[i]``; no pair twice;
    ``rows`` non-decreasing)."""
    n_cls = frame.index.n_classes
    state = frame.state[rows]
    rated = state == RATED
    r_rows, r_slices = rows[rated], slices[rated]
    counts = np.bincount(r_slices * n_cls + frame.cls[r_rows], minlength=n * n_cls)
    _, members = group_rows(r_rows, r_slices, n)
    return Tally(
        counts=counts.reshape(n, n_cls),
        not_assessed=np.bincount(slices[state == NOT_ASSESSED], minlength=n),
        members=members,
    )


def score_of(counts: np.ndarray, index: CatalogueIndex) -> tuple[float | None, float]:
    """(score, total weight) of one slice from its class counts (see module doc)."""
    weight, weighted_rating = index.class_vectors
    nonzero = np.flatnonzero(counts)
    total = math.fsum((counts[nonzero] * weight[nonzero]).tolist())
    if total <= 0:
        return None, total
    mean = math.fsum((counts[nonzero] * weighted_rating[nonzero]).tolist()) / total
    value = 100.0 * (mean - index.scale_min) / (index.scale_max - index.scale_min)
    return min(100.0, max(0.0, value)), total


def tag_coverage(frame: FindingFrame, rows: np.ndarray, slices: np.ndarray, n: int,
                 cell_mask: np.ndarray | None = None) -> np.ndarray:
    """Per slice, the distinct cells (inside ``cell_mask``) its rated findings reach."""
    rated = frame.state[rows] == RATED
    rows, slices = rows[rated], slices[rated]
    starts = frame.fp_offsets[rows]
    lengths = frame.fp_offsets[rows + 1] - starts
    shift = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
    cells = frame.pair_cell[shift + np.arange(int(lengths.sum()))]
    owners = np.repeat(slices, lengths)
    if cell_mask is not None:
        keep = cell_mask[cells]
        cells, owners = cells[keep], owners[keep]
    n_cells = frame.index.n_cells
    reached = np.zeros(n * n_cells, dtype=bool)
    reached[owners * n_cells + cells] = True
    return reached.reshape(n, n_cells).sum(axis=1)


def slice_members(frame: FindingFrame, cell_mask: np.ndarray,
                  finding_mask: np.ndarray | None = None) -> np.ndarray:
    """Boolean per finding: it reaches a cell of ``cell_mask`` (and passes ``finding_mask``).

    The one-slice counterpart of the family tallies, used by :func:`explain`.
    """
    inside = cell_mask[frame.pair_cell]
    members = np.bincount(frame.fp_f[inside], minlength=frame.n) > 0
    return members if finding_mask is None else members & finding_mask


def covered_cells(frame: FindingFrame, members: np.ndarray, cell_mask: np.ndarray) -> np.ndarray:
    """Boolean per cell: inside ``cell_mask`` and reached by a rated member finding."""
    pairs = members[frame.fp_f] & (frame.state[frame.fp_f] == RATED)
    covered = np.zeros(frame.index.n_cells, dtype=bool)
    covered[frame.pair_cell[pairs]] = True
    return covered & cell_mask
