"""The map analysed: where the chain breaks, where responsibilities overlap without
coordination, declared conflicts, isolated and bridging actors, coordination density.

Rules (the chain's coverage rule is in :mod:`impactkit.analysis.chain`; the counting rule of
gaps in :func:`impactkit.analysis.mandates.mandate_gaps`, which the analysis report and the
dashboard use too, so the three give the same counts):

* **chain**: one cell for every form of exploitation x (every child group, and ``None`` for
  any child) x every function of :data:`FUNCTION_CHAIN` then :data:`SUPPORTING_FUNCTIONS`,
  with the actors mandated for it.
* **gaps**: one per form and function nobody holds for children in general, with the child
  groups left without anyone as its detail (``groups``) and the reason in plain words. A
  group never has a gap of its own where children in general have an actor: a mandate that
  serves every child serves every group (the groups a mandate names are served in
  particular, unless it is limited to them).
* **specialised**: one per specialised function (guardianship, age assessment, ...) no
  mandate holds at all.
* **overlaps**: responsibilities overlap where two or more actors' mandates *name* the same
  form for the same function and serve every child of it (general mandates, which reach every
  form, are the system's default and would make every function an overlap; mandates limited
  to some groups are specialists beside the others). An overlap is reported when some pair of
  those actors does not work together: no coordinating link between them, and no
  coordination body both are linked to. It carries how many pairs there are, how many do not
  coordinate, and the first :data:`PAIR_SAMPLE` of those; :func:`uncoordinated_page` lists
  them all, a page at a time.
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
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

import networkx as nx

from impactkit.analysis.chain import (
    FUNCTION_CHAIN,
    SUPPORTING_FUNCTIONS,
    ChainIndex,
    Specialisations,
    applies,
)
from impactkit.analysis.index import CatalogueIndex
from impactkit.analysis.mandates import (
    MandateConflict,
    MandateGaps,
    SpecialisedGap,
    declared_conflicts,
    mandate_gaps,
)
from impactkit.catalogue.schema import Catalogue
from impactkit.domain import Mandate, WorkspaceData
from impactkit.plain import plain
from impactkit.systemmap.bridges import cut_points
from impactkit.systemmap.graph import (
    COORDINATION_BODY_TYPE,
    build_graph,
    coordinating_graph,
)

PAIR_SAMPLE = 10
"""Uncoordinated pairs an overlap carries; :func:`uncoordinated_page` lists the rest."""


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
    """A function nobody holds for children in general, for one form of exploitation."""

    form: str
    function: str
    #: the child groups no mandate limited to them reaches either (the gap's detail)
    groups: tuple[str, ...]
    reason: str


@dataclass(frozen=True, slots=True)
class Overlap(_Plain):
    form: str
    function: str
    actors: tuple[str, ...]
    #: pairs of those actors
    pairs: int
    #: pairs that do not work together
    uncoordinated_count: int
    #: the first of those pairs (at most :data:`PAIR_SAMPLE`), in key order
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
    specialised: list[SpecialisedGap]
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
    index = ChainIndex(data, Specialisations(catalogue))
    functions = (*FUNCTION_CHAIN, *SUPPORTING_FUNCTIONS)
    groups: tuple[str | None, ...] = (*catalogue.codes("child_groups"), None)
    chain = [ChainCell(form, group, function, index.cell(form, group, function))
             for form in catalogue.codes("forms") for group in groups
             for function in functions]
    found = mandate_gaps(data, catalogue, index)
    gaps = _map_gaps(found)
    network = _Network(simple)
    overlaps = [overlap for form in catalogue.codes("forms") for function in functions
                if (overlap := _overlap(network, index, form, function)) is not None]
    conflicts = list(declared_conflicts(data, CatalogueIndex.build(catalogue)))
    actors = set(graph.nodes)
    drawn = [link for link in data.links
             if link.source_key in actors and link.target_key in actors]
    linked = {end for link in drawn for end in (link.source_key, link.target_key)}
    isolated = sorted(actors - linked)  # no link of any kind, not even a conflict
    bridges = [Bridge(c.actor, c.separates, c.sizes) for c in cut_points(simple)]
    return MapReport(chain=chain, gaps=gaps, specialised=list(found.specialised),
                     overlaps=overlaps, conflicts=conflicts, isolated=isolated,
                     bridges=bridges, density=_density(data, catalogue, simple),
                     actors=len(actors), links=len(drawn))


def _map_gaps(found: MandateGaps) -> list[MapGap]:
    return [MapGap(g.form, g.function, g.groups, g.message) for g in found.functions]


def map_gap(data: WorkspaceData, catalogue: Catalogue, *, form: str, function: str
            ) -> MapGap | None:
    """One gap of the map by the counting rule, without the rest of the map's analysis
    (overlaps, bridges, density), for a page showing the detail behind it."""
    return next((g for g in _map_gaps(mandate_gaps(data, catalogue))
                 if (g.form, g.function) == (form, function)), None)


def uncoordinated_page(data: WorkspaceData, catalogue: Catalogue, *, form: str,
                       function: str, page: int, size: int
                       ) -> tuple[int, int, list[tuple[str, str]]]:
    """Page ``page`` of an overlap's pairs that do not work together (in key order),
    clamped to the pages there are: ``(total, page shown, pairs)``."""
    total, pairs = _pairs(data, catalogue, form=form, function=function)
    pages = max(1, -(-total // size))
    page = min(max(page, 1), pages)
    return total, page, list(islice(pairs, (page - 1) * size, page * size))


def uncoordinated_of(data: WorkspaceData, catalogue: Catalogue, overlaps: list[Overlap]
                     ) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """Every pair that does not work together, for each overlap (by form and function), the
    network built once for all of them."""
    network = _Network(coordinating_graph(
        build_graph(data), frozenset(catalogue.scoring.coordinating_link_kinds)))
    out = {}
    for overlap in overlaps:
        actors = list(overlap.actors)
        out[(overlap.form, overlap.function)] = list(
            _missing(actors, network.coordinated_pairs(actors)))
    return out


def _pairs(data: WorkspaceData, catalogue: Catalogue, *, form: str, function: str
           ) -> tuple[int, Iterator[tuple[str, str]]]:
    """How many pairs of an overlap do not work together, and the pairs themselves, lazily
    in key order (there may be millions: a page takes only its slice)."""
    simple = coordinating_graph(build_graph(data),
                                frozenset(catalogue.scoring.coordinating_link_kinds))
    network = _Network(simple)
    actors = sorted(ChainIndex(data).named_form.get((function, form, None), set()))
    linked = network.coordinated_pairs(actors)
    total = len(actors) * (len(actors) - 1) // 2 - len(linked)
    return total, _missing(actors, linked)


class _Network:
    """Who works with whom, for counting pairs: coordinating neighbours, and the members of
    each coordination body (two members of one body count as working together, as in
    the navigator's referral rule)."""

    def __init__(self, simple: nx.Graph) -> None:
        self.adj = simple.adj
        nodes = simple.nodes
        self.bodies = {n: set(simple.adj[n]) for n in simple.nodes
                       if nodes[n].get("type") == COORDINATION_BODY_TYPE}

    def coordinated_pairs(self, actors: list[str]) -> set[tuple[str, str]]:
        """The pairs of ``actors`` (as ``(smaller, larger)``) that work together; a count
        costs the links of those actors, not the pairs among them."""
        chosen = set(actors)
        pairs: set[tuple[str, str]] = set()
        for a in actors:
            for b in self.adj[a]:
                if a < b and b in chosen:
                    pairs.add((a, b))
        for members in self.bodies.values():
            inside = sorted(members & chosen)  # walks the smaller of the two sets
            for i, a in enumerate(inside):
                for b in inside[i + 1:]:
                    pairs.add((a, b))
        return pairs


def _missing(actors: list[str], linked: set[tuple[str, str]]
             ) -> Iterator[tuple[str, str]]:
    """The pairs of sorted ``actors`` not in ``linked``, in key order."""
    for i, a in enumerate(actors):
        for b in actors[i + 1:]:
            if (a, b) not in linked:
                yield a, b


def _overlap(network: _Network, index: ChainIndex, form: str, function: str
             ) -> Overlap | None:
    named = index.named_form.get((function, form, None), set())
    if len(named) < 2:
        return None
    actors = sorted(named)
    linked = network.coordinated_pairs(actors)
    pairs = len(actors) * (len(actors) - 1) // 2
    missing = pairs - len(linked)
    if not missing:  # several actors, but all of them work together: no problem to report
        return None
    sample = tuple(islice(_missing(actors, linked), PAIR_SAMPLE))
    return Overlap(form, function, tuple(actors), pairs, missing, sample)


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


def limited_mandates(data: WorkspaceData, catalogue: Catalogue, *, form: str, function: str
                     ) -> list[Mandate]:
    """The detail behind a gap: the mandates of existing actors that hold ``function`` but
    do not reach children in general in cases of ``form`` (limited to other forms, or to
    some groups), by actor then key."""
    specialisations = Specialisations(catalogue)
    known = {a.key for a in data.actors}
    return sorted((m for m in data.mandates
                   if m.actor_key in known and function in specialisations.held(m)
                   and not applies(m, (form,), ())),
                  key=lambda m: (m.actor_key, m.key))
