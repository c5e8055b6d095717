"""What every API route shares: who is asking (API token or session), the one error shape
for invalid requests, and the error responses the OpenAPI schema lists.

Authentication: ``Authorization: Bearer <token>`` (``impact user token NAME``) or the session
cookie of a logged-in browser (then unsafe methods need the ``X-CSRF-Token`` header: the
app-wide CSRF dependency enforces it). A token that is sent but not valid is refused with
401, never read as an anonymous visit.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel

from impactkit.errors import ConflictError
from impactkit.plain import plain
from impactkit.services.accounts import PermissionDenied, Principal
from impactkit.store.db import Database  # the type only: data access goes through services
from impactkit.web import deps
from impactkit.web.api.models import Error
from impactkit.web.errors import invalid_request
from impactkit.web.security import NOT_SIGNED_IN, CsrfRejected

BEARER = HTTPBearer(
    auto_error=False, scheme_name="bearerToken", bearerFormat="imp_...",
    description="An API token from `impact user token NAME` (sent as "
                "`Authorization: Bearer <token>`).")


Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)]


def api_principal(request: Request, credentials: Credentials) -> Principal:
    """The principal, refusing credentials that match no active user: an ``Authorization``
    header that does not authenticate (unknown token, empty, another scheme) is an error,
    never an anonymous visit. (``credentials`` is declared for the OpenAPI schema; the
    token itself is resolved by :func:`impactkit.web.deps.principal`.)"""
    who = deps.principal(request)
    sent = credentials is not None or "authorization" in request.headers
    if sent and not who.is_authenticated:
        raise PermissionDenied("this API token is not valid: it is unknown, revoked, or its "
                               "user is no longer active (create one with 'impact user token')")
    return who


def signed_in(who: Annotated[Principal, Depends(api_principal)]) -> Principal:
    """The principal of a request that changes something: never anonymous (public
    workspaces are read-only)."""
    if not who.is_authenticated:
        raise PermissionDenied(NOT_SIGNED_IN)
    return who


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is asking, and the database the services work on."""

    db: Database
    who: Principal


def reader(request: Request, who: Annotated[Principal, Depends(api_principal)]) -> Caller:
    return Caller(db=deps.database(request), who=who)


def writer(request: Request, who: Annotated[Principal, Depends(signed_in)]) -> Caller:
    return Caller(db=deps.database(request), who=who)


#: A route parameter: the caller of a read (anonymous allowed: public workspaces).
Reader = Annotated[Caller, Depends(reader)]
#: A route parameter: the caller of a change (never anonymous).
Writer = Annotated[Caller, Depends(writer)]


class ApiRoute(APIRoute):
    """An API route whose invalid requests come back in the API's one error shape (422,
    ``ValidationError`` with every problem located) instead of FastAPI's own, and whose
    stale saves (409) carry the record as stored now."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            try:
                return await handler(request)
            except CsrfRejected:
                if deps.principal(request).is_authenticated:
                    raise
                # nobody is logged in, so there is no session to forge: what is missing is
                # the credentials (a script that forgot its token must hear that)
                raise PermissionDenied(NOT_SIGNED_IN) from None
            except ConflictError as stale:
                return self.conflict(stale)
            except RequestValidationError as invalid:
                raise invalid_request(invalid) from None

        return handle

    def conflict(self, stale: ConflictError) -> JSONResponse:
        """The one error shape plus the record as stored now (``current``), so the caller
        can merge and retry without another request; written through the route's declared
        409 model, so it reads exactly like the record endpoints' own responses."""
        body: dict[str, Any] = {**stale.as_dict(), "current": plain(stale.current)}
        declared = self.responses.get(409, {}).get("model")
        if isinstance(declared, type) and issubclass(declared, BaseModel):
            body = declared.model_validate(body).model_dump(mode="json", exclude_unset=True)
        return JSONResponse(body, status_code=409)


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the error statuses an operation can answer with."""
    described = {
        401: "Not authenticated: no (valid) token and no session.",
        403: "Authenticated but not allowed (role too low, not a member), or a cookie "
             "request without its CSRF header.",
        404: "No such workspace or record.",
        409: "Based on a stale version: nothing was written; `current` is the record now.",
        400: "A request the operation cannot work with (unknown status filter...).",
        422: "Invalid request: every problem, with its location and field.",
    }
    return {code: {"model": Error, "description": described[code]} for code in codes}
