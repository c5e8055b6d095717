"""The map as a graph: actors are nodes, typed links are edges.

A :class:`networkx.MultiDiGraph`, because two actors may be joined by several links of
different kinds (a referral and a data-sharing agreement) and a link has a direction (who
refers to whom, who funds whom). Analyses that ask "do these actors work together?" use the
undirected view restricted to :data:`COORDINATING_KINDS` (:func:`coordinating_graph`).

Links naming an actor that does not exist are left out (the mandate coverage analysis reports
them as ``unknown-actor`` notices); they would otherwise create nodes without a sector.
"""

from __future__ import annotations

import networkx as nx

from impactkit.domain import WorkspaceData

#: What counts as working together when no catalogue says otherwise. Funding alone does not:
#: paying for a shelter is not passing children or information between them; a declared
#: conflict is the opposite of coordination. The analyses use the catalogue's
#: ``scoring.coordinating_link_kinds`` instead (the default catalogue also counts supervision),
#: the rule the mandate coverage of the analysis engine applies.
COORDINATING_KINDS: frozenset[str] = frozenset({"coordination-body", "referral", "data-sharing"})

#: The actor type of a coordination body: two members of one body count as coordinated.
COORDINATION_BODY_TYPE = "coordination-body"


def build_graph(data: WorkspaceData) -> nx.MultiDiGraph:
    """Nodes are actor keys (attributes name, sector, level, type); edges are links, keyed by
    link key (attributes kind, legal_basis, notes)."""
    graph = nx.MultiDiGraph()
    for actor in data.actors:
        graph.add_node(actor.key, name=actor.name, sector=actor.sector, level=actor.level,
                       type=actor.type)
    for link in data.links:
        if link.source_key in graph and link.target_key in graph:
            graph.add_edge(link.source_key, link.target_key, key=link.key, kind=link.kind,
                           legal_basis=link.legal_basis, notes=link.notes)
    return graph


def coordinating_network(data: WorkspaceData, kinds: frozenset[str]) -> nx.Graph:
    """The undirected simple graph of :func:`coordinating_graph`, built straight from the
    links without the typed multigraph (no node attributes): what a walk over who works
    with whom needs, at a fraction of the cost on a large map."""
    names = {a.key for a in data.actors}
    graph = nx.Graph()
    graph.add_nodes_from(names)
    graph.add_edges_from((x.source_key, x.target_key) for x in data.links
                         if x.kind in kinds and x.source_key != x.target_key
                         and x.source_key in names and x.target_key in names)
    return graph


def coordinating_graph(graph: nx.MultiDiGraph,
                       kinds: frozenset[str] = COORDINATING_KINDS) -> nx.Graph:
    """Undirected simple graph of every actor, with an edge where at least one coordinating
    link (a kind in ``kinds``) joins two actors (either direction). Self-links are dropped.
    The analyses pass the catalogue's ``scoring.coordinating_link_kinds``, so the map and the
    mandate coverage of the analysis engine apply one published rule."""
    out = nx.Graph()
    out.add_nodes_from(graph.nodes(data=True))
    out.add_edges_from((u, v) for u, v, kind in graph.edges(data="kind")
                       if kind in kinds and u != v)
    return out
