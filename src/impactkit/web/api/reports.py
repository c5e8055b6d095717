"""Reports as files: a workspace's national assessment, alternative report or follow-up of
recommendations, and the comparative report of several workspaces, in HTML, PDF or Word.

The same reports as the Reports pages and ``impact report``, for whoever may read the data
behind them: a reader who sees a workspace only because it is public gets validated findings
only. The answer is the file itself (``Content-Disposition: attachment`` names it); in an
HTML report, each note links to the explanation page of this server.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from impactkit.services.accounts import require_read
from impactkit.services.records import workspace_view
from impactkit.services.reports import FORMATS, MAX_COMPARED
from impactkit.web import report_files
from impactkit.web.api.common import ApiRoute, Reader, error_responses

router = APIRouter(route_class=ApiRoute, tags=["reports"], responses=error_responses(422))

FILE_RESPONSE: dict[int | str, dict[str, Any]] = {200: {
    "description": "The report's file, in the media type of the format asked for, with "
                   "`Content-Disposition: attachment; filename=\"impact-<kind>-<keys>.<ext>\"`.",
    "content": {media.split(";")[0]: {"schema": {"type": "string", "format": "binary"}}
                for media, _ in FORMATS.values()}}}

WorkspaceKey = Annotated[str, Path(description="The workspace key, e.g. demo-veldmark-2024.")]
Kind = Annotated[str, Path(
    description="national (the national assessment), alternative (the alternative report to "
                "the CRC Committee) or recommendations (the follow-up of recommendations).",
    json_schema_extra={"enum": [c.value for c in report_files.WORKSPACE_KINDS]})]
Format = Annotated[str, Query(
    description="html (one self-contained page), pdf or docx (Word).",
    json_schema_extra={"enum": list(FORMATS)})]
Statuses = Annotated[list[str] | None, Query(
    alias="status", description="The findings included: validated (the default), all "
                                "(drafts labelled as drafts; members only), or review "
                                "statuses, repeated or comma-separated.")]
Scheme = Annotated[str | None, Query(
    description="The alternative report's cluster scheme (e.g. crc-2015); the catalogue's "
                "current one when left out.")]
WordLimit = Annotated[int | None, Query(
    ge=1, le=report_files.MAX_WORD_LIMIT,
    description="The alternative report's word limit: the cover counts the words against "
                "it.")]
Keys = Annotated[list[str], Query(
    description=f"Workspace keys, 2 to {MAX_COMPARED}, the first the baseline for "
                "differences (?w=A&w=B), as for /api/compare.")]


@router.get("/workspaces/{key}/reports/{kind}", response_class=Response,
            responses={**FILE_RESPONSE, **error_responses(400, 401, 403, 404)},
            operation_id="workspace_report", summary="Download a report of a workspace")
def workspace_report(request: Request, key: WorkspaceKey, kind: Kind, format: Format,
                     caller: Reader, status: Statuses = None, scheme: Scheme = None,
                     word_limit: WordLimit = None) -> Response:
    """The report built from the workspace's data as it is now. ``scheme`` and
    ``word_limit`` shape the alternative report; the other kinds check them and leave them
    aside."""
    view = workspace_view(caller.db, caller.who, workspace_key=key)  # checks read access
    asked = report_files.workspace_report(key, view.catalogue, kind=kind, format=format,
                                          status=status, scheme=scheme, words=word_limit)
    return report_files.download(request, caller.db, caller.who, asked)


@router.get("/reports/comparative", response_class=Response,
            responses={**FILE_RESPONSE, **error_responses(400, 401, 403, 404)},
            operation_id="comparative_report", summary="Download a comparative report")
def comparative_report(request: Request, w: Keys, format: Format, caller: Reader,
                       status: Statuses = None) -> Response:
    """Two or more workspaces (of one catalogue) side by side: scores with their coverage
    and differences, then what they share and what is particular to one."""
    chosen = report_files.compared_keys(w)
    for key in chosen:
        require_read(caller.db, caller.who, key)
    asked = report_files.comparative_report(chosen, format=format, status=status)
    return report_files.download(request, caller.db, caller.who, asked)
