"""The ``impact`` command: a thin shell over the service layer.

Errors raised on purpose (:class:`impactkit.errors.ImpactError`) become a message on stderr
and exit code 1 (a check failed) or 2 (usage); ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from impactkit import __version__
from impactkit.cli.commands import LazyCommands
from impactkit.cli.context import CliState
from impactkit.errors import ImpactError, ValidationError

app = typer.Typer(
    name="impact",
    cls=LazyCommands,
    help="IMPACT: assess how a public administration implements the UN Convention on the "
    "Rights of the Child in practice, and find where children fall through its gaps.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"impact {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[Path | None, typer.Option(
        "--db", help="SQLite database file (default: IMPACT_DATABASE_URL, else ./impact.db).",
        dir_okay=False)] = None,
    user: Annotated[str | None, typer.Option(
        help="Name recorded in the audit trail (default: IMPACT_USER or your login).")] = None,
    debug: Annotated[bool, typer.Option(help="Show tracebacks on errors.")] = False,
    version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="Print the version.")] = False,
) -> None:
    cli = ctx.ensure_object(CliState)
    cli.db_path, cli.user, cli.debug = db, user, debug


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the app and turn our errors into messages and exit codes.

    Typer (in its standalone mode) reports usage errors itself with exit code 2 and ends by
    raising SystemExit; errors of ours propagate here and are printed without a traceback
    unless --debug is given."""
    err = Console(stderr=True)
    cli = CliState()
    try:
        app(args=argv, prog_name="impact", obj=cli)
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    except ImpactError as error:
        if "--debug" in (argv if argv is not None else sys.argv):
            raise
        if isinstance(error, ValidationError):
            err.print(f"[bold red]error:[/] {error.summary}", highlight=False, soft_wrap=True)
            for problem in error.problems:
                err.print(f"  - {problem}", markup=False, highlight=False, soft_wrap=True)
        else:
            err.print("[bold red]error:[/] ", end="", highlight=False)
            # soft_wrap: no line breaks inside a message, so paths and commands copy whole
            err.print(error.message, markup=False, highlight=False, soft_wrap=True)
        return error.exit_code
    finally:
        cli.close()
    return 0


def run() -> None:
    """The console script: exit with main's code."""
    sys.exit(main())


if __name__ == "__main__":
    run()
