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


def coordinated(simple: nx.Graph, a: str, b: str) -> bool:
    """Whether two actors work together: a coordinating link between them, or both linked to
    one coordination body (an actor of type ``coordination-body``)."""
    adj = simple.adj
    if b in adj[a]:
        return True
    small, large = (adj[a], adj[b]) if len(adj[a]) <= len(adj[b]) else (adj[b], adj[a])
    nodes = simple.nodes
    return any(c in large and nodes[c].get("type") == COORDINATION_BODY_TYPE for c in small)
