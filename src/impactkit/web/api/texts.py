"""A workspace's report texts: the parts of a report only people write (introduction,
context, a narrative per cluster, conclusions, the State's comments), in Markdown. Readers
list them; whoever may change the workspace's records writes them. A save names the version
it is based on (0 for a section not written yet): a stale one is refused with 409 and the
text as stored now, nothing written."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from impactkit.plain import plain
from impactkit.services.editorial import save_section, section_entries
from impactkit.web.api.common import ApiRoute, Reader, Writer, error_responses
from impactkit.web.api.models import (
    Conflict,
    EditorialText,
    EditorialTexts,
    EditorialTextUpdate,
)

router = APIRouter(route_class=ApiRoute, tags=["report texts"],
                   responses=error_responses(422))

WorkspaceKey = Annotated[str, Path(description="The workspace key.")]
SectionKey = Annotated[str, Path(description="The section, e.g. introduction or "
                                             "cluster:violence.")]


@router.get("/workspaces/{key}/texts", response_model=EditorialTexts,
            operation_id="list_report_texts", summary="A workspace's report texts",
            responses=error_responses(401, 403, 404))
def list_texts(key: WorkspaceKey, caller: Reader) -> Any:
    """Every section the workspace can hold, written or not, in report order."""
    entries = section_entries(caller.db, caller.who, workspace_key=key)
    return {"workspace": key, "sections": [
        {"key": e.key, "heading": e.heading, "body": e.body, "version": e.version,
         "updated_at": plain(e.section.updated_at) if e.section is not None else None,
         "written": e.section is not None, "known": e.known} for e in entries]}


@router.put("/workspaces/{key}/texts/{section}", response_model=EditorialText,
            operation_id="save_report_text", summary="Write a report text",
            responses={**error_responses(401, 403, 404),
                       409: {"model": Conflict[EditorialText],
                             "description": "Stale version: nothing was written; `current` "
                                            "is the text as stored now (null: cleared)."}})
def save_text(key: WorkspaceKey, section: SectionKey, body: EditorialTextUpdate,
              caller: Writer) -> Any:
    """Save the text of a section over the stored one, if that is still at ``version``;
    returns it as saved (version 1 when new, one more otherwise). An empty body clears the
    section and returns it at version 0. Contributors and up."""
    saved = save_section(caller.db, caller.who, workspace_key=key, key=section,
                         body=body.body, expected_version=body.version)
    return plain(saved)
