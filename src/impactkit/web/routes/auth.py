"""Logging in and out. The only page that is public everywhere is the login page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from impactkit.services.accounts import authenticate
from impactkit.web.deps import SESSION_USER_KEY, database, render
from impactkit.web.security import CSRF_SESSION_KEY

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
    user = authenticate(database(request), username=username, password=password)
    if user is None:
        return render(request, "login.html", {"next": safe_next(next), "failed": True,
                                              "username": username}, status_code=401)
    request.session.clear()  # a fresh session (and CSRF token) for the logged-in user
    request.session[SESSION_USER_KEY] = user.id
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout", include_in_schema=False)
def logout(request: Request) -> Response:
    request.session.pop(SESSION_USER_KEY, None)
    request.session.pop(CSRF_SESSION_KEY, None)
    return RedirectResponse("/login", status_code=303)
