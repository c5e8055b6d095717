"""Workspace settings: public read-only mode, the four-eyes rule of review and members.
Admins only (the services check it: a workspace admin or a site administrator); every change
is audited."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from impactkit.errors import UsageError
from impactkit.services.members import (
    set_four_eyes_mode,
    set_member_role,
    set_public_mode,
    workspace_settings,
)
from impactkit.web.deps import database, principal, render

router = APIRouter()


@router.get("/workspaces/{key}/settings.json", include_in_schema=False)
@router.get("/workspaces/{key}/settings", include_in_schema=False)
def settings_page(request: Request, key: str, saved: str | None = None) -> Response:
    return _page(request, key, saved=saved)


@router.post("/workspaces/{key}/settings/public", include_in_schema=False)
def public_mode(request: Request, key: str, public: Annotated[str, Form()] = "") -> Response:
    try:
        set_public_mode(database(request), principal(request), workspace_key=key,
                        public=public)
    except UsageError as error:
        return _page(request, key, error=error.message, status_code=400)
    return RedirectResponse(f"/workspaces/{quote(key, safe='')}/settings?saved=public",
                            status_code=303)


@router.post("/workspaces/{key}/settings/four-eyes", include_in_schema=False)
def four_eyes(request: Request, key: str, four_eyes: Annotated[str, Form()] = "") -> Response:
    """Switch the four-eyes rule of review (the service checks that the user is an admin)."""
    try:
        set_four_eyes_mode(database(request), principal(request), workspace_key=key,
                           four_eyes=four_eyes)
    except UsageError as error:
        return _page(request, key, error=error.message, status_code=400)
    return RedirectResponse(f"/workspaces/{quote(key, safe='')}/settings?saved=four-eyes",
                            status_code=303)


@router.post("/workspaces/{key}/settings/members", include_in_schema=False)
def members(request: Request, key: str, username: Annotated[str, Form()] = "",
            role: Annotated[str, Form()] = "") -> Response:
    try:
        set_member_role(database(request), principal(request), workspace_key=key,
                        username=username, role=role)
    except UsageError as error:
        return _page(request, key, error=error.message, status_code=400)
    return RedirectResponse(f"/workspaces/{quote(key, safe='')}/settings?saved=members",
                            status_code=303)


def _page(request: Request, key: str, *, saved: str | None = None, error: str | None = None,
          status_code: int = 200) -> Response:
    found = workspace_settings(database(request), principal(request), workspace_key=key)
    context = {"settings": found, "saved": saved, "error": error, "section": "settings",
               "workspace": {"key": key, "title": found.workspace_title},
               "settings_url": f"/workspaces/{quote(key, safe='')}/settings"}
    return render(request, "admin/settings.html", context, status_code=status_code,
                  json_context={**found.as_dict(), "error": error})
