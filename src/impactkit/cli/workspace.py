"""``impact workspace create|list|set|delete``."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer
from rich.table import Table

from impactkit.cli.context import print_json, state
from impactkit.services import workspaces as service

app = typer.Typer(help="Create, list, set and delete workspaces (one jurisdiction, one cycle).",
                  no_args_is_help=True)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="workspace")


@app.command("create")
def create(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="Short key, e.g. 'grc-2024'.")],
    jurisdiction: Annotated[str, typer.Option(
        help="ISO 3166 country (GRC, GR, Greece) or subdivision (GR-I) code; X.. for a "
        "custom one (needs --name).")],
    cycle: Annotated[str, typer.Option(help="Reporting cycle or period, e.g. '2024'.")],
    title: Annotated[str | None, typer.Option(help="Title (default: name and cycle).")] = None,
    name: Annotated[str | None, typer.Option(help="Jurisdiction name (custom codes).")] = None,
    fictional: Annotated[bool, typer.Option(
        "--fictional", help="Mark a custom (X..) jurisdiction as fictional, e.g. for "
        "training.")] = False,
    year: Annotated[int | None, typer.Option(help="Reference year.")] = None,
    catalogue: Annotated[str, typer.Option(
        help="Key of the catalogue (methodology) to assess against; see 'impact init "
        "--catalogue'.")] = "impact-default",
) -> None:
    """Create an empty workspace to assess a jurisdiction in one cycle.

    \b
    Example:
      impact workspace create grc-2025 --jurisdiction GRC --cycle 2025
    """
    cli = state(ctx)
    workspace = service.create_workspace(
        cli.database(), cli.principal(), key=key, jurisdiction=jurisdiction, cycle=cycle,
        title=title, jurisdiction_name=name, fictional=fictional, year=year,
        catalogue_key=catalogue)
    cli.console.print(f"Created workspace {workspace.key}: {workspace.title} "
                      f"({workspace.jurisdiction.code})", highlight=False)


@app.command("list")
def list_(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the workspaces in the database.

    \b
    Example:
      impact workspace list --json
    """
    cli = state(ctx)
    summaries = service.list_workspaces(cli.database(), cli.principal())
    if as_json:
        print_json([
            {"key": s.key, "title": s.title, "jurisdiction": s.jurisdiction_code,
             "fictional": s.fictional, "cycle": s.cycle, "catalogue": s.catalogue_key,
             "findings": s.n_findings} for s in summaries])
        return
    table = Table("key", "title", "jurisdiction", "cycle", "findings")
    for s in summaries:
        place = f"{s.jurisdiction_name} ({s.jurisdiction_code})"
        table.add_row(s.key, s.title, place + (" fictional" if s.fictional else ""), s.cycle,
                      str(s.n_findings))
    cli.console.print(table)


class OnOff(StrEnum):
    ON = "on"
    OFF = "off"


@app.command("set")
def set_(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="Workspace key.")],
    four_eyes: Annotated[OnOff, typer.Option(
        "--four-eyes", help="on: whoever wrote or last changed a finding can neither review "
        "nor validate it (the default); off: they can.")],
) -> None:
    """Change a workspace's settings (audited). This is the operator's path: on the web and
    the API only the workspace's admins may change them.

    \b
    Example:
      impact workspace set grc-2025 --four-eyes on
    """
    cli = state(ctx)
    on = four_eyes is OnOff.ON
    changed = service.set_four_eyes(cli.database(), cli.principal(), key=key, on=on)
    if not changed:
        message = (f"Four-eyes review of {key} was already on" if on
                   else f"Four-eyes review of {key} was already off")
    else:
        message = (f"Four-eyes review of {key} is now on" if on
                   else f"Four-eyes review of {key} is now off")
    cli.console.print(message, highlight=False)


@app.command("delete")
def delete(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="Workspace key.")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete a workspace and everything in it (the audit trail keeps the deletion).

    \b
    Example:
      impact workspace delete grc-2025 --yes
    """
    cli = state(ctx)
    if not yes:
        typer.confirm(f"Delete workspace '{key}' and all its records?", abort=True)
    service.delete_workspace(cli.database(), cli.principal(), key=key)
    cli.console.print(f"Deleted workspace {key}", highlight=False)
