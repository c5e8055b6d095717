"""``impact indicators`` (define, list, import, correlate) and ``impact vulnerability``
(show, panel, compare)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from impactkit.cli.context import print_json, state
from impactkit.errors import UsageError

WorkspaceOption = Annotated[str | None, typer.Option(
    "--workspace", "-w", help="Workspace key (may be left out when there is only one).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print stable JSON (see docs).")]
StatusOption = Annotated[list[str] | None, typer.Option(
    "--status", help="Only findings with this review status (repeat for several): draft, "
    "reviewed, validated; or all (the default).")]


def _group(help_text: str) -> typer.Typer:
    return typer.Typer(help=help_text, no_args_is_help=True, pretty_exceptions_enable=False,
                       rich_markup_mode=None, add_completion=False)


def register(app: typer.Typer) -> None:
    indicators = _group("Indicators: define your own, import values for many jurisdictions "
                        "and years, read a workspace's indicators, correlate two of them.")
    indicators.command("list")(list_indicators)
    indicators.command("define")(define)
    indicators.command("import")(import_panel)
    indicators.command("correlate")(correlate)
    app.add_typer(indicators, name="indicators")
    vulnerability = _group("Structural vulnerability: risk against resilience across the "
                           "needs and rights dimensions, and implementation against it.")
    vulnerability.command("show")(show)
    vulnerability.command("panel")(panel)
    vulnerability.command("compare")(compare)
    app.add_typer(vulnerability, name="vulnerability")


def list_indicators(
    ctx: typer.Context, workspace: WorkspaceOption = None,
    defined: Annotated[bool, typer.Option(
        "--defined", help="List the indicators defined in this database instead.")] = False,
    provision: Annotated[str | None, typer.Option(
        help="Only the indicators behind this provision, with its score.")] = None,
    area: Annotated[str | None, typer.Option(
        help="Only the indicators behind this area, with its score.")] = None,
    as_json: JsonOption = False,
) -> None:
    """A workspace's indicators: latest value, trend, target and rating rule. With
    --provision or --area, the structural, process and outcome indicators behind it, beside
    its finding-based score (never blended into it).

    \b
    Example:
      impact indicators list -w demo-veldmark-2024 --provision CRC-32
    """
    from impactkit.analysis.results import to_plain
    from impactkit.cli.render.vulnerability import render_readings
    from impactkit.services import indicators
    from impactkit.services.workspaces import resolve_workspace_key

    cli = state(ctx)
    if defined:
        stored = indicators.defined_indicators(cli.database())
        if as_json:
            print_json([{**d.indicator.model_dump(mode="json"), "version": d.version}
                        for d in stored])
        else:
            for d in stored:
                cli.console.print(f"{d.indicator.code} (version {d.version}): "
                                  f"{d.indicator.title}", markup=False, highlight=False)
        return
    key = resolve_workspace_key(cli.database(), cli.principal(), workspace)
    readings = indicators.workspace_readings(cli.database(), cli.principal(), key=key)
    if provision is None and area is None:
        if as_json:
            print_json(to_plain(readings))
        else:
            render_readings(cli.console, readings)
        return
    if provision is not None and area is not None:
        raise UsageError("give --provision or --area, not both")
    from impactkit.analysis.indicator_readings import beside
    from impactkit.cli.render.vulnerability import KIND_TITLES
    from impactkit.services.analysis import explain_score

    target = f"provision:{provision}" if provision is not None else f"area:{area}"
    score = explain_score(cli.database(), cli.principal(), key=key, target=target)
    by_type = beside(readings, provision=provision, area=area)
    if as_json:
        print_json({"target": target, "score": to_plain(getattr(score, "score", None)),
                    "indicators": {kind: to_plain(found) for kind, found in by_type.items()}})
        return
    value = getattr(score, "value", None)
    cli.console.print(f"{score.title} ({target}): "
                      f"{'no score' if value is None else f'{value:.1f}'}", highlight=False)
    for kind, found in by_type.items():
        render_readings(cli.console, found, title=KIND_TITLES[kind])
    if not by_type:
        cli.console.print("No indicator behind it has a value for this jurisdiction.")


def define(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="Short kebab-case code, e.g. tip-tier.")],
    title: Annotated[str, typer.Option(help="What it measures, in words.")],
    unit: Annotated[str, typer.Option(help="percent, count, per 100,000 children, yes/no...")],
    type_: Annotated[str, typer.Option(
        "--type", help="structural, process or outcome.")] = "outcome",
    direction: Annotated[str, typer.Option(
        help="higher-is-better, lower-is-better or neutral.")] = "neutral",
    dimension: Annotated[str | None, typer.Option(
        help="Needs/rights dimension: survival, development, protection, participation.")
    ] = None,
    factor: Annotated[str | None, typer.Option(help="risk or resilience.")] = None,
    source: Annotated[str, typer.Option(help="The official source of the series.")] = "",
    sdg: Annotated[str, typer.Option(help="SDG indicator number, e.g. 5.3.1.")] = "",
    series: Annotated[list[str] | None, typer.Option(
        help="SDMX series code that feeds it (repeat for several).")] = None,
    lower: Annotated[float | None, typer.Option(
        help="Lower goalpost for the vulnerability index.")] = None,
    upper: Annotated[float | None, typer.Option(
        help="Upper goalpost for the vulnerability index.")] = None,
    log: Annotated[bool, typer.Option(help="Rescale on a log scale.")] = False,
    area: Annotated[list[str] | None, typer.Option(help="Area of analysis (repeat).")] = None,
    provision: Annotated[list[str] | None, typer.Option(help="Provision (repeat).")] = None,
    sector: Annotated[list[str] | None, typer.Option(help="Sector (repeat).")] = None,
    description: Annotated[str, typer.Option(help="Longer description.")] = "",
    version: Annotated[int | None, typer.Option(
        help="To change a defined indicator: the version you started from.")] = None,
) -> None:
    """Define an indicator without writing a catalogue.

    \b
    Example:
      impact indicators define tip-tier --title "US TIP report tier" --unit tier \\
        --direction lower-is-better --source "US State Department TIP report"
    """
    from pydantic import ValidationError as PydanticError

    from impactkit.catalogue.indicator_model import Goalposts, Indicator
    from impactkit.services import indicators
    from impactkit.services.catalogue import stored_catalogue

    cli = state(ctx)
    goalposts = None
    if (lower is None) != (upper is None):
        raise UsageError("give both --lower and --upper goalposts, or neither")
    try:
        if lower is not None and upper is not None:
            goalposts = Goalposts(lower=lower, upper=upper)
        indicator = Indicator.model_validate({
            "code": code, "title": title, "type": type_, "unit": unit,
            "direction": direction, "dimension": dimension, "factor": factor,
            "source": source, "sdg": sdg, "series": series or [], "goalposts": goalposts,
            "log": log, "areas": area or [], "provisions": provision or [],
            "sectors": sector or [], "description": description})
    except PydanticError as error:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'indicator'}: {e['msg']}"
                             for e in error.errors())
        raise UsageError(f"indicator '{code}': {problems}") from None
    stored = indicators.define_indicator(cli.database(), cli.principal(), indicator=indicator,
                                         catalogue=stored_catalogue(cli.database()),
                                         expected_version=version)
    cli.console.print(f"Indicator {code} saved (version {stored.version}).", highlight=False)


def import_panel(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="CSV or XLSX file.", exists=True,
                                         dir_okay=False)],
    map_: Annotated[list[str] | None, typer.Option(
        "--map", help="FILE_COLUMN=FIELD (fields: jurisdiction, year, value, indicator, "
        "source, note); repeat for several.")] = None,
    indicator: Annotated[str | None, typer.Option(
        help="The indicator of every row (or of rows whose indicator cell is blank).")
    ] = None,
    layout: Annotated[str, typer.Option(
        help="auto (SDMX-CSV when the header has REF_AREA, TIME_PERIOD and OBS_VALUE), "
        "columns or sdmx.")] = "auto",
    source: Annotated[str, typer.Option(help="Source recorded with each value.")] = "",
    where: Annotated[list[str] | None, typer.Option(
        help="SDMX only: keep rows where DIMENSION=VALUE (e.g. SEX=F); repeat.")] = None,
) -> None:
    """Import values for many jurisdictions and years at once into the panel.

    All or nothing: every problem is reported with its file, row and column, and nothing is
    written until the whole file is right. Values of a jurisdiction, indicator and year
    already stored are replaced.

    An SDMX-CSV export (UN SDG database, UNICEF data warehouse) needs no mapping: its
    series codes name the indicators (see docs/data-formats.md).

    \b
    Example:
      impact indicators import sdg_5_3_1.csv --indicator child-marriage-sdg-5-3-1 \\
        --map iso3=jurisdiction --map value_pct=value
    """
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from impactkit.exchange.panel import parse_mapping
    from impactkit.services import indicators
    from impactkit.services.catalogue import stored_catalogue

    cli = state(ctx)
    mapping = parse_mapping(map_ or [])
    conditions = _conditions(where or [])
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=cli.console, transient=True) as progress:
        progress.add_task(f"Reading and checking {path.name}", total=None)
        result = indicators.import_panel(
            cli.database(), cli.principal(), path=path,
            catalogue=stored_catalogue(cli.database()), mapping=mapping,
            indicator=indicator, layout=layout, source=source, where=conditions or None)
    counts = result.counts
    cli.console.print(
        f"{len(result.read.values)} values for {len(result.read.jurisdictions)} jurisdictions "
        f"read from {path.name} ({result.read.layout} layout): {counts['added']} added, "
        f"{counts['replaced']} replaced, {counts['unchanged']} unchanged.", highlight=False)
    for reason, n in result.read.skipped.items():
        cli.console.print(f"Skipped {n} rows: {reason}.", markup=False, highlight=False)
    if result.read.ignored_columns:
        cli.console.print(f"Columns not read: {', '.join(result.read.ignored_columns)}.",
                          markup=False, highlight=False)


def _conditions(pairs: list[str]) -> dict[str, str]:
    """``["SEX=F"]`` as ``{"SEX": "F"}``; UsageError naming a malformed pair."""
    out: dict[str, str] = {}
    for pair in pairs:
        column, sep, value = pair.partition("=")
        if not sep or not column.strip() or not value.strip():
            raise UsageError(f"--where {pair!r}: write DIMENSION=VALUE, e.g. SEX=F")
        out[column.strip()] = value.strip()
    return out


def correlate(
    ctx: typer.Context,
    x: Annotated[str, typer.Argument(help="First indicator code.")],
    y: Annotated[str, typer.Argument(help="Second indicator code.")],
    until: Annotated[int | None, typer.Option(help="Use values up to this year.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Rank correlation of two indicators over every jurisdiction of the panel with both.

    \b
    Example:
      impact indicators correlate child-marriage-sdg-5-3-1 tip-tier
    """
    from impactkit.analysis.results import to_plain
    from impactkit.cli.render.vulnerability import render_pair
    from impactkit.services.vulnerability import correlate_indicators

    cli = state(ctx)
    pair = correlate_indicators(cli.database(), cli.principal(), x=x, y=y, until=until)
    if as_json:
        print_json(to_plain(pair))
    else:
        render_pair(cli.console, pair)


