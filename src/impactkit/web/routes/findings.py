"""Findings: the filtered list, a finding's page, and its forms (shared with other records).

Filters are GET query parameters (``?area=compliance&sector=labour&page=2``), so a filtered
list is a URL that can be bookmarked and shared; htmx swaps only the results while the
filters change, and the address bar follows.
"""

from __future__ import annotations

from gettext import gettext as _
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup, escape

from impactkit.catalogue.schema import Catalogue
from impactkit.domain import Finding, FindingStatus
from impactkit.errors import ConflictError, ImpactError, NotFoundError, Problem, ValidationError
from impactkit.plain import record_json
from impactkit.services import recommendation_links as links
from impactkit.services import records as service
from impactkit.services.accounts import Role
from impactkit.services.catalogue_memo import per_catalogue
from impactkit.services.record_fields import (
    Choice,
    FieldSpec,
    field_choices,
    fields_of,
    record_to_fields,
)
from impactkit.services.records import FindingFilters, RecordPage
from impactkit.services.review import finding_detail
from impactkit.web.deps import database, principal, render, templates, wants_json
from impactkit.web.errors import status_for
from impactkit.web.fragments import FragmentCache
from impactkit.web.routes.recommendation_actions import (
    RecommendationPicker,
    more_field,
    more_keys,
    recommendation_picker,
)
from impactkit.web.routes.recommendation_forms import form_list, source_labels, status_labels
from impactkit.web.routes.records import (
    add_form_routes,
    base_context,
    page_json,
    page_links,
    require_role,
    workspace,
)
from impactkit.web.urls import record_url

router = APIRouter()
_RESULTS = FragmentCache()
_ROWS = FragmentCache(kept=4096)
"""One table row per finding version: after a change the table is drawn again, but only
the changed finding's row is rendered anew (under a stream of edits, every view of the list
would otherwise redraw all fifty)."""

COLUMNS = ("area", "layer", "provisions", "sectors", "rating")
FILTERS = ("area", "layer", "cluster", "provision", "sector", "group", "status", "rating")
"""The filters offered as lists of choices, in the order the form shows them."""


@per_catalogue
def filter_choices(cat: Catalogue) -> dict[str, list[Choice]]:
    """The options of every filter (shared between requests: never change them)."""
    specs = {spec.name: spec for spec in fields_of("findings")}
    found = {name: field_choices(specs[source], cat, {}) for name, source in (
        ("area", "area"), ("layer", "layer"), ("cluster", "clusters"),
        ("provision", "provisions"), ("sector", "sectors"), ("group", "groups"))}
    found["status"] = [Choice(s.value, s.value.capitalize()) for s in FindingStatus]
    found["rating"] = [Choice("rated", "Rated (any value)"),
                       *field_choices(specs["rating"], cat, {})]
    return found


@per_catalogue
def filter_options(cat: Catalogue, name: str, selected: str | None) -> Markup:
    """The ``<option>`` list of one filter with ``selected`` chosen, drawn once per catalogue
    and choice. The provision filter alone has some 300 options: looping over them in the
    template on every view cost more than the rest of the page."""
    parts = ['<option value="">Any</option>']
    group = ""
    for choice in filter_choices(cat)[name]:
        if choice.group != group:
            if group:
                parts.append("</optgroup>")
            if choice.group:
                parts.append(f'<optgroup label="{escape(choice.group)}">')
            group = choice.group
        label = (choice.label if choice.label.startswith(choice.code)
                 else f"{choice.label} ({choice.code})")
        chosen = " selected" if choice.code == selected else ""
        parts.append(f'<option value="{escape(choice.code)}"{chosen}>{escape(label)}</option>')
    if group:
        parts.append("</optgroup>")
    return Markup("".join(parts))


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
    """Every filter is a query parameter (empty ones are ignored), so the URL holds them.
    The results table is kept per data version (see :mod:`impactkit.web.fragments`); the
    ``.json`` twin is always built afresh."""
    view = workspace(request, key)
    given = {"area": area, "layer": layer, "cluster": cluster, "provision": provision,
             "sector": sector, "group": group, "status": status, "rating": rating,
             "text": text}
    filters = FindingFilters(**{name: value or None for name, value in given.items()})
    if wants_json(request):
        try:
            result = _page(request, key, filters, page, per_page)
        except ValidationError as error:
            return render(request, "", {}, status_code=422, json_context=error.as_dict())
        return render(request, "", {}, json_context={
            **page_json(view, "findings", result), "filters": filters.active()})
    results, status_code = _results_html(request, view, filters, page, per_page)
    partial = (request.headers.get("hx-request") == "true"
               and request.headers.get("hx-target") == "results"
               and not request.headers.get("hx-history-restore-request"))
    if partial:
        return HTMLResponse(results, status_code=status_code)
    context: dict[str, Any] = {
        **base_context(view, "findings"), "filters": filters.active(),
        "filter_options": {name: filter_options(view.catalogue, name, given[name] or None)
                           for name in FILTERS},
        "filter_labels": FILTER_LABELS, "results_html": results,
        "deleted": request.query_params.get("deleted")}
    return render(request, "findings/list.html", context, status_code=status_code)


def _page(request: Request, key: str, filters: FindingFilters, page: int, per_page: int
          ) -> RecordPage:
    return service.list_records(database(request), principal(request), workspace_key=key,
                                entity="findings", filters=filters, page=page,
                                per_page=per_page)


