"""``impact determinants`` and ``impact own-recs`` (draft, list, show, write, edit,
delete): the key determinants of risk and protection, and the assessing body's own
recommendations."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from impactkit.cli.context import print_json, state
from impactkit.errors import UsageError
from impactkit.plain import record_json
from impactkit.recommendations.own import Grade, OwnStatus

WorkspaceOption = Annotated[str | None, typer.Option(
    "--workspace", "-w", help="Workspace key (may be left out when there is only one).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print stable JSON (see docs).")]
StatusOption = Annotated[list[str] | None, typer.Option(
    "--status", help="Only findings with this review status (repeat for several): draft, "
    "reviewed, validated; or all (the default).")]


def register(app: typer.Typer) -> None:
    app.command("determinants")(determinants)
    own = typer.Typer(help="The assessing body's own recommendations: drafted from the gaps "
                      "the analysis finds, graded urge, consider or invite, then edited, "
                      "reviewed and accepted by people.", no_args_is_help=True,
                      pretty_exceptions_enable=False, rich_markup_mode=None,
                      add_completion=False)
    own.command("draft")(draft)
    own.command("list")(list_own)
    own.command("show")(show)
    own.command("write")(write)
    own.command("edit")(edit)
    own.command("delete")(delete)
    app.add_typer(own, name="own-recs")


def determinants(
    ctx: typer.Context,
    workspaces: Annotated[list[str] | None, typer.Argument(
        help="Workspace keys (default: the only workspace).")] = None,
    status: StatusOption = None,
    min_findings: Annotated[int, typer.Option(
        help="Rated findings a factor needs to enter.", min=1)] = 3,
    min_difference: Annotated[float, typer.Option(
        help="Points below (or above) the rest a factor needs to enter.", min=0)] = 10.0,
    top: Annotated[int, typer.Option(help="Rows shown.", min=1)] = 20,
    as_json: JsonOption = False,
) -> None:
    """Key determinants of risk and protection: the factors that recur with low (or high)
    scores, ranked by the jurisdictions and findings they touch.

    \b
    Example:
      impact determinants demo-veldmark-2024 demo-marisca-2024 demo-oberan-2024
    """
    from impactkit.services.determinants import determinants as run
    from impactkit.services.workspaces import resolve_workspace_key

    cli = state(ctx)
    keys = workspaces or [resolve_workspace_key(cli.database(), cli.principal(), None)]
    report = run(cli.database(), cli.principal(), keys=keys, statuses=status,
                 min_findings=min_findings, min_difference=min_difference)
    if as_json:
        print_json(report.to_dict())
        return
    table = Table(title="Key determinants of risk and protection")
    for name in ("direction", "factor", "code", "jurisdictions", "findings", "score", "rest",
                 "scope"):
        table.add_column(name)
    for d in report.determinants[:top]:
        table.add_row(d.direction, d.factor, d.code, str(len(d.jurisdictions)),
                      str(d.findings), "" if d.score is None else f"{d.score:.0f}",
                      "" if d.rest is None else f"{d.rest:.0f}", d.scope)
    cli.console.print(table)
    more = len(report.determinants) - top
    if more > 0:
        cli.console.print(f"{more} more: raise --top or use --json.", highlight=False)
    cli.console.print(f"Rule: {report.rule}", markup=False, highlight=False)


def draft(
    ctx: typer.Context, workspace: WorkspaceOption = None, status: StatusOption = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Show the drafts without storing them.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Draft recommendations from the gaps the analysis finds, each linked to the UN
    recommendations already made on the same provisions and their latest status.

    \b
    Example:
      impact own-recs draft -w demo-veldmark-2024 --status validated
    """
    from impactkit.services.own_recommendations import propose
    from impactkit.services.workspaces import resolve_workspace_key

    cli = state(ctx)
    key = resolve_workspace_key(cli.database(), cli.principal(), workspace)
    result = propose(cli.database(), cli.principal(), key=key, statuses=status,
                     save=not dry_run)
    if as_json:
        print_json([{**(record_json(d.recommendation) or {}),
                     "related_summaries": [r.summary for r in d.related]}
                    for d in result.drafts])
        return
    for d in result.drafts:
        r = d.recommendation
        cli.console.print(f"[bold]{r.grade.value}[/] {r.key}: {r.text}", highlight=False)
        for related in d.related:
            cli.console.print(f"    {related.summary}", markup=False, highlight=False)
    if not dry_run:
        cli.console.print(f"{len(result.drafts)} drafts: {result.added} new, "
                          f"{result.refreshed} refreshed.", highlight=False)


def list_own(ctx: typer.Context, workspace: WorkspaceOption = None,
             as_json: JsonOption = False) -> None:
    """The workspace's own recommendations, strongest grade first.

    \b
    Example:
      impact own-recs list -w demo-veldmark-2024
    """
    from impactkit.recommendations.own import GRADE_ORDER
    from impactkit.services.own_recommendations import list_own as load
    from impactkit.services.workspaces import resolve_workspace_key

    cli = state(ctx)
    key = resolve_workspace_key(cli.database(), cli.principal(), workspace)
    records = sorted(load(cli.database(), cli.principal(), key=key),
                     key=lambda r: (GRADE_ORDER.index(r.grade), r.key))
    if as_json:
        print_json([record_json(r) for r in records])
        return
    table = Table(title="Recommendations of our own")
    for name in ("key", "grade", "status", "addressed to", "text"):
        table.add_column(name)
    for r in records:
        table.add_row(r.key, r.grade.value, r.status.value, ", ".join(r.actors) or "-", r.text)
    cli.console.print(table)