def show(
    ctx: typer.Context, workspace: WorkspaceOption = None,
    year: Annotated[int | None, typer.Option(
        help="Reference year (default: the workspace's year).")] = None,
    as_json: JsonOption = False,
) -> None:
    """A workspace's structural vulnerability, by dimension and indicator, with the
    arithmetic.

    \b
    Example:
      impact vulnerability show -w demo-veldmark-2024
    """
    from impactkit.cli.render.vulnerability import render_index
    from impactkit.services.vulnerability import workspace_vulnerability
    from impactkit.services.workspaces import resolve_workspace_key

    cli = state(ctx)
    key = resolve_workspace_key(cli.database(), cli.principal(), workspace)
    index = workspace_vulnerability(cli.database(), cli.principal(), key=key, year=year)
    if as_json:
        print_json(index.to_dict())
    else:
        render_index(cli.console, index)


def panel(
    ctx: typer.Context,
    year: Annotated[int, typer.Option(help="Reference year.")],
    jurisdiction: Annotated[list[str] | None, typer.Option(
        help="Only this jurisdiction (ISO code; repeat).")] = None,
    as_json: JsonOption = False,
) -> None:
    """The vulnerability index of every jurisdiction with panel values.

    \b
    Example:
      impact vulnerability panel --year 2020
    """
    from impactkit.analysis.results import to_plain
    from impactkit.cli.render.vulnerability import render_indices
    from impactkit.services.vulnerability import panel_vulnerability

    cli = state(ctx)
    indices = panel_vulnerability(cli.database(), cli.principal(), year=year,
                                  jurisdictions=jurisdiction)
    if as_json:
        print_json(to_plain(indices))
    else:
        render_indices(cli.console, indices)


def compare(
    ctx: typer.Context,
    workspaces: Annotated[list[str], typer.Argument(help="Two or more workspace keys.")],
    status: StatusOption = None, as_json: JsonOption = False,
) -> None:
    """Implementation against structural vulnerability across workspaces: rank correlation
    with an exact permutation test, quadrants, leave-one-out, rank spread, dominance.

    \b
    Example:
      impact vulnerability compare demo-veldmark-2024 demo-marisca-2024 demo-oberan-2024
    """
    from impactkit.analysis.results import to_plain
    from impactkit.cli.render.vulnerability import render_hypothesis
    from impactkit.services.vulnerability import implementation_against_vulnerability

    cli = state(ctx)
    test = implementation_against_vulnerability(cli.database(), cli.principal(),
                                                keys=workspaces, statuses=status)
    if as_json:
        print_json(to_plain(test))
    else:
        render_hypothesis(cli.console, test)
