"""What every route needs: the database, who is asking, and rendering a page or its JSON twin.

A page's context is built once; ``render`` turns it into HTML (Jinja2, autoescaped) or, for
the ``.json`` twin of the same URL, into JSON, so the two can never disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates

from impactkit.services.accounts import ANONYMOUS, Principal, user_for_token
from impactkit.services.logins import user_for_session
from impactkit.settings import Settings
from impactkit.store.db import Database

SESSION_KEY = "session"
"""The session cookie's entry holding the secret of a server-side session record."""


def utc_now() -> datetime:
    return datetime.now(UTC)


def database(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def settings(request: Request) -> Settings:
    value: Settings = request.app.state.settings
    return value


def templates(request: Request) -> Jinja2Templates:
    value: Jinja2Templates = request.app.state.templates
    return value


def clock(request: Request) -> datetime:
    """Now, from ``app.state.clock``: the real UTC time (:func:`utc_now`, set by
    ``create_app``), or a clock a test moves instead of sleeping through a login lock."""
    now: Callable[[], datetime] = request.app.state.clock
    return now()


def client_address(request: Request) -> str | None:
    """The client's address, as the server saw it (behind a reverse proxy, uvicorn takes it
    from X-Forwarded-For when the proxy is trusted: --forwarded-allow-ips)."""
    return request.client.host if request.client else None


def principal(request: Request) -> Principal:
    """Who is asking: an API token (``Authorization: Bearer ...``) wins over the session
    cookie, so scripts never depend on cookies. Anonymous when neither is valid: the
    cookie names a session recorded on the server, which logout, a password change or a
    deactivation deletes, so a copy of the cookie is worth nothing afterwards."""
    cached = getattr(request.state, "principal", None)
    if isinstance(cached, Principal):
        return cached
    found = ANONYMOUS
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        user = user_for_token(database(request), header[7:].strip(), now=clock(request))
        found = Principal(user=user) if user else ANONYMOUS
    else:
        secret = request.session.get(SESSION_KEY)
        if isinstance(secret, str):
            user = user_for_session(database(request), secret, now=clock(request))
            found = Principal(user=user) if user else ANONYMOUS
    request.state.principal = found
    return found


def wants_json(request: Request) -> bool:
    return request.url.path.endswith(".json")


def render(request: Request, template: str, context: dict[str, Any], *,
           status_code: int = 200, json_context: Any = None) -> Response:
    """The page, or its JSON twin when the URL ends in ``.json``. ``json_context`` is what
    the twin shows when the template context holds objects that are not JSON (defaults to
    ``context`` itself). It may be a function of no arguments, called only for the twin:
    turning a page of records into JSON costs as much as drawing them, so HTML views should
    not pay for it."""
    if wants_json(request):
        payload = context if json_context is None else json_context
        if callable(payload):
            payload = payload()
        return JSONResponse(payload, status_code=status_code)
    page: HTMLResponse = templates(request).TemplateResponse(
        request, template, {"principal": principal(request), **context},
        status_code=status_code)
    return page
