"""The audit trail: every change in a workspace, and the history of one record.

Members only, even on public workspaces (the services check it). Entity names in these URLs
are the plural ones of the record pages (``findings``, ``indicator-values``...).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from impactkit.services.audit import record_history, workspace_trail
from impactkit.web.deps import database, principal, render
from impactkit.web.urls import history_json, trail_json

router = APIRouter()


@router.get("/workspaces/{key}/audit.json", include_in_schema=False)
@router.get("/workspaces/{key}/audit", include_in_schema=False)
def workspace_audit(request: Request, key: str, entity: str | None = None,
                    user: str | None = None, since: str | None = None,
                    until: str | None = None, page: str | None = None,
                    per_page: str | None = None) -> Response:
    """Newest first, 50 a page; filters (kind of record, user, dates) stay in the URL."""
    trail = workspace_trail(database(request), principal(request), workspace_key=key,
                            entity=entity, user=user, since=since, until=until, page=page,
                            per_page=per_page)
    context = {"trail": trail, "section": "audit",
               "workspace": {"key": key, "title": trail.workspace_title}}
    return render(request, "audit/workspace.html", context, json_context=trail_json(trail))


@router.get("/workspaces/{key}/{entity}/{rkey}/history.json", include_in_schema=False)
@router.get("/workspaces/{key}/{entity}/{rkey}/history", include_in_schema=False)
def history(request: Request, key: str, entity: str, rkey: str) -> Response:
    found = record_history(database(request), principal(request), workspace_key=key,
                           entity=entity, record_key=rkey)
    shown = history_json(found)
    context = {"history": found, "section": entity, "record_url": shown["record_url"],
               "workspace": {"key": key, "title": found.workspace_title}}
    return render(request, "audit/record.html", context, json_context=shown)
