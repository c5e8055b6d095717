"""Every error as an HTTP response: one JSON shape for the API and ``.json`` twins, a page
for browsers. Anonymous browsers asked to log in are sent to the login page.

Not only our own exceptions: FastAPI's request validation errors, Starlette's HTTP errors
(an unknown address, a method the address does not take, a body too large or unreadable)
and unexpected failures (500) come out in the same shape, so that a client never has to
read two kinds of error (docs/api.md, "Errors").
"""

from __future__ import annotations

import logging
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from impactkit.errors import (
    ConflictError,
    DatabaseBusy,
    ImpactError,
    InternalError,
    MethodNotAllowed,
    NotFoundError,
    Problem,
    TooLarge,
    TooManyAttempts,
    UsageError,
    ValidationError,
)
from impactkit.services.accounts import PermissionDenied
from impactkit.web.deps import principal, templates
from impactkit.web.security import CsrfRejected

LOG = logging.getLogger("impactkit.web")

INTERNAL = ("IMPACT failed while answering this request, and the failure was logged; nothing "
            "was saved by it: try again, and tell your administrator if it happens again")


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
    if isinstance(error, MethodNotAllowed):
        return 405
    if isinstance(error, TooLarge):
        return 413
    if isinstance(error, TooManyAttempts):
        return 429
    if isinstance(error, DatabaseBusy):
        return 503
    if isinstance(error, InternalError):
        return 500
    return 400


async def impact_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, ImpactError)
    return respond(request, error)


def respond(request: Request, error: ImpactError, *,
            headers: dict[str, str] | None = None) -> Response:
    """The response to ``error``: JSON in the one shape for API and JSON requests, the
    login page for anonymous browsers that must log in, the error page otherwise."""
    status = status_for(error, request)
    headers = dict(headers or {})
    retry_after = getattr(error, "retry_after_seconds", None)
    if isinstance(retry_after, int):
        headers.setdefault("Retry-After", str(retry_after))
    if is_api(request):
        if status == 401:
            headers["WWW-Authenticate"] = "Bearer"
        return JSONResponse(error.as_dict(), status_code=status, headers=headers or None)
    if status == 401:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
    return templates(request).TemplateResponse(
        request, "error.html",
        {"principal": principal(request), "status": status, "error": error},
        status_code=status, headers=headers or None)


def problem_from(error: dict[str, object]) -> Problem:
    """A pydantic/FastAPI error as a Problem: ``location`` body, query, path or header and
    ``field`` the path inside it (``provisions[2]``)."""
    loc = list(error.get("loc", ()))  # type: ignore[call-overload]
    where = str(loc[0]) if loc else None
    field = ""
    for part in loc[1:]:
        field += f"[{part}]" if isinstance(part, int) else (f".{part}" if field else str(part))
    return Problem(message=str(error.get("msg", "invalid")), location=where,
                   field=field or None)


def invalid_request(invalid: RequestValidationError) -> ValidationError:
    """FastAPI's validation error as ours: every problem, located."""
    problems = [problem_from(e) for e in invalid.errors()]
    count = len(problems)
    return ValidationError(problems, summary=f"the request has {count} "
                                             f"problem{'s' if count != 1 else ''}")


async def request_validation_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    return respond(request, invalid_request(error))


def http_error_as_ours(request: Request, error: HTTPException) -> ImpactError:
    """Starlette's HTTP errors as ours, each with a message that says what to do."""
    method, path = request.method, request.url.path
    status = error.status_code
    if status == 404:
        return NotFoundError(f"there is no page or API operation at {path}")
    if status == 405:
        allowed = (error.headers or {}).get("Allow", "")
        return MethodNotAllowed(f"{path} does not accept {method} requests"
                                + (f"; it accepts {allowed}" if allowed else ""))
    if status == 413:
        return TooLarge(str(error.detail))
    if status == 401:
        return PermissionDenied(str(error.detail))
    if status == 403:
        return CsrfRejected(str(error.detail))
    if status == 400 and "parsing the body" in str(error.detail):
        return UsageError("the request body could not be read: send JSON encoded as UTF-8, "
                          "or a form")
    if status >= 500:
        return InternalError(INTERNAL)
    return UsageError(f"the request to {path} was refused ({status})")


async def http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    ours = http_error_as_ours(request, error)
    headers = {k: v for k, v in (error.headers or {}).items() if k.lower() == "allow"}
    return respond(request, ours, headers=headers)


async def internal_error(request: Request, error: Exception) -> Response:
    """An unexpected failure: logged with its traceback, answered in the one shape (the
    details stay in the log: they may hold data the visitor may not see)."""
    LOG.error("unexpected error on %s %s", request.method, request.url.path, exc_info=error)
    try:
        return respond(request, InternalError(INTERNAL))
    except Exception:  # the error page itself failed (the database is down...)
        return JSONResponse(InternalError(INTERNAL).as_dict(), status_code=500)


class UnexpectedErrors:
    """Answers an unexpected failure from inside the security headers' middleware.

    Starlette answers a 500 from its outermost layer, outside every middleware the app adds,
    so that answer would carry none of the security headers; this middleware, added just
    inside :class:`impactkit.web.security.SecurityHeaders`, answers it first with
    :func:`internal_error`. A failure after the response has started cannot be answered any
    more and goes on to the server."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception as failure:
            if started:
                raise
            response = await internal_error(Request(scope, receive), failure)
            await response(scope, receive, send)


def install(app: FastAPI) -> None:
    app.add_exception_handler(ImpactError, impact_error)
    app.add_exception_handler(RequestValidationError, request_validation_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(Exception, internal_error)
