"""Integer codes for one catalogue: the grid of cells and the weights of the scoring rules.

Analysis works on integers so it can aggregate with numpy. This module turns a catalogue's
vocabularies into positions (in catalogue order, which is also the order of every list of
results) and defines the cell grid:

* a **cell** is one (assessable provision, area, layer); its integer id is
  ``(provision * n_areas + area) * n_layers + layer``;
* a finding's **class** combines its confidence, its review status and its rating level, so a
  slice can be scored from integer counts per class (exact, and independent of the order in
  which findings arrive).

Only provisions marked ``assessable`` make cells; procedural articles (CRC Parts II-III) have
none, so findings naming only them reach nothing and are reported as unscoped.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from impactkit.catalogue.schema import Catalogue
from impactkit.domain import Confidence, FindingStatus
from impactkit.errors import CatalogueError, Problem

#: Codes the analysis gives a meaning to. A catalogue without them simply yields no gaps,
#: exclusion or tension results (a notice says why).
LAW_POLICY = "law-policy"
PRACTICE = "practice"
INCLUSION = "inclusion"
COHERENCE = "coherence"
CONFLICT_LINK = "conflict"

CONFIDENCES: tuple[str, ...] = tuple(c.value for c in Confidence)
STATUSES: tuple[str, ...] = tuple(s.value for s in FindingStatus)


def _positions(codes: tuple[str, ...]) -> dict[str, int]:
    return {code: i for i, code in enumerate(codes)}


def csr(groups: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    """Compressed rows: ``offsets`` (len n+1) and the concatenated ``values`` of each row."""
    lengths = np.fromiter((len(g) for g in groups), dtype=np.int64, count=len(groups))
    offsets = np.zeros(len(groups) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    values = np.fromiter((v for g in groups for v in g), dtype=np.int64, count=int(offsets[-1]))
    return offsets, values


@dataclass(frozen=True, eq=False)
class CatalogueIndex:
    """A catalogue seen as integer positions. Build it with :meth:`build`."""

    catalogue: Catalogue
    provisions: tuple[str, ...]
    non_assessable: frozenset[str]
    areas: tuple[str, ...]
    layers: tuple[str, ...]
    clusters: tuple[str, ...]
    sectors: tuple[str, ...]
    groups: tuple[str, ...]
    criteria: tuple[str, ...]
    forms: tuple[str, ...]
    titles: dict[tuple[str, str], str]
    # cluster -> assessable provision positions, and the reverse, as compressed rows
    cluster_offsets: np.ndarray
    cluster_members: np.ndarray
    provision_cluster_offsets: np.ndarray
    provision_clusters: np.ndarray
    levels: tuple[int, ...]
    scale_min: int
    scale_max: int
    # weight of each (confidence, status) pair, NaN where the catalogue gives none
    weights: np.ndarray

    @classmethod
    def build(cls, catalogue: Catalogue) -> CatalogueIndex:
        problems: list[Problem] = []
        provisions = tuple(p.code for p in catalogue.provisions() if p.assessable)
        non_assessable = frozenset(p.code for p in catalogue.provisions() if not p.assessable)
        pos = _positions(provisions)
        clusters = tuple(c.code for c in catalogue.clusters)
        members = [sorted({pos[code] for code in c.provisions if code in pos})
                   for c in catalogue.clusters]
        reverse: list[list[int]] = [[] for _ in provisions]
        for ci, rows in enumerate(members):
            for p in rows:
                reverse[p].append(ci)
        cluster_offsets, cluster_members = csr(members)
        pc_offsets, pc_clusters = csr(reverse)

        titles: dict[tuple[str, str], str] = {("provision", p.code): p.title
                                              for p in catalogue.provisions()}
        for kind, vocabulary in (("area", catalogue.areas), ("layer", catalogue.layers),
                                 ("cluster", catalogue.clusters), ("sector", catalogue.sectors),
                                 ("group", catalogue.child_groups), ("form", catalogue.forms),
                                 ("criterion", catalogue.exclusion_criteria)):
            for term in vocabulary:
                titles[(kind, term.code)] = term.title

        levels = tuple(sorted({level.value for level in catalogue.rating_scale.levels}))
        if len(levels) < 2:
            problems.append(Problem("the rating scale needs at least two distinct values",
                                    field="rating_scale.levels"))
        weights = np.full((len(CONFIDENCES), len(STATUSES)), np.nan)
        scoring = catalogue.scoring
        for name, table in (("confidence_weights", scoring.confidence_weights),
                            ("status_weights", scoring.status_weights)):
            for code, value in table.items():
                if value < 0 or not np.isfinite(value):
                    problems.append(Problem(f"weight {value!r} for {code!r} must be a finite "
                                            "number >= 0", field=f"scoring.{name}.{code}"))
        for ci, conf in enumerate(CONFIDENCES):
            for si, status in enumerate(STATUSES):
                if conf in scoring.confidence_weights and status in scoring.status_weights:
                    weights[ci, si] = (scoring.confidence_weights[conf]
                                       * scoring.status_weights[status])
        if problems:
            raise CatalogueError(problems, summary=f"catalogue {catalogue.key!r} cannot be "
                                 "used for scoring")
        return cls(
            catalogue=catalogue, provisions=provisions, non_assessable=non_assessable,
            areas=tuple(catalogue.codes("areas")), layers=tuple(catalogue.codes("layers")),
            clusters=clusters, sectors=tuple(catalogue.codes("sectors")),
            groups=tuple(catalogue.codes("child_groups")),
            criteria=tuple(catalogue.codes("exclusion_criteria")),
            forms=tuple(catalogue.codes("forms")), titles=titles,
            cluster_offsets=cluster_offsets, cluster_members=cluster_members,
            provision_cluster_offsets=pc_offsets, provision_clusters=pc_clusters,
            levels=levels, scale_min=levels[0], scale_max=levels[-1], weights=weights,
        )

    # --- sizes and positions ----------------------------------------------------------------
    @property
    def n_cells(self) -> int:
        return len(self.provisions) * len(self.areas) * len(self.layers)

    @property
    def n_classes(self) -> int:
        return len(CONFIDENCES) * len(STATUSES) * len(self.levels)

    def title(self, kind: str, code: str) -> str:
        return self.titles.get((kind, code), code)

    def cell_codes(self, cell: int) -> tuple[str, str, str]:
        """(provision, area, layer) codes of a cell id."""
        rest, layer = divmod(int(cell), len(self.layers))
        provision, area = divmod(rest, len(self.areas))
        return self.provisions[provision], self.areas[area], self.layers[layer]

    def cell_grid(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Provision, area and layer position of every cell id, as three arrays."""
        ids = np.arange(self.n_cells)
        rest, layer = np.divmod(ids, len(self.layers))
        provision, area = np.divmod(rest, len(self.areas))
        return provision, area, layer

    def cluster_provisions(self, cluster: int) -> np.ndarray:
        start, stop = self.cluster_offsets[cluster], self.cluster_offsets[cluster + 1]
        return self.cluster_members[start:stop]

    def cluster_matrix(self) -> np.ndarray:
        """Incidence matrix (clusters x assessable provisions) of 0/1 integers."""
        matrix = np.zeros((len(self.clusters), len(self.provisions)), dtype=np.int64)
        for ci in range(len(self.clusters)):
            matrix[ci, self.cluster_provisions(ci)] = 1
        return matrix

    # --- scoring classes ----------------------------------------------------------------------
    @cached_property
    def class_vectors(self) -> tuple[np.ndarray, np.ndarray]:
        """Weight and weight x rating of every class (confidence, status, level), in class id
        order ``(confidence * n_statuses + status) * n_levels + level``. Classes whose weight
        the catalogue does not give hold 0: the frame refuses any finding that would fall in
        one, and a NaN would poison the products with zero counts."""
        levels = np.asarray(self.levels, dtype=np.float64)
        weight = np.repeat(np.nan_to_num(self.weights.reshape(-1), nan=0.0), len(levels))
        rating = np.tile(levels, self.weights.size)
        return weight, weight * rating
