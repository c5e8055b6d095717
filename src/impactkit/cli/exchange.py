"""``impact import`` and ``impact export``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from impactkit.cli.context import print_json, state
from impactkit.cli.render.numbers import counted
from impactkit.errors import UsageError
from impactkit.services import exchange as service
from impactkit.services import state_exchange as state_service
from impactkit.services.workspaces import resolve_workspace_key

TABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm")


def register(app: typer.Typer) -> None:
    app.command("import")(import_)
    app.command("export")(export)


def import_(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(
        help="A Data Package (datapackage.json or its folder): a workspace's or a State's; "
        "or a CSV/XLSX table.",
        exists=True)],
    workspace: Annotated[str | None, typer.Option(
        "--workspace", "-w", help="Workspace to add a table to; for a Data Package, the "
        "key to create it under (default: the package's own).")] = None,
    kind: Annotated[str | None, typer.Option(
        help="What a table holds: findings, actors, instruments, mandates, links, services, "
        "evidence or indicator-values ('indicators' is accepted too).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Import data, all or nothing: any problem is reported with file, row and column, and
    the database is left exactly as it was. A workspace's package creates the workspace with
    everything it holds; a State's package (impact export --state) adds the State's records.

    \b
    Example:
      impact import out/ -w demo-veldmark-2024-copy
      impact import state-xvl/
      impact import findings.xlsx --kind findings -w grc-2025
      impact import mandates.csv --kind mandates -w grc-2025
    """
    cli = state(ctx)
    db = cli.database()
    if path.is_dir() or path.name.endswith(".json"):
        with cli.console.status(f"Validating and importing {path} ..."):
            if state_service.is_state_package(path):
                if workspace is not None:
                    raise UsageError("a State's package is added to its State's records: "
                                     "leave out --workspace")
                report = state_service.import_state(db, cli.principal(), path=path)
            else:
                report = service.import_datapackage(db, cli.principal(), path=path,
                                                    workspace_key=workspace)
    else:
        if path.suffix.lower() not in TABLE_SUFFIXES:
            raise UsageError(f"{path}: expected a table ({', '.join(TABLE_SUFFIXES)}) or a "
                             "Data Package")
        if kind is None:
            raise UsageError("say what the table holds with --kind "
                             f"({', '.join(service.IMPORT_KINDS)})")
        key = resolve_workspace_key(db, cli.principal(), workspace)
        with cli.console.status(f"Validating and importing {path} ..."):
            report = service.import_table(db, cli.principal(), key=key, path=path, kind=kind)
    if as_json:
        print_json({"workspace": report.workspace_key, "source": report.source,
                    "created_workspace": report.created_workspace, "counts": report.counts})
        return
    cli.console.print(f"Imported into {report.workspace_key}: {counted(report.counts)}",
                      highlight=False)


def export(
    ctx: typer.Context,
    target: Annotated[Path, typer.Argument(
        help="Folder to write the Data Package to; with --kind, a .csv or .xlsx file.")],
    workspace: Annotated[str | None, typer.Option(
        "--workspace", "-w", help="Workspace key (may be left out when there is only one).")
    ] = None,
    kind: Annotated[str | None, typer.Option(
        help="Write one table of the map instead, as 'impact import --kind' reads it back: "
        "actors, instruments, mandates, links or services.")] = None,
    state_code: Annotated[str | None, typer.Option(
        "--state", help="Write the package of a State instead (its jurisdiction code): its "
        "recommendations, actions, status history, suggestions and indicator panel.")
    ] = None,
) -> None:
    """Export a workspace as a Frictionless Data Package (datapackage.json + CSV files), a
    State's records as one, or one table of a workspace's map as a spreadsheet.

    \b
    Example:
      impact export out/ -w demo-veldmark-2024
      impact export state-xvl/ --state XVL
      impact export mandates.xlsx --kind mandates -w demo-veldmark-2024
    """
    cli = state(ctx)
    if state_code is not None:
        if workspace is not None or kind is not None:
            raise UsageError("--state writes a State's package: leave out --workspace and "
                             "--kind")
        if target.exists() and not target.is_dir():
            raise UsageError(f"{target} is a file: a Data Package is written to a folder")
        with cli.console.status(f"Exporting the State {state_code} ..."):
            descriptor = state_service.export_state(cli.database(), cli.principal(),
                                                    code=state_code, directory=target)
        cli.console.print(f"Exported the State {state_code} to {descriptor}", highlight=False)
        return
    key = resolve_workspace_key(cli.database(), cli.principal(), workspace)
    if kind is not None:
        written = service.export_table(cli.database(), cli.principal(), key=key, kind=kind,
                                       path=target)
        cli.console.print(f"Exported the {kind} of {key} to {written}", highlight=False)
        return
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target} is a file: a Data Package is written to a folder (or "
                         "give --kind to write one table)")
    with cli.console.status(f"Exporting {key} ..."):
        descriptor = service.export_workspace(cli.database(), cli.principal(), key=key,
                                              directory=target)
    cli.console.print(f"Exported {key} to {descriptor}", highlight=False)
