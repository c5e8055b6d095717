"""The review workflow of findings: review steps (transitions), comments and the finding's
events. Reviewers act; every member reads. A step names the finding version it was taken
on, so a step on a finding changed meanwhile is refused (409) like any stale edit."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, status

from impactkit.plain import plain
from impactkit.services.review import add_comment, finding_events, transition
from impactkit.web.api.common import ApiRoute, Reader, Writer, error_responses
from impactkit.web.api.models import (
    CommentRequest,
    Conflict,
    Finding,
    FindingEvent,
    TransitionRequest,
)

router = APIRouter(route_class=ApiRoute, tags=["review"], responses=error_responses(422))

WorkspaceKey = Annotated[str, Path(description="The workspace key.")]
FindingKey = Annotated[str, Path(description="The finding key.")]
BASE = "/workspaces/{key}/findings/{fkey}"


@router.post(f"{BASE}/transitions", response_model=Finding, operation_id="review_finding",
             summary="Take a review step",
             responses={**error_responses(401, 403, 404),
                        409: {"model": Conflict[Finding],
                              "description": "Stale version: nothing was written; "
                                             "`current` is the finding as stored now."}})
def review_finding(key: WorkspaceKey, fkey: FindingKey, body: TransitionRequest,
                   caller: Writer) -> Any:
    """Move a finding along draft -> reviewed -> validated, send it back to draft or reopen
    it; returns the finding as saved (version + 1). A step that does not apply to the
    finding's status, validating without evidence, or sending back without a comment is
    refused with 422."""
    saved = transition(caller.db, caller.who, workspace_key=key, finding_key=fkey,
                       action=body.action, expected_version=body.version,
                       comment=body.comment)
    return plain(saved)


@router.get(f"{BASE}/comments", response_model=list[FindingEvent],
            operation_id="list_comments", summary="Comments on a finding",
            responses=error_responses(401, 403, 404))
def list_comments(key: WorkspaceKey, fkey: FindingKey, caller: Reader) -> Any:
    """The reviewers' comments on a finding, oldest first (review steps are in events)."""
    events = finding_events(caller.db, caller.who, workspace_key=key, finding_key=fkey)
    return [plain(e) for e in events if e.kind == "comment"]


@router.post(f"{BASE}/comments", response_model=FindingEvent,
             status_code=status.HTTP_201_CREATED, operation_id="add_comment",
             summary="Comment on a finding", responses=error_responses(401, 403, 404))
def post_comment(key: WorkspaceKey, fkey: FindingKey, body: CommentRequest,
                 caller: Writer) -> Any:
    """A reviewer's comment (it changes no field of the finding, so needs no version)."""
    return plain(add_comment(caller.db, caller.who, workspace_key=key, finding_key=fkey,
                             text=body.text))


@router.get(f"{BASE}/events", response_model=list[FindingEvent],
            operation_id="finding_events", summary="A finding's review trail",
            responses=error_responses(401, 403, 404))
def list_events(key: WorkspaceKey, fkey: FindingKey, caller: Reader) -> Any:
    """Comments and review steps of a finding, oldest first: who, when, what."""
    return [plain(e) for e in finding_events(caller.db, caller.who, workspace_key=key,
                                             finding_key=fkey)]
