"""``impact serve``: the web app on the current database."""

from __future__ import annotations

from typing import Annotated

import typer
import uvicorn

from impactkit.cli.context import state
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
    workers: Annotated[int, typer.Option(help="Worker processes.", min=1)] = 1,
) -> None:
    """Start the web app (dashboards, editing, review) and the JSON API (/api/docs)."""
    cli = state(ctx)
    db = cli.database()
    db.require_current()
    if not accounts.has_users(db):
        cli.console.print("No account exists yet: create one with 'impact user create NAME "
                          "--admin' to log in.", highlight=False)
    settings = Settings()
    app = create_app(settings.model_copy(update={"database_url": db.url}), database=db)
    cli.console.print(f"IMPACT on http://{host}:{port}/ (database {db.safe_url()})",
                      highlight=False)
    uvicorn.run(app, host=host, port=port, workers=workers, log_level="warning")