def _results_html(request: Request, view: service.WorkspaceView, filters: FindingFilters,
                  page: int, per_page: int) -> tuple[Markup, int]:
    """The results section (count, table, pager) and its status: 422 for a bad filter."""
    db = database(request)
    version = service.data_version(db)  # read before the records (see fragments)
    cache_key = (db.url, view.key, version, id(view.catalogue),
                 tuple(sorted(filters.active().items())), page, per_page)
    max_age = None if db.dialect == "sqlite" else service.CACHE_SECONDS
    kept = _RESULTS.get(cache_key, max_age=max_age)
    if kept is not None:
        return kept, 200
    filter_error = None
    try:
        result = _page(request, view.key, filters, page, per_page)
    except ValidationError as error:
        filter_error = error
        result = RecordPage(items=[], total=0, page=1, per_page=per_page)
    context: dict[str, Any] = {
        **base_context(view, "findings"), "page": result, "filters": filters.active(),
        "filter_error": filter_error,
        "columns": [spec for spec in fields_of("findings") if spec.name in COLUMNS],
        "links": page_links(record_url(view.key, "findings"), result, filters.active())}
    context["rows"] = [_row_html(request, context, item, max_age) for item in result.items]
    html = Markup(templates(request).get_template("findings/_results.html").render(context))
    if filter_error is not None:
        return html, 422
    _RESULTS.put(cache_key, html)
    return html, 200


def _row_html(request: Request, context: dict[str, Any], item: Finding,
              max_age: float | None) -> Markup:
    """A finding's row, kept per version of the finding. A row shows only the finding's
    own fields, drawn with the catalogue's titles: every change to them raises its version,
    and its creation time tells a finding deleted and made again under the same key from
    the first, so the key names all of it."""
    view: service.WorkspaceView = context["workspace"]
    key = (database(request).url, view.key, id(view.catalogue), item.key, item.version,
           item.created_at)
    kept = _ROWS.get(key, max_age=max_age)
    if kept is not None:
        return kept
    html = Markup(templates(request).get_template("findings/_row.html").render(
        {**context, "item": item, "row": record_to_fields("findings", item)}))
    _ROWS.put(key, html)
    return html


add_form_routes(router, "findings")


def finding_page(request: Request, key: str, fkey: str, *, status_code: int = 200,
                 action_error: ImpactError | None = None, notice: str = "") -> Response:
    """A finding with its evidence, review trail, the recommendations linked to it and the
    actions the visitor may take."""
    view = workspace(request, key)
    db, who = database(request), principal(request)
    detail = finding_detail(db, who, workspace_key=key, finding_key=fkey)
    linked = links.for_finding(db, who, workspace_key=key, finding_key=fkey)
    can_link = view.can(Role.CONTRIBUTOR)
    picker = recommendation_picker(
        request, key, leave_out={item.recommendation.key for item in linked.recommendations}
    ) if can_link and not wants_json(request) else RecommendationPicker([], "")
    context = {**base_context(view, "findings"), "detail": detail, "record": detail.finding,
               "values": record_to_fields("findings", detail.finding),
               "action_error": action_error, "notice": notice,
               "saved": request.query_params.get("saved") == "1",
               "done": request.query_params.get("done"), "linked": linked,
               "source_labels": source_labels(), "status_labels": status_labels(),
               "can_link": can_link, "linkable": picker.choices, "link_cut": picker.cut,
               "link_field": link_field(), "more_field": more_field()}
    return render(request, "findings/view.html", context, status_code=status_code,
                  json_context={
                      "workspace": key, "finding": record_json(detail.finding),
                      "evidence": [record_json(e) for e in detail.evidence],
                      "events": [record_json(e) for e in detail.events],
                      "actions": list(detail.actions), "blocked": detail.blocked,
                      "own_work": detail.own_work,
                      "recommendations": [
                          {"key": item.recommendation.key,
                           "paragraph": item.recommendation.paragraph,
                           "mechanism": str(item.recommendation.mechanism),
                           "latest_status": record_json(item.latest)}
                          for item in linked.recommendations],
                      "own_recommendations": [o.key for o in linked.own]})


def link_field() -> FieldSpec:
    return FieldSpec("recommendations", _("Recommendations made to the State"), "refs",
                     help=_("Tick those this finding bears on."))


# (decorators apply bottom-up: the .json route must be registered first)
@router.get("/workspaces/{key}/findings/{fkey}", include_in_schema=False)
@router.get("/workspaces/{key}/findings/{fkey}.json", include_in_schema=False)
def finding_view(request: Request, key: str, fkey: str) -> Response:
    return finding_page(request, key, fkey)


@router.post("/workspaces/{key}/findings/{fkey}/recommendations", include_in_schema=False)
async def link_recommendations(request: Request, key: str, fkey: str) -> Response:
    """Link the recommendations ticked (or written in the box under a cut list) to this
    finding, all or none. A ``version__KEY`` field, when the form has one, is the version of
    recommendation KEY the link is based on; without it, the version read when saving (adding
    a link changes nothing anyone else wrote)."""
    view = workspace(request, key)
    require_role(request, view, Role.CONTRIBUTOR, "link recommendations to findings")
    form = await request.form()
    chosen = [*form_list(form, "recommendations"), *more_keys(form)]
    try:
        if not chosen:
            raise ValidationError([Problem(_("Tick a recommendation to link."),
                                           field="recommendations")],
                                  summary=_("No link was saved."))
        versions = {name.removeprefix("version__"): _version(value)
                    for name, value in form.multi_items() if name.startswith("version__")}
        links.link_to_finding(database(request), principal(request), workspace_key=key,
                              finding_key=fkey, recommendations=chosen, versions=versions)
    except (ValidationError, ConflictError, NotFoundError) as error:
        return finding_page(request, key, fkey, status_code=status_for(error, request),
                            action_error=error)
    return RedirectResponse(f"{record_url(key, 'findings', fkey)}?done=linked#recommendations",
                            status_code=303)


def _version(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError([Problem(_("{value} is not a version number").format(
            value=repr(value)), field="recommendations")],
            summary=_("No link was saved.")) from None
