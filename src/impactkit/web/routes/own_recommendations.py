"""The assessing body's own recommendations to the State, as pages.

``/workspaces/{key}/own-recommendations(.json)`` lists them, strongest grade first (grade,
status, text, addressees, the UN recommendations already made on the same provisions), with
a "Draft from the analysis" button and a form to write one by hand for contributors.
``.../{rkey}(.json)`` shows one, with its edit form (carrying the version it was loaded at),
the status for reviewers (a status beyond draft needs the reviewer role; the service checks
it again) and deletion. A save or a deletion on a stale version gets a 409 page with both
versions side by side, and nothing is written. Every POST carries the CSRF token (the
app-wide check); viewers read only.
"""

from __future__ import annotations

from dataclasses import replace
from gettext import gettext as _
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from impactkit.errors import ConflictError, PermissionDenied, Problem, UsageError, ValidationError
from impactkit.plain import plain
from impactkit.recommendations.own import GRADE_ORDER, Grade, OwnRecommendation, OwnStatus
from impactkit.services import own_recommendations as service
from impactkit.services.accounts import Role
from impactkit.services.findings_filter import page_filter
from impactkit.services.records import WorkspaceView
from impactkit.web.deps import database, principal, render
from impactkit.web.routes.recommendations import actor_choices, form_list, form_text, rec_url
from impactkit.web.routes.records import require_role, workspace
from impactkit.web.urls import workspace_url

router = APIRouter()
BASE = "/workspaces/{key}/own-recommendations"


def own_url(key: str, rkey: str = "") -> str:
    base = f"{workspace_url(key)}/own-recommendations"
    return f"{base}/{quote(rkey, safe='')}" if rkey else base


def grade_labels() -> dict[str, str]:
    return {"urge": _("Urge: the standard is not met"),
            "consider": _("Consider: the standard needs improvement"),
            "invite": _("Invite: on track, but can be strengthened")}


def status_labels() -> dict[str, str]:
    return {"draft": _("Draft"), "reviewed": _("Reviewed"), "accepted": _("Accepted"),
            "rejected": _("Rejected")}


def record_row(key: str, record: OwnRecommendation, actors: dict[str, str]) -> dict[str, Any]:
    """A recommendation as the pages and their ``.json`` twins give it, with its links."""
    return {**plain(record), "url": own_url(key, record.key),
            "addressees": [{"key": a, "name": actors.get(a, a)} for a in record.actors],
            "related_links": [{"key": r, "url": rec_url(key, r)} for r in record.related]}


def _base(request: Request, view: WorkspaceView) -> dict[str, Any]:
    return {"workspace": view, "section": "own-recommendations",
            "can_write": view.can(Role.CONTRIBUTOR), "can_review": view.can(Role.REVIEWER),
            "grades": [(g.value, grade_labels()[g.value]) for g in GRADE_ORDER],
            "statuses": [(s.value, status_labels()[s.value]) for s in OwnStatus],
            "actors": actor_choices(request, view.key)}


def _ordered(records: list[OwnRecommendation]) -> list[OwnRecommendation]:
    return sorted(records, key=lambda r: (GRADE_ORDER.index(r.grade), r.key))


# --- the list, drafting, writing by hand -----------------------------------------------------
EMPTY = {"key": "", "text": "", "grade": "consider", "rationale": "", "actors": [],
         "provisions": "", "status": "draft"}


def list_page(request: Request, key: str, *, values: dict[str, Any] | None = None,
              errors: dict[str, list[str]] | None = None, summary: str = "",
              status_code: int = 200) -> Response:
    view = workspace(request, key)
    context = _base(request, view)
    names = dict(context["actors"])
    rows = [record_row(key, r, names) for r in
            _ordered(service.list_own(database(request), principal(request), key=key))]
    query = request.query_params
    context |= {"rows": rows, "values": values or dict(EMPTY), "errors": errors or {},
                "summary": summary, "action": own_url(key), "draft_action": own_url(key) +
                "/draft", "drafted": query.get("drafted"), "refreshed": query.get("refreshed"),
                "deleted": query.get("deleted")}
    return render(request, "own_recommendations/list.html", context, status_code=status_code,
                  json_context=lambda: {"workspace": key, "recommendations": rows,
                                        "errors": context["errors"], "summary": summary})


