"""``explain``: the findings, rule, arithmetic and cells behind one number.

:func:`explain` recomputes a single slice directly (a boolean mask over cells and one over
findings) rather than reading the report, and builds its Score with the same function, so the
Score it returns equals the report's. Each rated finding's ``weighted_contribution`` is its
share of the score::

    contribution = 100 x weight x (rating - min) / ((max - min) x total weight)

so the contributions add up to the score. For a gap the law-policy findings contribute
positively and the practice findings negatively, so they add up to the gap. Not-assessed and
not-applicable findings in the slice are listed by key; they contribute nothing.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import ClassVar

import numpy as np

from impactkit.analysis.aggregate import covered_cells, slice_members
from impactkit.analysis.coherence import tension_pairs
from impactkit.analysis.frame import NOT_APPLICABLE, NOT_ASSESSED, RATED, FindingFrame, build_frame
from impactkit.analysis.gaps import ImplementationGap, gap_result
from impactkit.analysis.index import (
    COHERENCE,
    INCLUSION,
    LAW_POLICY,
    PRACTICE,
    CatalogueIndex,
)
from impactkit.analysis.matrix import CELL_KIND, cell_mask, cell_spec
from impactkit.analysis.report import normalise_statuses, paused_gc
from impactkit.analysis.results import Result, Score, Tags
from impactkit.analysis.scores import make_score
from impactkit.analysis.slices import SliceSpec, describe
from impactkit.analysis.table import AnalysisInput
from impactkit.analysis.targets import Target, parse_target
from impactkit.catalogue.schema import Catalogue
from impactkit.domain import FindingStatus, WorkspaceData
from impactkit.errors import NotFoundError


@dataclass(frozen=True, slots=True)
class ExplainedFinding:
    """One rated finding behind a number, with what it weighs and contributes."""

    key: str
    area: str
    layer: str
    rating: int
    confidence: str
    status: str
    weight: float
    weighted_contribution: float


@dataclass(frozen=True, slots=True)
class Cell:
    provision: str
    area: str
    layer: str


@dataclass(frozen=True, slots=True)
class CellCoverage:
    """The slice's cells: covered, not covered, and left out (only not-applicable findings)."""

    covered: tuple[Cell, ...]
    uncovered: tuple[Cell, ...]
    not_applicable: tuple[Cell, ...]


@dataclass(frozen=True, slots=True)
class Explanation(Result):
    """Why a score (or a gap) is what it is. ``value`` is the number explained (None when
    there is none); ``total_contribution`` adds up the findings' contributions and equals it
    (None with it). For a gap, ``score`` and ``cells`` are None and ``components`` explain its
    law-policy and practice scores, in that order; the practice component's contributions
    are negated, so that all the gap's findings add up to the gap, and its total is therefore
    minus its value."""

    type: ClassVar[str] = "explanation"
    target: str
    kind: str
    code: str
    value: float | None
    score: Score | None
    findings: tuple[ExplainedFinding, ...]
    not_assessed: tuple[str, ...]
    not_applicable: tuple[str, ...]
    total_contribution: float | None
    arithmetic: str
    cells: CellCoverage | None
    components: tuple[Explanation, ...]
    title: str
    message: str
    tags: Tags
    finding_keys: Sequence[str]
    rule: str


def _tagged(frame: FindingFrame, rows: np.ndarray, codes: np.ndarray, code: int) -> np.ndarray:
    return np.bincount(rows[codes == code], minlength=frame.n) > 0


