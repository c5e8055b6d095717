"""Accounts, for site administrators: deactivate and reactivate, set a password, revoke
API tokens. The services check who may (site administrators only) and audit every change."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from impactkit.errors import UsageError
from impactkit.flags import FlagError, parse_flag
from impactkit.services import user_admin
from impactkit.web.deps import database, principal, render

router = APIRouter()

SAVED = {"password": "The password was changed and every session of the account ended.",
         "deactivated": "The account was deactivated: its sessions ended and its API tokens "
                        "were revoked.",
         "reactivated": "The account was reactivated: it can log in again.",
         "revoked": "The API token was revoked."}


@router.get("/admin/users.json", include_in_schema=False)
@router.get("/admin/users", include_in_schema=False)
def users_page(request: Request) -> Response:
    found = user_admin.accounts(database(request), principal(request))
    return render(request, "admin/users.html", {"accounts": found},
                  json_context=lambda: {"users": [a.as_dict() for a in found]})


@router.get("/admin/users/{username}", include_in_schema=False)
@router.get("/admin/users/{username}.json", include_in_schema=False)  # registered first
def user_page(request: Request, username: str, saved: str | None = None) -> Response:
    return _page(request, username, saved=saved)


@router.post("/admin/users/{username}/password", include_in_schema=False)
def set_password(request: Request, username: str, password: Annotated[str, Form()] = "",
                 confirm: Annotated[str, Form()] = "") -> Response:
    try:
        user_admin.set_password(database(request), principal(request), username=username,
                                password=password, confirm=confirm)
    except UsageError as error:
        return _page(request, username, error=error.message, status_code=400)
    return _saved(username, "password")


@router.post("/admin/users/{username}/active", include_in_schema=False)
def set_active(request: Request, username: str,
               active: Annotated[str, Form()] = "") -> Response:
    try:
        on = parse_flag(active, blank=False)  # the form's checkbox, unticked: nothing
        user_admin.set_active(database(request), principal(request), username=username,
                              active=on)
    except FlagError as error:
        return _page(request, username, error=f"active: {error}", status_code=400)
    except UsageError as error:
        return _page(request, username, error=error.message, status_code=400)
    return _saved(username, "reactivated" if on else "deactivated")


@router.post("/admin/users/{username}/tokens/revoke", include_in_schema=False)
def revoke_token(request: Request, username: str,
                 name: Annotated[str, Form()] = "") -> Response:
    user_admin.revoke_token(database(request), principal(request), username=username,
                            name=name)
    return _saved(username, "revoked")


def _saved(username: str, what: str) -> Response:
    return RedirectResponse(f"/admin/users/{username}?saved={what}", status_code=303)


def _page(request: Request, username: str, *, saved: str | None = None,
          error: str | None = None, status_code: int = 200) -> Response:
    found = user_admin.account(database(request), principal(request), username=username)
    return render(request, "admin/user.html",
                  {"account": found, "saved": SAVED.get(saved or ""), "error": error},
                  status_code=status_code,
                  json_context=lambda: {**found.as_dict(), "error": error})
