"""``impact analyse``, ``impact explain`` and ``impact compare``."""

from __future__ import annotations

from typing import Annotated

import typer

from impactkit.analysis import Explanation
from impactkit.cli.context import print_json, state
from impactkit.cli.render.compare import render_comparison
from impactkit.cli.render.explain import render_explanation
from impactkit.cli.render.report import render_report
from impactkit.cli.render.vulnerability import render_other
from impactkit.errors import UsageError
from impactkit.services.analysis import analyse_workspace, compare_workspaces, explain_score
from impactkit.services.workspaces import resolve_workspace_key

WorkspaceOption = Annotated[str | None, typer.Option(
    "--workspace", "-w", help="Workspace key (may be left out when there is only one).")]
StatusOption = Annotated[list[str] | None, typer.Option(
    "--status", help="Only findings with this review status (repeat for several): draft, "
    "reviewed, validated; or all (the default). Publish what '--status validated' counts.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print stable JSON (see docs).")]


def register(app: typer.Typer) -> None:
    app.command("analyse")(analyse)
    app.command("explain")(explain)
    app.command("compare")(compare)


def analyse(
    ctx: typer.Context, workspace: WorkspaceOption = None, status: StatusOption = None,
    as_json: JsonOption = False,
    top: Annotated[int, typer.Option(help="Rows per ranked table.", min=1)] = 10,
) -> None:
    """Scores with coverage, law-practice gaps, excluded groups, mandate gaps, tensions.

    \b
    Example:
      impact analyse -w grc-2025 --status validated --json > analysis.json
    """
    cli = state(ctx)
    key = resolve_workspace_key(cli.database(), cli.principal(), workspace)
    report = analyse_workspace(cli.database(), cli.principal(), key=key,
                              statuses=status)
    if as_json:
        print_json(report.to_dict())
    else:
        render_report(cli.console, report, top=top)


def explain(
    ctx: typer.Context,
    target: Annotated[str, typer.Argument(
        help="What to explain: area:compliance, cluster:violence, provision:CRC-32, "
        "layer:practice, sector:labour, group:unaccompanied, gap:CRC-32, "
        "gap:cluster:violence, exclusion:undocumented, tension:child-protection+immigration, "
        "cell:violence:effectiveness, indicator:child-labour-sdg-8-7-1, vulnerability, "
        "vulnerability:protection."
    )],
    workspace: WorkspaceOption = None, status: StatusOption = None, as_json: JsonOption = False,
) -> None:
    """Show the findings, ratings, weights and rule behind one number.

    \b
    Example:
      impact explain gap:CRC-32 -w demo-veldmark-2024
    """
    cli = state(ctx)
    key = resolve_workspace_key(cli.database(), cli.principal(), workspace)
    explanation = explain_score(cli.database(), cli.principal(), key=key, target=target,
                                statuses=status)
    if as_json:
        print_json(explanation.to_dict())
    elif isinstance(explanation, Explanation):
        render_explanation(cli.console, explanation)
    else:
        render_other(cli.console, explanation)


def compare(
    ctx: typer.Context,
    workspaces: Annotated[list[str], typer.Argument(help="Two or more workspace keys.")],
    status: StatusOption = None, as_json: JsonOption = False,
) -> None:
    """Compare workspaces (countries, or cycles of one country) assessed with one catalogue.

    \b
    Example:
      impact compare demo-veldmark-2019 demo-veldmark-2024 --json
    """
    cli = state(ctx)
    if len(workspaces) < 2:
        raise UsageError("compare needs at least two workspace keys")
    comparison = compare_workspaces(cli.database(), cli.principal(), keys=workspaces,
                                    statuses=status)
    if as_json:
        print_json(comparison.to_dict())
    else:
        render_comparison(cli.console, comparison)
