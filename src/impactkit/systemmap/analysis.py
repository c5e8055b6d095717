"""The map analysed: where the chain breaks, where responsibilities overlap without
coordination, declared conflicts, isolated and bridging actors, coordination density.

Rules (the chain's coverage rule is in :mod:`impactkit.analysis.chain`):

* **chain**: one cell for every form of exploitation x (every child group, and ``None`` for
  any child) x every function of :data:`FUNCTION_CHAIN` then :data:`SUPPORTING_FUNCTIONS`,
  with the actors mandated for it.
* **gaps**: the cells nobody is mandated for, with the reason in plain words.
* **overlaps**: responsibilities overlap where two or more actors' mandates *name* the same
  form for the same function (general mandates, which reach every form, are the system's
  default and would make every cell an overlap). The cell with ``group=None`` counts mandates
  naming no group; a group's cell is reported only when some mandate names both the form and
  that group, and lists only the pairs involving such a mandate (the others are already in the
  ``None`` cell). ``uncoordinated`` lists the pairs that do not work together: no coordinating
  link between them, and no coordination body both are linked to.
* **conflicts**: every ``conflict`` link, as the analysis reports it
  (:func:`impactkit.analysis.mandates.declared_conflicts`). **isolated**: actors with no
  link of any kind.
* **bridges**: articulation points of the undirected coordinating network, with the pieces
  their loss leaves (:mod:`impactkit.systemmap.bridges`).
* **density**: for every pair of sectors (catalogue order, unknown sectors last, a sector
  with itself included), actor pairs joined by a coordinating link over actor pairs possible.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from impactkit.analysis.chain import FUNCTION_CHAIN, SUPPORTING_FUNCTIONS, ChainIndex, gap_reason
from impactkit.analysis.index import CatalogueIndex
from impactkit.analysis.mandates import MandateConflict, declared_conflicts
from impactkit.catalogue.schema import Catalogue
from impactkit.domain import WorkspaceData
from impactkit.plain import plain
from impactkit.systemmap.bridges import cut_points
from impactkit.systemmap.graph import (
    build_graph,
    coordinated,
    coordinating_graph,
)


class _Plain:
    def to_dict(self) -> dict[str, Any]:
        out = plain(self)
        assert isinstance(out, dict)
        return out


@dataclass(frozen=True, slots=True)
class ChainCell(_Plain):
    form: str
    group: str | None
    function: str
    actors: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MapGap(_Plain):
    form: str
    group: str | None
    function: str
    reason: str


@dataclass(frozen=True, slots=True)
class Overlap(_Plain):
    form: str
    group: str | None
    function: str
    actors: tuple[str, ...]
    uncoordinated: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Bridge(_Plain):
    actor: str
    #: actor keys of each piece cut off from the largest one, smallest first
    separates: tuple[tuple[str, ...], ...]
    #: sizes of all pieces the loss leaves, the largest (not listed in ``separates``) first
    sizes: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class SectorDensity(_Plain):
    sector_a: str
    sector_b: str
    links: int
    possible: int
    density: float


@dataclass(frozen=True, slots=True)
class MapReport(_Plain):
    chain: list[ChainCell]
    gaps: list[MapGap]
    overlaps: list[Overlap]
    conflicts: list[MandateConflict]
    isolated: list[str]
    bridges: list[Bridge]
    density: list[SectorDensity]
    actors: int
    links: int


def analyse_map(data: WorkspaceData, catalogue: Catalogue) -> MapReport:
    graph = build_graph(data)
    simple = coordinating_graph(
        graph, frozenset(catalogue.scoring.coordinating_link_kinds))
    index = ChainIndex(data)
    functions = (*FUNCTION_CHAIN, *SUPPORTING_FUNCTIONS)
    groups: tuple[str | None, ...] = (*catalogue.codes("child_groups"), None)

    chain: list[ChainCell] = []
    gaps: list[MapGap] = []
    overlaps: list[Overlap] = []
    pair_cache: dict[tuple[str, str], bool] = {}

    def works_with(a: str, b: str) -> bool:
        key = (a, b) if a < b else (b, a)
        if key not in pair_cache:
            pair_cache[key] = coordinated(simple, a, b)
        return pair_cache[key]

    for form in catalogue.codes("forms"):
        for group in groups:
            for function in functions:
                actors = index.cell(form, group, function)
                chain.append(ChainCell(form, group, function, actors))
                if not actors:
                    gaps.append(MapGap(form, group, function,
                                       gap_reason(index, catalogue, form, group, function)))
                    continue
                overlap = _overlap(index, form, group, function, works_with)
                if overlap is not None:
                    overlaps.append(overlap)

    conflicts = list(declared_conflicts(data, CatalogueIndex.build(catalogue)))
    isolated = sorted(n for n in graph.nodes if graph.degree(n) == 0)
    bridges = [Bridge(c.actor, c.separates, c.sizes) for c in cut_points(simple)]
    return MapReport(chain=chain, gaps=gaps, overlaps=overlaps, conflicts=conflicts,
                     isolated=isolated, bridges=bridges,
                     density=_density(data, catalogue, simple),
                     actors=graph.number_of_nodes(), links=graph.number_of_edges())


def _overlap(index: ChainIndex, form: str, group: str | None, function: str,
             works_with: Any) -> Overlap | None:
    general = index.named_form.get((function, form, None), set())
    if group is None:
        named, focus = general, general
    else:
        focus = index.named_form.get((function, form, group), set())
        if not focus:
            return None
        named = general | focus
    if len(named) < 2:
        return None
    actors = tuple(sorted(named))
    pairs = tuple((a, b) for a, b in combinations(actors, 2)
                  if (group is None or a in focus or b in focus) and not works_with(a, b))
    if not pairs:  # several actors, but all of them work together: no problem to report
        return None
    return Overlap(form, group, function, actors, pairs)


def _density(data: WorkspaceData, catalogue: Catalogue, simple: Any) -> list[SectorDensity]:
    sizes = Counter(a.sector for a in data.actors)
    known = catalogue.codes("sectors")
    sectors = [*known, *sorted(set(sizes) - set(known))]
    rank = {s: i for i, s in enumerate(sectors)}
    sector_of = {a.key: a.sector for a in data.actors}
    linked: Counter[tuple[str, str]] = Counter()
    for u, v in simple.edges():
        a, b = sector_of[u], sector_of[v]
        linked[(a, b) if rank[a] <= rank[b] else (b, a)] += 1
    out = []
    for i, a in enumerate(sectors):
        for b in sectors[i:]:
            possible = sizes[a] * (sizes[a] - 1) // 2 if a == b else sizes[a] * sizes[b]
            links = linked[(a, b)]
            out.append(SectorDensity(a, b, links, possible,
                                     round(links / possible, 4) if possible else 0.0))
    return out