@router.get(BASE + ".json", include_in_schema=False)
@router.get(BASE, include_in_schema=False)
def own_recommendations(request: Request, key: str) -> Response:
    return list_page(request, key)


@router.post(BASE + "/draft", include_in_schema=False)
async def draft(request: Request, key: str) -> Response:
    """Draft from the analysis (counting validated findings unless the form says ``all``)
    and store the drafts: new ones added, untouched drafts refreshed, edited ones kept."""
    view = workspace(request, key)
    require_role(request, view, Role.CONTRIBUTOR, "draft recommendations")
    form = await request.form()
    findings = page_filter(form_list(form, "status") or None)
    done = service.propose(database(request), principal(request), key=key,
                           statuses=findings.statuses, save=True)
    return RedirectResponse(f"{own_url(key)}?drafted={done.added}&refreshed={done.refreshed}",
                            status_code=303)


def form_values(form: FormData) -> dict[str, Any]:
    return {"key": form_text(form, "key"), "text": form_text(form, "text"),
            "grade": form_text(form, "grade") or "consider",
            "rationale": form_text(form, "rationale"), "actors": form_list(form, "actors"),
            "provisions": form_text(form, "provisions"),
            "status": form_text(form, "status") or "draft"}


def record_from(values: dict[str, Any], *, key: str, base: OwnRecommendation | None = None
                ) -> OwnRecommendation:
    """The recommendation the form describes (on top of the stored one when editing);
    ValidationError names every field that cannot be saved."""
    problems: list[Problem] = []
    if values["grade"] not in {g.value for g in Grade}:
        problems.append(Problem(_("Choose a grade: urge, consider or invite."), field="grade"))
    if values["status"] not in {s.value for s in OwnStatus}:
        problems.append(Problem(_("Choose a status: draft, reviewed, accepted or rejected."),
                                field="status"))
    if not values["text"]:
        problems.append(Problem(_("Write the recommendation's text."), field="text"))
    if problems:
        raise ValidationError(problems, summary=_("The recommendation was not saved."))
    provisions = tuple(p.strip() for p in values["provisions"].split(",") if p.strip())
    fields = {"text": values["text"], "grade": Grade(values["grade"]),
              "rationale": values["rationale"], "actors": tuple(values["actors"]),
              "provisions": provisions, "status": OwnStatus(values["status"])}
    return (replace(base, **fields) if base is not None else
            OwnRecommendation(key=key, basis="person", basis_target="", **fields))


def _problems(error: ValidationError) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for problem in error.problems:
        found.setdefault(problem.field or "text", []).append(problem.message)
    return found


@router.post(BASE, include_in_schema=False)
async def write(request: Request, key: str) -> Response:
    """A recommendation written by hand, stored as a draft."""
    view = workspace(request, key)
    require_role(request, view, Role.CONTRIBUTOR, "write recommendations")
    values = form_values(await request.form())
    values["status"] = "draft"
    try:
        record = record_from(values, key=values["key"])
        service.write(database(request), principal(request), key=key, record=record)
    except ValidationError as error:
        return list_page(request, key, values=values, errors=_problems(error),
                         summary=error.summary, status_code=422)
    except UsageError as error:  # a key already used
        return list_page(request, key, values=values, errors={"key": [error.message]},
                         summary=_("The recommendation was not saved."), status_code=400)
    return RedirectResponse(f"{own_url(key, record.key)}?written=1", status_code=303)


# --- one recommendation ----------------------------------------------------------------------
def record_values(record: OwnRecommendation) -> dict[str, Any]:
    return {"key": record.key, "text": record.text, "grade": record.grade.value,
            "rationale": record.rationale, "actors": list(record.actors),
            "provisions": ", ".join(record.provisions), "status": record.status.value}


