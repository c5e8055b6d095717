"""The navigator's answer as data: a situation described without personal data, the route
(steps, provisions with their reasons, gaps), and what changed between two routes.

Kept apart from :mod:`impactkit.systemmap.navigator` (how the answer is found) so that saved
scenarios, the store and the pages read and write routes without the navigator's rules.
A :class:`Situation` has no field for a name, a date of birth or a case number, so none can
be stored or exported; a place is a town or region name, never an address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal, cast

from impactkit.catalogue.schema import Catalogue
from impactkit.domain import AGE_BANDS
from impactkit.errors import Problem, ValidationError
from impactkit.systemmap.analysis import _Plain
from impactkit.systemmap.pathway import AppliedProvision, Reason

GapKind = Literal["no-actor", "age-limit", "wrong-level", "no-referral", "conflict"]
GAP_KINDS: tuple[str, ...] = ("no-actor", "age-limit", "wrong-level", "no-referral",
                              "conflict")
CONFLICT = "conflict"
#: How a step's actor was reached: the first step, the same actor, a referral link, another
#: coordinating link, a shared coordination body; empty when nothing reached it.
CONNECTIONS: tuple[str, ...] = ("start", "same", "referral", "coordination", "shared-body")
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
    age_in_doubt: bool = False

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Situation:
        try:
            return cls(age_band=str(raw["age_band"]), groups=tuple(raw.get("groups", ())),
                       forms=tuple(raw.get("forms", ())), needs=tuple(raw.get("needs", ())),
                       level=str(raw.get("level", "local")), place=str(raw.get("place", "")),
                       age_in_doubt=bool(raw.get("age_in_doubt", False)))
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
    """One pathway step as the catalogue gives it, and who carries it out on this map."""

    code: str
    function: str
    actors: tuple[str, ...]
    services: tuple[str, ...]
    referral_path: tuple[str, ...]
    gaps: tuple[RouteGap, ...] = ()
    title: str = ""
    provisions: tuple[str, ...] = ()
    urgent: bool = False
    standard: str = ""
    why: tuple[Reason, ...] = ()
    #: responsible actors counted at the child's level through a mandate's ``levels``
    acting_here: tuple[str, ...] = ()
    #: the actor the case reaches at this step (after a ``no-referral`` gap, the one it
    #: should reach: the route goes on from there)
    actor: str | None = None
    connection: str = ""

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Step:
        return cls(code=raw.get("code", raw["function"]), function=raw["function"],
                   actors=tuple(raw["actors"]), services=tuple(raw["services"]),
                   referral_path=tuple(raw["referral_path"]),
                   gaps=tuple(RouteGap.from_dict(g) for g in raw.get("gaps", ())),
                   title=raw.get("title", ""), provisions=tuple(raw.get("provisions", ())),
                   urgent=bool(raw.get("urgent", False)), standard=raw.get("standard", ""),
                   why=tuple(Reason.from_dict(r) for r in raw.get("why", ())),
                   acting_here=tuple(raw.get("acting_here", ())), actor=raw.get("actor"),
                   connection=raw.get("connection", ""))


@dataclass(frozen=True, slots=True)
class Route(_Plain):
    situation: Situation
    provisions: tuple[AppliedProvision, ...]
    steps: list[Step]
    gaps: list[RouteGap] = field(default_factory=list)
    #: the child is treated as a presumed victim of trafficking (CETS 197 art. 10(2))
    trafficking: bool = False
    #: the named forms that made it trafficking
    trafficking_forms: tuple[str, ...] = ()
    #: the name of every actor the route mentions, by key (a replay still names an actor
    #: removed from the map since)
    names: dict[str, str] = field(default_factory=dict)

    def name(self, key: str) -> str:
        return self.names.get(key, key)

    @property
    def provision_codes(self) -> tuple[str, ...]:
        return tuple(p.code for p in self.provisions)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Route:
        """The inverse of ``to_dict`` (a saved route, replayed or compared later; routes
        saved before steps carried their pathway code still load)."""
        try:
            return cls(situation=Situation.from_dict(raw["situation"]),
                       provisions=tuple(AppliedProvision.from_dict(p)
                                        for p in raw["provisions"]),
                       steps=[Step.from_dict(s) for s in raw["steps"]],
                       gaps=[RouteGap.from_dict(g) for g in raw["gaps"]],
                       trafficking=bool(raw.get("trafficking", False)),
                       trafficking_forms=tuple(raw.get("trafficking_forms", ())),
                       names=dict(raw.get("names", {})))
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
        code, _sep, provision = need.partition(":")
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


def _gap_id(gap: RouteGap) -> tuple[str, str, str]:
    return (gap.step, gap.kind, gap.reason if gap.kind == CONFLICT else "")


def compare_routes(before: Route, after: Route) -> RouteChange:
    """Gaps fixed and gaps new (a gap is the same when its step and kind are, and for a
    conflict its reason, which names the institutions), and the steps (by pathway code)
    whose actors, services or referral path changed."""
    old = {_gap_id(g): g for g in before.gaps}
    new = {_gap_id(g): g for g in after.gaps}
    old_steps = {s.code: (s.actors, s.services, s.referral_path) for s in before.steps}
    new_steps = {s.code: (s.actors, s.services, s.referral_path) for s in after.steps}
    order = [s.code for s in after.steps] + [s.code for s in before.steps
                                              if s.code not in new_steps]
    return RouteChange(
        fixed_gaps=tuple(g for k, g in old.items() if k not in new),
        new_gaps=tuple(g for k, g in new.items() if k not in old),
        changed_steps=tuple(f for f in order if old_steps.get(f) != new_steps.get(f)))
