"""The referral navigator: one situation walked along the protection pathway, on the map.

A :class:`Situation` describes a case **without any personal data**: an age band (and whether
the age is in doubt), child groups, forms of exploitation or risk, needs, the level of
administration where the child is and a place (a municipality or region name, never an
address). No name, date of birth or case number has a field, so none can be stored or exported.

The answer (:class:`Route`), by the rules below; the sources each follows are in
``docs/system-map.md``:

* **provisions and steps**: :mod:`impactkit.systemmap.pathway` says which steps of the
  catalogue's protection pathway apply, and which provisions, each with its reasons. A named
  form the catalogue counts as trafficking makes the child a presumed victim of trafficking
  (CETS 197 art. 10(2)), who joins the group ``trafficking-victims`` for the mandates.
* **who is responsible** at a step: the actors whose mandates hold the step's function for
  the situation's forms, groups and age band (the coverage rule of
  :mod:`impactkit.analysis.chain`, specialised functions included).
* **the level rule**: an actor is *at the child's level* when its own level is that level or
  a mandate holding the function says it acts there (``Mandate.levels``: a national police
  working through local stations). Those come first, then the nearest wider levels, then
  narrower ones. When the catalogue marks the step urgent and none is at the child's level:
  a ``wrong-level`` gap naming them and their level (an urgent step needs someone where the
  child is; a national immigration service deciding on residence, a regional court, are how
  systems work for the other steps, and the answer shows their level without a gap).
* **the referral rule**: the child's case moves from the actor chosen at the previous step to
  a responsible actor of this step only along links that exist: the same actor continuing; a
  ``referral`` link from the one to the other (a referral is directed: the source refers to
  the target); another coordinating link (``scoring.coordinating_link_kinds`` other than
  referral) in either direction; or both sitting on one coordination body (an actor of type
  ``coordination-body`` both are linked to). When the previous actor has no such link, an
  actor met earlier on the route may pass the case on in the same ways (the service leading
  the case refers onwards), the most recent first. Among the actors reachable, the level rule
  chooses; then the previous actor before earlier ones; then the closer link. No multi-hop
  path through unrelated agencies is ever taken as the route: when nothing connects, it is a
  ``no-referral`` gap naming the institutions and the missing link; a shortest path over
  coordinating links is used only to say where the nearest connection runs.
* **gaps**, each a :class:`RouteGap` with a reason in words naming institutions by name:
  ``no-actor`` (nobody is mandated: no mandate names the function, or every one holding it is
  limited to other forms, groups or ages, each institution said with its limit), ``age-limit``
  (mandates hold the function for this case but only at other ages), ``wrong-level``,
  ``no-referral`` and ``conflict`` (a declared conflict joins a responsible actor of this step
  to one of this or an earlier step; reported once, where first met).

Needs are needs-dimension codes (``survival``, ``development``, ``protection``,
``participation``), each bringing its dimension's provisions, or ``dimension:PROVISION``
(``survival:CRC-24``) for one need within a dimension.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from gettext import gettext as _
from typing import Any

import networkx as nx

from impactkit.analysis.chain import Specialisations, applies, serves_groups
from impactkit.catalogue.schema import Catalogue
from impactkit.domain import AGE_BANDS, Mandate, WorkspaceData
from impactkit.errors import ValidationError
from impactkit.systemmap.graph import COORDINATION_BODY_TYPE, coordinating_network
from impactkit.systemmap.pathway import (
    ApplicableStep,
    applicable_provisions,
    applicable_steps,
    effective_groups,
    is_trafficking,
    lower_first,
    trafficking_forms,
)
from impactkit.systemmap.route import (
    CONFLICT,
    CONNECTIONS,
    GAP_KINDS,
    Route,
    RouteChange,
    RouteGap,
    Situation,
    Step,
    check_situation,
    compare_routes,
)
from impactkit.systemmap.route_words import connection_text, trafficking_text

REFERRAL = "referral"  # the link kind
#: The pathway step's function at which the case is handed to the service that leads it.
HANDOVER_FUNCTION = "referral"
#: The sector whose actors lead a child's case (the child protection service).
CASE_LEAD_SECTOR = "child-protection"
SERVICE_TYPE = "service"
#: Level ranks from here up are narrower levels than the child's (see ``_Map.rank_of_level``).
NARROWER = 100

__all__ = ["AGE_BANDS", "CONNECTIONS", "GAP_KINDS", "Route", "RouteChange", "RouteGap",
           "Situation", "Step", "check_situation", "compare_routes", "connection_text",
           "navigate", "trafficking_text"]



class _Map:
    """The map as the navigator reads it: names, levels, links by kind, mandates by actor."""

    def __init__(self, data: WorkspaceData, catalogue: Catalogue, situation: Situation) -> None:
        self.data = data
        self.catalogue = catalogue
        self.situation = situation
        self.names = {a.key: a.name or a.key for a in data.actors}
        self.level_of = {a.key: a.level for a in data.actors}
        self.type_of = {a.key: a.type for a in data.actors}
        self.sector_of = {a.key: a.sector for a in data.actors}
        self.level_titles = {t.code: t.title for t in catalogue.actor_levels}
        self.spec = Specialisations(catalogue)
        self.groups = effective_groups(situation, catalogue)
        kinds = frozenset(catalogue.scoring.coordinating_link_kinds)
        self.kinds = kinds
        self._coordinating: nx.Graph | None = None
        # who holds each function, read once: the steps ask per function
        self.holding: dict[str, list[Mandate]] = defaultdict(list)
        for mandate in data.mandates:
            if mandate.actor_key in self.names:
                for function in self.spec.held(mandate):
                    self.holding[function].append(mandate)
        self.conflicts = sorted((x for x in data.links if x.kind == CONFLICT
                                 and x.source_key in self.names and x.target_key in self.names),
                                key=lambda x: x.key)
        self.refers: set[tuple[str, str]] = set()
        self.linked: dict[str, set[str]] = defaultdict(set)
        self.bodies: dict[str, set[str]] = defaultdict(set)
        for link in data.links:
            a, b = link.source_key, link.target_key
            if a not in self.names or b not in self.names or a == b or link.kind not in kinds:
                continue
            if link.kind == REFERRAL:
                self.refers.add((a, b))
            else:
                self.linked[a].add(b)
                self.linked[b].add(a)
            for member, body in ((a, b), (b, a)):
                if self.type_of[body] == COORDINATION_BODY_TYPE:
                    self.bodies[member].add(body)
        order = catalogue.codes("actor_levels")  # widest first
        here = order.index(situation.level) if situation.level in order else len(order)
        self.rank_of_level = {lv: (here - j if j <= here else NARROWER + j - here)
                              for j, lv in enumerate(order)}

    def name(self, key: str) -> str:
        return self.names.get(key, key)

    def names_of(self, keys: Any) -> str:
        """Names in a list: semicolons, since names hold commas ("Court, Family Section")."""
        return "; ".join(self.name(k) for k in keys)

    def holders(self, function: str) -> list[Mandate]:
        """Every mandate of an existing actor holding ``function``, for any case."""
        return self.holding.get(function, [])

    @property
    def coordinating(self) -> nx.Graph:
        """The undirected coordinating network, built only when a missing link must be
        explained (most routes never need it)."""
        if self._coordinating is None:
            self._coordinating = coordinating_network(self.data, self.kinds)
        return self._coordinating

    def connect(self, source: str, target: str) -> tuple[int, tuple[str, ...], str] | None:
        """How the case can pass from ``source`` to ``target`` by the referral rule."""
        if source == target:
            return (0, (source,), "same")
        if (source, target) in self.refers:
            return (1, (source, target), "referral")
        if target in self.linked[source]:
            return (2, (source, target), "coordination")
        mine = self.bodies.get(source)
        if mine:
            shared = mine & self.bodies.get(target, set())
            if shared:
                return (3, (source, min(shared, key=self.name), target), "shared-body")
        return None


def navigate(data: WorkspaceData, catalogue: Catalogue, situation: Situation) -> Route:
    """The route for a situation (see the module docstring for every rule)."""
    problems = check_situation(situation, catalogue)
    if problems:
        raise ValidationError(problems, summary="the situation uses unknown codes")
    where = _Map(data, catalogue, situation)
    applicable = applicable_steps(situation, catalogue)
    steps: list[Step] = []
    route: list[str] = []  # the actors the case has reached, in order
    seen: set[str] = set()
    reported: set[str] = set()  # a conflict is a gap once, at the first step it meets
    for applied in applicable:
        step, gaps = _walk(where, applied, route)
        here = set(step.actors)
        gaps += _conflicts(where, applied, here, seen | here, reported)
        seen |= here
        steps.append(replace(step, gaps=tuple(gaps)))
        if step.actor is not None and step.actor not in route[-1:]:
            route.append(step.actor)
    return Route(situation=situation,
                 provisions=applicable_provisions(situation, catalogue, applicable),
                 steps=steps, gaps=[g for s in steps for g in s.gaps],
                 trafficking=is_trafficking(situation, catalogue),
                 trafficking_forms=trafficking_forms(situation, catalogue),
                 names={k: where.name(k) for k in sorted(
                     {a for s in steps for a in (*s.actors, *s.referral_path)})})


def _walk(where: _Map, applied: ApplicableStep, route: list[str]
          ) -> tuple[Step, list[RouteGap]]:
    """Who is responsible for one step, which of them the case reaches and how, and the
    step's gaps (all but conflicts)."""
    pathway_step, situation = applied.step, where.situation
    mandates = [m for m in where.holders(pathway_step.function)
                if applies(m, situation.forms, where.groups, situation.age_band)]
    acting_here = {m.actor_key for m in mandates if situation.level in m.levels
                   and where.level_of[m.actor_key] != situation.level}
    keys = {m.actor_key for m in mandates}
    rank = {a: 0 if a in acting_here else where.rank_of_level.get(where.level_of[a], 1000)
            for a in keys}
    # at the referral step the case is handed to the child protection service that leads it
    handover = pathway_step.function == HANDOVER_FUNCTION
    lead = {a: handover and where.sector_of[a] != CASE_LEAD_SECTOR for a in keys}
    actors = tuple(sorted(keys, key=lambda a: (lead[a], rank[a], where.name(a), a)))
    services = tuple(a for a in actors if where.type_of[a] == SERVICE_TYPE)
    gaps: list[RouteGap] = []
    path: tuple[str, ...] = ()
    connection = ""
    chosen: str | None = None
    code = pathway_step.code
    if not actors:
        gaps.append(_no_actor(where, applied))
    elif not route:
        chosen = actors[0]
        path, connection = (chosen,), "start"
    else:
        # the institutions met, the most recent first; a service (a shelter, a clinic) passes
        # the case on only when no institution leading it can
        sources = sorted(dict.fromkeys(reversed(route)),
                         key=lambda a: where.type_of[a] == SERVICE_TYPE)
        best: tuple[tuple[bool, int, bool, int, int, str], tuple[str, ...], str] | None = None
        for target in actors:
            for i, source in enumerate(sources):
                found = where.connect(source, target)
                if found is not None:
                    # an actor already holding the case goes on with it before any referral
                    order = (lead[target], rank[target], found[0] != 0, i, found[0],
                             where.name(target))
                    if best is None or order < best[0]:
                        best = (order, found[1], found[2])
        if best is None:
            chosen = actors[0]
            gaps.append(RouteGap(code, "no-referral", _no_referral(
                where, pathway_step.title, sources[0], actors)))
        else:
            path, connection = best[1], best[2]
            chosen = path[-1]
    if actors and pathway_step.urgent and all(0 < rank[a] < NARROWER for a in actors):
        gaps.append(RouteGap(code, "wrong-level", _("No institution responsible for {step} "
                             "acts at the {level} level, where the child is, although the "
                             "step is urgent: {actors}.").format(
            step=pathway_step.title,
            level=lower_first(where.level_titles.get(situation.level, situation.level)),
            actors="; ".join(_("{actor} ({level} level)").format(
                actor=where.name(a), level=lower_first(where.level_titles.get(
                    where.level_of[a], where.level_of[a]))) for a in actors))))
    step = Step(code=code, function=pathway_step.function, actors=actors, services=services,
                referral_path=path, title=pathway_step.title, provisions=applied.provisions,
                urgent=pathway_step.urgent, standard=pathway_step.standard.strip(),
                why=applied.why, acting_here=tuple(a for a in actors if a in acting_here),
                actor=chosen, connection=connection)
    return step, gaps


