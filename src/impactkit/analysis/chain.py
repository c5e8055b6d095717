"""Who is mandated for each step a child goes through.

How a mandate reaches a case (the rule every analysis and the navigator share):

* it must hold the **function**: name it, or name the broader function it is part of
  together with one of the provisions the catalogue gives for it (a protection mandate
  naming CRC-20 or Directive 2011/36/EU art. 16 holds guardianship; see
  :class:`Specialisations`). A mandate naming no function is counted for none;
* it covers a **form** of exploitation when it names that form, or names no form at all: a
  general mandate (a municipal social service's casework, a health ministry's care) reaches
  every form. Asked about no particular form (``form=None``), only general mandates count;
* **child groups** a mandate names are those it serves *in particular*: it still serves
  every other child, unless it is marked ``limited_to_groups`` (a shelter only for
  unaccompanied children). ``group=None`` means "any child, no particular group";
* **age bands**, when a mandate gives them, limit it to those ages (asked about no age, the
  limit does not apply).

So a gap appears only where every mandate holding a function is limited to other forms or
other groups: the demo's prosecution of forced criminality, for instance. Mandates of actors
that do not exist reach nobody (mandate coverage reports them).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from gettext import gettext as _

from impactkit.catalogue.schema import Catalogue
from impactkit.domain import ActorSystem, Mandate

#: The steps a child goes through, in order.
FUNCTION_CHAIN: tuple[str, ...] = (
    "identification", "referral", "assessment", "protection", "durable-solution")
#: Functions around the chain rather than steps of it.
SUPPORTING_FUNCTIONS: tuple[str, ...] = ("prevention", "prosecution", "monitoring")


class Specialisations:
    """The catalogue's functions that specialise a broader one (``part_of``), with the
    provisions that show a mandate of the broader function carries them."""

    def __init__(self, catalogue: Catalogue | None = None) -> None:
        self.by_parent: dict[str, list[tuple[str, frozenset[str]]]] = defaultdict(list)
        for function in catalogue.mandate_functions if catalogue is not None else ():
            if function.part_of and function.provisions:
                self.by_parent[function.part_of].append(
                    (function.code, frozenset(function.provisions)))

    def held(self, mandate: Mandate) -> tuple[str, ...]:
        """The functions a mandate holds: those it names, then those it carries through a
        broader function and a provision the catalogue gives for them."""
        named = tuple(mandate.functions)
        if not self.by_parent:
            return named
        provisions = set(mandate.provisions)
        derived = [code for parent in named for code, basis in self.by_parent.get(parent, ())
                   if code not in named and provisions & basis]
        return (*named, *dict.fromkeys(derived))


_NONE = Specialisations()


def serves_groups(mandate: Mandate) -> bool:
    """Whether the mandate's groups limit it (otherwise they are served in particular)."""
    return mandate.limited_to_groups and bool(mandate.groups)


def applies(mandate: Mandate, forms: Iterable[str], groups: Iterable[str],
            age_band: str | None = None) -> bool:
    """Whether a mandate reaches a case concerning any of ``forms`` and any of ``groups``
    (empty: no particular form or group) at ``age_band`` (None: any age), by the rule
    above."""
    form_ok = not mandate.forms or bool(set(mandate.forms).intersection(forms))
    group_ok = not serves_groups(mandate) or bool(set(mandate.groups).intersection(groups))
    age_ok = age_band is None or not mandate.age_bands or age_band in mandate.age_bands
    return form_ok and group_ok and age_ok


def responsible_for(data: ActorSystem, *, forms: Iterable[str], groups: Iterable[str],
                    function: str) -> list[str]:
    """Actor keys (sorted) whose mandates name ``function`` for any of ``forms`` and any of
    ``groups`` (the question a grid of cells asks; :class:`ChainIndex` answers it fast)."""
    forms, groups = tuple(forms), tuple(groups)
    actors = {a.key for a in data.actors}
    return sorted({m.actor_key for m in data.mandates
                   if m.actor_key in actors and function in m.functions
                   and applies(m, forms, groups)})


def responsible(data: ActorSystem, *, form: str | None, group: str | None,
                function: str) -> list[str]:
    """Actor keys (sorted) mandated for ``function`` for ``form`` and ``group``."""
    return responsible_for(data, forms=() if form is None else (form,),
                           groups=() if group is None else (group,), function=function)


