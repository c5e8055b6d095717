"""``create_app(settings)``: the FastAPI application.

Safe defaults: sessions in signed cookies (HttpOnly, SameSite=Lax, Secure in production),
CSRF tokens on every state-changing request, request bodies bounded while they stream and
refused unread when they cannot succeed (web.guard), a strict Content-Security-Policy (and
HSTS in production), errors in one shape (web.errors), and every
asset served from this server so the app works offline: htmx and Swagger UI are vendored
under static/vendor with their licences; Plotly's bundle comes from its Python package.
"""

from __future__ import annotations

import secrets
import warnings
from importlib import resources
from pathlib import Path

import plotly
from fastapi import Depends, FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.middleware.sessions import SessionMiddleware

from impactkit import __version__
from impactkit.errors import ImpactError
from impactkit.services.dashboard import keep_analyses
from impactkit.settings import Settings
from impactkit.store.db import Database
from impactkit.web import errors
from impactkit.web.deps import utc_now
from impactkit.web.guard import RequestGuard
from impactkit.web.routes import ROUTERS, indicator_import, recommendation_import
from impactkit.web.security import SecurityHeaders, csrf_protect, csrf_token
from impactkit.web.urls import entry_links

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def create_app(settings: Settings | None = None, *, database: Database | None = None
               ) -> FastAPI:
    settings = settings or Settings()
    secret = settings.secret_key
    if not secret:
        if settings.environment == "production":
            raise ImpactError("IMPACT_SECRET_KEY must be set in production: it signs the "
                              "session cookies (e.g. python -c 'import secrets; "
                              "print(secrets.token_urlsafe(48))')")
        secret = secrets.token_urlsafe(48)  # sessions end when this process does
    app = FastAPI(
        title="IMPACT", version=__version__,
        summary="Assess how a State implements the CRC in practice.",
        docs_url=None, redoc_url=None, openapi_url="/api/openapi.json",
        dependencies=[Depends(csrf_protect)],
    )
    app.state.settings = settings
    app.state.db = database or Database(settings.resolve_database_url())
    keep_analyses(app.state.db, refresh_seconds=settings.analysis_refresh_seconds)
    app.state.templates = _templates()
    app.state.clock = utc_now  # tests put a clock of their own here

    for router in ROUTERS:
        app.include_router(router)

    app.add_api_route("/static/vendor/plotly.min.js", _plotly, include_in_schema=False)
    app.mount("/static", StaticFiles(packages=[("impactkit.web", "static")]), name="static")

    errors.install(app)
    app.add_middleware(RequestGuard,  # inside the session: it reads it
                       uploads=(*recommendation_import.UPLOADS, *indicator_import.UPLOADS))
    app.add_middleware(SessionMiddleware, secret_key=secret, session_cookie="impact_session",
                       max_age=settings.session_hours * 3600, same_site="lax",
                       https_only=settings.environment == "production")
    app.add_middleware(errors.UnexpectedErrors)  # inside the headers: a 500 carries them too
    app.add_middleware(SecurityHeaders, production=settings.environment == "production")
    return app


def _plotly() -> FileResponse:
    return FileResponse(PLOTLY_JS, media_type="text/javascript")


def _templates() -> Jinja2Templates:
    folder = resources.files("impactkit.web") / "templates"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        engine = Jinja2Templates(directory=str(folder))
    # The templates ship with the package and do not change while it runs: no check of
    # their files' times on every render.
    engine.env.auto_reload = False
    engine.env.globals["csrf_token"] = csrf_token
    engine.env.globals["version"] = __version__
    engine.env.globals["entry_links"] = entry_links
    return engine