def _no_actor(where: _Map, applied: ApplicableStep) -> RouteGap:
    """Nobody mandated for the step: why, naming the institutions and their limits."""
    step, situation, catalogue = applied.step, where.situation, where.catalogue
    holders = where.holders(step.function)
    functions = {f.code: f for f in catalogue.mandate_functions}
    function = functions.get(step.function)
    title = lower_first(function.title) if function else step.function
    if not holders:
        if function is not None and function.part_of and function.provisions:
            parent = functions.get(function.part_of)
            sentence = (_("Nobody is mandated for the step {step}: no mandate names "
                          "{function}, and no mandate for {parent} cites {provisions}.")
                        if len(function.provisions) == 1 else
                        _("Nobody is mandated for the step {step}: no mandate names "
                          "{function}, and no mandate for {parent} cites any of "
                          "{provisions}."))
            reason = sentence.format(
                step=step.title, function=title, provisions=", ".join(function.provisions),
                parent=lower_first(parent.title) if parent else function.part_of)
        else:
            reason = _("Nobody is mandated for the step {step}: no mandate names the function "
                       "{function}.").format(step=step.title, function=title)
        return RouteGap(step.code, "no-actor", reason)
    form_titles = {t.code: lower_first(t.title) for t in catalogue.forms}
    group_titles = {t.code: lower_first(t.title) for t in catalogue.child_groups}
    limits: list[str] = []
    only_age = True
    for m in holders:
        name = where.name(m.actor_key)
        if m.forms and not set(m.forms) & set(situation.forms):
            only_age = False
            limits.append(_("{actor} holds it only for {forms}.").format(
                actor=name, forms=", ".join(form_titles.get(f, f) for f in m.forms)))
        if serves_groups(m) and not set(m.groups) & set(where.groups):
            only_age = False
            limits.append(_("{actor} holds it only for {groups}.").format(
                actor=name, groups=", ".join(group_titles.get(g, g) for g in m.groups)))
        if m.age_bands and situation.age_band not in m.age_bands:
            limits.append(_("{actor} holds it only at the ages {bands}.").format(
                actor=name, bands=", ".join(m.age_bands)))
    limits = list(dict.fromkeys(limits))
    if only_age:
        head = _("Nobody is mandated for the step {step} at the age of {band} years: every "
                 "mandate that holds {function} is limited to other ages.").format(
            step=step.title, band=situation.age_band, function=title)
        return RouteGap(step.code, "age-limit", " ".join([head, *limits]))
    head = _("Nobody is mandated for the step {step} in this situation: every mandate that "
             "holds {function} is limited to other cases.").format(step=step.title,
                                                                   function=title)
    return RouteGap(step.code, "no-actor", " ".join([head, *limits]))


