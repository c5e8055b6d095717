"""A workspace's report texts: the list of sections, and one page per section to read,
preview and write it.

``/workspaces/{key}/texts`` lists every section the workspace can hold (written or not);
``/workspaces/{key}/texts/{section}`` shows one, with a form for those who may write it. The
form carries the version it was loaded at: a save on a stale version gets a 409 page with
the text typed kept in the form and the stored text beside it, and nothing is overwritten
unseen. Markdown is shown through :func:`impactkit.reports.markdown_html.markdown_html`,
which never lets raw HTML or a ``javascript:`` link through.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from impactkit.errors import ConflictError, UsageError, ValidationError
from impactkit.plain import plain
from impactkit.reports.markdown_html import markdown_html
from impactkit.services import editorial as service
from impactkit.services.editorial import SectionEntry
from impactkit.services.records import WorkspaceView
from impactkit.web.deps import database, principal, render
from impactkit.web.routes.records import require_role, workspace
from impactkit.web.urls import texts_url

router = APIRouter()


def entry_json(key: str, entry: SectionEntry) -> dict[str, Any]:
    """One section as the ``.json`` twins give it."""
    section = entry.section
    return {"key": entry.key, "heading": entry.heading, "written": section is not None,
            "known": entry.known, "version": entry.version, "body": entry.body,
            "updated_at": plain(section.updated_at) if section is not None else None,
            "url": texts_url(key, entry.key)}


def _base(view: WorkspaceView) -> dict[str, Any]:
    return {"workspace": view, "section": "texts", "can_edit": view.can(service.EDIT_ROLE)}


@router.get("/workspaces/{key}/texts.json", include_in_schema=False)
@router.get("/workspaces/{key}/texts", include_in_schema=False)
def texts(request: Request, key: str) -> Response:
    """Every section, with its heading, its first line (or "not written"), its version
    and its last change."""
    view = workspace(request, key)
    entries = service.section_entries(database(request), principal(request),
                                      workspace_key=key)
    context = {**_base(view), "entries": entries, "url_of": texts_url}
    return render(request, "texts/list.html", context, json_context=lambda: {
        "workspace": key, "sections": [entry_json(key, e) for e in entries]})


def _edit_context(request: Request, view: WorkspaceView, entry: SectionEntry, *,
                  body: str, version: int, error: ValidationError | None = None,
                  previewing: bool = False) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    for problem in error.problems if error else ():
        errors.setdefault(problem.field or "body", []).append(problem.message)
    return {**_base(view), "entry": entry, "body": body, "record_version": version,
            "preview": markdown_html(body), "previewing": previewing, "errors": errors,
            "summary": error.summary if error else "",
            "saved": request.query_params.get("saved") == "1",
            "cleared": request.query_params.get("cleared") == "1",
            "action": texts_url(view.key, entry.key), "list_url": texts_url(view.key)}


@router.get("/workspaces/{key}/texts/{section}", include_in_schema=False)
@router.get("/workspaces/{key}/texts/{section}.json", include_in_schema=False)  # matched first
def text(request: Request, key: str, section: str) -> Response:
    """One section: its text rendered, and the form to change it for those who may."""
    view = workspace(request, key)
    entry = service.section_entry(database(request), principal(request), workspace_key=key,
                                  key=section)
    context = _edit_context(request, view, entry, body=entry.body, version=entry.version)
    return render(request, "texts/edit.html", context, json_context=lambda: {
        "workspace": key, "section": entry_json(key, entry), "can_edit": context["can_edit"]})


def _version(form: FormData) -> int:
    raw = form.get("version")
    if not isinstance(raw, str) or not raw.strip().isdigit():
        raise UsageError("this form carries no version of the text: reload the page and "
                         "write again")
    return int(raw)


@router.post("/workspaces/{key}/texts/{section}", include_in_schema=False)
async def save(request: Request, key: str, section: str) -> Response:
    """Save (or, with ``action=preview``, only preview) the text typed. An empty text
    clears the section."""
    view = workspace(request, key)
    require_role(request, view, service.EDIT_ROLE, "write report texts")
    entry = service.section_entry(database(request), principal(request), workspace_key=key,
                                  key=section)
    form = await request.form()
    version = _version(form)
    raw = form.get("body")
    body = service.normalise(raw) if isinstance(raw, str) else ""
    if form.get("action") == "preview":
        context = _edit_context(request, view, entry, body=body, version=version,
                                previewing=True)
        return render(request, "texts/edit.html", context)
    try:
        saved = service.save_section(database(request), principal(request),
                                     workspace_key=key, key=section, body=body,
                                     expected_version=version)
    except ValidationError as error:
        context = _edit_context(request, view, entry, body=body, version=version,
                                error=error)
        return render(request, "texts/edit.html", context, status_code=422,
                      json_context=error.as_dict())
    except ConflictError as conflict:
        return _conflict(request, view, entry, body, conflict)
    done = "saved=1" if saved.version else "cleared=1"
    return RedirectResponse(f"{texts_url(key, section)}?{done}", status_code=303)


def _conflict(request: Request, view: WorkspaceView, entry: SectionEntry, mine: str,
              conflict: ConflictError) -> Response:
    """409: the text typed, kept in a form that saves against the stored version, and the
    stored text beside it."""
    stored = conflict.current
    theirs = getattr(stored, "body", "")
    version = conflict.current_version or 0
    context = {**_edit_context(request, view, entry, body=mine, version=version),
               "message": conflict.message, "theirs": theirs,
               "theirs_html": markdown_html(theirs),
               "stored_version": version, "stored_at": getattr(stored, "updated_at", None),
               "same": mine == theirs}
    return render(request, "texts/conflict.html", context, status_code=409,
                  json_context={**conflict.as_dict(), "mine": mine, "theirs": theirs})
