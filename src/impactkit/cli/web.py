"""``impact serve``: the web app on the current database."""

from __future__ import annotations

import os
from typing import Annotated

import typer
import uvicorn

from impactkit.cli.context import state
from impactkit.errors import UsageError
from impactkit.services import accounts
from impactkit.settings import Settings
from impactkit.web.app import create_app


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on (127.0.0.1: this machine "
                                      "only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    workers: Annotated[int, typer.Option(
        help="Worker processes (more than one needs IMPACT_SECRET_KEY, so that every worker "
        "accepts the same session cookies).", min=1)] = 1,
) -> None:
    """Start the web app (dashboards, editing, review) and the JSON API (/api/docs).

    \b
    Example:
      impact --db demo.db serve --host 127.0.0.1 --port 8000
    """
    cli = state(ctx)
    db = cli.database()
    db.require_current()
    if not accounts.has_users(db):
        cli.console.print("No account exists yet: create one with 'impact user create NAME "
                          "--admin' to log in.", highlight=False)
    settings = Settings()
    if workers > 1 and not settings.secret_key:
        raise UsageError("--workers above 1 needs IMPACT_SECRET_KEY: each worker would "
                         "otherwise sign sessions with its own random key")
    cli.console.print(f"IMPACT on http://{host}:{port}/ (database {db.safe_url()})",
                      highlight=False)
    if workers == 1:
        app = create_app(settings.model_copy(update={"database_url": db.url}), database=db)
        uvicorn.run(app, host=host, port=port, log_level="warning")
        return
    os.environ["IMPACT_DATABASE_URL"] = db.url  # the workers build their app from settings
    uvicorn.run("impactkit.web.app:create_app", factory=True, host=host, port=port,
                workers=workers, log_level="warning")
