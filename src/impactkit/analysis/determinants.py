"""Key determinants of risk and protection: the factors that recur where children are left
unprotected (or, the other way, where they are protected), across jurisdictions.

IMPACT's research ends in the factors that recur where protection fails: an exclusion
criterion, a group, a sector, a function nobody holds... This module finds them in the rated
findings of several workspaces (one per jurisdiction, or one workspace alone) by comparing,
within each workspace, the findings a factor touches with the workspace's other findings.
The factors and which findings each touches are defined in
:mod:`impactkit.analysis.determinant_factors`.

Rules:

1. **Holding.** A compared factor (exclusion criterion, child group, sector, sector tension)
   holds in a workspace as a *risk* when at least two rated findings touch it there
   (:data:`MIN_IN_JURISDICTION`) and their score is at
   least ``min_difference`` points below the score of the workspace's other rated findings,
   as a *protection* when at least that much above (sector tensions are read as risks only).
   Law-practice gaps (at least ``scoring.gap_threshold`` points), unmandated functions and
   missing coordination hold as risks wherever they occur, and enter unless the findings on
   what they concern score above the rest (then they mark no risk).
2. **Pooling.** ``score`` pools the findings touching the factor in the workspaces where it
   holds (its ``jurisdictions``), ``rest`` the other rated findings of those workspaces, both
   by the standard score rule (:func:`~impactkit.analysis.aggregate.score_of`: weighted mean
   rating on 0-100); ``difference = score - rest``.
3. **Entry.** A compared factor enters with at least ``min_findings`` rated findings over its
   jurisdictions and a pooled ``|difference| >= min_difference`` in its direction. Gap and
   mandate factors enter by their own thresholds (rule 1); when no finding can be compared,
   their score and rest are None.
4. **Ranking.** Risks first, by jurisdictions touched (most first), then findings touched
   (most first), then difference (most negative first, None last); then protections, by
   jurisdictions, findings and difference (largest first). Ties follow
   :data:`~impactkit.analysis.determinant_factors.FACTOR_KINDS` then catalogue order.
5. **Scope.** ``single`` when one workspace is analysed; ``common`` when the factor holds in
   at least 2 jurisdictions (and, with more than 3, in at least half of them); ``particular``
   in exactly one of several; ``shared`` in between (2 or more, but under half of more than 3).

Each determinant carries the keys of the findings behind it per jurisdiction. The status
filter, the frames and the gap and mandate rules are those of :func:`analyse`; codes the
catalogue does not define are left out here (that workspace's analysis reports them).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from impactkit.analysis.aggregate import score_of
from impactkit.analysis.columns import distinct
from impactkit.analysis.determinant_factors import (
    FACTOR_KINDS,
    FACTOR_RULES,
    FIXED_KINDS,
    MESSAGES,
    RISK_ONLY,
    TITLES,
    FactorPairs,
    code_order,
    factor_pairs,
    names,
)
from impactkit.analysis.frame import RATED, FindingFrame, build_frame, expand, offsets_of
from impactkit.analysis.index import STATUSES, CatalogueIndex
from impactkit.analysis.report import normalise_statuses, paused_gc
from impactkit.analysis.results import KeyList, Result, Tags, tags_of, to_plain
from impactkit.analysis.rules import score_rule
from impactkit.analysis.table import AnalysisInput
from impactkit.catalogue.schema import Catalogue
from impactkit.domain import FindingStatus, WorkspaceData
from impactkit.errors import UsageError

RISK, PROTECTION = "risk", "protection"
SCOPES = ("common", "shared", "particular", "single")
MIN_IN_JURISDICTION = 2
"""Rated findings a compared factor needs in a jurisdiction to hold there."""
_EPSILON = 1e-9  # thresholds are compared with this slack, so 50 - 40 counts as 10 points

RANKING_RULE = (
    "A factor (exclusion criterion, child group, sector, sector tension) holds in a "
    "jurisdiction where at least two rated findings touch it and score at least "
    "{min_difference:g} points below "
    "(a risk) or above (a protection) the jurisdiction's other rated findings, and enters with "
    "at least {min_findings} rated findings and a pooled difference of at least "
    "{min_difference:g} points over the jurisdictions where it holds; law-practice gaps of at "
    "least {gap_threshold:g} points, unmandated functions and missing coordination enter "
    "wherever they occur, as risks. Risks come first, ranked by jurisdictions touched, then "
    "findings touched (most first), then difference (most negative first); protections "
    "follow, ranked by jurisdictions, findings and difference (largest first).")
_TAG_KINDS = {"exclusion-criterion": "criterion", "child-group": "group", "sector": "sector",
              "law-practice-gap": "provision", "unmandated-function": "function"}


class MergedKeys(KeyList):
    """Keys of findings of several workspaces (a key may repeat across them): sorted, each
    once, built on first use like any :class:`KeyList`."""

    __slots__ = ()

    def keys(self) -> tuple[str, ...]:
        if self._keys is None:
            self._keys = tuple(sorted(set(self._column[self._rows].tolist())))
        return self._keys

    def __len__(self) -> int:
        return len(self.keys())


@dataclass(frozen=True, slots=True)
class Determinant(Result):
    """One factor that recurs with low (risk) or high (protection) scores; see the module
    doc for the rules and :data:`~impactkit.analysis.determinant_factors.FACTOR_KINDS`."""

    type: ClassVar[str] = "determinant"
    factor: str
    code: str
    direction: str
    findings: int
    jurisdictions: tuple[str, ...]
    score: float | None
    rest: float | None
    difference: float | None
    clusters: tuple[str, ...]
    sectors: tuple[str, ...]
    scope: str
    by_jurisdiction: Mapping[str, KeyList]
    title: str
    message: str
    tags: Tags
    finding_keys: KeyList
    rule: str

    @property
    def key(self) -> str:
        """``factor:code:direction``, unique in a report."""
        return f"{self.factor}:{self.code}:{self.direction}"


@dataclass(frozen=True, slots=True, eq=False)
class DeterminantReport(Result):
    """The ranked determinants of some workspaces and views of them (each view keeps the
    ranking): by cluster and by sector (catalogue order), common and particular ones."""

    type: ClassVar[str] = "determinant-report"
    determinants: tuple[Determinant, ...]
    by_cluster: dict[str, tuple[Determinant, ...]]
    by_sector: dict[str, tuple[Determinant, ...]]
    common: tuple[Determinant, ...]
    particular: tuple[Determinant, ...]
    rule: str
    jurisdictions: tuple[str, ...]
    statuses: tuple[str, ...] | None
    min_findings: int
    min_difference: float

    @property
    def risks(self) -> tuple[Determinant, ...]:
        return tuple(d for d in self.determinants if d.direction == RISK)

    @property
    def protections(self) -> tuple[Determinant, ...]:
        return tuple(d for d in self.determinants if d.direction == PROTECTION)

    def get(self, factor: str, code: str, direction: str = RISK) -> Determinant | None:
        return next((d for d in self.determinants
                     if (d.factor, d.code, d.direction) == (factor, code, direction)), None)

    def to_dict(self, *, finding_keys: bool = True) -> dict[str, Any]:
        """The determinants in full, views as positions in ``determinants``.
        ``finding_keys=False`` drops the keys behind each (``finding_keys`` and
        ``by_jurisdiction``), which dominate the size on large workspaces."""
        position = {d.key: i for i, d in enumerate(self.determinants)}
        plain = [to_plain(d) for d in self.determinants]
        if not finding_keys:
            for item in plain:
                item.pop("finding_keys")
                item.pop("by_jurisdiction")
        return {
            "type": self.type, "jurisdictions": list(self.jurisdictions),
            "filter": {"statuses": list(self.statuses) if self.statuses is not None else None},
            "min_findings": self.min_findings, "min_difference": to_plain(self.min_difference),
            "rule": self.rule, "determinants": plain,
            "by_cluster": {c: [position[d.key] for d in ds] for c, ds in self.by_cluster.items()},
            "by_sector": {s: [position[d.key] for d in ds] for s, ds in self.by_sector.items()},
            "common": [position[d.key] for d in self.common],
            "particular": [position[d.key] for d in self.particular],
        }


@dataclass(frozen=True, eq=False)
class _Seen:
    """A factor holding in one workspace: the class counts of its findings and of the rest,
    and what they reach."""

    label: str
    counts: np.ndarray
    rest: np.ndarray
    column: np.ndarray  # the frame's keys
    rows: np.ndarray  # the rows of the findings touching the factor, ascending
    clusters: np.ndarray  # bool per catalogue cluster
    sectors: frozenset[str]


def _reached(ids: np.ndarray, rows: np.ndarray, offsets: np.ndarray, values: np.ndarray,
             n_ids: int, width: int) -> np.ndarray:
    """(code, value) booleans: some row of the code has that value (cluster, sector)."""
    picks, found = expand(np.arange(len(rows)), rows, offsets, values)
    hit = np.zeros(n_ids * width, dtype=bool)
    hit[ids[picks] * width + found] = True
    return hit.reshape(n_ids, width)


def _direction(kind: str, score: float | None, rest: float | None,
               min_difference: float) -> str | None:
    if score is None or rest is None:
        return None
    difference = score - rest
    if difference <= -min_difference + _EPSILON:
        return RISK
    if difference >= min_difference - _EPSILON and kind not in RISK_ONLY:
        return PROTECTION
    return None


def _observe(frame: FindingFrame, label: str, pairs: FactorPairs, total: np.ndarray,
             min_difference: float) -> Iterator[tuple[str, str, _Seen]]:
    """(code, direction, evidence) of each code of ``pairs`` that holds in this workspace."""
    index, n_ids = frame.index, len(pairs.codes)
    if not n_ids:
        return
    n, n_cls, n_c = max(frame.n, 1), index.n_classes, len(index.clusters)
    combined = distinct(pairs.ids * n + pairs.rows)
    ids, rows = combined // n, combined % n
    counts = np.bincount(ids * n_cls + frame.cls[rows], minlength=n_ids * n_cls)
    counts = counts.reshape(n_ids, n_cls)
    members = np.split(rows, np.cumsum(np.bincount(ids, minlength=n_ids))[:-1])
    clusters = _reached(ids, rows, offsets_of(frame.fc_f, frame.n), frame.fc_c, n_ids, n_c)
    sectors = _reached(ids, rows, offsets_of(frame.fs_f, frame.n), frame.fs_s, n_ids,
                       len(index.sectors))
    for i, code in enumerate(pairs.codes):
        if not pairs.fixed and int(counts[i].sum()) < MIN_IN_JURISDICTION:
            continue  # one finding is an anecdote, not a pattern of this jurisdiction
        rest = total - counts[i]
        direction = RISK if pairs.fixed else _direction(
            pairs.kind, score_of(counts[i], index)[0], score_of(rest, index)[0], min_difference)
        if direction is None:
            continue
        for p in (pairs.own_provisions or {}).get(code, ()):
            start, stop = index.provision_cluster_offsets[p:p + 2]
            clusters[i, index.provision_clusters[start:stop]] = True
        named = {index.sectors[s] for s in np.flatnonzero(sectors[i]).tolist()}
        named.update((pairs.own_sectors or {}).get(code, ()))
        yield code, direction, _Seen(label, counts[i], rest, frame.keys, members[i],
                                     clusters[i], frozenset(named))


def _scope(touched: int, total: int) -> str:
    if total == 1:
        return "single"
    if touched == 1:
        return "particular"
    return "common" if total <= 3 or touched >= total / 2 else "shared"


def _build(index: CatalogueIndex, kind: str, code: str, direction: str, seen: list[_Seen],
           total: int, min_findings: int, min_difference: float) -> Determinant | None:
    """The determinant of one factor from the workspaces where it holds, if it enters."""
    counts = np.sum([s.counts for s in seen], axis=0)
    rest_counts = np.sum([s.rest for s in seen], axis=0)
    score = score_of(counts, index)[0]
    rest = None if score is None else score_of(rest_counts, index)[0]
    difference = None if score is None or rest is None else score - rest
    findings = int(counts.sum())
    fixed = kind in FIXED_KINDS
    if not fixed and (findings < min_findings or difference is None
                      or _direction(kind, score, rest, min_difference) != direction):
        return None
    if fixed and difference is not None and difference > _EPSILON:
        return None  # a structural gap whose findings score above the rest marks no risk
    labels = tuple(s.label for s in seen)
    reached = np.logical_or.reduce([s.clusters for s in seen])
    clusters = tuple(index.clusters[c] for c in np.flatnonzero(reached).tolist())
    named = set().union(*(s.sectors for s in seen))
    sectors = tuple(sorted(named, key=lambda s: (code_order(index, "sector", s), s)))
    threshold = index.catalogue.scoring.gap_threshold
    variant = direction if not fixed else ("scored" if difference is not None else "unscored")
    values = {"count": findings, "n": len(labels), "total": total, "score": score,
              "rest": rest, "gap": abs(difference) if difference is not None else None,
              "threshold": threshold, **names(index, kind, code)}
    own = (_TAG_KINDS[kind], code) if kind in _TAG_KINDS else ("sector", code.split("+"))
    column = np.concatenate([s.column[s.rows] for s in seen])
    return Determinant(
        factor=kind, code=code, direction=direction, findings=findings, jurisdictions=labels,
        score=score, rest=rest, difference=difference, clusters=clusters, sectors=sectors,
        scope=_scope(len(labels), total),
        by_jurisdiction={s.label: KeyList(s.column, s.rows) for s in seen},
        title=TITLES[kind].format(**values),
        message=MESSAGES[(kind, variant, total > 1)].format(**values),
        tags=tuple(dict.fromkeys(tags_of(own, ("cluster", clusters), ("sector", sectors)))),
        finding_keys=MergedKeys(column, np.arange(len(column))),
        rule=" ".join((FACTOR_RULES[kind].format(difference=min_difference,
                                                 min_findings=min_findings,
                                                 threshold=threshold), score_rule(index))))


def _rank(index: CatalogueIndex, item: Determinant) -> tuple[Any, ...]:
    difference = item.difference
    if item.direction == RISK:
        order = math.inf if difference is None else difference
    else:
        order = math.inf if difference is None else -difference
    return (item.direction != RISK, -len(item.jurisdictions), -item.findings, order,
            FACTOR_KINDS.index(item.factor), code_order(index, item.factor, item.code),
            item.code)


def _views(ranked: tuple[Determinant, ...], order: Sequence[str], field: str
           ) -> dict[str, tuple[Determinant, ...]]:
    found: dict[str, list[Determinant]] = defaultdict(list)
    for item in ranked:
        for code in getattr(item, field):
            found[code].append(item)
    known = [c for c in order if c in found]
    return {c: tuple(found[c]) for c in known + sorted(set(found) - set(known))}


def _check(workspaces: Sequence[tuple[str, WorkspaceData | AnalysisInput]], min_findings: int,
           min_difference: float) -> None:
    labels = [label for label, _ in workspaces]
    if not labels:
        raise UsageError("key determinants need at least one workspace")
    repeated = sorted({label for label in labels if labels.count(label) > 1})
    if repeated:
        raise UsageError(f"jurisdiction labels must be unique; repeated: {', '.join(repeated)}")
    if min_findings < 1:
        raise UsageError(f"min_findings must be at least 1, not {min_findings}")
    if not math.isfinite(min_difference) or min_difference < 0:
        raise UsageError(f"min_difference must be a number of points >= 0, not "
                         f"{min_difference!r}")


def key_determinants(workspaces: Sequence[tuple[str, WorkspaceData | AnalysisInput]],
                     catalogue: Catalogue, *,
                     statuses: Iterable[str | FindingStatus] | str | None = None,
                     min_findings: int = 3, min_difference: float = 10.0
                     ) -> DeterminantReport:
    """The key determinants of risk and protection over ``workspaces`` (label, data), ranked
    by the rules of the module doc. ``statuses`` filters findings as :func:`analyse` does.

    Raises UsageError for no workspace, repeated labels, an unknown status or a threshold out
    of range; ValidationError and CatalogueError as :func:`analyse` does."""
    _check(workspaces, min_findings, min_difference)
    wanted = normalise_statuses(statuses)
    index = CatalogueIndex.build(catalogue)
    seen: dict[tuple[str, str, str], list[_Seen]] = defaultdict(list)
    with paused_gc():
        for label, data in workspaces:
            source = AnalysisInput.of(data)
            frame = build_frame(source, index, wanted)
            rated = (frame.state == RATED) & frame.has_cell
            total = np.bincount(frame.cls[rated], minlength=index.n_classes)
            for pairs in factor_pairs(frame, source):
                for code, direction, evidence in _observe(frame, label, pairs, total,
                                                          min_difference):
                    seen[(pairs.kind, code, direction)].append(evidence)
        built = (_build(index, kind, code, direction, found, len(workspaces), min_findings,
                        min_difference) for (kind, code, direction), found in seen.items())
        ranked = tuple(sorted((d for d in built if d is not None),
                              key=lambda d: _rank(index, d)))
    return DeterminantReport(
        determinants=ranked, by_cluster=_views(ranked, index.clusters, "clusters"),
        by_sector=_views(ranked, index.sectors, "sectors"),
        common=tuple(d for d in ranked if d.scope == "common"),
        particular=tuple(d for d in ranked if d.scope == "particular"),
        rule=RANKING_RULE.format(min_difference=min_difference, min_findings=min_findings,
                                 gap_threshold=catalogue.scoring.gap_threshold),
        jurisdictions=tuple(label for label, _ in workspaces),
        statuses=None if wanted is None else tuple(s for s in STATUSES if s in wanted),
        min_findings=min_findings, min_difference=min_difference)
