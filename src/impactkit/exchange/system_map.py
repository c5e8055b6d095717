"""The system map out of and into IMPACT: GraphML for network tools (Gephi, Cytoscape,
yEd, networkx) and a Frictionless Data Package for lossless exchange.

The Data Package is the workspace package (:mod:`impactkit.exchange.datapackage`) holding
only the map: actors, the instruments their mandates and links cite as legal basis, mandates
and links, with empty tables for the rest, so any package reader, and ``impact import``,
understands it. Reading one back is all or nothing and refuses a package that holds
findings or evidence (that is a whole workspace: ``impact import`` creates it).
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from impactkit.domain import WorkspaceData
from impactkit.errors import ImportRejected, Problem
from impactkit.exchange.datapackage import export_datapackage, read_datapackage
from impactkit.systemmap.graph import build_graph

MAP_RECORDS = ("actors", "instruments", "mandates", "links")
OTHER_RECORDS = ("findings", "evidence", "indicator_values")


def map_only(data: WorkspaceData) -> WorkspaceData:
    return WorkspaceData(workspace=data.workspace,
                         **{name: list(getattr(data, name)) for name in MAP_RECORDS})


def write_map_package(data: WorkspaceData, directory: Path) -> Path:
    return export_datapackage(map_only(data), directory)


def read_map_package(path: Path) -> WorkspaceData:
    data = read_datapackage(path)
    held = [name for name in OTHER_RECORDS if getattr(data, name)]
    if held:
        raise ImportRejected([Problem(
            f"the package holds {', '.join(held)}: it is a whole workspace, not a map "
            "(import it with 'impact import')", location=str(path))],
            summary=f"{path}: not a map package; nothing was imported")
    return data


def write_graphml(data: WorkspaceData, path: Path) -> Path:
    """Actors as nodes (name, sector, level, type), links as edges (kind, legal basis,
    notes); empty values as empty text, since GraphML has no null."""
    graph = build_graph(data)
    plain = nx.MultiDiGraph(workspace=data.workspace.key)
    for node, attributes in graph.nodes(data=True):
        plain.add_node(node, **{k: "" if v is None else v for k, v in attributes.items()})
    for source, target, key, attributes in graph.edges(keys=True, data=True):
        plain.add_edge(source, target, key=key,
                       **{k: "" if v is None else v for k, v in attributes.items()})
    nx.write_graphml(plain, path)
    return path
