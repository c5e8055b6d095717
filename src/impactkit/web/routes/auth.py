"""Logging in and out, and changing one's own password. The only page that is public
everywhere is the login page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from impactkit.errors import TooManyAttempts, UsageError
from impactkit.services.accounts import PermissionDenied
from impactkit.services.logins import log_in, log_out
from impactkit.services.user_admin import change_own_password
from impactkit.web.deps import (
    SESSION_KEY,
    client_address,
    clock,
    database,
    principal,
    render,
    settings,
)

router = APIRouter()


def safe_next(target: str | None) -> str:
    """Only local paths: never redirect a user to another site after login."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/login", include_in_schema=False)
def login_page(request: Request, next: str | None = None) -> Response:
    return render(request, "login.html", {"next": safe_next(next), "failed": False})


@router.post("/login", include_in_schema=False)
def login(request: Request, username: Annotated[str, Form()],
          password: Annotated[str, Form()], next: Annotated[str, Form()] = "/") -> Response:
    context = {"next": safe_next(next), "failed": True, "username": username}
    try:
        found = log_in(database(request), username=username, password=password,
                       address=client_address(request), now=clock(request),
                       session_hours=settings(request).session_hours)
    except TooManyAttempts as refused:
        return _too_many(request, "login.html", {**context, "locked": refused.message},
                         refused)
    if found is None:
        return render(request, "login.html", context, status_code=401)
    _open_session(request, found.session)
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout", include_in_schema=False)
def logout(request: Request) -> Response:
    secret = request.session.get(SESSION_KEY)
    if isinstance(secret, str):
        log_out(database(request), secret)
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.get("/account/password", include_in_schema=False)
def password_page(request: Request, saved: str | None = None) -> Response:
    if not principal(request).is_authenticated:
        raise PermissionDenied("Log in to change your password.")
    return render(request, "account/password.html", {"saved": saved is not None,
                                                      "error": None})


@router.post("/account/password", include_in_schema=False)
def change_password(request: Request, current: Annotated[str, Form()] = "",
                    new: Annotated[str, Form()] = "",
                    confirm: Annotated[str, Form()] = "") -> Response:
    try:
        secret = change_own_password(
            database(request), principal(request), current=current, new=new,
            confirm=confirm, address=client_address(request), now=clock(request),
            session_hours=settings(request).session_hours)
    except TooManyAttempts as refused:
        return _too_many(request, "account/password.html",
                         {"saved": False, "error": refused.message}, refused)
    except UsageError as error:
        return render(request, "account/password.html",
                      {"saved": False, "error": error.message}, status_code=400)
    _open_session(request, secret)
    return RedirectResponse("/account/password?saved=1", status_code=303)


def _open_session(request: Request, secret: str) -> None:
    request.session.clear()  # a fresh session (and CSRF token) for the logged-in user
    request.session[SESSION_KEY] = secret


def _too_many(request: Request, template: str, context: dict[str, object],
              refused: TooManyAttempts) -> Response:
    response = render(request, template, context, status_code=429)
    response.headers["Retry-After"] = str(refused.retry_after_seconds)
    return response