def view_page(request: Request, key: str, rkey: str, *, values: dict[str, Any] | None = None,
              errors: dict[str, list[str]] | None = None, summary: str = "",
              status_code: int = 200) -> Response:
    view = workspace(request, key)
    record = service.get_own(database(request), principal(request), key=key, record_key=rkey)
    context = _base(request, view)
    row = record_row(key, record, dict(context["actors"]))
    context |= {"rec": row, "values": values or record_values(record), "errors": errors or {},
                "summary": summary, "record_version": record.version,
                "action": own_url(key, rkey), "list_url": own_url(key),
                "saved": request.query_params.get("saved") == "1",
                "written": request.query_params.get("written") == "1"}
    return render(request, "own_recommendations/view.html", context, status_code=status_code,
                  json_context=lambda: {"workspace": key, "recommendation": row,
                                        "errors": context["errors"]})


@router.get(BASE + "/{rkey}", include_in_schema=False)
@router.get(BASE + "/{rkey}.json", include_in_schema=False)  # registered first
def own_recommendation(request: Request, key: str, rkey: str) -> Response:
    return view_page(request, key, rkey)


def version_of(form: FormData) -> int:
    raw = form.get("version")
    if not isinstance(raw, str) or not raw.strip().isdigit():
        raise UsageError(_("This form carries no version of the recommendation: reload the "
                           "page and make the change again."))
    return int(raw)


@router.post(BASE + "/{rkey}", include_in_schema=False)
async def save(request: Request, key: str, rkey: str) -> Response:
    """Save a change made from the version the form carries."""
    view = workspace(request, key)
    require_role(request, view, Role.CONTRIBUTOR, "edit recommendations")
    form = await request.form()
    version = version_of(form)
    db, who = database(request), principal(request)
    current = service.get_own(db, who, key=key, record_key=rkey)
    values = form_values(form)
    if "status" not in form:  # only reviewers are offered the status
        values["status"] = current.status.value
    if values["status"] != current.status.value and not view.can(Role.REVIEWER):
        raise PermissionDenied(_("Only a reviewer may change the status of a recommendation."))
    values["key"] = rkey
    try:
        record = record_from(values, key=rkey, base=current)
        service.edit(db, who, key=key, record=record, expected_version=version)
    except ValidationError as error:
        return view_page(request, key, rkey, values=values, errors=_problems(error),
                         summary=error.summary, status_code=422)
    except ConflictError as conflict:
        return conflict_page(request, view, values, conflict)
    return RedirectResponse(f"{own_url(key, rkey)}?saved=1", status_code=303)


@router.post(BASE + "/{rkey}/delete", include_in_schema=False)
async def delete(request: Request, key: str, rkey: str) -> Response:
    view = workspace(request, key)
    require_role(request, view, Role.CONTRIBUTOR, "delete recommendations")
    version = version_of(await request.form())
    try:
        service.delete(database(request), principal(request), key=key, record_key=rkey,
                       expected_version=version)
    except ConflictError as conflict:
        return conflict_page(request, view, None, conflict)
    return RedirectResponse(f"{own_url(key)}?deleted={quote(rkey)}", status_code=303)


def conflict_page(request: Request, view: WorkspaceView, mine: dict[str, Any] | None,
                  conflict: ConflictError) -> Response:
    """409: what was typed (or the deletion asked for) beside the stored version, with a
    form that saves (or deletes) against the stored version. Nothing was written."""
    stored = conflict.current
    assert isinstance(stored, OwnRecommendation)
    context = _base(request, view)
    theirs = record_values(stored)
    names = dict(context["actors"])
    fields = [("text", _("Text")), ("grade", _("Grade")), ("status", _("Status")),
              ("rationale", _("Rationale")), ("actors", _("Addressed to")),
              ("provisions", _("Provisions"))]
    context |= {"message": conflict.message, "rec": record_row(view.key, stored, names),
                "theirs": theirs, "values": mine or theirs, "deleting": mine is None,
                "fields": fields, "differs": [name for name, _label in fields
                                              if mine is not None and mine[name] != theirs[name]],
                "record_version": stored.version, "errors": {}, "summary": "",
                "action": own_url(view.key, stored.key), "list_url": own_url(view.key)}
    return render(request, "own_recommendations/conflict.html", context, status_code=409,
                  json_context={**conflict.as_dict(), "mine": mine,
                                "current": plain(stored)})
