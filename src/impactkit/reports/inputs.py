"""What a report is built from: plain data the service layer gathers, nothing more.

The builders read these objects and never the database, so a report can be built (and
tested) from any workspace held in memory. :class:`WorkspaceInput` is one workspace with its
analysis, its recommendations and its editorial texts; :class:`ReportOptions` the user's
choices.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from impactkit.analysis.determinants import DeterminantReport
from impactkit.analysis.hypothesis import Dominance, Quadrants, RankCorrelation, RankSpread
from impactkit.analysis.indicator_readings import IndicatorReading
from impactkit.analysis.matrix import ScoreMatrix
from impactkit.analysis.report import AnalysisReport
from impactkit.analysis.vulnerability import VulnerabilityIndex
from impactkit.catalogue.schema import Catalogue
from impactkit.domain import Evidence, Finding, FindingStatus, WorkspaceData
from impactkit.recommendations.model import Action, Recommendation, StatusAssessment
from impactkit.recommendations.own import OwnRecommendation
from impactkit.reports.editorial import EditorialSection

KINDS = ("national", "alternative", "recommendations", "comparative")
"""The kinds of report, as the command line, the pages and the API name them."""


@dataclass(frozen=True)
class ReportOptions:
    """The user's choices. ``statuses`` None means every finding, drafts included (each
    labelled as a draft); the default is validated findings only. ``generated_at`` is an
    ISO time (the service takes it from ``SOURCE_DATE_EPOCH`` when set, so two runs on the
    same data give the same document)."""

    generated_at: str
    statuses: frozenset[str] | None = frozenset({FindingStatus.VALIDATED.value})
    scheme: str | None = None
    word_limit: int | None = None
    language: str = "en"

    @property
    def status_label(self) -> str:
        if self.statuses is None:
            return "all findings, drafts labelled as drafts"
        return ", ".join(s for s in ("draft", "reviewed", "validated") if s in self.statuses)


@dataclass(frozen=True)
class WorkspaceInput:
    """One workspace as a report needs it.

    ``data`` holds every record; the builders keep only the findings whose status the
    options allow (``report`` and ``matrix`` were computed with the same filter). ``history``
    maps a recommendation key to its status assessments, oldest first.

    The national assessment also reads the workspace's indicator ``readings``, its
    structural ``vulnerability`` (None with ``vulnerability_problem`` saying why, when it
    cannot be computed at all), its key ``determinants`` (this workspace alone) and the
    assessing body's ``own_recommendations``, every status (the builder chooses which to
    print); the comparative report reads ``vulnerability``. Left empty, a section says that
    nothing is recorded."""

    data: WorkspaceData
    catalogue: Catalogue
    report: AnalysisReport
    matrix: ScoreMatrix
    data_version: str
    recommendations: tuple[Recommendation, ...] = ()
    actions: tuple[Action, ...] = ()
    history: Mapping[str, tuple[StatusAssessment, ...]] = field(default_factory=dict)
    sections: Mapping[str, EditorialSection] = field(default_factory=dict)
    readings: tuple[IndicatorReading, ...] = ()
    vulnerability: VulnerabilityIndex | None = None
    vulnerability_problem: str = ""
    determinants: DeterminantReport | None = None
    own_recommendations: tuple[OwnRecommendation, ...] = ()

    @property
    def key(self) -> str:
        return self.data.workspace.key

    @property
    def title(self) -> str:
        return self.data.workspace.title

    def findings(self, options: ReportOptions) -> list[Finding]:
        """The findings the report may show, in key order."""
        wanted = options.statuses
        return sorted((f for f in self.data.findings
                       if wanted is None or f.status.value in wanted), key=lambda f: f.key)

    @cached_property
    def evidence_by_finding(self) -> dict[str, list[Evidence]]:
        """Each finding's sources, by key (built once: every section of a report asks)."""
        out: dict[str, list[Evidence]] = {}
        for item in sorted(self.data.evidence, key=lambda e: e.key):
            out.setdefault(item.finding_key, []).append(item)
        return out


@dataclass(frozen=True)
class VulnerabilityPoint:
    """One workspace set against its structural vulnerability: its overall implementation
    score (0-100, every rated finding by the standard score rule) and its index. ``label``
    is how the test names it (jurisdiction and reference year)."""

    workspace: str
    label: str
    implementation: float
    vulnerability: VulnerabilityIndex


@dataclass(frozen=True)
class HypothesisInput:
    """Implementation against structural vulnerability over the compared workspaces, as the
    service's test gives it: the points, the rank correlation and its ``message`` (printed
    as it is: it never claims more than n allows), quadrants around the medians, the spread
    of each jurisdiction's vulnerability rank over other aggregations, and the pairs where
    one dominates another (on the dimensions of vulnerability, on the areas of
    implementation)."""

    points: tuple[VulnerabilityPoint, ...]
    left_out: tuple[str, ...]
    correlation: RankCorrelation | None
    message: str
    descriptive_only: bool
    descriptive_below: int
    quadrants: Quadrants | None
    rank_spread: tuple[RankSpread, ...]
    dominance: tuple[Dominance, ...]
    implementation_dominance: tuple[Dominance, ...]
    rule: str


@dataclass(frozen=True)
class ComparisonInput:
    """What the comparative report reads beyond each workspace: the hypothesis test (None
    with ``hypothesis_problem`` saying why when it could not be run) and the key
    determinants over all the workspaces."""

    hypothesis: HypothesisInput | None = None
    hypothesis_problem: str = ""
    determinants: DeterminantReport | None = None
