"""What names a slice: its explain target, title, tags and rule.

The report (which scores families of slices at once) and :func:`explain` (which recomputes one
slice) both describe slices through :func:`describe`, so the Score explain returns is the very
Score the report holds.
"""

from __future__ import annotations

from dataclasses import dataclass

from impactkit.analysis.index import INCLUSION, CatalogueIndex
from impactkit.analysis.results import Tags, tags_of
from impactkit.analysis.rules import slice_rule

KIND_LABELS = {"area": "Area", "cluster": "Cluster", "provision": "Provision", "layer": "Layer",
               "sector": "Sector", "group": "Child group"}
SIMPLE_KINDS = tuple(KIND_LABELS)


@dataclass(frozen=True, slots=True)
class SliceSpec:
    """The names of one slice. ``code`` is the provision, cluster, group... it is about
    (``"first+second"`` for a tension); ``layer`` and ``sector`` narrow it."""

    kind: str
    code: str
    target: str | None
    title: str
    tags: Tags
    rule: str
    layer: str | None = None
    sector: str | None = None


def slice_title(index: CatalogueIndex, kind: str, code: str) -> str:
    if kind == "provision":
        return f"{code} {index.title('provision', code)}"
    return f"{KIND_LABELS[kind]}: {index.title(kind, code)}"


def describe(index: CatalogueIndex, kind: str, code: str, *, layer: str | None = None,
             sector: str | None = None) -> SliceSpec:
    """Names of a slice of ``kind``: one of :data:`SIMPLE_KINDS`, ``provision-layer``,
    ``cluster-layer`` (with ``layer``), ``exclusion`` (``code`` a group, optional ``sector``)
    or ``tension`` (``code`` = ``"first+second"``)."""
    if kind in SIMPLE_KINDS:
        return SliceSpec(kind, code, f"{kind}:{code}", slice_title(index, kind, code),
                         tags_of((kind, code)), slice_rule(index, kind, code))
    if kind in ("provision-layer", "cluster-layer"):
        assert layer is not None
        base = kind.removesuffix("-layer")
        return SliceSpec(kind, code, None,
                         f"{slice_title(index, base, code)} ({index.title('layer', layer)})",
                         tags_of((base, code), ("layer", layer)),
                         slice_rule(index, kind, code, layer=layer), layer=layer)
    if kind == "exclusion":
        group = index.title("group", code)
        if sector is None:
            return SliceSpec(kind, code, f"exclusion:{code}", f"Inclusion of {group}",
                             tags_of(("group", code), ("area", INCLUSION)),
                             slice_rule(index, "exclusion", code))
        return SliceSpec("exclusion-sector", code, f"exclusion:{code}:{sector}",
                         f"Inclusion of {group} in {index.title('sector', sector)}",
                         tags_of(("group", code), ("sector", sector), ("area", INCLUSION)),
                         slice_rule(index, "exclusion-sector", code, sector=sector),
                         sector=sector)
    if kind == "tension":
        first, second = code.split("+")
        label = f"{index.title('sector', first)} / {index.title('sector', second)}"
        return SliceSpec(kind, code, f"tension:{code}", f"Coherence: {label}",
                         tags_of(("sector", (first, second))),
                         slice_rule(index, "tension", f"{first} and {second}"))
    raise ValueError(f"unknown slice kind {kind!r}")
