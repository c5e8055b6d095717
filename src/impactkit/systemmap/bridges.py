"""Bridging actors: those whose loss splits the coordinating network.

networkx finds articulation points, but asking it for the pieces left behind each one means a
fresh component search per point: quadratic on a large map. One depth-first search (Tarjan's
low-point method) gives both: a child ``c`` of ``v`` in the search tree with
``low[c] >= disc[v]`` roots a piece that only ``v`` holds to the rest, and that piece is the
contiguous run ``order[disc[c]:disc[c] + size[c]]`` of the preorder. The test checks the
points against :func:`networkx.articulation_points`.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx


@dataclass(frozen=True, slots=True)
class Cut:
    actor: str
    #: actor keys of each piece except the largest, smallest piece first
    separates: tuple[tuple[str, ...], ...]
    #: size of every piece the loss leaves, largest first
    sizes: tuple[int, ...]


def cut_points(graph: nx.Graph) -> list[Cut]:
    """Every articulation point of the undirected ``graph`` (sorted by actor key) with the
    pieces its removal leaves in its component."""
    adj = {n: list(graph.adj[n]) for n in graph.nodes}
    disc: dict[str, int] = {}
    low: dict[str, int] = {}
    size: dict[str, int] = {}
    order: list[str] = []
    cuts: list[Cut] = []
    for root in sorted(adj):
        if root in disc:
            continue
        start = len(order)
        pieces: dict[str, list[str]] = {}  # cut vertex -> children rooting a piece
        parent: dict[str, str | None] = {root: None}
        disc[root] = low[root] = len(order)
        order.append(root)
        stack = [(root, iter(adj[root]))]
        while stack:
            node, neighbours = stack[-1]
            advanced = False
            for nxt in neighbours:
                if nxt not in disc:
                    parent[nxt] = node
                    disc[nxt] = low[nxt] = len(order)
                    order.append(nxt)
                    stack.append((nxt, iter(adj[nxt])))
                    advanced = True
                    break
                if nxt != parent[node]:
                    low[node] = min(low[node], disc[nxt])
            if advanced:
                continue
            stack.pop()
            size[node] = len(order) - disc[node]
            up = parent[node]
            if up is not None:
                low[up] = min(low[up], low[node])
                if low[node] >= disc[up]:
                    pieces.setdefault(up, []).append(node)
        component_size = len(order) - start
        for vertex, children in pieces.items():
            if vertex == root and len(children) < 2:
                continue
            parts = [order[disc[c]:disc[c] + size[c]] for c in children]
            rest = component_size - 1 - sum(len(p) for p in parts)
            if rest:
                inside = {n for p in parts for n in p}
                inside.add(vertex)
                parts.append([n for n in order[start:start + component_size]
                              if n not in inside]
                             if rest <= max(len(p) for p in parts) else [""] * rest)
            parts.sort(key=len, reverse=True)
            sizes = tuple(len(p) for p in parts)
            kept = sorted((tuple(sorted(p)) for p in parts[1:]), key=lambda p: (len(p), p))
            cuts.append(Cut(vertex, tuple(kept), sizes))
    return sorted(cuts, key=lambda c: c.actor)
