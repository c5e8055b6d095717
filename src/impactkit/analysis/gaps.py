"""Implementation gap: how far practice falls behind law and policy.

Rule: for each assessable provision and each cluster, gap = law-policy score - practice
score, both computed by the standard score rule on the slice restricted to that layer (all
areas). A gap is reported only when both scores exist; when only one does, the provision or
cluster is listed as ``gap-unmeasurable`` (with the score that exists), and when neither does
nothing is said. Gaps are ranked largest first (catalogue order breaks ties) and flagged
``significant`` when ``gap >= scoring.gap_threshold``. A negative gap means practice is rated
above the law.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from impactkit.analysis.frame import FindingFrame
from impactkit.analysis.index import LAW_POLICY, PRACTICE
from impactkit.analysis.results import KeyList, Notice, Result, Score, Tags, tags_of
from impactkit.analysis.rules import GAP_RULE
from impactkit.analysis.scores import layered_scores
from impactkit.analysis.slices import slice_title


@dataclass(frozen=True, slots=True)
class ImplementationGap(Result):
    """Law-policy score minus practice score of one provision or cluster (``kind``)."""

    type: ClassVar[str] = "implementation-gap"
    kind: str
    code: str
    target: str
    gap: float
    significant: bool
    law_policy: Score
    practice: Score
    title: str
    message: str
    tags: Tags
    finding_keys: KeyList
    rule: str


@dataclass(frozen=True, slots=True)
class UnmeasurableGap(Result):
    """A provision or cluster with a score on one of the two layers only."""

    type: ClassVar[str] = "gap-unmeasurable"
    kind: str
    code: str
    target: str
    measured_layer: str
    missing_layer: str
    measured: Score
    title: str
    message: str
    tags: Tags
    finding_keys: KeyList
    rule: str


@dataclass(frozen=True)
class GapResults:
    provisions: tuple[ImplementationGap, ...]
    clusters: tuple[ImplementationGap, ...]
    unmeasurable: tuple[UnmeasurableGap, ...]
    notices: tuple[Notice, ...]


def gap_target(kind: str, code: str) -> str:
    return f"gap:{code}" if kind == "provision" else f"gap:cluster:{code}"


def gap_result(frame: FindingFrame, kind: str, code: str, law: Score,
               practice: Score) -> ImplementationGap | UnmeasurableGap | None:
    """The gap (or why it cannot be measured) from the two layer scores of one slice."""
    index = frame.index
    threshold = index.catalogue.scoring.gap_threshold
    rule = GAP_RULE.format(threshold=threshold)
    name = slice_title(index, kind, code)
    tags = tags_of((kind, code))
    keys = law.finding_keys.union(practice.finding_keys)
    if law.score is not None and practice.score is not None:
        gap = law.score - practice.score
        significant = round(gap, 9) >= threshold  # float noise must not decide it
        verdict = (f"significant (threshold {threshold:g})" if significant
                   else f"below the threshold of {threshold:g}")
        return ImplementationGap(
            kind=kind, code=code, target=gap_target(kind, code), gap=gap, significant=significant,
            law_policy=law, practice=practice, title=f"Implementation gap: {name}",
            message=f"{name}: law-policy {law.score:.1f} vs practice {practice.score:.1f}, a gap "
                    f"of {gap:.1f} points, {verdict}.",
            tags=tags, finding_keys=keys, rule=rule)
    if law.score is None and practice.score is None:
        return None
    measured, missing = (law, PRACTICE) if law.score is not None else (practice, LAW_POLICY)
    measured_layer = LAW_POLICY if measured is law else PRACTICE
    return UnmeasurableGap(
        kind=kind, code=code, target=gap_target(kind, code), measured_layer=measured_layer,
        missing_layer=missing, measured=measured, title=f"Gap not measurable: {name}",
        message=f"{name}: {measured_layer} is scored ({measured.score:.1f}) but {missing} has no "
                "rated finding, so the law-practice gap cannot be measured.",
        tags=tags, finding_keys=keys, rule=rule)


def implementation_gaps(frame: FindingFrame) -> GapResults:
    """Gaps of every provision and cluster, ranked largest first."""
    index = frame.index
    missing = [code for code in (LAW_POLICY, PRACTICE) if code not in index.layers]
    if missing:
        notice = Notice(
            type="missing-vocabulary", field="layers", code=missing[0],
            title="No implementation gaps",
            message=f"Catalogue {index.catalogue.key!r} has no layer "
                    f"{' or '.join(repr(m) for m in missing)}, so law-practice gaps are not "
                    "computed.",
            tags=(), finding_keys=(), record_keys=(), rule=GAP_RULE.format(
                threshold=index.catalogue.scoring.gap_threshold))
        return GapResults((), (), (), (notice,))
    measured: dict[str, list[ImplementationGap]] = {"provision": [], "cluster": []}
    unmeasurable: list[UnmeasurableGap] = []
    for kind, codes in (("provision", index.provisions), ("cluster", index.clusters)):
        scores = layered_scores(frame, kind, (LAW_POLICY, PRACTICE))
        for code in codes:
            result = gap_result(frame, kind, code, scores[(code, LAW_POLICY)],
                                scores[(code, PRACTICE)])
            if isinstance(result, ImplementationGap):
                measured[kind].append(result)
            elif result is not None:
                unmeasurable.append(result)
    return GapResults(
        provisions=tuple(sorted(measured["provision"], key=lambda g: -g.gap)),
        clusters=tuple(sorted(measured["cluster"], key=lambda g: -g.gap)),
        unmeasurable=tuple(unmeasurable), notices=())
