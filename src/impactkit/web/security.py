"""CSRF protection and security headers.

CSRF: every state-changing request authenticated by the session cookie must carry the
session's token, as the ``csrf_token`` form field (every form renders it) or the
``X-CSRF-Token`` header (htmx sends it from the page's meta tag). Requests authenticated by
an API token carry no cookie and need none. A missing or wrong token is a 403.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from impactkit.services.accounts import PermissionDenied

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
CSRF_SESSION_KEY = "csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


NOT_SIGNED_IN = ("send an API token (Authorization: Bearer ...) or log in: changes are never "
                 "anonymous")
CSRF_REFUSAL = ("this form has expired or did not come from IMPACT (missing or wrong CSRF "
                "token): reload the page and try again")


def same_token(expected: object, sent: object) -> bool:
    """Whether the token sent is the session's, in constant time (any text: a token that is
    not ASCII is simply wrong, never an error)."""
    if not isinstance(expected, str) or not isinstance(sent, str) or not expected or not sent:
        return False
    return hmac.compare_digest(expected.encode("utf-8", "replace"),
                               sent.encode("utf-8", "replace"))


class CsrfRejected(PermissionDenied):
    """A state-changing request without the session's CSRF token."""


def csrf_token(request: Request) -> str:
    """The session's CSRF token, created on first use."""
    token = request.session.get(CSRF_SESSION_KEY)
    if not token:
        token = secrets.token_urlsafe(32)
        request.session[CSRF_SESSION_KEY] = token
    return str(token)


def uses_bearer_token(request: Request) -> bool:
    return request.headers.get("authorization", "").lower().startswith("bearer ")


async def csrf_protect(request: Request) -> None:
    """An app-wide dependency: refuses unsafe requests without the right token."""
    if request.method in SAFE_METHODS or uses_bearer_token(request):
        return
    expected = request.session.get(CSRF_SESSION_KEY)
    sent = request.headers.get(CSRF_HEADER)
    form = None
    if sent is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not same_token(expected, sent):
        if form is not None:
            await form.close()  # an uploaded file no route will read is closed here
        raise CsrfRejected(CSRF_REFUSAL)


CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)


PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), "
    "magnetometer=(), gyroscope=(), accelerometer=(), display-capture=()"
)
"""IMPACT uses no device or sensor: every one is turned off, for this page and any frame."""

STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"
"""Production only (HTTPS there): browsers then refuse plain HTTP to this host for a year."""


class SecurityHeaders:
    """Headers every response carries: no framing, no sniffing, a strict content policy
    (scripts only from this server: the app works offline and nothing loads from a CDN), no
    devices or sensors; in production, HTTPS only (Strict-Transport-Security)."""

    def __init__(self, app: ASGIApp, *, production: bool = False) -> None:
        self.app = app
        self.production = production

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("Referrer-Policy", "same-origin")
                headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
                if self.production:
                    headers.setdefault("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY)
                static = scope.get("path", "").startswith("/static/")
                headers.setdefault("Cache-Control",
                                   "public, max-age=86400" if static else "no-store")
            await send(message)

        await self.app(scope, receive, send_with_headers)
