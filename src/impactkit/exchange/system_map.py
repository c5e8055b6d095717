"""The system map out of and into IMPACT: GraphML for network tools (Gephi, Cytoscape,
yEd, networkx) and a Frictionless Data Package for lossless exchange.

The Data Package is the workspace package (:mod:`impactkit.exchange.datapackage`) holding
only the map: actors, the instruments their mandates and links cite as legal basis, mandates
and links, with empty tables for the rest, so any package reader, and ``impact import``,
understands it. Reading one back is all or nothing and refuses a package that holds
findings or evidence (that is a whole workspace: ``impact import`` creates it).

A map may also come as a folder of spreadsheets saved as CSV, without a descriptor:
``actors.csv``, ``instruments.csv``, ``services.csv``, ``mandates.csv`` and ``links.csv``
(any of them; one with a header alone adds nothing), read in that order with the columns of
:mod:`impactkit.exchange.map_tables`, each file's references resolved against the workspace
and the files read before it.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from impactkit.catalogue.schema import Catalogue
from impactkit.domain import WorkspaceData
from impactkit.errors import ImportRejected, Problem, UsageError
from impactkit.exchange.datapackage import DESCRIPTOR_NAME, export_datapackage, read_datapackage
from impactkit.exchange.map_tables import (
    FOLDER_ORDER,
    MAP_TABLE_KINDS,
    SERVICES,
    merged,
    read_map_table,
)
from impactkit.exchange.sources import ROW_NUMBERS, read_table
from impactkit.systemmap.graph import build_graph

MAP_RECORDS = ("actors", "instruments", "mandates", "links")
OTHER_RECORDS = ("findings", "evidence", "indicator_values")


def map_only(data: WorkspaceData) -> WorkspaceData:
    return WorkspaceData(workspace=data.workspace,
                         **{name: list(getattr(data, name)) for name in MAP_RECORDS})


def write_map_package(data: WorkspaceData, directory: Path) -> Path:
    return export_datapackage(map_only(data), directory)


def read_map_package(path: Path, *, catalogue: Catalogue | None = None,
                     known: WorkspaceData | None = None) -> WorkspaceData:
    """The map a Data Package holds, or a folder of CSV files without a descriptor (which
    needs the workspace's ``catalogue`` to read codes and its records, ``known``, to check
    keys and references: :func:`read_map_folder`)."""
    if path.is_dir() and not (path / DESCRIPTOR_NAME).exists():
        if catalogue is None or known is None:
            raise UsageError(f"{path}: a folder of CSV files is read against a workspace; "
                             "import it with 'impact map import'")
        return read_map_folder(path, catalogue, known=known)
    data = read_datapackage(path)
    held = [name for name in OTHER_RECORDS if getattr(data, name)]
    if held:
        raise ImportRejected([Problem(
            f"the package holds {', '.join(held)}: it is a whole workspace, not a map "
            "(import it with 'impact import')", location=str(path))],
            summary=f"{path}: not a map package; nothing was imported")
    return data


def read_map_folder(folder: Path, catalogue: Catalogue, *, known: WorkspaceData
                    ) -> WorkspaceData:
    """The records of a folder's map tables, all or nothing: every problem of every file
    (by file, row and column), or the records of them all in ``known``'s workspace."""
    expected = [f"{kind}.csv" for kind in MAP_TABLE_KINDS]
    files = {entry.name.lower(): entry for entry in sorted(folder.iterdir())
             if entry.suffix.lower() == ".csv"}
    problems = [Problem(f"{entry.name} is not a table of the map; a folder holds "
                        f"{', '.join(expected)}", location=str(entry))
                for name, entry in files.items() if name not in expected]
    if not any(name in files for name in expected):
        problems.append(Problem(f"the folder has no {DESCRIPTOR_NAME} and none of "
                                f"{', '.join(expected)}", location=str(folder)))
    parts: list[WorkspaceData] = []
    unsure: set[str] = set()  # tables whose file was rejected: references to them unchecked
    for kind in FOLDER_ORDER:
        entry = files.get(f"{kind}.csv")
        try:
            if entry is None or not read_table(entry).rows:  # absent, or a header alone
                continue
            parts.append(read_map_table(entry, kind, catalogue, known=merged(known, *parts),
                                        unsure=unsure))
        except ImportRejected as rejected:
            problems += rejected.problems
            unsure.add("actors" if kind == SERVICES else kind)
    if problems:
        raise ImportRejected(problems, summary=f"{folder}: {len(problems)} problem(s) in the "
                             f"map's tables; nothing was imported ({ROW_NUMBERS})")
    return merged(WorkspaceData(workspace=known.workspace), *parts)


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
