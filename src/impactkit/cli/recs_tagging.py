"""``impact recs suggest|accept|reject|train``: the tagger's suggestions and people's
decisions on them."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from impactkit.cli.context import print_json, state
from impactkit.cli.recs import Bars, Workspace, app, progress_bars
from impactkit.errors import UsageError
from impactkit.recommendations.tagging import TAG_HELP, parse_tag, tag_text
from impactkit.services import recommendation_tagging as service
from impactkit.services.workspaces import resolve_workspace_key


@app.command("suggest")
def suggest(
    ctx: typer.Context,
    keys: Annotated[list[str] | None, typer.Argument(
        help="Recommendations to tag (default: all of the workspace).")] = None,
    workspace: Workspace = None,
    show: Annotated[int, typer.Option(help="How many of the most confident pending "
                                           "suggestions to list afterwards.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Suggest tags (provisions, clusters, sectors, groups, forms, summary tags), each with a
    confidence and the words that support it. Suggestions are only stored: accept them one
    by one, or in bulk above a threshold, with 'impact recs accept'.

    \b
    Example:
      impact recs suggest -w grc-2025 --show 10
    """
    cli = state(ctx)
    db = cli.database()
    ws = resolve_workspace_key(db, cli.principal(), workspace)
    who = cli.principal()
    with progress_bars(ctx) as bars:
        report = service.suggest(db, who, workspace_key=ws, keys=keys or None,
                                 progress=Bars(bars))
    pending = service.queue(db, who, workspace_key=ws, limit=show)
    if as_json:
        print_json({"workspace": ws, "tagger": report.tagger,
                    "recommendations": report.recommendations,
                    "suggestions": report.suggestions,
                    "top": [{"recommendation": s.recommendation,
                             "tag": tag_text(s.kind, s.code), "confidence": s.confidence,
                             "support": list(s.support)} for s in pending]})
        return
    cli.console.print(f"{report.suggestions} suggestions for {report.recommendations} "
                      f"recommendations ({report.tagger} tagger).", highlight=False)
    if pending:
        table = Table(title="Most confident pending suggestions")
        for column in ("Recommendation", "Tag", "Confidence", "Because of"):
            table.add_column(column, overflow="fold")
        for s in pending:
            table.add_row(s.recommendation, tag_text(s.kind, s.code), f"{s.confidence:.2f}",
                          "; ".join(s.support[:3]))
        cli.console.print(table)


@app.command("accept")
def accept(
    ctx: typer.Context,
    key: Annotated[str | None, typer.Argument(help="Recommendation key.")] = None,
    tags: Annotated[list[str] | None, typer.Argument(help=f"Tags to accept: {TAG_HELP}.")
                    ] = None,
    workspace: Workspace = None,
    above: Annotated[float | None, typer.Option(
        help="Accept EVERY pending suggestion with at least this confidence (0-1), instead "
        "of naming them.")] = None,
) -> None:
    """Accept suggestions: the tags are added to the recommendations, and the decisions kept
    for retraining ('impact recs train').

    \b
    Example:
      impact recs accept upr-4-140.99 provision:CRC-35 -w grc-2025
    """
    cli = state(ctx)
    db = cli.database()
    ws = resolve_workspace_key(db, cli.principal(), workspace)
    who = cli.principal()
    if above is not None:
        if key or tags:
            raise UsageError("give either --above or a recommendation and its tags, not both")
        count = service.accept_above(db, who, workspace_key=ws, threshold=above)
        cli.console.print(f"Accepted {count} suggestions with confidence >= {above}.",
                          highlight=False)
        return
    _decide(ctx, ws, key, tags, accept=True)


@app.command("reject")
def reject(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="Recommendation key.")],
    tags: Annotated[list[str], typer.Argument(help=f"Tags to reject: {TAG_HELP}.")],
    workspace: Workspace = None,
) -> None:
    """Reject suggestions (and remove those tags if the recommendation had them); the
    decisions are kept for retraining.

    \b
    Example:
      impact recs reject upr-4-140.99 sector:health -w grc-2025
    """
    cli = state(ctx)
    ws = resolve_workspace_key(cli.database(), cli.principal(), workspace)
    _decide(ctx, ws, key, tags, accept=False)


def _decide(ctx: typer.Context, ws: str, key: str | None, tags: list[str] | None, *,
            accept: bool) -> None:
    cli = state(ctx)
    if not key or not tags:
        raise UsageError("name a recommendation and at least one tag")
    for text in tags:
        kind, code = parse_tag(text)
        service.decide(cli.database(), cli.principal(), workspace_key=ws,
                       recommendation=key, kind=kind, code=code, accept=accept)
    verb = "Accepted" if accept else "Rejected"
    cli.console.print(f"{verb} {', '.join(tags)} for {key}.", highlight=False, markup=False)


@app.command("train")
def train(ctx: typer.Context, workspace: Workspace = None) -> None:
    """Retrain the tagger on every decision and tag so far; later suggestions use it.

    \b
    Example:
      impact recs train -w grc-2025
    """
    cli = state(ctx)
    db = cli.database()
    ws = resolve_workspace_key(db, cli.principal(), workspace)
    with cli.console.status("Training ..."):
        report = service.train(db, cli.principal(), workspace_key=ws)
    cli.console.print(f"Trained on {report.examples} recommendations; learned tags: "
                      f"{', '.join(report.tags) or 'none yet (too few examples per tag)'}.",
                      highlight=False)
