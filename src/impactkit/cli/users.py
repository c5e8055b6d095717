"""``impact user create|list|grant|token``: accounts for the web app and the API."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from impactkit.cli.context import state
from impactkit.errors import UsageError
from impactkit.services import accounts

app = typer.Typer(help="Accounts for the web app and the API: create users, give them roles "
                  "per workspace, issue API tokens.", no_args_is_help=True)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="user")


@app.command("create")
def create(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="Login name.")],
    admin: Annotated[bool, typer.Option("--admin", help="Site administrator: admin of "
                                        "every workspace.")] = False,
    name: Annotated[str, typer.Option(help="Display name.")] = "",
    password_stdin: Annotated[bool, typer.Option(
        "--password-stdin", help="Read the password from standard input (for scripts).")
    ] = False,
) -> None:
    """Create a user. The password is asked for (never given on the command line, where
    it would stay in the shell history); there is no default password."""
    cli = state(ctx)
    if password_stdin:
        password = typer.get_text_stream("stdin").readline().rstrip("\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    user = accounts.create_user(cli.database(), username=username, password=password,
                                display_name=name, is_admin=admin, by=cli.who())
    kind = "site administrator" if user.is_admin else "user"
    cli.console.print(f"Created {kind} {user.username}", highlight=False)


@app.command("list")
def list_(ctx: typer.Context) -> None:
    """List users and their roles."""
    cli = state(ctx)
    table = Table("user", "name", "admin", "roles")
    for user, roles in accounts.users_with_roles(cli.database()):
        table.add_row(user.username, user.display_name, "yes" if user.is_admin else "",
                      ", ".join(f"{ws}: {role}" for ws, role in sorted(roles.items())))
    cli.console.print(table)


@app.command("grant")
def grant(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument()],
    workspace: Annotated[str, typer.Argument(help="Workspace key.")],
    role: Annotated[str, typer.Argument(help="viewer, contributor, reviewer, admin or none.")],
) -> None:
    """Give a user a role in a workspace (``none`` removes them)."""
    cli = state(ctx)
    parsed = None if role.lower() == "none" else accounts.Role.parse(role)
    accounts.grant(cli.database(), username=username, workspace_key=workspace, role=parsed,
                   by=cli.who())
    cli.console.print(f"{username} in {workspace}: {parsed.label if parsed else 'removed'}",
                      highlight=False)


@app.command("token")
def token(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument()],
    name: Annotated[str, typer.Option(help="What the token is for.")] = "script",
) -> None:
    """Issue an API token (shown once: store it safely). Scripts send it as
    ``Authorization: Bearer TOKEN``."""
    cli = state(ctx)
    if not name.strip():
        raise UsageError("a token needs a name saying what it is for")
    value = accounts.create_token(cli.database(), username=username, name=name, by=cli.who())
    cli.console.print(value, highlight=False, markup=False, soft_wrap=True)