class ChainIndex:
    """The rule above, indexed once so that a whole grid of cells is cheap to answer.

    For each function, actors are filed by what their mandates restrict: nothing, forms only,
    groups only, or both. A cell is then the union of four small look-ups.
    """

    def __init__(self, data: ActorSystem,
                 specialisations: Specialisations = _NONE) -> None:
        known = {a.key for a in data.actors}
        self.general: dict[str, set[str]] = defaultdict(set)
        self.by_form: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.by_group: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.by_both: dict[tuple[str, str, str], set[str]] = defaultdict(set)
        #: actors whose mandate names the form, by (function, form, group or None)
        self.named_form: dict[tuple[str, str, str | None], set[str]] = defaultdict(set)
        #: forms the mandates holding a function name, for the reasons of gaps
        self.forms_named: dict[str, set[str]] = defaultdict(set)
        self.groups_named: dict[str, set[str]] = defaultdict(set)
        self.holds: set[str] = set()
        for m in data.mandates:
            if m.actor_key not in known:
                continue
            limited = serves_groups(m)
            for function in specialisations.held(m):
                self.holds.add(function)
                self.forms_named[function].update(m.forms)
                if not limited:
                    # groups served in particular: named (for the overlaps), not a limit
                    for form in m.forms:
                        for group in m.groups:
                            self.named_form[(function, form, group)].add(m.actor_key)
                    if not m.forms:
                        self.general[function].add(m.actor_key)
                    for form in m.forms:
                        self.by_form[(function, form)].add(m.actor_key)
                        self.named_form[(function, form, None)].add(m.actor_key)
                    continue
                self.groups_named[function].update(m.groups)
                if not m.forms:
                    for group in m.groups:
                        self.by_group[(function, group)].add(m.actor_key)
                for form in m.forms:
                    for group in m.groups:
                        self.by_both[(function, form, group)].add(m.actor_key)
                        self.named_form[(function, form, group)].add(m.actor_key)
        self._base: dict[tuple[str, str], tuple[str, ...]] = {}

    def _base_cell(self, function: str, form: str) -> tuple[str, ...]:
        key = (function, form)
        if key not in self._base:
            self._base[key] = tuple(sorted(self.general.get(function, set())
                                           | self.by_form.get(key, set())))
        return self._base[key]

    def cell(self, form: str, group: str | None, function: str) -> tuple[str, ...]:
        """Sorted actor keys mandated for the cell (the same answer as :func:`responsible`)."""
        base = self._base_cell(function, form)
        if group is None:
            return base
        extra = (self.by_group.get((function, group), set())
                 | self.by_both.get((function, form, group), set()))
        if not extra:
            return base
        extra = extra.difference(base)
        if not extra:
            return base
        # two sorted runs: Timsort merges them in linear time
        return tuple(sorted(base + tuple(sorted(extra))))


def _title(terms: dict[str, str], code: str) -> str:
    return terms.get(code, code)


def gap_reason(index: ChainIndex, catalogue: Catalogue, form: str, group: str | None,
               function: str) -> str:
    """Why nobody is mandated for a cell, naming (by their titles) what the mandates holding
    the function cover instead; one whole sentence per case."""
    forms = {t.code: t.title for t in catalogue.forms}
    groups = {t.code: t.title for t in catalogue.child_groups}
    functions = {t.code: t.title for t in catalogue.mandate_functions}
    words = {"function": _title(functions, function).lower(),
             "form": _title(forms, form).lower(),
             "who": _("any child") if group is None else _title(groups, group).lower()}
    if function not in index.holds:
        return _("No actor is mandated for {function} in cases of {form} concerning {who}: no "
                 "mandate names this function at all.").format(**words)
    named_forms = _some(sorted(_title(forms, f).lower() for f in index.forms_named[function]))
    named_groups = _some(sorted(_title(groups, g).lower()
                                for g in index.groups_named[function]))
    if named_forms and named_groups:
        return _("No actor is mandated for {function} in cases of {form} concerning {who}: "
                 "every mandate holding this function is limited to other forms of "
                 "exploitation ({forms}) or to other child groups ({groups}).").format(
            forms=named_forms, groups=named_groups, **words)
    if named_groups:
        return _("No actor is mandated for {function} in cases of {form} concerning {who}: "
                 "every mandate holding this function is limited to other child groups "
                 "({groups}).").format(groups=named_groups, **words)
    return _("No actor is mandated for {function} in cases of {form} concerning {who}: every "
             "mandate holding this function is limited to other forms of exploitation "
             "({forms}).").format(forms=named_forms, **words)


def _some(titles: list[str], most: int = 6) -> str:
    """The first titles of a list, and how many more ("a, b and 3 more")."""
    if len(titles) <= most:
        return ", ".join(titles)
    return _("{titles} and {more} more").format(titles=", ".join(titles[:most]),
                                                  more=len(titles) - most)


def function_gaps(data: ActorSystem, catalogue: Catalogue, index: ChainIndex | None = None
                  ) -> list[tuple[str, str, tuple[str, ...], str]]:
    """Per form of exploitation and function, when no actor holds it for children in
    general: ``(form, function, groups also left without anyone, reason)``. What the
    analysis engine's mandate coverage reports (one entry per hole, not one per group).
    ``index``: the map's, when the caller has built it with the catalogue's
    specialisations."""
    index = index or ChainIndex(data, Specialisations(catalogue))
    groups = catalogue.codes("child_groups")
    found = []
    for form in catalogue.codes("forms"):
        for function in (*FUNCTION_CHAIN, *SUPPORTING_FUNCTIONS):
            if index.cell(form, None, function):
                continue
            alone = tuple(g for g in groups if not index.cell(form, g, function))
            found.append((form, function, alone,
                          gap_reason(index, catalogue, form, None, function)))
    return found