def show(ctx: typer.Context, key: Annotated[str, typer.Argument(help="Recommendation key.")],
         workspace: WorkspaceOption = None, as_json: JsonOption = False) -> None:
    """One recommendation of our own with its basis and related UN recommendations.

    \b
    Example:
      impact own-recs show gap-crc-35 -w demo-veldmark-2024
    """
    from impactkit.services.own_recommendations import get_own
    from impactkit.services.workspaces import resolve_workspace_key

    cli = state(ctx)
    ws = resolve_workspace_key(cli.database(), cli.principal(), workspace)
    r = get_own(cli.database(), cli.principal(), key=ws, record_key=key)
    if as_json:
        print_json(record_json(r))
        return
    for label, value in (("key", r.key), ("grade", r.grade.value), ("status", r.status.value),
                         ("version", str(r.version)), ("text", r.text),
                         ("why", r.rationale), ("evidence", r.basis_target or "-"),
                         ("addressed to", ", ".join(r.actors) or "-"),
                         ("provisions", ", ".join(r.provisions) or "-"),
                         ("related UN recommendations", ", ".join(r.related) or "-")):
        cli.console.print(f"[bold]{label}:[/] ", end="", highlight=False)
        cli.console.print(value, markup=False, highlight=False)


def write(
    ctx: typer.Context, key: Annotated[str, typer.Argument(help="A new key.")],
    text: Annotated[str, typer.Option(help="The recommendation.")],
    grade: Annotated[str, typer.Option(help="urge, consider or invite.")] = "consider",
    actor: Annotated[list[str] | None, typer.Option(help="Addressee actor key (repeat).")
                     ] = None,
    provision: Annotated[list[str] | None, typer.Option(help="Provision (repeat).")] = None,
    rationale: Annotated[str, typer.Option(help="Why, in one sentence.")] = "",
    workspace: WorkspaceOption = None,
) -> None:
    """Write a recommendation by hand (stored as a draft).

    \b
    Example:
      impact own-recs write publish-protocol -w demo-veldmark-2024 --grade consider \\
        --text "Publish the national referral protocol." --provision CRC-39
    """
    from impactkit.recommendations.own import OwnRecommendation
    from impactkit.services.own_recommendations import write as save
    from impactkit.services.workspaces import resolve_workspace_key

    cli = state(ctx)
    ws = resolve_workspace_key(cli.database(), cli.principal(), workspace)
    record = OwnRecommendation(key=key, text=text, grade=_grade(grade), basis="person",
                               basis_target="", rationale=rationale,
                               actors=tuple(actor or ()), provisions=tuple(provision or ()))
    save(cli.database(), cli.principal(), key=ws, record=record)
    cli.console.print(f"Recommendation {key} written (draft).", highlight=False)


def edit(
    ctx: typer.Context, key: Annotated[str, typer.Argument(help="Recommendation key.")],
    version: Annotated[int, typer.Option(help="The version you started from.")],
    text: Annotated[str | None, typer.Option(help="New text.")] = None,
    grade: Annotated[str | None, typer.Option(help="urge, consider or invite.")] = None,
    status: Annotated[str | None, typer.Option(
        help="draft, reviewed, accepted or rejected (beyond draft: reviewers only).")] = None,
    actor: Annotated[list[str] | None, typer.Option(help="Addressee actor key (repeat; "
                                                         "replaces them).")] = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Change a recommendation of our own from the version you read (a change made by
    someone else in between is refused, never overwritten).

    \b
    Example:
      impact own-recs edit gap-crc-35 -w demo-veldmark-2024 --version 1 --status accepted
    """
    from dataclasses import replace

    from impactkit.services.own_recommendations import edit as save
    from impactkit.services.own_recommendations import get_own
    from impactkit.services.workspaces import resolve_workspace_key

    cli = state(ctx)
    ws = resolve_workspace_key(cli.database(), cli.principal(), workspace)
    current = get_own(cli.database(), cli.principal(), key=ws, record_key=key)
    changed = replace(
        current, text=text if text is not None else current.text,
        grade=_grade(grade) if grade is not None else current.grade,
        status=_status(status) if status is not None else current.status,
        actors=tuple(actor) if actor is not None else current.actors)
    saved = save(cli.database(), cli.principal(), key=ws, record=changed,
                 expected_version=version)
    cli.console.print(f"Recommendation {key} saved (version {saved.version}).",
                      highlight=False)


def delete(ctx: typer.Context, key: Annotated[str, typer.Argument(help="Recommendation key.")],
           version: Annotated[int, typer.Option(help="The version you read.")],
           workspace: WorkspaceOption = None) -> None:
    """Delete a recommendation of our own (audited).

    \b
    Example:
      impact own-recs delete publish-protocol -w demo-veldmark-2024 --version 1
    """
    from impactkit.services.own_recommendations import delete as remove
    from impactkit.services.workspaces import resolve_workspace_key

    cli = state(ctx)
    ws = resolve_workspace_key(cli.database(), cli.principal(), workspace)
    remove(cli.database(), cli.principal(), key=ws, record_key=key, expected_version=version)
    cli.console.print(f"Recommendation {key} deleted.", highlight=False)


def _grade(text: str) -> Grade:
    try:
        return Grade(text)
    except ValueError:
        raise UsageError(f"unknown grade '{text}'; use urge, consider or invite") from None


def _status(text: str) -> OwnStatus:
    try:
        return OwnStatus(text)
    except ValueError:
        raise UsageError(f"unknown status '{text}'; use draft, reviewed, accepted or "
                         "rejected") from None
