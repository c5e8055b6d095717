"""``impact user create|list|grant|token|passwd|deactivate|reactivate|tokens``: accounts for
the web app and the API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer
from rich.table import Table

from impactkit.cli.context import state
from impactkit.errors import UsageError
from impactkit.services import accounts, user_admin

app = typer.Typer(help="Accounts for the web app and the API: create users, give them roles "
                  "per workspace, issue and revoke API tokens, change passwords, deactivate "
                  "accounts.", no_args_is_help=True)
tokens_app = typer.Typer(help="A user's API tokens: list them, revoke one or all.",
                         no_args_is_help=True)
app.add_typer(tokens_app, name="tokens")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="user")


def _password(password_stdin: bool, prompt: str = "Password") -> str:
    """From standard input (scripts), or asked twice without echo."""
    if password_stdin:
        return typer.get_text_stream("stdin").readline().rstrip("\n")
    value: str = typer.prompt(prompt, hide_input=True, confirmation_prompt=True)
    return value


PasswordStdin = Annotated[bool, typer.Option(
    "--password-stdin", help="Read the password from standard input (for scripts).")]


@app.command("create")
def create(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="Login name.")],
    admin: Annotated[bool, typer.Option("--admin", help="Site administrator: admin of "
                                        "every workspace.")] = False,
    name: Annotated[str, typer.Option(help="Display name.")] = "",
    password_stdin: PasswordStdin = False,
) -> None:
    """Create a user. The password is asked for (never given on the command line, where
    it would stay in the shell history); there is no default password.

    \b
    Example:
      impact user create maria --admin --name 'Maria Papadopoulou'
    """
    cli = state(ctx)
    password = _password(password_stdin)
    user = accounts.create_user(cli.database(), cli.principal(), username=username,
                                password=password, display_name=name, is_admin=admin)
    kind = "site administrator" if user.is_admin else "user"
    cli.console.print(f"Created {kind} {user.username}", highlight=False)


@app.command("list")
def list_(ctx: typer.Context) -> None:
    """List users and their roles.

    \b
    Example:
      impact user list
    """
    cli = state(ctx)
    table = Table("user", "name", "admin", "state", "roles")
    for user, roles in accounts.users_with_roles(cli.database(), cli.principal()):
        table.add_row(user.username, user.display_name, "yes" if user.is_admin else "",
                      "active" if user.active else "deactivated",
                      ", ".join(f"{ws}: {role}" for ws, role in sorted(roles.items())))
    cli.console.print(table)


@app.command("grant")
def grant(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument()],
    workspace: Annotated[str, typer.Argument(help="Workspace key.")],
    role: Annotated[str, typer.Argument(help="viewer, contributor, reviewer, admin or none.")],
) -> None:
    """Give a user a role in a workspace (``none`` removes them).

    \b
    Example:
      impact user grant nikos grc-2025 reviewer
    """
    cli = state(ctx)
    parsed = None if role.lower() == "none" else accounts.Role.parse(role)
    accounts.grant(cli.database(), cli.principal(), username=username, workspace_key=workspace,
                   role=parsed)
    cli.console.print(f"{username} in {workspace}: {parsed.label if parsed else 'removed'}",
                      highlight=False)


@app.command("token")
def token(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument()],
    name: Annotated[str, typer.Option(help="What the token is for.")] = "script",
) -> None:
    """Issue an API token (shown once: store it safely). Scripts send it as
    ``Authorization: Bearer TOKEN``.

    \b
    Example:
      impact user token maria --name reporting-script
    """
    cli = state(ctx)
    if not name.strip():
        raise UsageError("a token needs a name saying what it is for")
    value = accounts.create_token(cli.database(), cli.principal(), username=username, name=name)
    cli.console.print(value, highlight=False, markup=False, soft_wrap=True)


@app.command("passwd")
def passwd(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument()],
    password_stdin: PasswordStdin = False,
) -> None:
    """Set a user's password (asked twice, like ``user create``). Every web session of the
    account ends at once; its API tokens go on working.

    \b
    Example:
      impact user passwd maria
    """
    cli = state(ctx)
    password = _password(password_stdin, "New password")
    ended = user_admin.set_password(cli.database(), cli.principal(), username=username,
                                    password=password)
    cli.console.print(f"Password of {username} changed; sessions ended: {ended}",
                      highlight=False)


@app.command("deactivate")
def deactivate(ctx: typer.Context, username: Annotated[str, typer.Argument()]) -> None:
    """Deactivate an account: it can no longer log in, its web sessions end and its API
    tokens are revoked, at once. Its name stays in the audit trail.

    \b
    Example:
      impact user deactivate nikos
    """
    cli = state(ctx)
    user_admin.set_active(cli.database(), cli.principal(), username=username,
                          active=False)
    cli.console.print(f"Deactivated {username}", highlight=False)


@app.command("reactivate")
def reactivate(ctx: typer.Context, username: Annotated[str, typer.Argument()]) -> None:
    """Let a deactivated account log in again (it gets no API token back: issue new ones).

    \b
    Example:
      impact user reactivate nikos
    """
    cli = state(ctx)
    user_admin.set_active(cli.database(), cli.principal(), username=username,
                          active=True)
    cli.console.print(f"Reactivated {username}", highlight=False)


@tokens_app.command("list")
def tokens_list(ctx: typer.Context, username: Annotated[str, typer.Argument()]) -> None:
    """List a user's API tokens: name, when created, when last used (to the minute).

    \b
    Example:
      impact user tokens list maria
    """
    cli = state(ctx)
    table = Table("token", "created", "last used")
    for found in user_admin.tokens(cli.database(), cli.principal(), username=username):
        table.add_row(found.name, _when(found.created_at), _when(found.last_used_at) or "never")
    cli.console.print(table)


@tokens_app.command("revoke")
def tokens_revoke(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument()],
    token_name: Annotated[str | None, typer.Argument(
        metavar="TOKEN-NAME", help="The token to revoke (see 'tokens list').")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Revoke every token of the user.")
                    ] = False,
) -> None:
    """Revoke a user's API token (or all of them with --all): it stops working at once.

    \b
    Example:
      impact user tokens revoke maria reporting-script
    """
    cli = state(ctx)
    if (token_name is None) == (not all_):
        raise UsageError("Name the token to revoke, or give --all to revoke every token "
                         "of the user (not both).")
    count = user_admin.revoke_token(cli.database(), cli.principal(), username=username,
                                    name=token_name)
    cli.console.print(f"Tokens of {username} revoked: {count}", highlight=False)


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else ""