def _slice(frame: FindingFrame, target: Target) -> tuple[SliceSpec, np.ndarray, np.ndarray | None]:
    """Names, cell mask and finding mask of a (non-gap) target."""
    index = frame.index
    provision, area, layer = index.cell_grid()
    kind, code = target.kind, target.code
    if kind == "area":
        return describe(index, kind, code), area == index.areas.index(code), None
    if kind == "layer":
        return describe(index, kind, code), layer == index.layers.index(code), None
    if kind == "provision":
        return describe(index, kind, code), provision == index.provisions.index(code), None
    if kind == "cluster":
        members = index.cluster_provisions(index.clusters.index(code))
        return describe(index, kind, code), np.isin(provision, members), None
    if kind == CELL_KIND:
        cluster, area_code = code.split(":")
        return (cell_spec(index, cluster, area_code), cell_mask(index, cluster, area_code),
                None)
    everywhere = np.ones(index.n_cells, dtype=bool)
    if kind == "sector":
        return (describe(index, kind, code), everywhere,
                _tagged(frame, frame.fs_f, frame.fs_s, index.sectors.index(code)))
    if kind == "group":
        return (describe(index, kind, code), everywhere,
                _tagged(frame, frame.fg_f, frame.fg_g, index.groups.index(code)))
    needed = INCLUSION if kind == "exclusion" else COHERENCE
    if needed not in index.areas:
        raise NotFoundError(f"{target.text!r}: catalogue {index.catalogue.key!r} has no area "
                            f"{needed!r}, so there is no {kind} score")
    cells = area == index.areas.index(needed)
    if kind == "exclusion":
        mask = _tagged(frame, frame.fg_f, frame.fg_g, index.groups.index(code))
        if target.sector is not None:
            mask &= _tagged(frame, frame.fs_f, frame.fs_s, index.sectors.index(target.sector))
        return describe(index, kind, code, sector=target.sector), cells, mask
    first, second = code.split("+")
    rows, pairs, _ = tension_pairs(frame)
    pair = index.sectors.index(first) * len(index.sectors) + index.sectors.index(second)
    return describe(index, kind, code), cells, _tagged(frame, rows, pairs, pair)


def _arithmetic(index: CatalogueIndex, counts: np.ndarray, score: Score) -> str:
    lo, hi = index.scale_min, index.scale_max
    weight, _ = index.class_vectors
    levels = np.tile(np.asarray(index.levels), index.weights.size)
    used = np.flatnonzero(counts)
    coverage = (f"coverage = {score.covered_cells} covered / {score.total_cells} cells"
                + (f" = {score.coverage:.2f}" if score.coverage is not None else " (no cell)"))
    if not used.size:
        return f"no rated finding in the slice, so no score; {coverage}"
    if score.score is None:
        return f"every rated finding weighs 0, so no score; {coverage}"
    numerator = " + ".join(f"{counts[c]} x {weight[c]:g} x {levels[c]}" for c in used)
    denominator = " + ".join(f"{counts[c]} x {weight[c]:g}" for c in used)
    total = score.total_weight
    mean = lo + score.score * (hi - lo) / 100
    return (f"weighted mean = ({numerator}) / ({denominator}) [findings x weight x rating] "
            f"= {mean * total:.4f} / {total:.4f} = {mean:.4f}; score = 100 x ({mean:.4f} - {lo})"
            f" / ({hi} - {lo}) = {score.score:.2f}; {coverage}")


def _cells(index: CatalogueIndex, mask: np.ndarray) -> tuple[Cell, ...]:
    return tuple(Cell(*index.cell_codes(c)) for c in np.flatnonzero(mask).tolist())


def explain_slice(frame: FindingFrame, spec: SliceSpec, cell_mask: np.ndarray,
                  finding_mask: np.ndarray | None, target: str, sign: float = 1.0) -> Explanation:
    """Explain one slice (``sign`` -1 makes contributions negative: the practice side of a
    gap)."""
    index = frame.index
    members = slice_members(frame, cell_mask, finding_mask)
    rated = members & (frame.state == RATED)
    rows = np.flatnonzero(rated)
    counts = np.bincount(frame.cls[rows], minlength=index.n_classes)
    covered = covered_cells(frame, members, cell_mask)
    in_universe = cell_mask & frame.universe
    score = make_score(frame, spec, counts=counts,
                       not_assessed=int(np.count_nonzero(members & (frame.state == NOT_ASSESSED))),
                       rows=rows, covered=int(covered.sum()), total=int(in_universe.sum()))
    span = index.scale_max - index.scale_min
    explained = []
    for row in rows.tolist():
        value_of = partial(frame.field, row)
        rating = index.levels[frame.level[row]]
        weight = float(frame.weight[row])
        share = (100.0 * weight * (rating - index.scale_min) / (span * score.total_weight)
                 if score.score is not None else 0.0)
        explained.append(ExplainedFinding(
            key=value_of("key"), area=value_of("area"), layer=value_of("layer"), rating=rating,
            confidence=value_of("confidence"), status=value_of("status"), weight=weight,
            weighted_contribution=sign * share))
    return Explanation(
        target=target, kind=spec.kind, code=spec.code, value=score.score, score=score,
        findings=tuple(explained),
        not_assessed=tuple(frame.keys[members & (frame.state == NOT_ASSESSED)].tolist()),
        not_applicable=tuple(frame.keys[members & (frame.state == NOT_APPLICABLE)].tolist()),
        total_contribution=(math.fsum(e.weighted_contribution for e in explained)
                            if score.score is not None else None),
        arithmetic=_arithmetic(index, counts, score),
        cells=CellCoverage(_cells(index, covered), _cells(index, in_universe & ~covered),
                           _cells(index, cell_mask & ~frame.universe)),
        components=(), title=score.title, message=score.message, tags=spec.tags,
        finding_keys=score.finding_keys, rule=spec.rule)


