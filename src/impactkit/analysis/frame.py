"""The findings of a workspace as columns of integers, built once per analysis.

Looking up the codes of a :class:`~impactkit.analysis.table.FindingTable` is the only
per-finding Python work the analysis does; every rule afterwards aggregates these arrays
with numpy. The frame holds:

* one row per finding kept by the status filter, **sorted by key** (so every list of
  finding keys comes out sorted and the result does not depend on input order; see
  ``columns`` for how the columns are read);
* integer codes of area, layer, rating state, scoring class and weight per finding;
* exploded, de-duplicated pairs sorted by finding: (finding, provision) with the cell it
  reaches, (finding, cluster), (finding, sector), (finding, group);
* per cell: whether a rated, a not-assessed or a not-applicable finding reaches it, and the
  **universe**: all cells except those whose only findings are not applicable.

A finding reaches the provisions it names plus every provision of each cluster it names; only
assessable provisions make cells, and a finding with an unknown area or layer reaches none.
Codes the catalogue does not know are left out and reported as notices, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from impactkit.analysis.columns import Rows, distinct
from impactkit.analysis.index import CONFIDENCES, STATUSES, CatalogueIndex
from impactkit.analysis.results import Notice, tags_of
from impactkit.analysis.table import AnalysisInput
from impactkit.errors import CatalogueError, Problem, ValidationError

RATED, NOT_ASSESSED, NOT_APPLICABLE = 0, 1, 2
_STATES = {"rated": RATED, "not-assessed": NOT_ASSESSED, "not-applicable": NOT_APPLICABLE}


def expand(rows: np.ndarray, keys: np.ndarray, offsets: np.ndarray,
           values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Join (row, key) pairs with compressed rows ``key -> values``: (row, value) pairs."""
    starts = offsets[keys]
    lengths = offsets[keys + 1] - starts
    total = int(lengths.sum())
    shift = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
    return np.repeat(rows, lengths), values[shift + np.arange(total)]


def offsets_of(rows: np.ndarray, n: int) -> np.ndarray:
    """Compressed-row offsets (len n+1) of pairs sorted by ``rows``."""
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n), out=offsets[1:])
    return offsets


@dataclass(frozen=True, eq=False)
class FindingFrame:
    """Columns of the findings of one workspace against one catalogue (see module doc)."""

    index: CatalogueIndex
    rows: Rows  # the findings, and how rows map to them
    keys: np.ndarray  # object array of keys, in row order (sorted)
    area: np.ndarray  # -1 where unknown
    layer: np.ndarray
    state: np.ndarray  # RATED, NOT_ASSESSED, NOT_APPLICABLE
    level: np.ndarray  # position of the rating in index.levels, -1 unless rated
    weight: np.ndarray  # confidence weight x status weight, NaN where the catalogue has none
    cls: np.ndarray  # scoring class, -1 unless rated
    fp_f: np.ndarray  # (finding, provision) pairs reaching a cell, sorted by finding
    fp_p: np.ndarray
    pair_cell: np.ndarray  # the cell each of those pairs reaches
    fp_offsets: np.ndarray  # finding -> its slice of the pairs above
    fc_f: np.ndarray  # (finding, cluster): the finding reaches a provision of the cluster
    fc_c: np.ndarray
    fs_f: np.ndarray  # (finding, sector) of findings reaching a cell
    fs_s: np.ndarray
    fg_f: np.ndarray  # (finding, group) of findings reaching a cell
    fg_g: np.ndarray
    has_cell: np.ndarray
    reached_rated: np.ndarray  # per cell
    reached_not_assessed: np.ndarray
    reached_not_applicable: np.ndarray
    universe: np.ndarray
    n_input: int
    n_filtered_out: int
    notices: tuple[Notice, ...]

    @property
    def n(self) -> int:
        return len(self.rows)

    def field(self, row: int, name: str) -> Any:
        """One field of the finding in ``row``, as stored (a code, or the rating)."""
        return self.rows.value(name, row)


