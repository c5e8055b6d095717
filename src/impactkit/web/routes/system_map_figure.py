"""What the network view draws: one entry per actor and per link, with the position, colour,
shape and line style each gets, computed here so that the graph (static/js/map.js), its HTML
legend and the tables beside it all read the same values.

Positions come from networkx's spring layout, seeded, so the same map is drawn the same way
on every visit and in every browser (the browser only draws; it never lays out).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import networkx as nx

from impactkit.analysis.chain import applies
from impactkit.catalogue.schema import Catalogue
from impactkit.domain import WorkspaceData
from impactkit.systemmap.analysis import MapReport
from impactkit.systemmap.graph import build_graph

LAYOUT_SEED = 20240501
"""Fixed, so that a map keeps its shape from one visit to the next."""

SECTOR_COLOURS = ("#332288", "#88ccee", "#44aa99", "#117733", "#999933", "#ddcc77",
                  "#cc6677", "#882255", "#aa4499", "#dddddd")
"""Paul Tol's "muted" scheme and its pale grey: ten colours told apart with every common
colour-vision deficiency. Sectors take them in catalogue order; every node also has a dark
outline (contrast on white) and the sector is named on hover and in the actor table."""

LEVEL_SYMBOLS = {"national": ("circle", "●"), "regional": ("square", "■"),
                 "local": ("diamond", "◆")}
OTHER_LEVEL = ("triangle-up", "▲")
"""Plotly marker symbol and the character the HTML legend shows for it."""

EDGE_STYLES: dict[str, tuple[str, str, float]] = {
    "referral": ("#1d2330", "solid", 1.6),
    "coordination-body": ("#8a93a3", "solid", 1.0),
    "data-sharing": ("#0072b2", "dot", 1.4),
    "funding": ("#525a6b", "dashdot", 1.2),
    "supervision": ("#525a6b", "longdash", 1.2),
    "conflict": ("#c1121f", "dash", 3.0),
}
OTHER_EDGE = ("#8a93a3", "solid", 1.0)
"""Line colour, Plotly dash and width per link kind; a conflict is red, dashed and thick,
so it stands out by its dash and width as much as by its colour."""


@dataclass(frozen=True)
class Highlight:
    """Which actors the filters pick out (None: no filter, every actor is picked)."""

    sector: str | None = None
    level: str | None = None
    form: str | None = None

    @property
    def active(self) -> bool:
        return any((self.sector, self.level, self.form))


def form_actors(data: WorkspaceData, form: str) -> set[str]:
    """Actors holding a mandate (with at least one function) that reaches ``form``, for some
    child group: the mandate rule of :mod:`impactkit.analysis.chain`."""
    return {m.actor_key for m in data.mandates
            if m.functions and applies(m, (form,), m.groups)}


def layout(data: WorkspaceData) -> dict[str, tuple[float, float]]:
    """Seeded positions of every actor. The largest connected part of the network is laid
    out by itself over the square [-1, 1]; smaller parts and isolated actors are set in rows
    below it. Laid out together, they would drift to the edges and squeeze the main network
    into a corner of the picture."""
    graph = nx.Graph(build_graph(data).to_undirected())
    graph.remove_edges_from(list(nx.selfloop_edges(graph)))
    parts = sorted((sorted(p) for p in nx.connected_components(graph)),
                   key=lambda p: (-len(p), p[0]))
    if not parts:
        return {}
    main, rest = parts[0], parts[1:]
    positions: dict[str, tuple[float, float]] = {}
    if len(main) == 1:
        positions[main[0]] = (0.0, 0.0)
    else:
        core = graph.subgraph(main)
        found = nx.spring_layout(core, seed=LAYOUT_SEED, iterations=200,
                                 k=2.0 / len(main) ** 0.5)
        positions.update({k: (float(x), float(y)) for k, (x, y) in found.items()})
    groups = [p for p in rest if len(p) > 1]
    for i, part in enumerate(groups):
        centre = (-1.0 + 2.0 * (i + 0.5) / len(groups), -1.3)
        found = nx.spring_layout(graph.subgraph(part), seed=LAYOUT_SEED, scale=0.12,
                                 center=centre)
        positions.update({k: (float(x), float(y)) for k, (x, y) in found.items()})
    lonely = [p[0] for p in rest if len(p) == 1]
    row = -1.55 if groups else -1.3
    for i, key in enumerate(lonely):
        positions[key] = (-1.0 + 2.0 * (i + 0.5) / len(lonely), row)
    return {key: (round(x, 4), round(y, 4)) for key, (x, y) in positions.items()}


def sector_colours(catalogue: Catalogue, data: WorkspaceData) -> dict[str, str]:
    """Sector code -> colour: catalogue sectors first, then any sector only the data uses."""
    codes = [s.code for s in catalogue.sectors]
    codes += sorted({a.sector for a in data.actors} - set(codes))
    return {code: SECTOR_COLOURS[i % len(SECTOR_COLOURS)] for i, code in enumerate(codes)}


def level_symbol(level: str) -> tuple[str, str]:
    return LEVEL_SYMBOLS.get(level, OTHER_LEVEL)


def edge_style(kind: str) -> tuple[str, str, float]:
    return EDGE_STYLES.get(kind, OTHER_EDGE)


def actor_rows(data: WorkspaceData, report: MapReport, titles: dict[str, dict[str, str]],
               highlight: Highlight, workspace_key: str) -> list[dict[str, Any]]:
    """One row per actor, for the table and the graph alike (sorted by sector, then name)."""
    links: dict[str, int] = {a.key: 0 for a in data.actors}
    for link in data.links:
        for end in {link.source_key, link.target_key}:
            if end in links:
                links[end] += 1
    isolated = set(report.isolated)
    bridges = {b.actor for b in report.bridges}
    by_form = form_actors(data, highlight.form) if highlight.form else None
    rows: list[dict[str, Any]] = []
    for actor in data.actors:
        picked = ((highlight.sector is None or actor.sector == highlight.sector)
                  and (highlight.level is None or actor.level == highlight.level)
                  and (by_form is None or actor.key in by_form))
        rows.append({
            "key": actor.key, "name": actor.name, "sector": actor.sector,
            "sector_title": titles["sectors"].get(actor.sector, actor.sector),
            "level": actor.level,
            "level_title": titles["actor_levels"].get(actor.level, actor.level),
            "type": actor.type, "type_title": titles["actor_types"].get(actor.type, actor.type),
            "links": links[actor.key], "isolated": actor.key in isolated,
            "bridge": actor.key in bridges, "picked": picked,
            "url": f"/workspaces/{quote(workspace_key, safe='')}/actors/"
                   f"{quote(actor.key, safe='')}"})
    rows.sort(key=lambda r: (r["sector_title"], r["name"].lower()))
    return rows


def figure(data: WorkspaceData, catalogue: Catalogue, rows: list[dict[str, Any]],
           titles: dict[str, dict[str, str]]) -> dict[str, Any]:
    """What map.js draws: nodes (with position, colour, symbol) and edges (with style)."""
    positions = layout(data)
    colours = sector_colours(catalogue, data)
    nodes = [{**row, "x": positions[row["key"]][0], "y": positions[row["key"]][1],
              "colour": colours[row["sector"]], "symbol": level_symbol(row["level"])[0]}
             for row in rows if row["key"] in positions]
    known = set(positions)
    edges = [{"key": link.key, "source": link.source_key, "target": link.target_key,
              "kind": link.kind, "kind_title": titles["link_kinds"].get(link.kind, link.kind)}
             for link in data.links
             if link.source_key in known and link.target_key in known
             and link.source_key != link.target_key]
    kinds = sorted({e["kind"] for e in edges}, key=lambda k: (k == "conflict", k))
    return {"nodes": nodes, "edges": edges,
            "edge_styles": {k: dict(zip(("colour", "dash", "width"), edge_style(k),
                                        strict=True)) | {"title": titles["link_kinds"].get(k, k)}
                            for k in kinds}}


def legend(catalogue: Catalogue, data: WorkspaceData, titles: dict[str, dict[str, str]],
           fig: dict[str, Any]) -> dict[str, Any]:
    """The legend beside the graph: sectors present, levels present, link kinds present."""
    colours = sector_colours(catalogue, data)
    sectors = {a.sector for a in data.actors}
    levels = sorted({a.level for a in data.actors},
                    key=lambda lv: (list(LEVEL_SYMBOLS).index(lv) if lv in LEVEL_SYMBOLS
                                    else len(LEVEL_SYMBOLS), lv))
    return {
        "sectors": [{"code": c, "title": titles["sectors"].get(c, c), "colour": colour}
                    for c, colour in colours.items() if c in sectors],
        "levels": [{"code": lv, "title": titles["actor_levels"].get(lv, lv),
                    "glyph": level_symbol(lv)[1]} for lv in levels],
        "links": [{"kind": k, **style} for k, style in fig["edge_styles"].items()],
    }
