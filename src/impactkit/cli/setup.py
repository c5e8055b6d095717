"""``impact init`` and ``impact demo``."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from impactkit.catalogue.loader import load_catalogue
from impactkit.cli.context import CliState, print_json, state
from impactkit.cli.render.numbers import counted
from impactkit.cli.render.report import render_report
from impactkit.services.analysis import analyse_workspace
from impactkit.services.demo import build_demo_database
from impactkit.services.setup import init_database


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("demo")(demo)


def init(
    ctx: typer.Context,
    catalogue: Annotated[Path | None, typer.Option(
        help="Also load a framework of your own (YAML file or folder, checked first); "
        "workspaces choose it with 'workspace create --catalogue KEY'.", exists=True)] = None,
) -> None:
    """Create or upgrade the database and load the default catalogue (safe to repeat).

    \b
    Example:
      impact --db impact.db init
    """
    cli = state(ctx)
    report = init_database(cli.database(), user=cli.who())
    if catalogue is not None:
        report = init_database(cli.database(), user=cli.who(),
                               catalogue=load_catalogue(catalogue))
    cli.console.print(f"Database ready: {report.database} (schema {report.revision})",
                      highlight=False)
    verb = "loaded" if report.catalogue_changed else "already current"
    cli.console.print(f"Catalogue {report.catalogue_key} {report.catalogue_version}: {verb}",
                      highlight=False)


def demo(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the analysis as JSON.")] = False,
    fresh: Annotated[bool, typer.Option(
        "--fresh", help="Delete the database file first (SQLite only).")] = False,
) -> None:
    """Build the fictional demo jurisdictions and print the analysis of Veldmark's current
    cycle.

    \b
    Example:
      impact --db demo.db demo --fresh
    """
    cli = state(ctx)
    started = time.perf_counter()
    if fresh:
        _remove_sqlite_file(cli)
    report = build_demo_database(cli.database(), user=cli.who())
    latest = report.featured_key
    analysis = analyse_workspace(cli.database(), cli.principal(), key=latest)
    if as_json:
        print_json(analysis.to_dict())
        return
    for key in report.workspace_keys:
        counts = report.counts[key]
        cli.console.print(
            f"Built workspace [bold]{key}[/]: {counted(counts)}", highlight=False)
    render_report(cli.console, analysis)
    elapsed = time.perf_counter() - started
    prefix = f"impact --db {cli.db_path}" if cli.db_path else "impact"
    cli.console.print(f"\nDemo ready in {elapsed:.1f} s. Next:", highlight=False)
    cycles = [key for key in report.workspace_keys if key not in report.comparative_keys]
    comparative = " ".join(report.comparative_keys)
    cli.console.print(f"  {prefix} explain gap:CRC-32 -w {latest}\n"
                      f"  {prefix} compare {' '.join([*cycles, latest])}\n"
                      f"  {prefix} vulnerability compare {comparative}\n"
                      f"  {prefix} determinants {comparative}\n"
                      f"  {prefix} own-recs draft -w {latest}\n"
                      f"  {prefix} report national -w {latest} --out national-report.pdf",
                      highlight=False, markup=False)


def _remove_sqlite_file(cli: CliState) -> None:
    """--fresh: start from an empty file. Never touches a server database."""
    database = cli.database()
    if database.dialect != "sqlite":
        return
    path = database.engine.url.database
    database.dispose()
    if path:
        for suffix in ("", "-wal", "-shm"):
            Path(path + suffix).unlink(missing_ok=True)
