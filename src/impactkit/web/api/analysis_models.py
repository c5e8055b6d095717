"""Pydantic mirrors of the analysis results' JSON shape (``to_dict`` of
:class:`impactkit.analysis.AnalysisReport`, ``Explanation`` and ``Comparison``), so the
OpenAPI schema documents every field. The endpoints return ``to_dict()`` itself; a test
validates real reports against these models (unknown fields refused), so the two cannot
drift apart unnoticed.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Tags = dict[str, list[str]]


class Shape(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Described(Shape):
    """What every result carries: a title, a readable message, what it is about, the
    findings behind it and the rule that produced it, in words."""

    title: str
    message: str
    tags: Tags = Field(description="What the result is about: {kind: [code, ...]}.")
    finding_keys: list[str] = Field(description="The findings behind it, sorted.")
    rule: str


class Score(Described):
    type: Literal["score"]
    kind: str = Field(description="area, cluster, provision, layer, sector, group, or inside "
                                  "gaps/exclusions/tensions provision-layer, cluster-layer, "
                                  "exclusion, exclusion-sector, tension.")
    code: str
    target: str | None = Field(description="What /explain/{target} accepts for this score.")
    score: float | None = Field(description="0-100; null when no rated finding reaches the "
                                            "slice (never 0 for 'not assessed').")
    coverage: float | None = Field(description="covered_cells / total_cells (4 decimals).")
    covered_cells: int
    total_cells: int
    n_findings: int
    n_not_assessed: int
    total_weight: float


class ImplementationGap(Described):
    type: Literal["implementation-gap"]
    kind: str
    code: str
    target: str
    gap: float = Field(description="law-policy score minus practice score.")
    significant: bool
    law_policy: Score
    practice: Score


class UnmeasurableGap(Described):
    type: Literal["gap-unmeasurable"]
    kind: str
    code: str
    target: str
    measured_layer: str
    missing_layer: str
    measured: Score


class CriterionCount(Shape):
    criterion: str
    title: str
    count: int
    finding_keys: list[str]


class GroupExclusion(Described):
    type: Literal["group-exclusion"]
    group: str
    target: str
    excluded: bool
    inclusion: Score
    by_sector: list[Score]
    criteria: list[CriterionCount]
    reasons: list[str]


class UncoveredProvision(Described):
    type: Literal["uncovered-provision"]
    provision: str


class UncoveredForm(Described):
    type: Literal["uncovered-form"]
    form: str


class UncoordinatedMandate(Described):
    type: Literal["uncoordinated-mandate"]
    subject: str
    code: str
    sectors: list[str]
    missing_pairs: list[list[str]] = Field(description="Pairs of sectors with no "
                                                       "coordinating link.")
    actor_keys: list[str]
    mandate_keys: list[str]


class MandateConflict(Described):
    type: Literal["mandate-conflict"]
    link_key: str
    actor_keys: list[str]
    sectors: list[str]
    shared_provisions: list[str]
    shared_forms: list[str]
    legal_basis: str | None
    notes: str


class FunctionGap(Described):
    type: Literal["function-gap"]
    form: str
    function: str
    groups: list[str]


class SpecialisedGap(Described):
    type: Literal["specialised-gap"]
    function: str
    part_of: str
    provisions: list[str]


class CoherenceTension(Described):
    type: Literal["coherence-tension"]
    sectors: list[str]
    target: str
    count: int
    score: Score


class Notice(Described):
    type: str = Field(description="unknown-code, unscoped-findings, unknown-actor, "
                                  "missing-vocabulary or catalogue-mismatch.")
    field: str | None
    code: str | None
    record_keys: list[str]


class CatalogueRef(Shape):
    key: str
    version: str


class StatusFilter(Shape):
    statuses: list[str] | None


class Scale(Shape):
    min: int
    max: int


class Scoring(Shape):
    confidence_weights: dict[str, float]
    status_weights: dict[str, float]
    gap_threshold: float
    exclusion_threshold: float
    coordinating_link_kinds: list[str]
    rule: str


class Summary(Shape):
    findings: int
    filtered_out: int
    rated: int
    not_assessed: int
    not_applicable: int
    unscoped: int
    cells: int
    cells_not_applicable: int
    cells_in_universe: int
    cells_covered: int
    coverage: float | None


class Scores(Shape):
    area: list[Score]
    cluster: list[Score]
    provision: list[Score]
    layer: list[Score]
    sector: list[Score]
    group: list[Score]


class Gaps(Shape):
    provision: list[ImplementationGap] = Field(description="Largest gap first.")
    cluster: list[ImplementationGap]
    unmeasurable: list[UnmeasurableGap]


class Mandates(Shape):
    uncovered_provisions: list[UncoveredProvision]
    uncovered_forms: list[UncoveredForm]
    uncoordinated: list[UncoordinatedMandate]
    conflicts: list[MandateConflict]
    function_gaps: list[FunctionGap] = Field(
        description="Per form of exploitation, functions no actor holds for children in "
                    "general (from the system map).")
    specialised_gaps: list[SpecialisedGap] = Field(
        default_factory=list,
        description="Specialised functions of the protection pathway (guardianship, age "
                    "assessment...) that no mandate holds at all.")


class AnalysisReport(Shape):
    """Everything the analysis found in one workspace (schema_version 1; see the scoring
    rules in the documentation)."""

    schema_version: int
    type: Literal["analysis-report"]
    workspace: str
    catalogue: CatalogueRef
    filter: StatusFilter
    scale: Scale
    scoring: Scoring
    summary: Summary
    scores: Scores
    gaps: Gaps
    exclusion: list[GroupExclusion] = Field(description="Most excluded first.")
    mandates: Mandates
    tensions: list[CoherenceTension] = Field(description="Lowest score first.")
    notices: list[Notice]


class ExplainedFinding(Shape):
    key: str
    area: str
    layer: str
    rating: int
    confidence: str
    status: str
    weight: float
    weighted_contribution: float = Field(description="Its share of the score: the "
                                                     "contributions add up to the value.")


class Cell(Shape):
    provision: str
    area: str
    layer: str


class CellCoverage(Shape):
    covered: list[Cell]
    uncovered: list[Cell]
    not_applicable: list[Cell]


class Explanation(Described):
    """Why a score (or a gap) is what it is: the findings, weights, arithmetic and cells.
    For a gap, ``score`` and ``cells`` are null and ``components`` explain its law-policy
    and practice scores."""

    type: Literal["explanation"]
    target: str
    kind: str
    code: str
    value: float | None
    score: Score | None
    findings: list[ExplainedFinding]
    not_assessed: list[str]
    not_applicable: list[str]
    total_contribution: float | None
    arithmetic: str
    cells: CellCoverage | None
    components: list[Explanation]


class ComparedWorkspace(Shape):
    workspace: str
    catalogue_version: str
    statuses: list[str] | None


class ComparedValue(Shape):
    score: float | None
    coverage: float | None
    score_difference: float | None = Field(description="This minus the first workspace.")
    coverage_difference: float | None


class ComparisonRow(Shape):
    kind: str
    code: str
    title: str
    values: list[ComparedValue] = Field(description="One per workspace, in order.")


class Comparison(Described):
    """Area, cluster and layer scores of several workspaces side by side."""

    schema_version: int
    type: Literal["comparison"]
    catalogue_key: str
    workspaces: list[ComparedWorkspace]
    rows: list[ComparisonRow]
