"""``impact catalogue show|validate|load-texts``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from impactkit.cli.context import print_json, state
from impactkit.cli.render.catalogue import (
    VOCABULARIES,
    render_instrument,
    render_overview,
    render_provision,
    render_vocabulary,
)
from impactkit.errors import CatalogueError, NotFoundError
from impactkit.services.catalogue import (
    catalogue_for_display,
    load_texts,
    validate_framework_file,
)

app = typer.Typer(help="The methodology as data: instruments, provisions, areas, layers, "
                  "sectors, groups, forms of exploitation, indicators, rating scale.",
                  no_args_is_help=True)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="catalogue")


@app.command("show")
def show(
    ctx: typer.Context,
    what: Annotated[str | None, typer.Argument(
        help="A provision (CRC-32), an instrument (CRC), or a vocabulary: "
        + ", ".join(VOCABULARIES) + ". Nothing: an overview.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show the catalogue in use (the stored one once 'impact init' has run).

    \b
    Example:
      impact catalogue show CRC-32
    """
    cli = state(ctx)
    catalogue = catalogue_for_display(cli.database())
    if what is None:
        if as_json:
            print_json(catalogue.model_dump(mode="json", exclude_none=True))
        else:
            render_overview(cli.console, catalogue)
        return
    if what in VOCABULARIES:
        items = getattr(catalogue, VOCABULARIES[what])
        if as_json:
            print_json([item.model_dump(mode="json") for item in items])
        else:
            render_vocabulary(cli.console, catalogue, what)
        return
    instrument = next((i for i in catalogue.instruments if i.code == what.upper()), None)
    if instrument is not None:
        if as_json:
            print_json(instrument.model_dump(mode="json", exclude_none=True))
        else:
            render_instrument(cli.console, instrument)
        return
    provision = catalogue.provision(what.upper())
    if provision is None:
        raise NotFoundError(
            f"'{what}' is neither a provision (e.g. CRC-32), an instrument "
            f"({', '.join(i.code for i in catalogue.instruments)}) nor a vocabulary "
            f"({', '.join(VOCABULARIES)})")
    if as_json:
        print_json({**provision.model_dump(mode="json"),
                    "clusters": catalogue.clusters_of(provision.code)})
    else:
        render_provision(cli.console, catalogue, provision)


@app.command("validate")
def validate(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="A framework YAML file or folder.",
                                         exists=True)],
) -> None:
    """Check a framework file of your own; every problem is listed with its path in the
    file. Exit code 1 when there is any.

    \b
    Example:
      impact catalogue validate my-framework.yaml
    """
    cli = state(ctx)
    problems = validate_framework_file(path)
    if problems:
        raise CatalogueError(problems, summary=f"{path}: {len(problems)} problem(s)")
    cli.console.print(f"{path}: valid", highlight=False)


@app.command("load-texts")
def load_texts_command(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="JSON file of treaty texts.", exists=True,
                                         dir_okay=False)],
) -> None:
    """Add the full text of each provision from a JSON file of treaty texts (shaped like
    {"instruments": [{"code", "articles": [{"number", "text"}]}]}).

    \b
    Example:
      impact catalogue load-texts treaties_en.json
    """
    cli = state(ctx)
    report = load_texts(cli.database(), cli.principal(), path=path)
    for code, count in report.per_instrument.items():
        cli.console.print(f"{code}: {count} provision texts", highlight=False)
    cli.console.print(f"Loaded {report.loaded} texts into {report.catalogue_key}",
                      highlight=False)
    if report.unmatched:
        cli.console.print(f"{len(report.unmatched)} articles in the file match no provision "
                          f"here: {', '.join(report.unmatched[:10])}"
                          + (" ..." if len(report.unmatched) > 10 else ""), highlight=False)
