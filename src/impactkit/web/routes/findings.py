"""Findings: the filtered list, a finding's page, and its forms (shared with other records).

Filters are GET query parameters (``?area=compliance&sector=labour&page=2``), so a filtered
list is a URL that can be bookmarked and shared; htmx swaps only the results while the
filters change, and the address bar follows.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from impactkit.domain import FindingStatus
from impactkit.errors import ImpactError, ValidationError
from impactkit.services import records as service
from impactkit.services.record_fields import Choice, field_choices, fields_of, record_to_fields
from impactkit.services.records import FindingFilters, RecordPage
from impactkit.services.review import finding_detail
from impactkit.web.deps import database, principal, render
from impactkit.web.routes.records import (
    add_form_routes,
    base_context,
    page_json,
    page_links,
    record_url,
    workspace,
)

router = APIRouter()

COLUMNS = ("area", "layer", "provisions", "sectors", "rating")


def _filter_choices(view: service.WorkspaceView) -> dict[str, list[Choice]]:
    specs = {spec.name: spec for spec in fields_of("findings")}
    cat = view.catalogue
    found = {name: field_choices(specs[source], cat, {}) for name, source in (
        ("area", "area"), ("layer", "layer"), ("cluster", "clusters"),
        ("provision", "provisions"), ("sector", "sectors"), ("group", "groups"))}
    found["status"] = [Choice(s.value, s.value.capitalize()) for s in FindingStatus]
    found["rating"] = [Choice("rated", "Rated (any value)"),
                       *field_choices(specs["rating"], cat, {})]
    return found


FILTER_LABELS = {"area": "Area", "layer": "Layer", "cluster": "Cluster",
                 "provision": "Provision", "sector": "Sector", "group": "Child group",
                 "status": "Status", "rating": "Rating", "text": "Words in title or narrative"}


@router.get("/workspaces/{key}/findings.json", include_in_schema=False)
@router.get("/workspaces/{key}/findings", include_in_schema=False)
def findings_list(request: Request, key: str, area: str | None = None,
                  layer: str | None = None, cluster: str | None = None,
                  provision: str | None = None, sector: str | None = None,
                  group: str | None = None, status: str | None = None,
                  rating: str | None = None, text: str | None = None, page: int = 1,
                  per_page: int = 50) -> Response:
    """Every filter is a query parameter (empty ones are ignored), so the URL holds them."""
    view = workspace(request, key)
    given = {"area": area, "layer": layer, "cluster": cluster, "provision": provision,
             "sector": sector, "group": group, "status": status, "rating": rating,
             "text": text}
    filters = FindingFilters(**{name: value or None for name, value in given.items()})
    filter_error = None
    try:
        result = service.list_records(database(request), principal(request),
                                      workspace_key=key, entity="findings", filters=filters,
                                      page=page, per_page=per_page)
    except ValidationError as error:
        filter_error = error
        result = RecordPage(items=[], total=0, page=1, per_page=per_page)
    specs = [spec for spec in fields_of("findings") if spec.name in COLUMNS]
    context: dict[str, Any] = {
        **base_context(view, "findings"), "page": result, "filters": filters.active(),
        "filter_choices": _filter_choices(view), "filter_labels": FILTER_LABELS,
        "filter_error": filter_error, "columns": specs,
        "rows": [(item, record_to_fields("findings", item)) for item in result.items],
        "links": page_links(record_url(key, "findings"), result, filters.active()),
        "deleted": request.query_params.get("deleted")}
    partial = (request.headers.get("hx-request") == "true"
               and request.headers.get("hx-target") == "results"
               and not request.headers.get("hx-history-restore-request"))
    return render(request, "findings/_results.html" if partial else "findings/list.html",
                  context, status_code=422 if filter_error else 200,
                  json_context=filter_error.as_dict() if filter_error else
                  {**page_json(view, "findings", result), "filters": filters.active()})


add_form_routes(router, "findings")


def finding_page(request: Request, key: str, fkey: str, *, status_code: int = 200,
                 action_error: ImpactError | None = None, notice: str = "") -> Response:
    """A finding with its evidence, review trail and the actions the visitor may take."""
    view = workspace(request, key)
    detail = finding_detail(database(request), principal(request), workspace_key=key,
                            finding_key=fkey)
    context = {**base_context(view, "findings"), "detail": detail, "record": detail.finding,
               "values": record_to_fields("findings", detail.finding),
               "action_error": action_error, "notice": notice,
               "saved": request.query_params.get("saved") == "1",
               "done": request.query_params.get("done")}
    return render(request, "findings/view.html", context, status_code=status_code,
                  json_context={
                      "workspace": key, "finding": service.as_json(detail.finding),
                      "evidence": [service.as_json(e) for e in detail.evidence],
                      "events": [service.as_json(e) for e in detail.events],
                      "actions": list(detail.actions), "blocked": detail.blocked})


# (decorators apply bottom-up: the .json route must be registered first)
@router.get("/workspaces/{key}/findings/{fkey}", include_in_schema=False)
@router.get("/workspaces/{key}/findings/{fkey}.json", include_in_schema=False)
def finding_view(request: Request, key: str, fkey: str) -> Response:
    return finding_page(request, key, fkey)
