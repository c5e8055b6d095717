"""Assembling a demo cycle into one :class:`~impactkit.domain.WorkspaceData`.

No clock and no global random state: a cycle is a function of ``(seed, year)`` alone, so the
same seed gives the same data on any machine, and the service layer can rebuild the demo
database at will.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime

from impactkit.demo.actors import actors_for
from impactkit.demo.anchors import ANCHORS
from impactkit.demo.evidence import EvidenceWriter
from impactkit.demo.findings import cycle_findings
from impactkit.demo.indicators import values_for
from impactkit.demo.instruments import instruments_for
from impactkit.demo.links import links_for
from impactkit.demo.mandates import mandates_for
from impactkit.domain import (
    Confidence,
    Evidence,
    Finding,
    FindingStatus,
    Jurisdiction,
    RatingState,
    Workspace,
    WorkspaceData,
)

DEFAULT_SEED = 2026
CYCLE_YEARS: tuple[int, int] = (2019, 2024)
JURISDICTION = Jurisdiction(code="XVM", name="Republic of Veldmark", fictional=True)

_STRONG = frozenset({"statistics", "case-file-review", "child-consultation", "monitoring-report"})
_EVIDENCE_COUNTS = {FindingStatus.VALIDATED: (1, 2, 2, 3), FindingStatus.REVIEWED: (0, 1, 2, 2),
                    FindingStatus.DRAFT: (0, 1, 1, 2)}


def workspace_for(year: int) -> Workspace:
    period = f"{year - 4}-{year}"
    return Workspace(
        key=f"demo-veldmark-{year}",
        title=f"Republic of Veldmark, {period} (fictional demo)",
        jurisdiction=Jurisdiction(code=JURISDICTION.code, name=JURISDICTION.name,
                                  fictional=True),
        cycle=period, year=year,
        description=(
            "Fictional demo: an invented country assessed with the IMPACT method, to show what "
            "the tool does. No real country, institution or person is described, and no data "
            "about any child is held."),
        created_at=datetime(year, 1, 15, 9, 0, tzinfo=UTC),
    )


def confidence_for(evidence: list[Evidence]) -> Confidence:
    """More and firmer sources, more confidence: what a reviewer would say."""
    if not evidence:
        return Confidence.LOW
    if len(evidence) >= 2 and _STRONG.intersection(e.kind for e in evidence):
        return Confidence.HIGH
    return Confidence.MEDIUM


def _evidence(findings: list[Finding], about: dict[str, str], writer: EvidenceWriter,
              rng: random.Random) -> tuple[list[Finding], list[Evidence]]:
    anchors = {a.key: a for a in ANCHORS}
    out_findings: list[Finding] = []
    items: list[Evidence] = []
    for finding in findings:
        if finding.key in anchors:
            kinds: tuple[str, ...] = anchors[finding.key].evidence
        elif finding.rating_state is RatingState.NOT_ASSESSED:
            kinds = ()
        elif finding.rating_state is RatingState.NOT_APPLICABLE:
            kinds = ("desk-review",)
        else:
            count = rng.choice(_EVIDENCE_COUNTS[finding.status])
            kinds = writer.kinds(finding.layer, count, rng,
                                 workshop=finding.status is FindingStatus.VALIDATED)
        written = writer.write(finding, about[finding.key], kinds, rng)
        items.extend(written)
        if finding.rating_state is RatingState.RATED and finding.key not in anchors:
            finding.confidence = confidence_for(written)
        out_findings.append(finding)
    return out_findings, items


def build_cycle(year: int, *, seed: int = DEFAULT_SEED) -> WorkspaceData:
    """One cycle of the demo. ``year`` is 2019 or 2024 (any year works, but the narratives
    and the reforms are written for those two)."""
    rng = random.Random(seed * 10_000 + year)
    actors = actors_for(year)
    instruments = instruments_for(year)
    actor_keys = {a.key for a in actors}
    instrument_keys = {i.key for i in instruments}
    findings, about = cycle_findings(year, rng, instrument_keys)
    writer = EvidenceWriter(year, actors, instruments)
    findings, evidence = _evidence(findings, about, writer, rng)
    return WorkspaceData(
        workspace=workspace_for(year),
        actors=actors,
        instruments=instruments,
        mandates=mandates_for(year, actor_keys, instrument_keys),
        links=links_for(year, actor_keys, instrument_keys),
        findings=findings,
        evidence=evidence,
        indicator_values=values_for(year),
    )


def build_demo(*, seed: int = DEFAULT_SEED) -> WorkspaceData:
    """The current cycle (2020-2024) of the fictional Republic of Veldmark."""
    return build_cycle(CYCLE_YEARS[-1], seed=seed)


def build_demo_cycles(*, seed: int = DEFAULT_SEED) -> list[WorkspaceData]:
    """Both cycles, oldest first: 2015-2019 and 2020-2024. Between them the law improved
    (guardianship, non-punishment, hazardous work list) while practice lagged."""
    return [build_cycle(year, seed=seed) for year in CYCLE_YEARS]
