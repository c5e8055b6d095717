"""Indicators, structural vulnerability, key determinants and the assessing body's own
recommendations, for scripts.

The results are returned in their documented JSON form (``to_dict()`` of the analysis
results, the same as the CLI's ``--json`` and the pages' ``.json`` twins), so every view
shows the same numbers; the models below describe that form for the OpenAPI schema (a test
validates real answers against them, unknown fields refused). As everywhere in the API,
findings of every review status are counted unless ``?status=`` says otherwise; a missing
value is ``null`` ("not enough data"), never 0.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse

from impactkit.plain import plain
from impactkit.recommendations.own import Grade, OwnStatus
from impactkit.services import own_recommendations as own
from impactkit.services.determinants import determinants
from impactkit.services.indicators import workspace_readings
from impactkit.services.vulnerability import (
    implementation_against_vulnerability,
    workspace_vulnerability,
)
from impactkit.web.api.analysis_models import Shape, StatusFilter, Tags
from impactkit.web.api.common import ApiRoute, Reader, Writer, error_responses

router = APIRouter(route_class=ApiRoute, tags=["indicators, vulnerability, determinants"],
                   responses=error_responses(422))

WorkspaceKey = Annotated[str, Path(description="The workspace key, e.g. demo-veldmark-2024.")]
Statuses = Annotated[list[str] | None, Query(
    alias="status", description="Count only findings of these review statuses (repeatable), "
                                "or all of them (all, the same as leaving it out).")]
Number = float | None


# --- indicators ------------------------------------------------------------------------------
class Observation(Shape):
    year: int
    value: float
    source: str


class IndicatorReading(Shape):
    type: Literal["indicator-reading"]
    code: str
    kind: Literal["structural", "process", "outcome"]
    unit: str
    direction: str
    target: str
    latest: Observation | None
    earliest: Observation | None
    years: int
    change: Number
    per_year: Number
    trend: Literal["better", "worse", "no change", "changed", "one value", "no data"]
    target_value: Number
    target_year: int | None
    distance: Number
    target_met: bool | None
    rating: int | None
    rating_rule: str
    observations: list[Observation]
    title: str
    message: str
    tags: Tags
    rule: str


class IndicatorReadings(Shape):
    workspace: str
    readings: list[IndicatorReading]


# --- vulnerability ---------------------------------------------------------------------------
class VulnerabilityIndicator(Shape):
    type: Literal["vulnerability-indicator"]
    code: str
    title: str
    dimension: str
    factor: str
    status: Literal["used", "no data", "too old"]
    raw: Number
    year: int | None
    source: str
    normalised: Number
    capped: bool
    arithmetic: str


class VulnerabilityDimension(Shape):
    type: Literal["vulnerability-dimension"]
    code: str
    value: Number
    with_data: int
    total: int
    indicators: list[VulnerabilityIndicator]
    arithmetic: str
    title: str
    message: str
    tags: Tags
    rule: str


class VulnerabilityIndex(Shape):
    type: Literal["vulnerability"]
    jurisdiction: str
    name: str
    reference_year: int
    target: str
    value: Number
    with_data: int
    total: int
    dimensions: list[VulnerabilityDimension]
    within: str
    across: str
    arithmetic: str
    title: str
    message: str
    tags: Tags
    rule: str


class LeaveOneOut(Shape):
    label: str
    rho: Number


class RankCorrelation(Shape):
    n: int
    rho: Number
    p_value: Number
    p_method: str
    p_floor: Number
    interval: list[float] | None
    confidence: float
    resamples: int
    seed: int
    descriptive_only: bool
    bootstrap_dropped: int
    leave_one_out: list[LeaveOneOut]
    message: str


class Implementation(Shape):
    overall: Number
    coverage: Number
    areas: dict[str, Number]
    clusters: dict[str, Number]


class HypothesisPoint(Shape):
    workspace: str
    label: str
    implementation: Implementation
    vulnerability: VulnerabilityIndex


class Association(Shape):
    implementation: str
    vulnerability: str
    correlation: RankCorrelation


class QuadrantMember(Shape):
    label: str
    x: float
    y: float
    quadrant: str


class Quadrants(Shape):
    x_median: float
    y_median: float
    members: list[QuadrantMember]


class RankSpread(Shape):
    label: str
    ranks: list[tuple[str, float]]
    min_rank: Number
    max_rank: Number
    spread: Number


class Dominance(Shape):
    better: str
    worse: str
    dimensions: list[str]


class HypothesisTest(Shape):
    type: Literal["implementation-vulnerability"]
    points: list[HypothesisPoint]
    left_out: list[tuple[str, str]]
    overall: RankCorrelation | None
    associations: list[Association]
    quadrants: Quadrants | None
    rank_spread: list[RankSpread]
    dominance: list[Dominance]
    implementation_dominance: list[Dominance]
    descriptive_only: bool
    statuses: list[str] | None
    title: str
    message: str
    rule: str
    tags: Tags


# --- determinants ----------------------------------------------------------------------------
class Determinant(Shape):
    type: Literal["determinant"]
    factor: str
    code: str
    direction: Literal["risk", "protection"]
    findings: int
    jurisdictions: list[str]
    score: Number
    rest: Number
    difference: Number
    clusters: list[str]
    sectors: list[str]
    scope: Literal["common", "shared", "particular", "single"]
    by_jurisdiction: dict[str, list[str]]
    title: str
    message: str
    tags: Tags
    finding_keys: list[str]
    rule: str


class DeterminantReport(Shape):
    type: Literal["determinant-report"]
    jurisdictions: list[str]
    filter: StatusFilter
    min_findings: int
    min_difference: float
    rule: str
    determinants: list[Determinant]
    by_cluster: dict[str, list[int]]
    by_sector: dict[str, list[int]]
    common: list[int]
    particular: list[int]


# --- own recommendations ---------------------------------------------------------------------
class OwnRecommendation(Shape):
    key: str
    text: str
    grade: Grade
    basis: str
    basis_target: str
    rationale: str
    actors: list[str]
    provisions: list[str]
    clusters: list[str]
    sectors: list[str]
    groups: list[str]
    related: list[str]
    status: OwnStatus
    version: int


class OwnRecommendations(Shape):
    workspace: str
    recommendations: list[OwnRecommendation]


class Drafting(Shape):
    workspace: str
    proposed: int
    added: int
    refreshed: int
    recommendations: list[OwnRecommendation]


# --- the endpoints ---------------------------------------------------------------------------
READ_ERRORS = error_responses(400, 401, 403, 404)


@router.get("/workspaces/{key}/indicators", response_model=IndicatorReadings,
            responses=READ_ERRORS, operation_id="list_indicator_readings",
            summary="A workspace's indicator readings")
def indicator_readings(key: WorkspaceKey, caller: Reader) -> JSONResponse:
    """Every indicator with a value for the workspace's jurisdiction: latest value, trend,
    distance to target and rating with its rule (the same as ``impact indicators list``)."""
    readings = workspace_readings(caller.db, caller.who, key=key)
    return JSONResponse({"workspace": key, "readings": [r.to_dict() for r in readings]})


@router.get("/workspaces/{key}/vulnerability", response_model=VulnerabilityIndex,
            responses=READ_ERRORS, operation_id="get_vulnerability",
            summary="A workspace's structural vulnerability")
def vulnerability(key: WorkspaceKey, caller: Reader) -> JSONResponse:
    """The index of the workspace's jurisdiction in the workspace's year, by dimension, with
    each indicator's value used, normalisation and arithmetic (``value`` null: not enough
    data)."""
    return JSONResponse(workspace_vulnerability(caller.db, caller.who, key=key).to_dict())


@router.get("/workspaces/{key}/determinants", response_model=DeterminantReport,
            responses=READ_ERRORS, operation_id="list_determinants",
            summary="A workspace's key determinants of risk and protection")
def workspace_determinants(key: WorkspaceKey, caller: Reader,
                           status: Statuses = None) -> JSONResponse:
    """The factors that recur with low (risk) or high (protection) scores, ranked, with the
    findings behind each (the same as ``impact determinants KEY --json``)."""
    report = determinants(caller.db, caller.who, keys=[key], statuses=status or None)
    return JSONResponse(report.to_dict())


@router.get("/workspaces/{key}/own-recommendations", response_model=OwnRecommendations,
            responses=READ_ERRORS, operation_id="list_own_recommendations",
            summary="The assessing body's own recommendations")
def own_recommendations(key: WorkspaceKey, caller: Reader) -> JSONResponse:
    """Every recommendation of the workspace's own, by key."""
    records = own.list_own(caller.db, caller.who, key=key)
    return JSONResponse({"workspace": key, "recommendations": plain(records)})


