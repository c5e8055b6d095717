"""Recommendations made to the State: the searchable list and a recommendation's page, with
its tags, the reiterations, the actions answering it and its status history per source.

The list's filters are GET query parameters (``?mechanism=upr&tag=provision:CRC-32``), so a
search is a URL that can be shared; htmx swaps only the results, as on the findings list.
The tag form carries the version it was loaded at: a stale save gets a 409 page with both
tag sets and a form that saves against the stored version, never last-write-wins.
The review queue of suggestions is in :mod:`.recommendation_queue`, the import form in
:mod:`.recommendation_import`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from starlette.datastructures import FormData

from impactkit.errors import ConflictError, ValidationError
from impactkit.input_rules import check_paging
from impactkit.plain import record_json as as_json
from impactkit.recommendations.model import (
    Action,
    ImplementationStatus,
    Mechanism,
    Recommendation,
    StatusAssessment,
    StatusSource,
)
from impactkit.services import recommendation_links as links
from impactkit.services import recommendation_tagging as tagging
from impactkit.services import recommendation_themes as themes
from impactkit.services import recommendations as service
from impactkit.services.accounts import Role
from impactkit.services.record_fields import Choice, FieldSpec, field_choices
from impactkit.services.records import RecordPage, WorkspaceView
from impactkit.web.deps import database, principal, render, templates, wants_json
from impactkit.web.routes import (
    recommendation_actions,
    recommendation_editing,
    recommendation_progress,
)
from impactkit.web.routes.recommendation_forms import (
    BASE,
    actor_choices,
    form_list,
    form_text,
    parse_choice,
    parse_date,
    rec_url,
    section_context,
    version_of,
)
from impactkit.web.routes.records import page_links, require_role, workspace

router = APIRouter()
# the pages with fixed names under /recommendations/ (new, progress) before /{rkey}
router.include_router(recommendation_editing.router)
router.include_router(recommendation_actions.router)
router.include_router(recommendation_progress.router)

FILTERS = ("text", "mechanism", "cycle", "tag", "theme", "status", "actor")
MAX_PER_PAGE = 500
"""The most recommendations one page of the list shows (``per_page``)."""
TAG_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("provisions", "Provisions", "codes", "provisions"),
    FieldSpec("clusters", "Reporting clusters", "codes", "clusters"),
    FieldSpec("sectors", "Sectors", "codes", "sectors"),
    FieldSpec("groups", "Child groups", "codes", "child_groups"),
    FieldSpec("forms", "Forms of exploitation", "codes", "forms"),
    FieldSpec("summary", "Summary tags", "codes", None,
              help="Whether the recommendation is about child rights, trafficking, or both."),
)
"""The tag lists a person edits on the page (SDGs and themes come from the source)."""
SUMMARY_CHOICES = [Choice("child-rights", "Child rights"), Choice("trafficking", "Trafficking")]
FINDING_FIELD = FieldSpec("findings", "Findings of this workspace", "refs",
                          help="Tick the findings this recommendation bears on.")


# --- the list --------------------------------------------------------------------------------
@router.get(f"{BASE}.json", include_in_schema=False)
@router.get(BASE, include_in_schema=False)
def recommendation_list(request: Request, key: str, text: str | None = None,
                        mechanism: str | None = None, cycle: str | None = None,
                        tag: str | None = None, theme: str | None = None,
                        status: str | None = None, actor: str | None = None, page: int = 1,
                        per_page: int = 50) -> Response:
    """Every filter is a query parameter (empty ones are ignored), so the URL holds them."""
    view = workspace(request, key)
    given = {"text": text, "mechanism": mechanism, "cycle": cycle, "tag": tag,
             "theme": theme, "status": status, "actor": actor}
    active = {name: value.strip() for name, value in given.items() if value and value.strip()}
    filter_error: ValidationError | None = None
    try:
        filters = themes.search_filters(active)
        # the paging the visitor asked for is checked before it becomes an offset, so a
        # refusal names ``page``, not a parameter they never sent
        check_paging(page=page, per_page=per_page, max_per_page=MAX_PER_PAGE)
        found = service.find(database(request), principal(request), workspace_key=key,
                             filters=filters, offset=(page - 1) * per_page, limit=per_page)
        result = RecordPage(items=found.items, total=found.total, page=page,
                            per_page=per_page)
    except ValidationError as error:
        filter_error = error
        result = RecordPage(items=[], total=0, page=1,
                            per_page=per_page if 1 <= per_page <= MAX_PER_PAGE else 50)
    rows = rows_of(request, key, result.items)
    status_code = 422 if filter_error else 200
    if wants_json(request):
        if filter_error:
            return render(request, "", {}, status_code=422, json_context=filter_error.as_dict())
        return render(request, "", {}, json_context={
            "workspace": key, "filters": active, "total": result.total, "page": result.page,
            "per_page": result.per_page, "pages": result.pages,
            "items": [{**(as_json(r["rec"]) or {}), "latest_status": as_json(r["latest"]),
                       "reiterations": r["reiterations"]} for r in rows]})
    context: dict[str, Any] = {
        **section_context(view), "filters": active, "page": result, "rows": rows,
        "filter_error": filter_error,
        "links": page_links(rec_url(key), result, active)}
    results = Markup(templates(request).get_template("recommendations/_results.html")
                     .render(context))
    partial = (request.headers.get("hx-request") == "true"
               and request.headers.get("hx-target") == "results"
               and not request.headers.get("hx-history-restore-request"))
    if partial:
        return HTMLResponse(results, status_code=status_code)
    context |= {"results_html": results, "mechanisms": list(Mechanism),
                "statuses": list(ImplementationStatus), "actors": actor_choices(request, key),
                "themes": themes.theme_choices(database(request), principal(request),
                                               workspace_key=key),
                "imported": request.query_params.get("imported"),
                "deleted": request.query_params.get("deleted")}
    return render(request, "recommendations/list.html", context, status_code=status_code)


def rows_of(request: Request, key: str, recs: list[Recommendation]) -> list[dict[str, Any]]:
    """The rows of the list: each recommendation, its latest status and how many others of
    the workspace reiterate it (fetched for the whole page at once)."""
    details = service.list_details(database(request), principal(request), workspace_key=key,
                                   keys=[r.key for r in recs])
    return [{"rec": rec, "latest": details.get(rec.key, (None, 0))[0],
             "reiterations": details.get(rec.key, (None, 0))[1]} for rec in recs]


# --- one recommendation ----------------------------------------------------------------------
def tag_choices(view: WorkspaceView) -> dict[str, list[Choice]]:
    return {spec.name: (SUMMARY_CHOICES if spec.name == "summary"
                        else field_choices(spec, view.catalogue, {}))
            for spec in TAG_FIELDS}


def tag_values(rec: Recommendation) -> dict[str, list[str]]:
    return {spec.name: list(getattr(rec, spec.name)) for spec in TAG_FIELDS}


def recommendation_page(request: Request, key: str, rkey: str, *, status_code: int = 200,
                        errors: dict[str, Any] | None = None,
                        tag_input: dict[str, list[str]] | None = None,
                        action_input: dict[str, Any] | None = None,
                        status_input: dict[str, str] | None = None,
                        link_input: list[str] | None = None) -> Response:
    """The page, with what a refused form sent kept in place and its problems beside it."""
    view = workspace(request, key)
    db, who = database(request), principal(request)
    rec = service.get(db, who, workspace_key=key, key=rkey)
    linked = links.linked_findings(db, who, workspace_key=key, recommendation=rec)
    held = {(f.workspace_key, f.key) for f in linked}
    pickable = [Choice(fkey, f"{fkey} · {title}" if title else fkey)
                for fkey, title in links.finding_choices(db, who, workspace_key=key)
                if (key, fkey) not in held
                ] if view.can(Role.CONTRIBUTOR) and not wants_json(request) else []
    family = service.family_of(db, who, workspace_key=key, key=rkey)
    history = service.status_history(db, who, workspace_key=key, key=rkey)
    actions = service.actions_of(db, who, workspace_key=key, recommendation=rkey)
    pending = tagging.queue(db, who, workspace_key=key, recommendation=rkey, limit=None)
    by_source: dict[str, list[StatusAssessment]] = {}
    for item in history:
        by_source.setdefault(str(item.source), []).append(item)

    def twin() -> dict[str, Any]:
        return {"workspace": key, "recommendation": as_json(rec),
                "family": [r.key for r in family if r.key != rec.key],
                "suggestions": [as_json(s) for s in pending],
                "actions": [as_json(a) for a in actions],
                "status_history": [as_json(s) for s in history],
                "findings": [{"ref": f.ref, "workspace": f.workspace_key, "key": f.key,
                              "title": f.finding.title if f.finding else None,
                              "layer": f.finding.layer if f.finding else None,
                              "status": str(f.finding.status) if f.finding else None}
                             for f in linked]}

    context = {
        **section_context(view), "rec": rec, "reiterations": [r for r in family
                                                             if r.key != rec.key],
        "by_source": by_source, "actions": actions, "suggestions": pending,
        "tag_fields": TAG_FIELDS, "tag_choices": tag_choices(view),
        "tag_values": tag_input or tag_values(rec), "actors": actor_choices(request, key),
        "sources": list(StatusSource), "statuses": list(ImplementationStatus),
        "errors": errors or {}, "action_input": action_input or {},
        "status_input": status_input or {}, "done": request.query_params.get("done"),
        "today": date.today().isoformat(), "linked": linked, "finding_field": FINDING_FIELD,
        "finding_choices": pickable, "link_input": link_input or []}
    return render(request, "recommendations/view.html", context, status_code=status_code,
                  json_context=twin)


# (decorators apply bottom-up: the .json route must be registered first)
@router.get(BASE + "/{rkey}", include_in_schema=False)
@router.get(BASE + "/{rkey}.json", include_in_schema=False)
def recommendation_view(request: Request, key: str, rkey: str) -> Response:
    return recommendation_page(request, key, rkey)


def tags_from_form(form: FormData) -> dict[str, list[str]]:
    """The tag lists as sent, in the order the record held them (``order__<kind>``) with new
    ones after: an unchanged list is never saved re-ordered (see records.fields_from_form)."""
    found: dict[str, list[str]] = {}
    for spec in TAG_FIELDS:
        values = form_list(form, spec.name)
        held = [v for v in dict.fromkeys(form_list(form, f"order__{spec.name}")) if v in values]
        found[spec.name] = held + [v for v in dict.fromkeys(values) if v not in held]
    return found


@router.post(BASE + "/{rkey}/tags", include_in_schema=False)
async def save_tags(request: Request, key: str, rkey: str) -> Response:
    view = workspace(request, key)
    require_role(request, view, Role.CONTRIBUTOR, "tag recommendations")
    form = await request.form()
    tags = tags_from_form(form)
    try:
        version = version_of(form, summary="the tags were not saved")
        service.set_tags(database(request), principal(request), workspace_key=key, key=rkey,
                         tags={k: tuple(v) for k, v in tags.items()}, expected_version=version)
    except ValidationError as error:
        return recommendation_page(request, key, rkey, status_code=422,
                                   errors={"tags": error}, tag_input=tags)
    except ConflictError as conflict:
        return conflict_page(request, view, rkey, tags, conflict)
    return RedirectResponse(f"{rec_url(key, rkey)}?done=tags#tags", status_code=303)


def conflict_page(request: Request, view: WorkspaceView, rkey: str,
                  mine: dict[str, list[str]], conflict: ConflictError) -> Response:
    """409: my tags and the stored ones side by side, and the form again (holding mine)
    that saves against the stored version."""
    stored = conflict.current
    assert isinstance(stored, Recommendation)
    theirs = tag_values(stored)
    differs = [spec.name for spec in TAG_FIELDS
               if sorted(mine.get(spec.name, [])) != sorted(theirs[spec.name])]
    context = {**section_context(view), "rec": stored, "mine": mine, "theirs": theirs,
               "differs": differs, "message": conflict.message, "tag_fields": TAG_FIELDS,
               "tag_choices": tag_choices(view), "tag_values": mine, "errors": {}}
    return render(request, "recommendations/conflict.html", context, status_code=409,
                  json_context={**conflict.as_dict(), "mine": mine, "theirs": theirs,
                                "differs": differs})


# --- actions and status assessments ----------------------------------------------------------
@router.post(BASE + "/{rkey}/actions", include_in_schema=False)
async def add_action(request: Request, key: str, rkey: str) -> Response:
    require_role(request, workspace(request, key), Role.CONTRIBUTOR, "add actions")
    form = await request.form()
    sent: dict[str, Any] = {name: form_text(form, name) for name in (
        "key", "title", "description", "status", "due", "others")}
    sent["actors"] = form_list(form, "actors")
    others = [k for k in sent["others"].replace(",", " ").split() if k != rkey]
    try:
        action = Action(key=sent["key"], title=sent["title"], description=sent["description"],
                        recommendations=(rkey, *dict.fromkeys(others)),
                        actors=tuple(sent["actors"]),
                        status=parse_choice(ImplementationStatus, sent["status"] or "planned",
                                            "status"),
                        due=parse_date(sent["due"], "due", required=False))
        service.add_action(database(request), principal(request), workspace_key=key,
                           action=action)
    except ValidationError as error:
        return recommendation_page(request, key, rkey, status_code=422,
                                   errors={"action": error}, action_input=sent)
    return RedirectResponse(f"{rec_url(key, rkey)}?done=action#actions", status_code=303)


@router.post(BASE + "/{rkey}/status", include_in_schema=False)
async def add_status(request: Request, key: str, rkey: str) -> Response:
    require_role(request, workspace(request, key), Role.CONTRIBUTOR,
                 "record implementation status")
    form = await request.form()
    sent = {name: form_text(form, name) for name in ("source", "status", "assessed_on",
                                                     "assessor", "evidence", "note")}
    try:
        assessment = StatusAssessment(
            recommendation=rkey, source=parse_choice(StatusSource, sent["source"], "source"),
            status=parse_choice(ImplementationStatus, sent["status"], "status"),
            assessed_on=parse_date(sent["assessed_on"], "assessed_on", required=True)
            or date.today(), assessor=sent["assessor"], evidence=sent["evidence"],
            note=sent["note"])
        service.add_status(database(request), principal(request), workspace_key=key,
                           assessment=assessment)
    except ValidationError as error:
        return recommendation_page(request, key, rkey, status_code=422,
                                   errors={"status": error}, status_input=sent)
    return RedirectResponse(f"{rec_url(key, rkey)}?done=status#status", status_code=303)


# --- links to findings -----------------------------------------------------------------------
@router.post(BASE + "/{rkey}/links", include_in_schema=False)
async def link_findings(request: Request, key: str, rkey: str) -> Response:
    """Link the findings ticked in the picker (or, with ``unlink``, remove one link)."""
    view = workspace(request, key)
    require_role(request, view, Role.CONTRIBUTOR, "link recommendations to findings")
    form = await request.form()
    chosen = form_list(form, "findings")
    removed = form_text(form, "unlink")
    try:
        version = version_of(form, summary="the links were not saved")
        change = links.unlink if removed else links.link
        change(database(request), principal(request), workspace_key=key, key=rkey,
               findings=[removed] if removed else chosen, expected_version=version)
    except ValidationError as error:
        return recommendation_page(request, key, rkey, status_code=422,
                                   errors={"links": error}, link_input=chosen)
    except ConflictError as conflict:
        # the page as stored now, its forms at the stored version, and why nothing changed
        return recommendation_page(request, key, rkey, status_code=409,
                                   errors={"links": conflict}, link_input=chosen)
    done = "unlinked" if removed else "linked"
    return RedirectResponse(f"{rec_url(key, rkey)}?done={done}#findings", status_code=303)