def _explain_gap(frame: FindingFrame, target: Target) -> Explanation:
    index = frame.index
    kind = target.of or "provision"
    missing = [code for code in (LAW_POLICY, PRACTICE) if code not in index.layers]
    if missing:
        raise NotFoundError(f"{target.text!r}: catalogue {index.catalogue.key!r} has no layer "
                            f"{missing[0]!r}, so there are no gaps")
    provision, _, layer = index.cell_grid()
    if kind == "provision":
        where = provision == index.provisions.index(target.code)
    else:
        where = np.isin(provision, index.cluster_provisions(index.clusters.index(target.code)))
    sides = []
    for layer_code, sign in ((LAW_POLICY, 1.0), (PRACTICE, -1.0)):
        spec = describe(index, f"{kind}-layer", target.code, layer=layer_code)
        cells = where & (layer == index.layers.index(layer_code))
        sides.append(explain_slice(frame, spec, cells, None, target.text, sign))
    law, practice = sides
    assert law.score is not None and practice.score is not None
    result = gap_result(frame, kind, target.code, law.score, practice.score)
    findings = tuple(sorted(law.findings + practice.findings, key=lambda e: e.key))
    if isinstance(result, ImplementationGap):
        value: float | None = result.gap
        arithmetic = (f"gap = law-policy {law.score.score:.2f} - practice "
                      f"{practice.score.score:.2f} = {result.gap:.2f}")
    else:
        value = None
        arithmetic = "gap not measurable: " + (
            result.message if result is not None else "neither layer has a rated finding")
    title = result.title if result is not None else f"Gap: {target.code}"
    message = result.message if result is not None else (
        f"{target.code}: neither law-policy nor practice has a rated finding, so there is no gap.")
    return Explanation(
        target=target.text, kind="gap", code=target.code, value=value, score=None,
        findings=findings,
        not_assessed=tuple(sorted(law.not_assessed + practice.not_assessed)),
        not_applicable=tuple(sorted(law.not_applicable + practice.not_applicable)),
        total_contribution=(math.fsum(e.weighted_contribution for e in findings)
                            if value is not None else None),
        arithmetic=arithmetic, cells=None, components=(law, practice), title=title,
        message=message, tags=law.tags[:1], finding_keys=tuple(e.key for e in findings),
        rule=result.rule if result is not None else law.rule)


def explain(data: WorkspaceData | AnalysisInput, catalogue: Catalogue, target: str, *,
            statuses: Iterable[str | FindingStatus] | str | None = None) -> Explanation:
    """Explain the number named by ``target`` (see :mod:`impactkit.analysis.targets` for the
    forms). Raises UsageError for a malformed target and NotFoundError for an unknown code,
    both listing what would be accepted."""
    wanted = normalise_statuses(statuses)
    index = CatalogueIndex.build(catalogue)
    parsed = parse_target(index, target)
    with paused_gc():
        frame = build_frame(AnalysisInput.of(data), index, wanted)
        if parsed.kind == "gap":
            return _explain_gap(frame, parsed)
        spec, cells, findings = _slice(frame, parsed)
        return explain_slice(frame, spec, cells, findings, parsed.text)