@router.post("/workspaces/{key}/own-recommendations/draft", response_model=Drafting,
             responses=error_responses(400, 401, 403, 404),
             operation_id="draft_own_recommendations",
             summary="Draft recommendations from the analysis")
def draft(key: WorkspaceKey, caller: Writer, status: Statuses = None) -> JSONResponse:
    """Draft recommendations from the gaps the analysis finds and store them as drafts:
    new ones are added, drafts nobody edited are refreshed, edited ones are kept.
    Contributors and up. Returns every recommendation of the workspace's own afterwards."""
    done = own.propose(caller.db, caller.who, key=key, statuses=status or None, save=True)
    records = own.list_own(caller.db, caller.who, key=key)
    return JSONResponse({"workspace": key, "proposed": len(done.drafts), "added": done.added,
                         "refreshed": done.refreshed, "recommendations": plain(records)})


@router.get("/compare/vulnerability", response_model=HypothesisTest,
            responses=READ_ERRORS, operation_id="compare_vulnerability",
            summary="Implementation against structural vulnerability")
def compare_vulnerability(
    keys: Annotated[list[str], Query(alias="workspace", description="Workspace keys, two or "
                                     "more (?workspace=A&workspace=B).")],
    caller: Reader, status: Statuses = None,
) -> JSONResponse:
    """Each workspace's overall implementation score against its jurisdiction's structural
    vulnerability: Spearman's rank correlation with an exact permutation test, quadrants,
    leave-one-out, rank spread and dominance pairs (descriptive only below 5 workspaces)."""
    test = implementation_against_vulnerability(caller.db, caller.who, keys=keys,
                                                statuses=status or None)
    return JSONResponse(test.to_dict())
