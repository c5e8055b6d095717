"""The review workflow on a finding's page: review, validate, send back, reopen, comment.
(The workspace's four-eyes rule is a setting: see :mod:`impactkit.web.routes.admin`.)

Each step posts the version the page showed; a refused step (no evidence yet, no comment
on a send-back, a finding changed meanwhile) shows the finding again with the reason.
Comments post inline with htmx (the review trail is swapped in place) and work without it.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from impactkit.errors import ConflictError, UsageError, ValidationError
from impactkit.services import review as service
from impactkit.services.accounts import Role
from impactkit.web.deps import database, principal, render
from impactkit.web.routes.findings import finding_page
from impactkit.web.routes.records import base_context, require_role, workspace
from impactkit.web.urls import record_url

router = APIRouter()


def _form_text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _step_handler(action: str) -> Any:
    async def handler(request: Request, key: str, fkey: str) -> Response:
        require_role(request, workspace(request, key), Role.REVIEWER, f"{action} findings")
        form = await request.form()
        version = _form_text(form.get("version")).strip()
        if not version.isdigit():
            raise UsageError("this form carries no finding version: reload the page")
        try:
            service.transition(database(request), principal(request), workspace_key=key,
                               finding_key=fkey, action=action, expected_version=int(version),
                               comment=_form_text(form.get("comment")))
        except ValidationError as error:
            return finding_page(request, key, fkey, status_code=422, action_error=error)
        except ConflictError as error:
            return finding_page(request, key, fkey, status_code=409, action_error=error)
        except service.OwnWorkRefused as error:
            return finding_page(request, key, fkey, status_code=403, action_error=error)
        return RedirectResponse(f"{record_url(key, 'findings', fkey)}?done={action}",
                                status_code=303)
    return handler


for _action in service.ACTIONS:
    router.add_api_route(f"/workspaces/{{key}}/findings/{{fkey}}/{_action}",
                         _step_handler(_action), methods=["POST"], include_in_schema=False,
                         name=f"finding-{_action}")


@router.post("/workspaces/{key}/findings/{fkey}/comments", include_in_schema=False)
async def comment(request: Request, key: str, fkey: str) -> Response:
    """htmx gets the review trail back (with the error beside the box if the comment was
    refused); a plain browser is sent back to the finding."""
    require_role(request, workspace(request, key), Role.REVIEWER, "comment on findings")
    text = _form_text((await request.form()).get("text"))
    inline = request.headers.get("hx-request") == "true"
    error = None
    try:
        service.add_comment(database(request), principal(request), workspace_key=key,
                            finding_key=fkey, text=text)
    except ValidationError as refused:
        if not inline:
            return finding_page(request, key, fkey, status_code=422, action_error=refused)
        error = refused
    if not inline:
        return RedirectResponse(f"{record_url(key, 'findings', fkey)}#review-trail",
                                status_code=303)
    view = workspace(request, key)
    detail = service.finding_detail(database(request), principal(request),
                                    workspace_key=key, finding_key=fkey)
    context = {**base_context(view, "findings"), "detail": detail, "record": detail.finding,
               "comment_error": error, "comment_text": text if error else ""}
    return render(request, "findings/_events.html", context)
