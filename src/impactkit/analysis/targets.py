"""Explain targets: the strings that name one number of the report.

Accepted forms (codes are the catalogue's, case-sensitive)::

    area:<area>            cluster:<cluster>        provision:<provision>
    layer:<layer>          sector:<sector>          group:<group>
    gap:<provision>        gap:cluster:<cluster>
    exclusion:<group>      exclusion:<group>:<sector>
    tension:<sector>+<sector>
    cell:<cluster>:<area>  (one cell of the cluster x area matrix)

A malformed target raises UsageError listing these forms; a well-formed one naming a code the
catalogue does not have raises NotFoundError with the closest codes it does have.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from impactkit.analysis.index import CatalogueIndex
from impactkit.errors import NotFoundError, UsageError

FORMS = ("area:<area>", "cluster:<cluster>", "provision:<provision>", "layer:<layer>",
         "sector:<sector>", "group:<group>", "gap:<provision>", "gap:cluster:<cluster>",
         "exclusion:<group>", "exclusion:<group>:<sector>", "tension:<sector>+<sector>",
         "cell:<cluster>:<area>")
KINDS = ("area", "cluster", "provision", "layer", "sector", "group", "gap", "exclusion",
         "tension", "cell")
_VOCABULARY = {"area": "areas", "cluster": "clusters", "provision": "provisions",
               "layer": "layers", "sector": "sectors", "group": "groups"}


@dataclass(frozen=True, slots=True)
class Target:
    """A parsed target. ``kind`` is one of :data:`KINDS`; for gaps ``of`` is ``provision`` or
    ``cluster``; ``sector`` narrows an exclusion; a tension's ``code`` is ``first+second`` in
    catalogue order."""

    text: str
    kind: str
    code: str
    of: str | None = None
    sector: str | None = None


def accepted() -> str:
    return "accepted forms: " + ", ".join(FORMS)


def close_matches(code: str, candidates: tuple[str, ...] | list[str]) -> list[str]:
    """Up to 3 candidates close to ``code`` (case-insensitive)."""
    lowered = {c.lower(): c for c in candidates}
    return [lowered[m] for m in difflib.get_close_matches(code.lower(), list(lowered), n=3,
                                                          cutoff=0.6)]


def _known(index: CatalogueIndex, target: str, kind: str, code: str) -> str:
    """``code`` if the catalogue has it as a ``kind``, else NotFoundError with suggestions."""
    codes: tuple[str, ...] = getattr(index, _VOCABULARY[kind])
    if code in codes:
        return code
    if kind == "provision" and code in index.non_assessable:
        raise NotFoundError(f"{target!r}: provision {code} is procedural (not assessable), so "
                            "it has no cells and no score")
    near = close_matches(code, codes)
    hint = f"; did you mean {', '.join(near)}?" if near else ""
    raise NotFoundError(f"{target!r}: catalogue {index.catalogue.key!r} has no {kind} "
                        f"{code!r}{hint} ({accepted()})")


def parse_target(index: CatalogueIndex, target: str) -> Target:
    """Check ``target`` against the forms and the catalogue (see module doc)."""
    if not isinstance(target, str) or ":" not in target:
        raise UsageError(f"cannot read explain target {target!r}; {accepted()}")
    kind, _, rest = target.partition(":")
    if kind not in KINDS:
        near = close_matches(kind, KINDS)
        hint = f" (did you mean {near[0]!r}?)" if near else ""
        raise UsageError(f"unknown explain target kind {kind!r}{hint}; {accepted()}")
    if not rest:
        raise UsageError(f"explain target {target!r} names no code; {accepted()}")
    if kind in _VOCABULARY:
        return Target(target, kind, _known(index, target, kind, rest))
    if kind == "gap":
        if rest.startswith("cluster:"):
            return Target(target, kind, _known(index, target, "cluster", rest[8:]), of="cluster")
        return Target(target, kind, _known(index, target, "provision", rest), of="provision")
    if kind == "exclusion":
        group, _, sector = rest.partition(":")
        return Target(target, kind, _known(index, target, "group", group),
                      sector=_known(index, target, "sector", sector) if sector else None)
    if kind == "cell":
        cluster, _, area = rest.partition(":")
        if not cluster or not area:
            raise UsageError(f"a cell target names a cluster and an area, as "
                             f"cell:<cluster>:<area>, not {target!r}; {accepted()}")
        return Target(target, kind, f"{_known(index, target, 'cluster', cluster)}:"
                                    f"{_known(index, target, 'area', area)}")
    first, plus, second = rest.partition("+")
    if not plus or not first or not second or first == second:
        raise UsageError(f"a tension target names two different sectors joined by '+', "
                         f"not {target!r}; {accepted()}")
    first, second = (_known(index, target, "sector", c) for c in (first, second))
    if index.sectors.index(first) > index.sectors.index(second):
        first, second = second, first
    return Target(target, kind, f"{first}+{second}")
