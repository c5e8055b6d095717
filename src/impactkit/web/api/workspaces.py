"""Workspaces and what the analysis says about them: list, one workspace, the analysis
report, the explanation of one number, and the comparison of several workspaces.

Reading follows the same rules as the pages: members read their workspaces, anyone reads a
public one. The analysis results are returned as their documented ``to_dict()`` shape
directly (validating a large report again would only cost time); the response models
describe that shape for the schema.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse

from impactkit.errors import NotFoundError
from impactkit.services.accounts import is_public, role_of
from impactkit.services.analysis import analyse_workspace, compare_workspaces, explain_score
from impactkit.services.members import set_four_eyes_mode
from impactkit.services.records import workspace_view
from impactkit.services.workspaces import four_eyes, list_workspaces
from impactkit.web.api import analysis_models
from impactkit.web.api.common import ApiRoute, Caller, Reader, Writer, error_responses
from impactkit.web.api.models import WorkspaceChange, WorkspaceDetail
from impactkit.web.api.models import WorkspaceSummary as WorkspaceModel

router = APIRouter(route_class=ApiRoute, tags=["workspaces and analysis"],
                   responses=error_responses(422))

WorkspaceKey = Annotated[str, Path(description="The workspace key, e.g. demo-veldmark-2024.")]
Statuses = Annotated[list[str] | None, Query(
    alias="status", description="Keep only findings of these review statuses (repeatable: "
                                "?status=reviewed&status=validated), or all of them "
                                "(?status=all, the same as leaving it out). The report's "
                                "filter.statuses says which were counted.")]


def _summary(caller: Caller, summary: Any) -> WorkspaceModel:
    """A ``services.workspaces.list_workspaces`` row, with the caller's role in it."""
    db = caller.db
    role = role_of(db, caller.who, summary.key)
    return WorkspaceModel(
        key=summary.key, title=summary.title, jurisdiction=summary.jurisdiction_code,
        jurisdiction_name=summary.jurisdiction_name, fictional=summary.fictional,
        cycle=summary.cycle, catalogue_key=summary.catalogue_key, findings=summary.n_findings,
        role=role.label if role else None,  # type: ignore[arg-type]
        public=is_public(db, summary.key))


@router.get("/workspaces", response_model=list[WorkspaceModel],
            responses=error_responses(401), operation_id="list_workspaces",
            summary="List the workspaces you may read")
def workspace_list(caller: Reader) -> list[WorkspaceModel]:
    """The workspaces you may read (anonymous callers: the public ones)."""
    return [_summary(caller, s) for s in list_workspaces(caller.db, caller.who)]


@router.get("/workspaces/{key}", response_model=WorkspaceDetail,
            responses=error_responses(401, 403, 404), operation_id="get_workspace",
            summary="Get one workspace")
def get_workspace(key: WorkspaceKey, caller: Reader) -> WorkspaceDetail:
    """One workspace, with your role in it."""
    view = workspace_view(caller.db, caller.who, workspace_key=key)  # checks read access
    summary = next((s for s in list_workspaces(caller.db, caller.who) if s.key == key), None)
    if summary is None:  # deleted in between
        raise NotFoundError(f"no workspace '{key}'")
    workspace = view.workspace
    return WorkspaceDetail(**_summary(caller, summary).model_dump(), year=workspace.year,
                           description=workspace.description,
                           created_at=workspace.created_at,
                           four_eyes=four_eyes(caller.db, caller.who, key=key))


@router.patch("/workspaces/{key}", response_model=WorkspaceDetail,
              responses=error_responses(401, 403, 404), operation_id="change_workspace",
              summary="Change a workspace's settings")
def change_workspace(key: WorkspaceKey, body: WorkspaceChange, caller: Writer) -> WorkspaceDetail:
    """Switch the four-eyes rule of review (admins of the workspace only; audited)."""
    set_four_eyes_mode(caller.db, caller.who, workspace_key=key, four_eyes=body.four_eyes)
    return get_workspace(key, caller)


@router.get("/workspaces/{key}/analysis", response_model=analysis_models.AnalysisReport,
            responses=error_responses(400, 401, 403, 404), operation_id="analyse_workspace",
            summary="Analyse a workspace")
def workspace_analysis(key: WorkspaceKey, caller: Reader, status: Statuses = None) -> JSONResponse:
    """Scores, coverage, gaps, exclusion, mandate coverage and tensions of the workspace
    (the same report as ``impact analyse --json``)."""
    report = analyse_workspace(caller.db, caller.who, key=key, statuses=status or None)
    return JSONResponse(report.to_dict())


@router.get("/workspaces/{key}/explain/{target}", response_model=analysis_models.Explanation,
            responses=error_responses(400, 401, 403, 404), operation_id="explain_score",
            summary="Explain one number")
def score_explanation(
    key: WorkspaceKey,
    target: Annotated[str, Path(description="What to explain: area:compliance, "
                                            "cluster:violence, provision:CRC-32, "
                                            "gap:cluster:violence, exclusion:working, "
                                            "tension:labour+immigration, "
                                            "cell:violence:compliance...")],
    caller: Reader, status: Statuses = None,
) -> JSONResponse:
    """The findings, weights, arithmetic and cells behind one number of the analysis."""
    found = explain_score(caller.db, caller.who, key=key, target=target,
                          statuses=status or None)
    return JSONResponse(found.to_dict())


@router.get("/compare", response_model=analysis_models.Comparison,
            responses=error_responses(400, 401, 403, 404), operation_id="compare_workspaces",
            summary="Compare workspaces")
def workspace_comparison(
    w: Annotated[list[str], Query(description="Workspace keys, two or more, first is the "
                                              "baseline (?w=A&w=B).")],
    caller: Reader, status: Statuses = None,
) -> JSONResponse:
    """Area, cluster and layer scores of several workspaces side by side, with
    differences to the first."""
    found = compare_workspaces(caller.db, caller.who, keys=w, statuses=status or None)
    return JSONResponse(found.to_dict())
