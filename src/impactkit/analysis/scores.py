"""Scores and coverage of the standard slices: area, cluster, provision, layer, sector, group.

Rules (see also ``aggregate`` for the formula):

* A **cell** is (assessable provision, area, layer). A finding reaches the cells of its area
  and layer for each provision it names and each provision of each cluster it names.
* A finding is **in a slice** when it reaches at least one cell of the slice (and, for sector
  and group slices, is tagged with that sector or group). It counts once per slice however
  many of the slice's provisions it names.
* **Area, cluster, provision, layer** slices are sets of cells: an area's cells are every
  provision and layer in it; a cluster's are every area and layer of its assessable
  provisions (a provision in two clusters counts in both); a layer's are every provision
  and area on it.
* **Sector and group** slices take all cells as their universe; a cell is covered when a
  rated finding tagged with the sector (group) reaches it.
* **Coverage** = covered cells / cells of the slice in the universe, where the universe
  leaves out cells whose only findings are not applicable. A cell is covered when at least
  one rated finding of the slice reaches it. Coverage is None when the slice has no cell.
"""

from __future__ import annotations

import numpy as np

from impactkit.analysis.aggregate import Tally, score_of, tag_coverage, tally
from impactkit.analysis.frame import FindingFrame
from impactkit.analysis.results import KeyList, Score
from impactkit.analysis.rules import score_message
from impactkit.analysis.slices import SliceSpec, describe


def make_score(frame: FindingFrame, spec: SliceSpec, *, counts: np.ndarray, not_assessed: int,
               rows: np.ndarray, covered: int, total: int) -> Score:
    """A Score from the integer tallies of one slice."""
    value, weight = score_of(counts, frame.index)
    n_findings = int(counts.sum())
    return Score(
        kind=spec.kind, code=spec.code, target=spec.target, score=value,
        coverage=covered / total if total else None, covered_cells=int(covered),
        total_cells=int(total), n_findings=n_findings, n_not_assessed=int(not_assessed),
        total_weight=weight, title=spec.title,
        message=score_message(spec.title, value, n_findings, int(not_assessed), int(covered),
                              int(total)),
        tags=spec.tags, finding_keys=KeyList(frame.keys, rows), rule=spec.rule)


def family(frame: FindingFrame, counts: Tally, covered: np.ndarray, total: np.ndarray,
           specs: list[SliceSpec], positions: list[int] | None = None) -> tuple[Score, ...]:
    """Scores of slices ``specs`` from a family's tallies; ``positions`` maps each spec to its
    slice id in the tallies (its list position by default)."""
    ids = positions if positions is not None else list(range(len(specs)))
    return tuple(make_score(frame, spec, counts=counts.counts[i],
                            not_assessed=counts.not_assessed[i], rows=counts.members[i],
                            covered=covered[i], total=total[i])
                 for spec, i in zip(specs, ids, strict=True))


def _simple(frame: FindingFrame, kind: str, codes: tuple[str, ...], counts: Tally,
            covered: np.ndarray, total: np.ndarray) -> tuple[Score, ...]:
    specs = [describe(frame.index, kind, code) for code in codes]
    return family(frame, counts, covered, total, specs)


def grid(frame: FindingFrame) -> tuple[np.ndarray, np.ndarray]:
    """Covered and universe cells as (provision, area, layer) integer arrays."""
    index = frame.index
    shape = (len(index.provisions), len(index.areas), len(index.layers))
    return (frame.reached_rated.reshape(shape).astype(np.int64),
            frame.universe.reshape(shape).astype(np.int64))


def structural_scores(frame: FindingFrame) -> dict[str, tuple[Score, ...]]:
    """Scores of every area, cluster, provision and layer, in catalogue order."""
    index = frame.index
    covered, universe = grid(frame)
    rows = np.flatnonzero(frame.has_cell)
    by_provision = (covered.sum(axis=(1, 2)), universe.sum(axis=(1, 2)))
    clusters = index.cluster_matrix()
    return {
        "area": _simple(frame, "area", index.areas,
                        tally(frame, rows, frame.area[rows], len(index.areas)),
                        covered.sum(axis=(0, 2)), universe.sum(axis=(0, 2))),
        "cluster": _simple(frame, "cluster", index.clusters,
                           tally(frame, frame.fc_f, frame.fc_c, len(index.clusters)),
                           clusters @ by_provision[0], clusters @ by_provision[1]),
        "provision": _simple(frame, "provision", index.provisions,
                             tally(frame, frame.fp_f, frame.fp_p, len(index.provisions)),
                             *by_provision),
        "layer": _simple(frame, "layer", index.layers,
                         tally(frame, rows, frame.layer[rows], len(index.layers)),
                         covered.sum(axis=(0, 1)), universe.sum(axis=(0, 1))),
    }


def tag_scores(frame: FindingFrame) -> dict[str, tuple[Score, ...]]:
    """Scores of every sector and child group, in catalogue order (universe: all cells)."""
    index = frame.index
    total = int(frame.universe.sum())
    out = {}
    for kind, codes, rows, slices in (("sector", index.sectors, frame.fs_f, frame.fs_s),
                                      ("group", index.groups, frame.fg_f, frame.fg_g)):
        n = len(codes)
        covered = tag_coverage(frame, rows, slices, n)
        out[kind] = _simple(frame, kind, codes, tally(frame, rows, slices, n), covered,
                            np.full(n, total))
    return out


def layered_scores(frame: FindingFrame, kind: str,
                   layer_codes: tuple[str, ...]) -> dict[tuple[str, str], Score]:
    """Scores of each provision (``kind="provision"``) or cluster on each of ``layer_codes``:
    the two sides of an implementation gap."""
    index = frame.index
    n_l = len(index.layers)
    covered, universe = grid(frame)
    per_layer = (covered.sum(axis=1), universe.sum(axis=1))  # (provision, layer)
    if kind == "provision":
        codes, rows, slices = index.provisions, frame.fp_f, frame.fp_p
    else:
        codes, rows, slices = index.clusters, frame.fc_f, frame.fc_c
        matrix = index.cluster_matrix()
        per_layer = (matrix @ per_layer[0], matrix @ per_layer[1])
    counts = tally(frame, rows, slices * n_l + frame.layer[rows], len(codes) * n_l)
    out: dict[tuple[str, str], Score] = {}
    for layer in layer_codes:
        li = index.layers.index(layer)
        specs = [describe(index, f"{kind}-layer", code, layer=layer) for code in codes]
        scores = family(frame, counts, per_layer[0].reshape(-1), per_layer[1].reshape(-1),
                        specs, [i * n_l + li for i in range(len(codes))])
        out.update(((code, layer), score) for code, score in zip(codes, scores, strict=True))
    return out
