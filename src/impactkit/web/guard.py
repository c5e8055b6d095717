"""Refuse what can be refused before a request's body is read.

An ASGI middleware, inside the session middleware (it reads the session) and outside
everything that parses bodies:

- the size of every body is bounded *while it streams*: a declared ``Content-Length`` over
  the limit is refused before a byte is read, and a body sent without one (chunked) is
  counted chunk by chunk and cut off at the limit. The limit is ``limits.MAX_BODY_BYTES``
  for ordinary forms and JSON, ``limits.MAX_UPLOAD_BYTES`` on the upload routes only;
- a state-changing request authenticated by the session cookie is refused before its body
  is read when it cannot succeed: nobody is logged in (only logging in itself is open to
  anonymous visitors), the session holds no CSRF token, or the ``X-CSRF-Token`` header it
  sends is not the session's. (A token sent as a form field is checked once the form is
  read, by :func:`impactkit.web.security.csrf_protect`, within the size limit.)

- an address whose path or query holds a control character (a NUL, say: no link has one,
  and PostgreSQL cannot compare a key or a search term holding it) is refused with 422
  before any route sees it, by the rule every stored text follows
  (:func:`impactkit.input_rules.text_problem`).

Refusals come out as every other error does (:mod:`impactkit.web.errors`): 413, 401 or 403
in the one JSON shape for the API, the error page or the login page for browsers.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import parse_qsl

from fastapi import Request
from starlette.exceptions import HTTPException
from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from impactkit.errors import ImpactError, Problem, TooLarge, UsageError, ValidationError
from impactkit.input_rules import text_problem
from impactkit.limits import MAX_BODY_BYTES, MAX_UPLOAD_BYTES
from impactkit.services.accounts import PermissionDenied
from impactkit.web import errors
from impactkit.web.deps import SESSION_KEY
from impactkit.web.security import (
    CSRF_HEADER,
    CSRF_REFUSAL,
    CSRF_SESSION_KEY,
    NOT_SIGNED_IN,
    SAFE_METHODS,
    CsrfRejected,
    same_token,
)

ANONYMOUS_WRITES = frozenset({"/login"})
"""The only paths an anonymous visitor may send a state-changing request to."""


def too_large(limit: int, *, upload: bool) -> str:
    """The message of a body over its limit (whole sentences, naming the limit)."""
    if upload:
        return (f"the upload is larger than {limit >> 20} MB, the limit for a file sent from "
                "the web page: import bigger files with the command line ('impact recs import' "
                "or 'impact indicators import')")
    return (f"the request body is larger than {limit >> 20} MB, the limit for a form or a "
            "JSON body")


class RequestGuard:
    """Body limits and early refusals (see the module's documentation). ``uploads`` are the
    path templates (``/workspaces/{key}/recommendations/import``) of the upload routes."""

    def __init__(self, app: ASGIApp, *, uploads: Iterable[str] = ()) -> None:
        self.app = app
        self.uploads = tuple(compile_path(path)[0] for path in uploads)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        upload = any(pattern.match(scope["path"]) for pattern in self.uploads)
        limit = MAX_UPLOAD_BYTES if upload else MAX_BODY_BYTES
        refusal = self.refusal(scope, limit, upload=upload)
        if refusal is not None:
            request = Request(scope, receive)
            response = errors.respond(request, refusal)
            await response(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise HTTPException(413, detail=too_large(limit, upload=upload))
            return message

        await self.app(scope, counted, send)

    def refusal(self, scope: Scope, limit: int, *, upload: bool) -> ImpactError | None:
        unreadable = address_problems(scope)
        if unreadable:
            return ValidationError(unreadable, summary="the address of this request holds "
                                   "characters no IMPACT address has")
        headers = {name.decode("latin-1"): value.decode("latin-1")
                   for name, value in scope.get("headers", [])}
        declared = headers.get("content-length")
        if declared is not None:
            if not (declared.strip().isascii() and declared.strip().isdigit()):
                return UsageError(f"the Content-Length header {declared!r} is not a number "
                                  "of bytes")
            if int(declared) > limit:
                return TooLarge(too_large(limit, upload=upload))
        if scope["method"] in SAFE_METHODS or "authorization" in headers:
            return None  # API tokens need no CSRF token; the app checks the token itself
        session = scope.get("session") or {}
        if scope["path"] not in ANONYMOUS_WRITES and not isinstance(
                session.get(SESSION_KEY), str):
            return PermissionDenied(NOT_SIGNED_IN)
        expected = session.get(CSRF_SESSION_KEY)
        sent = headers.get(CSRF_HEADER)
        if not expected or (sent is not None and not same_token(expected, sent)):
            return CsrfRejected(CSRF_REFUSAL)
        return None


def address_problems(scope: Scope) -> list[Problem]:
    """What makes the request's path or query parameters unusable as texts (decoded as the
    routes will see them)."""
    problems: list[Problem] = []
    path_problem = text_problem(scope.get("path", ""), field="the path")
    if path_problem is not None:
        problems.append(Problem(path_problem, location="path"))
    query = scope.get("query_string", b"").decode("latin-1")
    for name, value in parse_qsl(query, keep_blank_values=True):
        for text, field in ((name, "a query parameter's name"), (value, name)):
            problem = text_problem(text, field=field)
            if problem is not None:
                problems.append(Problem(problem, location="query", field=name))
    return problems
