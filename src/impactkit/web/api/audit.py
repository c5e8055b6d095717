"""A workspace's audit trail: every create, update and delete (and review step, comment,
membership and settings change), who, when, and what changed. Members only, even in a
public workspace."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse

from impactkit.limits import MAX_PAGE_NUMBER
from impactkit.services.audit import workspace_trail
from impactkit.web.api.audit_models import TrailPage
from impactkit.web.api.common import ApiRoute, Reader, error_responses
from impactkit.web.urls import trail_json

router = APIRouter(route_class=ApiRoute, tags=["audit"], responses=error_responses(422))


@router.get("/workspaces/{key}/audit", response_model=TrailPage, operation_id="audit_trail",
            summary="A workspace's changes", responses=error_responses(400, 401, 403, 404))
def audit_trail(
    key: Annotated[str, Path(description="The workspace key.")],
    caller: Reader,
    entity: Annotated[str | None, Query(description="Only changes to this kind: findings, "
                                                    "evidence, ..., members, workspace, texts.")
                      ] = None,
    user: Annotated[str | None, Query(description="Only changes by this user.")] = None,
    since: Annotated[date | None, Query(description="From this UTC day (YYYY-MM-DD).")
                     ] = None,
    until: Annotated[date | None, Query(description="Up to this UTC day, inclusive.")
                     ] = None,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE_NUMBER)] = 1,
    per_page: Annotated[int, Query(ge=1, le=200)] = 50,
) -> JSONResponse:
    """Newest first, a page at a time, filtered by kind, user and dates."""
    found = workspace_trail(caller.db, caller.who, workspace_key=key, entity=entity,
                            user=user, since=since.isoformat() if since else None,
                            until=until.isoformat() if until else None, page=page,
                            per_page=per_page)
    return JSONResponse(trail_json(found))
