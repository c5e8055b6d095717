"""The factors a key determinant can be, read from one workspace as (finding, factor) pairs.

:mod:`impactkit.analysis.determinants` asks, for every factor, whether the rated findings it
touches score apart from the rest. This module says which findings each factor touches, in
one workspace, straight from the frame's integer columns (so the whole comparison stays
vectorised):

* ``exclusion-criterion``, ``child-group``, ``sector``: the findings tagged with it;
* ``sector-tension``: coherence findings naming both sectors of a pair among their
  ``tension_sectors`` (the pairs of :func:`~impactkit.analysis.coherence.tension_pairs`);
* ``law-practice-gap``: a provision whose law-policy score exceeds its practice score by at
  least ``scoring.gap_threshold`` (the significant gaps of
  :func:`~impactkit.analysis.gaps.implementation_gaps`); the findings are its rated practice
  findings;
* ``unmandated-function``: a function of the chain that no actor holds for some form of
  exploitation (the function gaps of :func:`~impactkit.analysis.mandates.mandate_coverage`);
  the findings are those on the provisions of those forms;
* ``missing-coordination``: a pair of sectors whose actors share a mandate (a provision or a
  form) without a coordinating link (the uncoordinated mandates); the findings are those on
  the provisions concerned (a form's provisions for a form).

Only rated findings reaching a cell are paired, as only they are scored. Tag factors hold in a
workspace when their findings score apart from the rest there; gap and mandate factors hold
wherever they occur (``fixed``). Mandate factors are only read from workspaces that record at
least one mandate: a workspace without any has simply not mapped its actors, which says
nothing of who is mandated.

The sentences of this module (titles, messages, rules) are whole translatable messages with
named placeholders, formatted with :meth:`str.format`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from impactkit.analysis.coherence import tension_pairs
from impactkit.analysis.columns import distinct
from impactkit.analysis.frame import RATED, FindingFrame
from impactkit.analysis.gaps import implementation_gaps
from impactkit.analysis.index import COHERENCE, CatalogueIndex
from impactkit.analysis.mandates import mandate_coverage
from impactkit.analysis.slices import slice_title
from impactkit.analysis.table import AnalysisInput

FACTOR_KINDS: tuple[str, ...] = (
    "exclusion-criterion", "child-group", "sector", "unmandated-function",
    "missing-coordination", "sector-tension", "law-practice-gap")
#: factors that hold wherever they occur, always as a risk (no comparison decides them)
FIXED_KINDS = frozenset({"law-practice-gap", "unmandated-function", "missing-coordination"})
#: factors only ever read as a risk
RISK_ONLY = FIXED_KINDS | {"sector-tension"}
_PAIR_KINDS = frozenset({"sector-tension", "missing-coordination"})

TITLES: dict[str, str] = {
    "exclusion-criterion": "Exclusion criterion: {name}",
    "child-group": "Child group: {name}",
    "sector": "Sector: {name}",
    "sector-tension": "Tension between {first} and {second}",
    "law-practice-gap": "Law-practice gap: {name}",
    "unmandated-function": "No one mandated for {name}",
    "missing-coordination": "No coordination between {first} and {second}",
}

#: (factor, variant, across several jurisdictions) -> one sentence. Variants: ``risk`` and
#: ``protection`` for compared factors, ``scored`` and ``unscored`` for fixed ones.
MESSAGES: dict[tuple[str, str, bool], str] = {
    ("exclusion-criterion", "risk", True):
        "{count} findings in {n} of {total} jurisdictions tagged with the exclusion criterion "
        "{name} score {score:.0f}, {gap:.0f} points below the rest ({rest:.0f}).",
    ("exclusion-criterion", "risk", False):
        "{count} findings tagged with the exclusion criterion {name} score {score:.0f}, "
        "{gap:.0f} points below the rest ({rest:.0f}).",
    ("exclusion-criterion", "protection", True):
        "{count} findings in {n} of {total} jurisdictions tagged with the exclusion criterion "
        "{name} score {score:.0f}, {gap:.0f} points above the rest ({rest:.0f}).",
    ("exclusion-criterion", "protection", False):
        "{count} findings tagged with the exclusion criterion {name} score {score:.0f}, "
        "{gap:.0f} points above the rest ({rest:.0f}).",
    ("child-group", "risk", True):
        "{count} findings in {n} of {total} jurisdictions concerning {name} score "
        "{score:.0f}, {gap:.0f} points below the rest ({rest:.0f}).",
    ("child-group", "risk", False):
        "{count} findings concerning {name} score {score:.0f}, {gap:.0f} points below the "
        "rest ({rest:.0f}).",
    ("child-group", "protection", True):
        "{count} findings in {n} of {total} jurisdictions concerning {name} score "
        "{score:.0f}, {gap:.0f} points above the rest ({rest:.0f}).",
    ("child-group", "protection", False):
        "{count} findings concerning {name} score {score:.0f}, {gap:.0f} points above the "
        "rest ({rest:.0f}).",
    ("sector", "risk", True):
        "{count} findings in {n} of {total} jurisdictions tagged with the sector {name} score "
        "{score:.0f}, {gap:.0f} points below the rest ({rest:.0f}).",
    ("sector", "risk", False):
        "{count} findings tagged with the sector {name} score {score:.0f}, {gap:.0f} points "
        "below the rest ({rest:.0f}).",
    ("sector", "protection", True):
        "{count} findings in {n} of {total} jurisdictions tagged with the sector {name} score "
        "{score:.0f}, {gap:.0f} points above the rest ({rest:.0f}).",
    ("sector", "protection", False):
        "{count} findings tagged with the sector {name} score {score:.0f}, {gap:.0f} points "
        "above the rest ({rest:.0f}).",
    ("sector-tension", "risk", True):
        "{count} findings in {n} of {total} jurisdictions recording a tension between {first} "
        "and {second} score {score:.0f}, {gap:.0f} points below the rest ({rest:.0f}).",
    ("sector-tension", "risk", False):
        "{count} findings recording a tension between {first} and {second} score {score:.0f}, "
        "{gap:.0f} points below the rest ({rest:.0f}).",
    ("law-practice-gap", "scored", True):
        "In {n} of {total} jurisdictions practice on {name} falls at least {threshold:g} "
        "points behind law and policy; its {count} practice findings score {score:.0f} "
        "against {rest:.0f} for the rest.",
    ("law-practice-gap", "scored", False):
        "Practice on {name} falls at least {threshold:g} points behind law and policy; its "
        "{count} practice findings score {score:.0f} against {rest:.0f} for the rest.",
    ("law-practice-gap", "unscored", True):
        "In {n} of {total} jurisdictions practice on {name} falls at least {threshold:g} "
        "points behind law and policy; its practice findings cannot be compared with the rest.",
    ("law-practice-gap", "unscored", False):
        "Practice on {name} falls at least {threshold:g} points behind law and policy; its "
        "practice findings cannot be compared with the rest.",
    ("unmandated-function", "scored", True):
        "In {n} of {total} jurisdictions no actor is mandated for {name} for some form of "
        "exploitation; the {count} findings on the provisions concerned score {score:.0f} "
        "against {rest:.0f} for the rest.",
    ("unmandated-function", "scored", False):
        "No actor is mandated for {name} for some form of exploitation; the {count} findings "
        "on the provisions concerned score {score:.0f} against {rest:.0f} for the rest.",
    ("unmandated-function", "unscored", True):
        "In {n} of {total} jurisdictions no actor is mandated for {name} for some form of "
        "exploitation; the findings on the provisions concerned cannot be compared with the "
        "rest.",
    ("unmandated-function", "unscored", False):
        "No actor is mandated for {name} for some form of exploitation; the findings on the "
        "provisions concerned cannot be compared with the rest.",
    ("missing-coordination", "scored", True):
        "In {n} of {total} jurisdictions actors of {first} and {second} share mandates without "
        "a coordinating link; the {count} findings on the provisions concerned score "
        "{score:.0f} against {rest:.0f} for the rest.",
    ("missing-coordination", "scored", False):
        "Actors of {first} and {second} share mandates without a coordinating link; the "
        "{count} findings on the provisions concerned score {score:.0f} against {rest:.0f} "
        "for the rest.",
    ("missing-coordination", "unscored", True):
        "In {n} of {total} jurisdictions actors of {first} and {second} share mandates without "
        "a coordinating link; the findings on the provisions concerned cannot be compared with "
        "the rest.",
    ("missing-coordination", "unscored", False):
        "Actors of {first} and {second} share mandates without a coordinating link; the "
        "findings on the provisions concerned cannot be compared with the rest.",
}

_COMPARED = ("It holds in a jurisdiction where at least two rated findings touch it and "
             "score at least {difference:g} points apart from the jurisdiction's other rated "
             "findings, and enters with at least {min_findings} rated findings over those "
             "jurisdictions and a pooled difference of at least {difference:g} points.")
FACTOR_RULES: dict[str, str] = {
    "exclusion-criterion": "Factor: findings recording the exclusion criterion. " + _COMPARED,
    "child-group": "Factor: findings tagged with the child group. " + _COMPARED,
    "sector": "Factor: findings tagged with the sector. " + _COMPARED,
    "sector-tension": "Factor: coherence findings naming both sectors among their sectors in "
                      "tension; read as a risk only. " + _COMPARED,
    "law-practice-gap": "Factor: a provision whose law-policy score exceeds its practice score "
                        "by at least {threshold:g} points (the analysis' significant gaps); "
                        "its findings are its rated practice findings. It enters wherever it "
                        "occurs, as a risk.",
    "unmandated-function": "Factor: a function no actor is mandated for, for some form of "
                           "exploitation; its findings are the rated findings on the "
                           "provisions of those forms. Read only where mandates are recorded; "
                           "it enters wherever it occurs, as a risk.",
    "missing-coordination": "Factor: a pair of sectors whose actors share a mandate with no "
                            "coordinating link between them; its findings are the rated "
                            "findings on the provisions concerned. It enters wherever it "
                            "occurs, as a risk.",
}


@dataclass(frozen=True, eq=False)
class FactorPairs:
    """Which rated findings (rows of one frame) each code of one factor kind touches.

    ``ids[i]`` indexes ``codes`` and ``rows[i]`` the frame; a pair may repeat (callers
    de-duplicate). ``own_provisions[code]`` are provision positions the factor is about by
    itself (a gap's provision, the provisions of an unmandated function); ``own_sectors``
    likewise. ``fixed`` marks kinds that hold wherever a code is listed."""

    kind: str
    codes: tuple[str, ...]
    rows: np.ndarray
    ids: np.ndarray
    fixed: bool = False
    own_provisions: dict[str, tuple[int, ...]] | None = None
    own_sectors: dict[str, tuple[str, ...]] | None = None


def code_order(index: CatalogueIndex, kind: str, code: str) -> tuple[int, ...]:
    """Catalogue order of a factor's code, unknown codes last (to break ranking ties)."""
    vocabulary = {"exclusion-criterion": index.criteria, "child-group": index.groups,
                  "sector": index.sectors, "law-practice-gap": index.provisions,
                  "unmandated-function": tuple(t.code for t in
                                               index.catalogue.mandate_functions)}
    if kind in _PAIR_KINDS:
        return tuple(_position(index.sectors, part) for part in code.split("+"))
    return (_position(vocabulary[kind], code),)


def _position(codes: tuple[str, ...], code: str) -> int:
    return codes.index(code) if code in codes else len(codes)


def names(index: CatalogueIndex, kind: str, code: str) -> dict[str, str]:
    """The placeholders naming a factor: ``name``, or ``first`` and ``second`` for pairs."""
    if kind in _PAIR_KINDS:
        first, _, second = code.partition("+")
        return {"name": code, "first": index.title("sector", first),
                "second": index.title("sector", second)}
    if kind == "law-practice-gap":
        return {"name": slice_title(index, "provision", code)}
    if kind == "unmandated-function":
        titles = {t.code: t.title for t in index.catalogue.mandate_functions}
        return {"name": titles.get(code, code)}
    tag = {"exclusion-criterion": "criterion", "child-group": "group"}.get(kind, kind)
    return {"name": index.title(tag, code)}


def _tagged(frame: FindingFrame, kind: str, codes: tuple[str, ...], rows: np.ndarray,
            ids: np.ndarray) -> FactorPairs:
    keep = (frame.state[rows] == RATED) & frame.has_cell[rows]
    sectors = {code: tuple(code.split("+")) for code in codes} if kind in _PAIR_KINDS else None
    return FactorPairs(kind, codes, rows[keep], ids[keep], own_sectors=sectors)


def _pair_code(index: CatalogueIndex, pair: int) -> str:
    n_s = len(index.sectors)
    return f"{index.sectors[pair // n_s]}+{index.sectors[pair % n_s]}"


def _rows_on(frame: FindingFrame, provisions: Iterable[int]) -> np.ndarray:
    """Rated rows reaching any of ``provisions``, ascending."""
    wanted = np.zeros(max(len(frame.index.provisions), 1), dtype=bool)
    wanted[list(provisions)] = True
    rows = distinct(frame.fp_f[wanted[frame.fp_p]], nearly_sorted=True)
    return rows[frame.state[rows] == RATED]


def _by_provisions(frame: FindingFrame, kind: str,
                   provisions: dict[str, set[int]], sectors: dict[str, tuple[str, ...]] | None
                   ) -> FactorPairs:
    codes = tuple(provisions)
    found = [_rows_on(frame, provisions[code]) for code in codes]
    rows = np.concatenate(found) if found else np.zeros(0, np.int64)
    ids = np.repeat(np.arange(len(codes)), [len(r) for r in found])
    return FactorPairs(kind, codes, rows.astype(np.int64), ids.astype(np.int64), fixed=True,
                       own_provisions={c: tuple(sorted(provisions[c])) for c in codes},
                       own_sectors=sectors)


def _mandate_factors(frame: FindingFrame, source: AnalysisInput) -> list[FactorPairs]:
    index = frame.index
    coverage = mandate_coverage(source, index)
    position = {code: i for i, code in enumerate(index.provisions)}
    of_form = {f.code: {position[p] for p in f.provisions if p in position}
               for f in index.catalogue.forms}
    functions: dict[str, set[int]] = defaultdict(set)
    for gap in coverage.function_gaps:
        functions[gap.function] |= of_form.get(gap.form, set())
    pairs: dict[str, set[int]] = defaultdict(set)
    for item in coverage.uncoordinated:
        concerned = ({position[item.code]} if item.subject == "provision"
                     else of_form.get(item.code, set()))
        for first, second in item.missing_pairs:
            pairs[f"{first}+{second}"] |= concerned
    return [
        _by_provisions(frame, "unmandated-function", dict(functions), None),
        _by_provisions(frame, "missing-coordination", dict(pairs),
                       {code: tuple(code.split("+")) for code in pairs}),
    ]


def factor_pairs(frame: FindingFrame, source: AnalysisInput) -> list[FactorPairs]:
    """Every factor kind of one workspace, in :data:`FACTOR_KINDS` order (mandate factors
    only where the workspace records a mandate)."""
    index = frame.index
    crit_f, crit_k, _ = frame.rows.lists(
        "exclusion_criteria", {c: i for i, c in enumerate(index.criteria)}, len(index.criteria))
    t_rows, t_pairs, _ = tension_pairs(frame) if COHERENCE in index.areas else (
        np.zeros(0, np.int64), np.zeros(0, np.int64), {})
    t_codes, t_ids = np.unique(t_pairs, return_inverse=True)
    tension = _tagged(frame, "sector-tension",
                      tuple(_pair_code(index, int(p)) for p in t_codes.tolist()),
                      t_rows, t_ids.reshape(-1))
    significant = [g for g in implementation_gaps(frame).provisions if g.significant]
    gap_rows = [g.practice.finding_keys.rows for g in significant]
    gap = FactorPairs(
        "law-practice-gap", tuple(g.code for g in significant),
        np.concatenate(gap_rows).astype(np.int64) if gap_rows else np.zeros(0, np.int64),
        np.repeat(np.arange(len(significant)), [len(r) for r in gap_rows]).astype(np.int64),
        fixed=True, own_provisions={g.code: (index.provisions.index(g.code),)
                                    for g in significant})
    mandates = _mandate_factors(frame, source) if source.mandates else []
    found = [_tagged(frame, "exclusion-criterion", index.criteria, crit_f, crit_k),
             _tagged(frame, "child-group", index.groups, frame.fg_f, frame.fg_g),
             _tagged(frame, "sector", index.sectors, frame.fs_f, frame.fs_s),
             *mandates, tension, gap]
    return sorted(found, key=lambda f: FACTOR_KINDS.index(f.kind))