def _check(rows: Rows, index: CatalogueIndex, state: np.ndarray, level: np.ndarray,
           conf: np.ndarray, status: np.ndarray) -> None:
    """Refuse findings that cannot be scored honestly, listing every one."""
    problems: list[Problem] = []

    def problem(row: int, name: str, message: str) -> None:
        problems.append(Problem(message.format(rows.value(name, row)),
                                location=f"finding {rows.keys[row]}", field=name))

    for i in np.flatnonzero(state < 0).tolist():
        problem(i, "rating_state", f"rating_state {{!r}} is not one of {', '.join(_STATES)}")
    for i in np.flatnonzero((state == RATED) & (level < 0)).tolist():
        problem(i, "rating", f"rated finding has rating {{!r}}; expected one of "
                             f"{list(index.levels)}")
    for i in np.flatnonzero(conf < 0).tolist():
        problem(i, "confidence", f"confidence {{!r}} is not one of {', '.join(CONFIDENCES)}")
    for i in np.flatnonzero(status < 0).tolist():
        problem(i, "status", f"status {{!r}} is not one of {', '.join(STATUSES)}")
    if problems:
        raise ValidationError(problems, summary=f"{len(problems)} finding"
                              f"{'s' if len(problems) != 1 else ''} cannot be scored")
    rated = state == RATED
    missing = np.isnan(index.weights[conf[rated], status[rated]])
    if missing.any():
        scoring = index.catalogue.scoring
        used_conf = {CONFIDENCES[c] for c in np.unique(conf[rated][missing]).tolist()}
        used_status = {STATUSES[s] for s in np.unique(status[rated][missing]).tolist()}
        catalogue_problems = [
            Problem(f"no weight for confidence {c!r}, which rated findings use",
                    field="scoring.confidence_weights")
            for c in sorted(used_conf - set(scoring.confidence_weights))
        ] + [
            Problem(f"no weight for status {s!r}, which rated findings use",
                    field="scoring.status_weights")
            for s in sorted(used_status - set(scoring.status_weights))
        ]
        raise CatalogueError(catalogue_problems, summary=f"catalogue {index.catalogue.key!r} "
                             "lacks weights the findings need")


def _notices(frame_keys: np.ndarray, unknown: dict[str, dict[str, list[int]]],
             has_cell: np.ndarray, catalogue_key: str) -> tuple[Notice, ...]:
    notices = []
    for field_name, codes in unknown.items():
        for code in sorted(codes):
            keys = tuple(sorted(frame_keys[sorted(set(codes[code]))].tolist()))
            notices.append(Notice(
                type="unknown-code", field=field_name, code=code,
                title=f"Unknown code {code!r} in findings' {field_name}",
                message=f"{len(keys)} finding{'s' if len(keys) != 1 else ''} name {code!r} in "
                        f"{field_name}, which catalogue {catalogue_key!r} does not define; "
                        "that code was left out of every result.",
                tags=tags_of(("field", field_name)), finding_keys=keys, record_keys=(),
                rule="Codes the catalogue does not define are never guessed: they are left out "
                     "and reported."))
    unscoped = np.flatnonzero(~has_cell)
    if unscoped.size:
        keys = tuple(frame_keys[unscoped].tolist())
        notices.append(Notice(
            type="unscoped-findings", field=None, code=None,
            title=f"{len(keys)} finding{'s' if len(keys) != 1 else ''} outside the grid",
            message=f"{len(keys)} finding{'s' if len(keys) != 1 else ''} reach no assessable "
                    "provision with a known area and layer (no provision, only procedural "
                    "articles, or unknown codes); they count in no score and no coverage.",
            tags=(), finding_keys=keys, record_keys=(),
            rule="Only (assessable provision, area, layer) cells are scored."))
    return tuple(notices)


