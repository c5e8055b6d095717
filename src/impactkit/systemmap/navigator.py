"""The referral navigator: one situation walked through the map, step by step.

A :class:`Situation` describes a case **without any personal data**: an age band, child
groups, forms of exploitation or risk, needs, the level of administration where the child is
and a place (a municipality or region name, never an address). No name, date of birth or case
number has a field, so none can be stored or exported.

For each step of :data:`FUNCTION_CHAIN` (and ``prosecution`` after protection when the
situation names a form of exploitation, a side track whose referral path starts from the actor
who identified the child) the navigator lists the actors responsible (the
coverage rule of :mod:`impactkit.analysis.chain`, for any of the situation's forms and
groups), preferring the situation's level, then wider levels, then narrower ones; the services
among them (actors of type ``service``); and the referral path from the actor chosen at the
previous step to the nearest responsible actor, over coordinating links in either direction
(:data:`COORDINATING_KINDS`), the shortest path in networkx's breadth-first order. The actor
reached is the one chosen for the step. Every break is a :class:`RouteGap` with its reason:
``no-actor`` (nobody mandated; the step is still listed), ``no-referral`` (no path from the
previous step), ``conflict`` (a declared conflict joins a responsible actor of this step to one
of this or an earlier step; reported once, where first met), ``wrong-level`` (actors
exist, none at the situation's level).

Needs are needs-dimension codes (``survival``, ``development``, ``protection``,
``participation``), each bringing its dimension's provisions, or ``dimension:PROVISION``
(``survival:CRC-24``) for one need within a dimension.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal, cast

import networkx as nx

from impactkit.analysis.chain import FUNCTION_CHAIN, ChainIndex, responsible_for
from impactkit.analysis.index import CatalogueIndex
from impactkit.analysis.mandates import declared_conflicts
from impactkit.catalogue.schema import Catalogue
from impactkit.domain import WorkspaceData
from impactkit.errors import Problem, ValidationError
from impactkit.systemmap.analysis import _Plain
from impactkit.systemmap.graph import build_graph, coordinating_graph

AGE_BANDS: tuple[str, ...] = ("0-5", "6-11", "12-14", "15-17")
LEVELS: tuple[str, ...] = ("local", "regional", "national")
GapKind = Literal["no-actor", "no-referral", "conflict", "wrong-level"]
GAP_KINDS: tuple[str, ...] = ("no-actor", "no-referral", "conflict", "wrong-level")
#: The catalogue cluster whose provisions apply to every situation.
GENERAL_PRINCIPLES = "general-principles"
PROSECUTION = "prosecution"
_PLACE = re.compile(r"^[^\d@]{0,80}$")


@dataclass(frozen=True, slots=True)
class Situation(_Plain):
    """A case described without personal data (see the module docstring)."""

    age_band: str
    groups: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    level: str = "local"
    place: str = ""

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Situation:
        try:
            return cls(age_band=str(raw["age_band"]), groups=tuple(raw.get("groups", ())),
                       forms=tuple(raw.get("forms", ())), needs=tuple(raw.get("needs", ())),
                       level=str(raw.get("level", "local")), place=str(raw.get("place", "")))
        except (KeyError, TypeError) as exc:
            raise ValidationError([Problem(f"not a situation: {exc}", field="situation")]) \
                from exc


@dataclass(frozen=True, slots=True)
class RouteGap(_Plain):
    step: str
    kind: GapKind
    reason: str

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> RouteGap:
        if raw["kind"] not in GAP_KINDS:
            raise ValidationError([Problem(f"unknown gap kind {raw['kind']!r}; expected one "
                                           f"of {', '.join(GAP_KINDS)}", field="gaps.kind")])
        return cls(step=raw["step"], kind=cast(GapKind, raw["kind"]), reason=raw["reason"])


@dataclass(frozen=True, slots=True)
class Step(_Plain):
    function: str
    actors: tuple[str, ...]
    services: tuple[str, ...]
    referral_path: tuple[str, ...]
    gaps: tuple[RouteGap, ...] = ()

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Step:
        return cls(function=raw["function"], actors=tuple(raw["actors"]),
                   services=tuple(raw["services"]), referral_path=tuple(raw["referral_path"]),
                   gaps=tuple(RouteGap.from_dict(g) for g in raw.get("gaps", ())))


@dataclass(frozen=True, slots=True)
class Route(_Plain):
    situation: Situation
    provisions: tuple[str, ...]
    steps: list[Step]
    gaps: list[RouteGap] = field(default_factory=list)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Route:
        """The inverse of ``to_dict`` (a saved route, replayed or compared later)."""
        try:
            return cls(situation=Situation.from_dict(raw["situation"]),
                       provisions=tuple(raw["provisions"]),
                       steps=[Step.from_dict(s) for s in raw["steps"]],
                       gaps=[RouteGap.from_dict(g) for g in raw["gaps"]])
        except (KeyError, TypeError) as exc:
            raise ValidationError([Problem(f"not a saved route: missing or malformed {exc}",
                                           field="route")]) from exc


@dataclass(frozen=True, slots=True)
class RouteChange(_Plain):
    """What changed between two routes of one situation (before and after a reform)."""

    fixed_gaps: tuple[RouteGap, ...]
    new_gaps: tuple[RouteGap, ...]
    changed_steps: tuple[str, ...]


def check_situation(situation: Situation, catalogue: Catalogue,
                    prefix: str = "situation") -> list[Problem]:
    """Every unknown code in a situation, each located by its field."""
    problems: list[Problem] = []
    if situation.age_band not in AGE_BANDS:
        problems.append(Problem(f"unknown age band {situation.age_band!r}; expected one of "
                                f"{', '.join(AGE_BANDS)}", field=f"{prefix}.age_band"))
    for name, vocabulary in (("groups", "child_groups"), ("forms", "forms")):
        known = set(catalogue.codes(vocabulary))
        for i, code in enumerate(getattr(situation, name)):
            if code not in known:
                problems.append(Problem(f"unknown code {code!r} in {vocabulary}",
                                        field=f"{prefix}.{name}[{i}]"))
    dimensions = {d.code: set(d.provisions) for d in catalogue.needs_dimensions}
    for i, need in enumerate(situation.needs):
        code, _, provision = need.partition(":")
        if code not in dimensions:
            problems.append(Problem(f"unknown needs dimension {code!r}; expected one of "
                                    f"{', '.join(dimensions)}", field=f"{prefix}.needs[{i}]"))
        elif provision and provision not in dimensions[code]:
            problems.append(Problem(f"{provision!r} is not a provision of the {code} dimension",
                                    field=f"{prefix}.needs[{i}]"))
    levels = catalogue.codes("actor_levels")
    if situation.level not in levels:
        problems.append(Problem(f"unknown level {situation.level!r}; expected one of "
                                f"{', '.join(levels)}", field=f"{prefix}.level"))
    if not _PLACE.match(situation.place):
        problems.append(Problem("a place is a town or region name (no digits, no e-mail, at "
                                "most 80 characters): never an address", field=f"{prefix}.place"))
    return problems


def situation_provisions(situation: Situation, catalogue: Catalogue) -> tuple[str, ...]:
    """Provisions that apply, in catalogue order: the general principles, the provisions of
    the situation's forms, and those of its needs. (The default catalogue links no provision
    to child groups; a catalogue that did would need a field for it.)"""
    wanted: set[str] = set()
    for cluster in catalogue.clusters:
        if cluster.code == GENERAL_PRINCIPLES:
            wanted.update(cluster.provisions)
    for form in catalogue.forms:
        if form.code in situation.forms:
            wanted.update(form.provisions)
    dimensions = {d.code: d.provisions for d in catalogue.needs_dimensions}
    for need in situation.needs:
        code, _, provision = need.partition(":")
        if provision:
            wanted.add(provision)
        else:
            wanted.update(dimensions.get(code, ()))
    return tuple(p.code for p in catalogue.provisions() if p.code in wanted)


def route_steps(situation: Situation) -> tuple[str, ...]:
    """The chain's steps; with a form of exploitation named, investigation and prosecution
    of the exploiters too, after protection (the child's protection comes first)."""
    if not situation.forms:
        return FUNCTION_CHAIN
    i = FUNCTION_CHAIN.index("protection") + 1
    return (*FUNCTION_CHAIN[:i], PROSECUTION, *FUNCTION_CHAIN[i:])


def _level_order(level: str) -> dict[str, int]:
    """Rank of each level for a situation at ``level``: its own, then wider, then narrower."""
    i = LEVELS.index(level) if level in LEVELS else 0
    ordered = [*LEVELS[i:], *reversed(LEVELS[:i])]
    return {lv: n for n, lv in enumerate(ordered)}


def navigate(data: WorkspaceData, catalogue: Catalogue, situation: Situation) -> Route:
    problems = check_situation(situation, catalogue)
    if problems:
        raise ValidationError(problems, summary="the situation uses unknown codes")
    graph = build_graph(data)
    simple = coordinating_graph(
        graph, frozenset(catalogue.scoring.coordinating_link_kinds))
    nodes = graph.nodes
    rank = _level_order(situation.level)
    conflicts = declared_conflicts(data, CatalogueIndex.build(catalogue))
    index = ChainIndex(data)
    functions = {t.code: t.title.lower() for t in catalogue.mandate_functions}

    steps: list[Step] = []
    seen: set[str] = set()
    reported: set[str] = set()  # a conflict is a gap once, at the first step it meets
    previous: str | None = None
    first: str | None = None
    resume: str | None = None
    for function in route_steps(situation):
        if function == PROSECUTION:
            # a side track: whoever identified the child reports the crime; the chain then
            # resumes from the protection step's actor
            resume, previous = previous, first
        found = responsible_for(data, forms=situation.forms, groups=situation.groups,
                                function=function)
        actors = tuple(sorted(found, key=lambda a: (rank.get(nodes[a]["level"], 9), a)))
        services = tuple(a for a in actors if nodes[a]["type"] == "service")
        gaps: list[RouteGap] = []
        path: tuple[str, ...] = ()
        if not actors:
            gaps.append(RouteGap(function, "no-actor", _no_actor(
                index, catalogue, situation, function, functions.get(function, function))))
        else:
            chosen = actors[0]
            if previous is not None:
                found_path = _nearest(simple, previous, set(actors), rank)
                if found_path is None:
                    gaps.append(RouteGap(function, "no-referral",
                                         f"No referral or coordinating link leads from "
                                         f"{previous} to any actor responsible for "
                                         f"{functions.get(function, function)} "
                                         f"({', '.join(actors[:5])})."))
                else:
                    path, chosen = found_path, found_path[-1]
            else:
                path = (chosen,)
            if nodes[actors[0]]["level"] != situation.level:
                levels = sorted({nodes[a]["level"] for a in actors},
                                key=lambda lv: rank.get(lv, 9))
                gaps.append(RouteGap(function, "wrong-level",
                                     f"No {situation.level} actor is responsible for "
                                     f"{functions.get(function, function)}; the nearest are "
                                     f"at the {' and '.join(levels)} level."))
            here = set(actors)
            seen_now = seen | here
            for conflict in conflicts:
                u, v = conflict.actor_keys
                if conflict.link_key in reported:
                    continue
                if (u in here and v in seen_now) or (v in here and u in seen_now):
                    reported.add(conflict.link_key)
                    gaps.append(RouteGap(function, "conflict",
                                         f"Declared conflict {conflict.link_key}: {u} and {v} "
                                         f"are both responsible on this route. "
                                         f"{conflict.notes}".strip()))
            seen = seen_now
            previous = chosen
            first = first or chosen
        if function == PROSECUTION:
            previous = resume
        steps.append(Step(function, actors, services, path, tuple(gaps)))
    return Route(situation=situation, provisions=situation_provisions(situation, catalogue),
                 steps=steps, gaps=[g for s in steps for g in s.gaps])


def _no_actor(index: ChainIndex, catalogue: Catalogue, situation: Situation, function: str,
              title: str) -> str:
    forms = ", ".join(situation.forms) or "no particular form"
    groups = ", ".join(situation.groups) or "no particular group"
    if function not in index.holds:
        return f"No actor is mandated for {title}: no mandate names this function at all."
    return (f"No actor is mandated for {title} for this situation ({forms}; {groups}): every "
            f"mandate holding it is limited to other forms or groups (forms named: "
            f"{', '.join(sorted(index.forms_named[function])) or 'none'}; groups named: "
            f"{', '.join(sorted(index.groups_named[function])) or 'none'}).")


def _nearest(simple: nx.Graph, source: str, targets: set[str],
             rank: dict[str, int]) -> tuple[str, ...] | None:
    """Shortest path from ``source`` to the nearest target (ties: preferred level, then key)."""
    if source in targets:
        return (source,)
    parent: dict[str, str] = {}
    depth = {source: 0}
    hits: list[str] = []
    limit: int | None = None
    for u, v in nx.bfs_edges(simple, source):
        depth[v] = depth[u] + 1
        if limit is not None and depth[v] > limit:
            break
        parent[v] = u
        if v in targets:
            hits.append(v)
            limit = depth[v]
    if not hits:
        return None
    level_of = simple.nodes
    best = min(hits, key=lambda a: (rank.get(level_of[a].get("level"), 9), a))
    path = [best]
    while path[-1] != source:
        path.append(parent[path[-1]])
    return tuple(reversed(path))


def _gap_id(gap: RouteGap) -> tuple[str, str, str]:
    return (gap.step, gap.kind, gap.reason if gap.kind == "conflict" else "")


def compare_routes(before: Route, after: Route) -> RouteChange:
    """Gaps fixed and gaps new (a gap is the same when its step and kind are, and for a
    conflict its reason, which names the link), and the steps whose actors, services or
    referral path changed."""
    old = {_gap_id(g): g for g in before.gaps}
    new = {_gap_id(g): g for g in after.gaps}
    old_steps = {s.function: (s.actors, s.services, s.referral_path) for s in before.steps}
    new_steps = {s.function: (s.actors, s.services, s.referral_path) for s in after.steps}
    order = [s.function for s in after.steps] + [s.function for s in before.steps
                                                  if s.function not in new_steps]
    return RouteChange(
        fixed_gaps=tuple(g for k, g in old.items() if k not in new),
        new_gaps=tuple(g for k, g in new.items() if k not in old),
        changed_steps=tuple(f for f in order if old_steps.get(f) != new_steps.get(f)))
