"""``impact report``: the documents users publish, as HTML, PDF or Word."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from impactkit.cli.context import state
from impactkit.errors import UsageError

FormatOption = Annotated[str | None, typer.Option(
    "--format", "-f", help="html, pdf or docx (default: from the --out file's suffix, else "
    "pdf).")]
OutOption = Annotated[Path | None, typer.Option(
    "--out", "-o", help="File to write (default: impact-KIND-WORKSPACE.FORMAT here).",
    dir_okay=False)]
StatusOption = Annotated[str, typer.Option(
    "--status", help="Findings included: validated (the default), all (drafts included, "
    "each labelled as a draft), or a comma-separated list of draft, reviewed, validated.")]
BaseUrlOption = Annotated[str | None, typer.Option(
    "--base-url", help="Address of the IMPACT web app (https://impact.example.org): each "
    "note then links to the web page explaining its number.")]
WorkspaceOption = Annotated[str | None, typer.Option(
    "--workspace", "-w", help="Workspace key (may be left out when there is only one).")]


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="Write a report: national assessment, alternative report to the "
                        "CRC Committee, follow-up of recommendations, comparative analysis.",
                        no_args_is_help=True, pretty_exceptions_enable=False,
                        rich_markup_mode=None, add_completion=False)
    group.command("national")(national)
    group.command("alternative")(alternative)
    group.command("recommendations")(recommendations)
    group.command("comparative")(comparative)
    app.add_typer(group, name="report")


def _format(format_: str | None, out: Path | None) -> str:
    from impactkit.services.reports import FORMATS

    if format_ is None:
        suffix = out.suffix.lower().lstrip(".") if out is not None else ""
        format_ = suffix if suffix in FORMATS else "pdf"
    if format_ not in FORMATS:
        raise UsageError(f"unknown report format {format_!r}; use one of: {', '.join(FORMATS)}")
    return format_


def _write(ctx: typer.Context, kind: str, workspaces: list[str], format_: str | None,
           out: Path | None, status: str, base_url: str | None,
           word_limit: int | None = None, scheme: str | None = None) -> None:
    from impactkit.services import reports
    from impactkit.services.workspaces import resolve_workspace_key

    cli = state(ctx)
    db, principal = cli.database(), cli.principal()
    if kind != "comparative":
        workspaces = [resolve_workspace_key(db, principal, workspaces[0] if workspaces
                                            else None)]
    request = reports.ReportRequest(kind=kind, workspaces=tuple(workspaces),
                                    format=_format(format_, out), status=status,
                                    word_limit=word_limit, scheme=scheme).checked()
    link = None
    if base_url:
        if not base_url.startswith(("http://", "https://")):
            raise UsageError(f"--base-url must start with http:// or https://, not {base_url!r}")
        from impactkit.web.urls import explain_linker

        link = explain_linker(base_url)

    target = out or Path(reports.file_name(request))
    steps = len(request.workspaces) + 2
    with Progress(TextColumn("{task.description:<48}"), BarColumn(),
                  TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(),
                  console=cli.console, transient=True,
                  disable=not cli.console.is_terminal) as progress:
        task = progress.add_task("Starting", total=steps)

        def step(stage: str) -> None:
            progress.update(task, description=stage, advance=1)

        document, data = reports.report_bytes(db, principal, request, link=link,
                                              progress=step)
        progress.update(task, completed=steps)
    target.write_bytes(data)
    words = ""
    if document.word_count is not None:
        words = f"; {document.word_count:,} words"
        if document.word_limit:
            words += f" of a limit of {document.word_limit:,}"
            if document.word_count > document.word_limit:
                words += " (over the limit)"
    cli.console.print(f"Wrote {target} ({len(data):,} bytes, {len(document.notes)} notes"
                      f"{words}).", markup=False, highlight=False, soft_wrap=True)


def national(
    ctx: typer.Context, workspace: WorkspaceOption = None, format_: FormatOption = None,
    out: OutOption = None, status: StatusOption = "validated", base_url: BaseUrlOption = None,
) -> None:
    """The national assessment of one workspace: key findings, method, the system, findings
    by CRC cluster, gaps, exclusion, coherence, recommendations, conclusions and annexes.

    \b
    Example:
      impact report national -w demo-veldmark-2024 --format pdf --out national.pdf
    """
    _write(ctx, "national", [workspace] if workspace else [], format_, out, status, base_url)


def alternative(
    ctx: typer.Context, workspace: WorkspaceOption = None, format_: FormatOption = None,
    out: OutOption = None, status: StatusOption = "validated", base_url: BaseUrlOption = None,
    word_limit: Annotated[int | None, typer.Option(
        "--word-limit", min=1, help="Word limit to count against, shown on the cover.")] = None,
    scheme: Annotated[str | None, typer.Option(
        "--scheme", help="Cluster scheme of the Committee's guidelines: crc-2015 (the "
        "current one, the default) or crc-2005.")] = None,
) -> None:
    """The alternative report to the CRC Committee, in the Committee's cluster order.

    \b
    Example:
      impact report alternative -w demo-veldmark-2024 --word-limit 20000 -o alt.docx
    """
    _write(ctx, "alternative", [workspace] if workspace else [], format_, out, status,
           base_url, word_limit=word_limit, scheme=scheme)


def recommendations(
    ctx: typer.Context, workspace: WorkspaceOption = None, format_: FormatOption = None,
    out: OutOption = None, status: StatusOption = "validated", base_url: BaseUrlOption = None,
) -> None:
    """The follow-up of recommendations: tallies by cluster, mechanism, actor and status per
    source, then every recommendation with its actions, due dates and evidence.

    \b
    Example:
      impact report recommendations -w demo-veldmark-2024 -o follow-up.pdf
    """
    _write(ctx, "recommendations", [workspace] if workspace else [], format_, out, status,
           base_url)


def comparative(
    ctx: typer.Context,
    workspaces: Annotated[list[str], typer.Argument(help="Two or more workspace keys.")],
    format_: FormatOption = None, out: OutOption = None,
    status: StatusOption = "validated", base_url: BaseUrlOption = None,
) -> None:
    """A comparative analysis of two or more workspaces (countries, or cycles of one).

    \b
    Example:
      impact report comparative demo-veldmark-2019 demo-veldmark-2024 -o compare.pdf
    """
    _write(ctx, "comparative", workspaces, format_, out, status, base_url)