def build_frame(data: AnalysisInput, index: CatalogueIndex,
                statuses: frozenset[str] | None = None) -> FindingFrame:
    """Columns of ``data.findings`` kept by ``statuses`` (all when None)."""
    source = data.findings
    if statuses is not None:
        status_column = source.scalars["status"]
        source = source.take(np.fromiter(map(statuses.__contains__, status_column),
                                         dtype=bool, count=len(status_column)))
    rows = Rows(source)
    n = len(rows)

    state = rows.scalar("rating_state", _STATES)
    level = rows.scalar("rating", {value: i for i, value in enumerate(index.levels)})
    level[state != RATED] = -1
    conf = rows.scalar("confidence", {c: i for i, c in enumerate(CONFIDENCES)})
    status = rows.scalar("status", {s: i for i, s in enumerate(STATUSES)})
    _check(rows, index, state, level, conf, status)
    weight = index.weights[conf, status] if n else np.zeros(0)
    cls = np.where(state == RATED, (conf * len(STATUSES) + status) * len(index.levels) + level, -1)

    area = rows.scalar("area", {c: i for i, c in enumerate(index.areas)})
    layer = rows.scalar("layer", {c: i for i, c in enumerate(index.layers)})
    unknown: dict[str, dict[str, list[int]]] = {}
    for name, column in (("area", area), ("layer", layer)):
        for i in np.flatnonzero(column < 0).tolist():
            code = str(rows.value(name, i))
            unknown.setdefault(name, {}).setdefault(code, []).append(i)

    n_p, n_c = max(len(index.provisions), 1), max(len(index.clusters), 1)
    direct_f, direct_p, unknown["provisions"] = rows.lists(
        "provisions", {c: i for i, c in enumerate(index.provisions)}, len(index.provisions),
        ignored=index.non_assessable)
    named_f, named_c, unknown["clusters"] = rows.lists(
        "clusters", {c: i for i, c in enumerate(index.clusters)}, len(index.clusters))
    via_f, via_p = expand(named_f, named_c, index.cluster_offsets, index.cluster_members)
    pairs = distinct(np.concatenate([direct_f, via_f]) * n_p + np.concatenate([direct_p, via_p]),
                     nearly_sorted=True)
    fp_f, fp_p = pairs // n_p, pairs % n_p
    valid = (area[fp_f] >= 0) & (layer[fp_f] >= 0)
    fp_f, fp_p = fp_f[valid], fp_p[valid]
    pair_cell = (fp_p * len(index.areas) + area[fp_f]) * len(index.layers) + layer[fp_f]
    fp_offsets = offsets_of(fp_f, n)
    has_cell = np.diff(fp_offsets) > 0

    cf, cc = expand(fp_f, fp_p, index.provision_cluster_offsets, index.provision_clusters)
    cpairs = distinct(cf * n_c + cc, nearly_sorted=True)
    fs_f, fs_s, unknown["sectors"] = rows.lists(
        "sectors", {c: i for i, c in enumerate(index.sectors)}, len(index.sectors))
    fg_f, fg_g, unknown["groups"] = rows.lists(
        "groups", {c: i for i, c in enumerate(index.groups)}, len(index.groups))
    in_s, in_g = has_cell[fs_f], has_cell[fg_f]

    reached = [np.bincount(pair_cell[state[fp_f] == s], minlength=index.n_cells) > 0
               for s in (RATED, NOT_ASSESSED, NOT_APPLICABLE)]
    universe = ~(reached[2] & ~reached[0] & ~reached[1])
    return FindingFrame(
        index=index, rows=rows, keys=rows.keys, area=area, layer=layer, state=state,
        level=level, weight=weight, cls=cls, fp_f=fp_f, fp_p=fp_p, pair_cell=pair_cell,
        fp_offsets=fp_offsets, fc_f=cpairs // n_c, fc_c=cpairs % n_c,
        fs_f=fs_f[in_s], fs_s=fs_s[in_s], fg_f=fg_f[in_g], fg_g=fg_g[in_g], has_cell=has_cell,
        reached_rated=reached[0], reached_not_assessed=reached[1],
        reached_not_applicable=reached[2], universe=universe, n_input=len(data.findings),
        n_filtered_out=len(data.findings) - n,
        notices=_notices(rows.keys, {k: v for k, v in unknown.items() if v}, has_cell,
                         index.catalogue.key),
    )
