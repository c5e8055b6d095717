"""``/compare(.json)?w=A&w=B[&w=C]``: workspaces side by side.

A GET form, so a comparison is a shareable URL (with ``status``: validated findings only
unless ``status=all``). Two or more readable workspaces of one
catalogue are compared; otherwise the page shows the choices and why (400). The page links to
the comparative report of the workspaces chosen (:mod:`impactkit.web.routes.reports`).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from impactkit.services.findings_filter import page_filter
from impactkit.web.analysis_pages import comparison
from impactkit.web.deps import database, principal, render
from impactkit.web.urls import comparative_reports_url

router = APIRouter()


@router.get("/compare.json", include_in_schema=False)
@router.get("/compare", include_in_schema=False)
def compare_workspaces(request: Request,
                       w: Annotated[list[str] | None, Query()] = None,
                       status: Annotated[list[str] | None, Query()] = None) -> Response:
    context = comparison(database(request), principal(request), keys=w or [],
                         findings=page_filter(status))
    context["report_url"] = comparative_reports_url(context["selected"])
    return render(request, "compare/compare.html", {**context, "section": "compare"},
                  status_code=400 if "error" in context else 200, json_context=context)
