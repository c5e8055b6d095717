"""Our exceptions as HTTP responses: one JSON shape for the API and ``.json`` twins, a page
for browsers. Anonymous browsers asked to log in are sent to the login page."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from impactkit.errors import (
    ConflictError,
    ImpactError,
    NotFoundError,
    UsageError,
    ValidationError,
)
from impactkit.services.accounts import PermissionDenied
from impactkit.web.deps import principal, templates
from impactkit.web.security import CsrfRejected


def is_api(request: Request) -> bool:
    path = request.url.path
    return (path.startswith("/api/") or path.endswith(".json")
            or request.headers.get("accept", "").startswith("application/json"))


def status_for(error: ImpactError, request: Request) -> int:
    if isinstance(error, CsrfRejected):
        return 403
    if isinstance(error, PermissionDenied):
        return 401 if not principal(request).is_authenticated else 403
    if isinstance(error, NotFoundError):
        return 404
    if isinstance(error, ConflictError):
        return 409
    if isinstance(error, ValidationError):
        return 422
    if isinstance(error, UsageError):
        return 400
    return 400


async def impact_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, ImpactError)
    status = status_for(error, request)
    if is_api(request):
        return JSONResponse(error.as_dict(), status_code=status,
                            headers={"WWW-Authenticate": "Bearer"} if status == 401 else None)
    if status == 401:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
    return templates(request).TemplateResponse(
        request, "error.html",
        {"principal": principal(request), "status": status, "error": error},
        status_code=status)


def install(app: FastAPI) -> None:
    app.add_exception_handler(ImpactError, impact_error)
