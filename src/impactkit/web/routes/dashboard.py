"""The workspace dashboard and the explanation of each of its numbers.

``/workspaces/{key}(.json)``: heatmap, implementation gaps, exclusion, mandates, tensions,
area and layer scores, latest changes (members only). ``/workspaces/{key}/explain/{target}
(.json)``: the findings, weights, rule, arithmetic and cells behind one number. Both count
validated findings only unless ``?status=all`` (or other statuses) says otherwise, and say
so in words (:mod:`impactkit.services.findings_filter`). The ``.json`` routes are declared
first: ``{key}`` would otherwise swallow "x.json".
"""


from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from markupsafe import Markup

from impactkit.errors import NotFoundError
from impactkit.services.findings_filter import page_filter
from impactkit.web.analysis_pages import TargetError, dashboard, explanation
from impactkit.web.deps import database, principal, render, templates, wants_json

router = APIRouter()
Statuses = Annotated[list[str] | None, Query(
    description="Count the findings of these review statuses (draft, reviewed, validated, "
                "repeatable) or all of them (all); validated only when left out.")]

_FRAGMENTS: OrderedDict[int, tuple[object, Markup]] = OrderedDict()
_FRAGMENTS_KEPT = 16
_fragments_lock = threading.Lock()


def analysis_html(request: Request, context: dict[str, Any]) -> Markup:
    """The analysis sections of a dashboard, rendered once per data version.

    Rendering them takes most of a dashboard view (hundreds of linked numbers), yet they are
    the same for every visitor until the data changes. The service hands out the very same
    ``heatmap`` object for as long as its cached analysis is current, so that object (held
    here, so its id cannot be reused) keys the rendered HTML; a change makes a new one.
    """
    marker = context["heatmap"]
    with _fragments_lock:
        kept = _FRAGMENTS.get(id(marker))
        if kept is not None and kept[0] is marker:
            _FRAGMENTS.move_to_end(id(marker))
            return kept[1]
    html = Markup(templates(request).get_template("dashboard/_analysis.html").render(
        {**context, "workspace_key": context["workspace"]["key"]}))
    with _fragments_lock:
        _FRAGMENTS[id(marker)] = (marker, html)
        while len(_FRAGMENTS) > _FRAGMENTS_KEPT:
            _FRAGMENTS.popitem(last=False)
    return html


@router.get("/workspaces/{key}", include_in_schema=False)
@router.get("/workspaces/{key}.json", include_in_schema=False)  # registered first (decorators
# apply bottom-up), so that "{key}" does not swallow "x.json"
def workspace_dashboard(request: Request, key: str, status: Statuses = None) -> Response:
    context = dashboard(database(request), principal(request), key=key,
                        findings=page_filter(status))
    if wants_json(request):
        return render(request, "dashboard/dashboard.html", context, json_context=context)
    return render(request, "dashboard/dashboard.html",
                  {**context, "section": "dashboard",
                   "analysis_html": analysis_html(request, context)}, json_context=context)


@router.get("/workspaces/{key}/explain/{target}", include_in_schema=False)
@router.get("/workspaces/{key}/explain/{target}.json", include_in_schema=False)
def explain_number(request: Request, key: str, target: str,
                   status: Statuses = None) -> Response:
    """An unknown or malformed target is a 404 / 400 page listing the accepted forms (the
    JSON twin gets the usual error shape, with the forms)."""
    findings = page_filter(status)
    try:
        context = explanation(database(request), principal(request), key=key, target=target,
                              findings=findings)
    except TargetError as error:
        if wants_json(request):
            raise
        return render(request, "explain/unknown.html", {**error.context, "section": "dashboard"},
                      status_code=404 if isinstance(error, NotFoundError) else 400)
    return render(request, "explain/explain.html", {**context, "section": "dashboard"},
                  json_context=context)