def _no_referral(where: _Map, title: str, previous: str, actors: tuple[str, ...]) -> str:
    """No link passes the case on: the institutions, the missing link, the nearest one."""
    head = _("Nothing passes the child on to the step {step}: no referral from {previous} to "
             "{targets}, no coordination link between them, no coordination body they share, "
             "and none from an institution met earlier on the route.").format(
        step=title, previous=where.name(previous), targets=where.names_of(actors))
    nearest = _nearest_path(where.coordinating, previous, set(actors))
    if nearest is None:
        tail = _("Nothing on the map connects them, even indirectly.")
    elif len(nearest) == 2:
        tail = _("The only link between {previous} and {target} is a referral the other way, "
                 "from {target} to {previous}.").format(previous=where.name(previous),
                                                        target=where.name(nearest[-1]))
    else:
        tail = _("The nearest connection runs through {through}: a referral from {previous} "
                 "to {target} is missing.").format(through=where.names_of(nearest[1:-1]),
                                                   previous=where.name(previous),
                                                   target=where.name(nearest[-1]))
    return f"{head} {tail}"


def _nearest_path(graph: nx.Graph, source: str, targets: set[str]) -> list[str] | None:
    """The shortest path over coordinating links from ``source`` to the nearest of
    ``targets``: one breadth-first search, stopped at the first depth that reaches one (ties
    by name order of the key), instead of a search per target."""
    if source not in graph:
        return None
    parent: dict[str, str] = {}
    frontier = [source]
    seen = {source}
    while frontier:
        reached: list[str] = []
        following: list[str] = []
        for node in frontier:
            for nxt in graph.adj[node]:
                if nxt in seen:
                    continue
                seen.add(nxt)
                parent[nxt] = node
                following.append(nxt)
                if nxt in targets:
                    reached.append(nxt)
        if reached:
            path = [min(reached)]
            while path[-1] != source:
                path.append(parent[path[-1]])
            return list(reversed(path))
        frontier = following
    return None


def _conflicts(where: _Map, applied: ApplicableStep, here: set[str], seen: set[str],
               reported: set[str]) -> list[RouteGap]:
    """Declared conflicts joining a responsible actor of this step to one of this or an
    earlier step, each once."""
    gaps: list[RouteGap] = []
    for link in where.conflicts:
        u, v = link.source_key, link.target_key
        if link.key in reported:
            continue
        if (u in here and v in seen) or (v in here and u in seen):
            reported.add(link.key)
            about = link.notes.strip().rstrip(".")
            if about:
                reason = _("{first} and {second} have conflicting mandates and both act on "
                           "this route: {notes}.").format(first=where.name(u),
                                                          second=where.name(v), notes=about)
            else:
                reason = _("{first} and {second} have conflicting mandates and both act on "
                           "this route.").format(first=where.name(u), second=where.name(v))
            gaps.append(RouteGap(applied.step.code, "conflict", reason))
    return gaps
