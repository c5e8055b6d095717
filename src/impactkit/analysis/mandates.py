"""Mandate coverage: who is responsible for what, and whether responsibilities meet.

Rules, from the workspace's actors, mandates and coordination links (findings play no part,
so the status filter does not apply here):

* **uncovered**: an assessable provision that calls for an implementing actor (the
  catalogue's ``needs_actor``: interpretive and final clauses such as CRC art. 41, "higher
  standards prevail", call for none and are never listed), or a form of exploitation of the
  catalogue, that no mandate of an existing actor names. (A mandate whose actor does not
  exist covers nothing and is reported as ``unknown-actor``.)
* **uncoordinated**: a provision or form held by mandated actors of two or more sectors, where
  some pair of those sectors has no coordinating link between any of their actors holding it.
  A link coordinates when its kind is in ``scoring.coordinating_link_kinds``; its direction
  does not matter. Only direct links between holders count. The result names the sector
  pairs without a link.
* **conflicts**: every link of kind ``conflict`` is reported, with the provisions and forms
  both actors' mandates name; its title and message name the two institutions.
* **function gaps**: per form of exploitation, each function of the chain (identification to
  durable solution; prevention, prosecution, monitoring) that no actor holds for children in
  general, with the child groups that have no specific mandate for it either (the coverage rule
  of :mod:`impactkit.analysis.chain`, which the system map shares). One gap per hole: the
  groups left without anyone are its detail, never gaps of their own. (A group cannot lack an
  actor where children in general have one: a mandate that serves every child serves every
  group.)
* **specialised gaps**: each specialised function of the catalogue (guardianship, age
  assessment, ...: those ``part_of`` a broader one) that no mandate holds at all, neither by
  naming it nor by naming its broader function with one of its provisions. One gap per
  function, not per form.

:func:`mandate_gaps` is the one counting rule of gaps: the analysis report, the dashboard, the
system map and ``impact map gaps`` all take their gaps from it, so their counts agree.

Uncovered and uncoordinated results follow catalogue order (provisions, then forms); sectors
in catalogue order, unknown sector codes last; conflicts by link key.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from typing import ClassVar

from impactkit.analysis.chain import ChainIndex, Specialisations, function_gaps
from impactkit.analysis.index import CONFLICT_LINK, CatalogueIndex
from impactkit.analysis.results import Notice, Result, Tags, tags_of
from impactkit.analysis.rules import (
    CONFLICT_RULE,
    FUNCTION_GAP_RULE,
    SPECIALISED_GAP_RULE,
    UNCOORDINATED_RULE,
    UNCOVERED_RULE,
    plural,
)
from impactkit.catalogue.schema import Catalogue
from impactkit.domain import ActorSystem


@dataclass(frozen=True, slots=True)
class UncoveredProvision(Result):
    """An assessable provision no actor is mandated for."""

    type: ClassVar[str] = "uncovered-provision"
    provision: str
    title: str
    message: str
    tags: Tags
    finding_keys: tuple[str, ...]
    rule: str


@dataclass(frozen=True, slots=True)
class UncoveredForm(Result):
    """A form of exploitation no actor is mandated for."""

    type: ClassVar[str] = "uncovered-form"
    form: str
    title: str
    message: str
    tags: Tags
    finding_keys: tuple[str, ...]
    rule: str


@dataclass(frozen=True, slots=True)
class UncoordinatedMandate(Result):
    """A provision or form (``subject``) held across sectors that do not coordinate on it."""

    type: ClassVar[str] = "uncoordinated-mandate"
    subject: str
    code: str
    sectors: tuple[str, ...]
    missing_pairs: tuple[tuple[str, str], ...]
    actor_keys: tuple[str, ...]
    mandate_keys: tuple[str, ...]
    title: str
    message: str
    tags: Tags
    finding_keys: tuple[str, ...]
    rule: str


@dataclass(frozen=True, slots=True)
class FunctionGap(Result):
    """A function nobody is mandated for, for a form of exploitation (the system map's gap,
    :func:`impactkit.analysis.chain.function_gaps`)."""

    type: ClassVar[str] = "function-gap"
    form: str
    function: str
    groups: tuple[str, ...]  # child groups with no specific mandate for it either
    title: str
    message: str
    tags: Tags
    finding_keys: tuple[str, ...]
    rule: str


@dataclass(frozen=True, slots=True)
class SpecialisedGap(Result):
    """A specialised function (``part_of`` a broader one) that no mandate holds at all:
    nobody appoints guardians, say. Reported once, not per form of exploitation."""

    type: ClassVar[str] = "specialised-gap"
    function: str
    part_of: str
    provisions: tuple[str, ...]  # a mandate of ``part_of`` naming one of these would hold it
    title: str
    message: str
    tags: Tags
    finding_keys: tuple[str, ...]
    rule: str


@dataclass(frozen=True)
class MandateGaps:
    """The gaps of one map by the one counting rule (:func:`mandate_gaps`)."""

    functions: tuple[FunctionGap, ...]
    specialised: tuple[SpecialisedGap, ...]


@dataclass(frozen=True, slots=True)
class MandateConflict(Result):
    """A declared conflict between two actors' mandates: a link of kind ``conflict``. The
    one model of it, which the analysis report, the system map and the navigator share (see
    :func:`declared_conflicts`)."""

    type: ClassVar[str] = "mandate-conflict"
    link_key: str
    actor_keys: tuple[str, str]  # the link's source, then its target
    sectors: tuple[str, str]
    shared_provisions: tuple[str, ...]
    shared_forms: tuple[str, ...]
    legal_basis: str | None
    notes: str  # the link's notes: what the conflict is about
    title: str
    message: str
    tags: Tags
    finding_keys: tuple[str, ...]
    rule: str


@dataclass(frozen=True)
class MandateResults:
    uncovered_provisions: tuple[UncoveredProvision, ...]
    uncovered_forms: tuple[UncoveredForm, ...]
    uncoordinated: tuple[UncoordinatedMandate, ...]
    conflicts: tuple[MandateConflict, ...]
    notices: tuple[Notice, ...]
    function_gaps: tuple[FunctionGap, ...] = ()
    specialised_gaps: tuple[SpecialisedGap, ...] = ()


def _notice(kind: str, field: str, code: str, records: list[str], message: str) -> Notice:
    return Notice(type=kind, field=field, code=code, title=f"{kind.replace('-', ' ').capitalize()}"
                  f" {code!r} in {field}", message=message, tags=tags_of(("field", field)),
                  finding_keys=(), record_keys=tuple(sorted(set(records))),
                  rule="Records naming what does not exist are left out and reported.")


def mandate_coverage(data: ActorSystem, index: CatalogueIndex) -> MandateResults:
    sector_of = {a.key: a.sector for a in data.actors}
    order = {code: i for i, code in enumerate(index.sectors)}
    notices: list[Notice] = []
    unknown_actor: dict[str, list[str]] = defaultdict(list)
    unknown_codes: dict[tuple[str, str], list[str]] = defaultdict(list)
    for actor in data.actors:
        if actor.sector not in order:
            unknown_codes[("actors.sector", actor.sector)].append(actor.key)

    provisions = set(index.provisions)
    needing = needing_actor(index)
    forms = set(index.forms)
    holders: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for m in data.mandates:
        if m.actor_key not in sector_of:
            unknown_actor[m.actor_key].append(m.key)
            continue
        for code in m.provisions:
            if code in provisions:
                holders[("provision", code)][m.actor_key].add(m.key)
            elif code not in index.non_assessable:
                unknown_codes[("mandates.provisions", code)].append(m.key)
        for code in m.forms:
            if code in forms:
                holders[("form", code)][m.actor_key].add(m.key)
            else:
                unknown_codes[("mandates.forms", code)].append(m.key)

    coordinating = set(index.catalogue.scoring.coordinating_link_kinds)
    neighbours: dict[str, set[str]] = defaultdict(set)
    for link in sorted(data.links, key=lambda x: x.key):
        missing = [k for k in (link.source_key, link.target_key) if k not in sector_of]
        for k in missing:
            unknown_actor[k].append(link.key)
        if missing:
            continue
        if link.kind in coordinating:
            neighbours[link.source_key].add(link.target_key)
            neighbours[link.target_key].add(link.source_key)

    uncovered_p = tuple(
        UncoveredProvision(
            provision=code, title=f"No mandate: {code} {index.title('provision', code)}",
            message=f"No actor holds a mandate for {code} ({index.title('provision', code)}).",
            tags=tags_of(("provision", code)), finding_keys=(),
            rule=UNCOVERED_RULE.format(what="provision"))
        for code in needing if ("provision", code) not in holders)
    uncovered_f = tuple(
        UncoveredForm(
            form=code, title=f"No mandate: {index.title('form', code)}",
            message=f"No actor holds a mandate for {index.title('form', code)} ({code}).",
            tags=tags_of(("form", code)), finding_keys=(),
            rule=UNCOVERED_RULE.format(what="form of exploitation"))
        for code in index.forms if ("form", code) not in holders)

    kinds = ", ".join(sorted(coordinating)) or "none configured"
    uncoordinated = []
    for subject, codes in (("provision", index.provisions), ("form", index.forms)):
        for code in codes:
            held = holders.get((subject, code))
            if not held:
                continue
            by_sector: dict[str, set[str]] = defaultdict(set)
            for holder in held:
                by_sector[sector_of[holder]].add(holder)
            if len(by_sector) < 2:
                continue
            sectors = sorted(by_sector, key=lambda s: (order.get(s, len(order)), s))
            gaps = tuple((a, b) for a, b in combinations(sectors, 2)
                         if not any(neighbours[x] & by_sector[b] for x in by_sector[a]))
            if gaps:
                name = (f"{code} {index.title('provision', code)}" if subject == "provision"
                        else index.title("form", code))
                pairs = "; ".join(f"{a} - {b}" for a, b in gaps)
                uncoordinated.append(UncoordinatedMandate(
                    subject=subject, code=code, sectors=tuple(sectors), missing_pairs=gaps,
                    actor_keys=tuple(sorted(held)),
                    mandate_keys=tuple(sorted(set().union(*held.values()))),
                    title=f"Uncoordinated mandates: {name}",
                    message=f"{name} is held by actors of {plural(len(sectors), 'sector')} with "
                            f"no coordinating link between {pairs}.",
                    tags=tags_of((subject, code), ("sector", sectors)), finding_keys=(),
                    rule=UNCOORDINATED_RULE.format(what=subject, kinds=kinds)))

    for missing_key, records in sorted(unknown_actor.items()):
        notices.append(_notice("unknown-actor", "actor_key", missing_key, records,
                               f"{plural(len(set(records)), 'mandate or link')} name actor "
                               f"{missing_key!r}, which does not exist; they were left out."))
    for (field, code), records in sorted(unknown_codes.items()):
        notices.append(_notice("unknown-code", field, code, records,
                               f"{plural(len(set(records)), 'record')} use {code!r} in {field}, "
                               f"which catalogue {index.catalogue.key!r} does not define; it "
                               "was left out."))
    holes = mandate_gaps(data, index.catalogue)
    return MandateResults(uncovered_p, uncovered_f, tuple(uncoordinated),
                          declared_conflicts(data, index),
                          tuple(notices), holes.functions, holes.specialised)


def needing_actor(index: CatalogueIndex) -> tuple[str, ...]:
    """The assessable provisions that call for an implementing actor, in catalogue order:
    the ones mandate coverage asks about."""
    waived = {p.code for p in index.catalogue.provisions() if not p.needs_actor}
    return tuple(code for code in index.provisions if code not in waived)


def mandate_gaps(data: ActorSystem, catalogue: Catalogue,
                 index: ChainIndex | None = None) -> MandateGaps:
    """The one counting rule of gaps (see the module doc): one per form and function of the
    chain nobody holds for children in general, one per specialised function nobody holds.
    ``index``: the map's, when the caller already built it with the catalogue's
    specialisations (built here otherwise)."""
    index = index or ChainIndex(data, Specialisations(catalogue))
    forms = {f.code: f.title for f in catalogue.forms}
    functions = {f.code: f.title for f in catalogue.mandate_functions}
    holes = tuple(
        FunctionGap(form=form, function=function, groups=groups,
                    title=f"No one for {functions.get(function, function).lower()}: "
                          f"{forms.get(form, form)}",
                    message=reason, tags=tags_of(("form", form), ("function", function),
                                                 ("group", groups)),
                    finding_keys=(), rule=FUNCTION_GAP_RULE)
        for form, function, groups, reason in function_gaps(data, catalogue, index))
    return MandateGaps(holes, specialised_gaps(catalogue, index.holds))


def specialised_gaps(catalogue: Catalogue, held: set[str]) -> tuple[SpecialisedGap, ...]:
    """Each specialised function of the catalogue (catalogue order) no mandate of an
    existing actor holds: ``held`` is every function some mandate holds, specialised ones
    included (:attr:`impactkit.analysis.chain.ChainIndex.holds`)."""
    titles = {f.code: f.title for f in catalogue.mandate_functions}
    found = []
    for function in catalogue.mandate_functions:
        if not function.part_of or function.code in held:
            continue
        name, broader = function.title, titles.get(function.part_of, function.part_of)
        basis = ", ".join(function.provisions)
        message = (f"No actor holds {name.lower()}: no mandate names it, and no mandate for "
                   f"{broader.lower()} names one of its provisions ({basis})."
                   if basis else
                   f"No actor holds {name.lower()}: no mandate names it.")
        found.append(SpecialisedGap(
            function=function.code, part_of=function.part_of,
            provisions=tuple(function.provisions), title=f"No one for {name.lower()}",
            message=message, tags=tags_of(("function", function.code),
                                          ("provision", tuple(function.provisions))),
            finding_keys=(), rule=SPECIALISED_GAP_RULE))
    return tuple(found)


def declared_conflicts(data: ActorSystem, index: CatalogueIndex
                       ) -> tuple[MandateConflict, ...]:
    """Every link of kind ``conflict`` between two known actors, by link key, with the
    provisions and forms both actors' mandates name."""
    sector_of = {a.key: a.sector for a in data.actors}
    name_of = {a.key: a.name or a.key for a in data.actors}
    declared = sorted((link for link in data.links if link.kind == CONFLICT_LINK
                       and link.source_key in sector_of and link.target_key in sector_of),
                      key=lambda x: x.key)
    parties = {k for link in declared for k in (link.source_key, link.target_key)}
    subjects_of: dict[str, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    for m in data.mandates:
        if m.actor_key in parties:
            subjects_of[m.actor_key][0].update(m.provisions)
            subjects_of[m.actor_key][1].update(m.forms)
    return tuple(
        _conflict(link.key, link.source_key, link.target_key, link.legal_basis, link.notes,
                  sector_of, name_of, subjects_of, index)
        for link in declared)


def _conflict(key: str, source: str, target: str, legal_basis: str | None, notes: str,
              sector_of: dict[str, str], name_of: dict[str, str],
              subjects_of: dict[str, tuple[set[str], set[str]]],
              index: CatalogueIndex) -> MandateConflict:
    source_p, source_f = subjects_of.get(source, (set(), set()))
    target_p, target_f = subjects_of.get(target, (set(), set()))
    shared_p = tuple(c for c in index.provisions if c in source_p and c in target_p)
    shared_f = tuple(c for c in index.forms if c in source_f and c in target_f)
    sectors = (sector_of[source], sector_of[target])
    first, second = name_of[source], name_of[target]
    about = notes.strip().rstrip(".")
    shared = ", ".join(shared_p + shared_f)
    if about:
        message = f"Declared conflict between {first} and {second}: {about}."
    elif shared:
        message = (f"Declared conflict between {first} and {second}, whose mandates both "
                   f"name {shared}.")
    else:
        message = f"Declared conflict between {first} and {second}."
    return MandateConflict(
        link_key=key, actor_keys=(source, target), sectors=sectors, shared_provisions=shared_p,
        shared_forms=shared_f, legal_basis=legal_basis, notes=notes,
        title=f"Conflicting mandates: {first} and {second}",
        message=message,
        tags=tags_of(("sector", sorted(set(sectors))), ("provision", shared_p),
                     ("form", shared_f)),
        finding_keys=(), rule=CONFLICT_RULE)
