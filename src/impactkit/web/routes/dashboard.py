"""The workspace dashboard and the explanation of each of its numbers.

``/workspaces/{key}(.json)``: heatmap, implementation gaps, exclusion, mandates, tensions,
area and layer scores, latest changes (members only). ``/workspaces/{key}/explain/{target}
(.json)``: the findings, weights, rule, arithmetic and cells behind one number. The ``.json``
routes are declared first: ``{key}`` would otherwise swallow "x.json".
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from impactkit.errors import NotFoundError
from impactkit.services.dashboard import TargetError, dashboard, explanation
from impactkit.web.deps import database, principal, render, wants_json

router = APIRouter()


@router.get("/workspaces/{key}", include_in_schema=False)
@router.get("/workspaces/{key}.json", include_in_schema=False)  # registered first (decorators
# apply bottom-up), so that "{key}" does not swallow "x.json"
def workspace_dashboard(request: Request, key: str) -> Response:
    context = dashboard(database(request), principal(request), key=key)
    return render(request, "dashboard/dashboard.html", {**context, "section": "dashboard"},
                  json_context=context)


@router.get("/workspaces/{key}/explain/{target}", include_in_schema=False)
@router.get("/workspaces/{key}/explain/{target}.json", include_in_schema=False)
def explain_number(request: Request, key: str, target: str) -> Response:
    """An unknown or malformed target is a 404 / 400 page listing the accepted forms (the
    JSON twin gets the usual error shape, with the forms)."""
    try:
        context = explanation(database(request), principal(request), key=key, target=target)
    except TargetError as error:
        if wants_json(request):
            raise
        return render(request, "explain/unknown.html", {**error.context, "section": "dashboard"},
                      status_code=404 if isinstance(error, NotFoundError) else 400)
    return render(request, "explain/explain.html", {**context, "section": "dashboard"},
                  json_context=context)
