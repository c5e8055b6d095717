"""The start page: the workspaces this visitor may see."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from impactkit.services.workspaces import list_workspaces
from impactkit.web.deps import database, principal, render

router = APIRouter()


@router.get("/", include_in_schema=False)
@router.get("/workspaces.json", include_in_schema=False)
def home(request: Request) -> Response:
    """Anonymous visitors see only public workspaces and are invited to log in."""
    db = database(request)
    who = principal(request)
    visible = list_workspaces(db, who)
    rows = [{"key": w.key, "title": w.title, "jurisdiction": w.jurisdiction_code,
             "jurisdiction_name": w.jurisdiction_name, "fictional": w.fictional,
             "cycle": w.cycle, "findings": w.n_findings} for w in visible]
    return render(request, "home.html", {"workspaces": rows},
                  json_context={"workspaces": rows})
