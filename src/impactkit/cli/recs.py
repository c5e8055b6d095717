"""``impact recs import|search|show|status|action|export`` (+ ``suggest|accept|reject|train``
from :mod:`impactkit.cli.recs_tagging` and ``evaluate`` from :mod:`impactkit.cli.recs_evaluate`).
"""

from __future__ import annotations

from datetime import date
from gettext import gettext as _
from gettext import ngettext
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from impactkit.cli.context import print_json, state
from impactkit.errors import UsageError
from impactkit.plain import plain
from impactkit.recommendations.model import (
    Action,
    ImplementationStatus,
    StatusAssessment,
    StatusSource,
)
from impactkit.services import recommendation_exchange as exchange
from impactkit.services import recommendation_links as links
from impactkit.services import recommendations as service
from impactkit.services.workspaces import resolve_workspace_key

app = typer.Typer(help="Recommendations made to the State: import, search, tag, track.",
                  no_args_is_help=True)

Workspace = Annotated[str | None, typer.Option(
    "--workspace", "-w", help="Workspace key (may be left out when there is only one).")]
AsJson = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]


def register(root: typer.Typer) -> None:
    from impactkit.cli import recs_tagging  # noqa: F401  (its commands join this group)
    from impactkit.cli.recs_evaluate import evaluate_command

    app.command("evaluate")(evaluate_command)
    root.add_typer(app, name="recs")


class Bars:
    """Rich progress bars fed by a service's ``progress(stage, done, total)`` calls."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.tasks: dict[str, TaskID] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage not in self.tasks:
            self.tasks[stage] = self.progress.add_task(stage, total=max(total, 1))
        self.progress.update(self.tasks[stage], completed=done, total=max(total, 1))


def progress_bars(ctx: typer.Context) -> Progress:
    return Progress(TextColumn("{task.description:<24}"), BarColumn(),
                    TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(),
                    console=state(ctx).console, transient=True)


@app.command("import")
def import_(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="CSV or XLSX file.", exists=True,
                                         dir_okay=False)],
    workspace: Workspace = None,
    file_format: Annotated[str, typer.Option(
        "--format", help="auto, ohchr (OHCHR thematic list), upr-info (UPR Info database "
        "export) or generic (with --map).")] = "auto",
    mapping: Annotated[list[str] | None, typer.Option(
        "--map", help="For --format generic: 'FIELD=COLUMN', repeatable (fields: text, "
        "mechanism, document_symbol, paragraph, cycle, session, date, recommending, "
        "position, language, themes, sdgs, provisions, clusters, sectors, groups, forms, "
        "key).")] = None,
    mechanism: Annotated[str | None, typer.Option(
        help="Mechanism of every row when the file does not say (crc, upr, treaty-body, "
        "special-procedures, regional, national, other).")] = None,
    cycle_date: Annotated[list[str] | None, typer.Option(
        "--cycle-date", help="'CYCLE=YYYY-MM-DD', repeatable: the date the recommendations of "
        "that cycle were made, for rows that give none (a cycle's reports see what was made up "
        "to its year).")] = None,
    as_json: AsJson = False,
) -> None:
    """Import recommendations into the State's, all or nothing; importing the same file
    again changes nothing. Reiterated recommendations (across mechanisms and cycles) are
    grouped.

    \b
    Example:
      impact recs import upr-info-export.csv -w grc-2025 --format upr-info
      impact recs import ohchr.csv -w svn-2024 --cycle-date 3=2019-11-13
    """
    cli = state(ctx)
    db = cli.database()
    key = resolve_workspace_key(db, cli.principal(), workspace)
    columns = parse_pairs(mapping or [], "--map", "FIELD=COLUMN")
    dates = {cycle: _date(value, "--cycle-date") for cycle, value in parse_pairs(
        cycle_date or [], "--cycle-date", "CYCLE=YYYY-MM-DD").items()}
    with progress_bars(ctx) as bars:
        report = service.import_file(db, cli.principal(), workspace_key=key, path=path,
                                     file_format=file_format, mapping=columns or None,
                                     mechanism=mechanism, progress=Bars(bars),
                                     cycle_dates=dates)
    if as_json:
        print_json(report.__dict__)
        return
    cli.console.print(f"Imported {report.read} recommendations into {key}: {report.added} "
                      f"added, {report.updated} updated, {report.unchanged} unchanged; "
                      f"{report.families} groups of reiterated recommendations.",
                      highlight=False)


@app.command("search")
def search(
    ctx: typer.Context,
    words: Annotated[list[str] | None, typer.Argument(
        help="Words to find (stemmed: 'trafficked' finds 'trafficking'); \"a phrase\", "
        "OR, -word.")] = None,
    workspace: Workspace = None,
    mechanism: Annotated[str | None, typer.Option(help="crc, upr, ...")] = None,
    cycle: Annotated[str | None, typer.Option(help="Cycle, e.g. 3.")] = None,
    tag: Annotated[str | None, typer.Option(
        help="KIND:CODE, e.g. provision:CRC-32, cluster:special-protection, theme:...")] = None,
    status: Annotated[str | None, typer.Option(
        help="Latest implementation status: " + ", ".join(s.value for s in
                                                          ImplementationStatus))] = None,
    actor: Annotated[str | None, typer.Option(
        help="Key of an actor responsible for an action answering it.")] = None,
    limit: Annotated[int, typer.Option(help="How many to show.")] = 20,
    offset: Annotated[int, typer.Option(help="How many to skip.")] = 0,
    as_json: AsJson = False,
) -> None:
    """Search the recommendations made to the workspace's State.

    \b
    Example:
      impact recs search child labour -w grc-2025 --tag provision:CRC-32
    """
    cli = state(ctx)
    db = cli.database()
    key = resolve_workspace_key(db, cli.principal(), workspace)
    filters = service.SearchFilters(text=" ".join(words or []) or None, mechanism=mechanism,
                            cycle=cycle, tag=tag, status=status, actor=actor)
    page = service.find(db, cli.principal(), workspace_key=key, filters=filters,
                        offset=offset, limit=limit)
    if as_json:
        print_json({"workspace": key, "total": page.total, "offset": page.offset,
                    "items": [plain(r) for r in page.items]})
        return
    title = ngettext("{n} recommendation in {workspace}", "{n} recommendations in {workspace}",
                     page.total).format(n=page.total, workspace=key)
    if page.items:
        title = ngettext("{n} recommendation in {workspace}, {first}-{last} shown",
                         "{n} recommendations in {workspace}, {first}-{last} shown",
                         page.total).format(n=page.total, workspace=key, first=offset + 1,
                                            last=offset + len(page.items))
    table = Table(title=title)
    for column in ("Key", "Mechanism", "Cycle", "Recommendation", "Tags"):
        table.add_column(column, overflow="fold")
    for rec in page.items:
        tags = ", ".join((*rec.provisions, *rec.clusters, *rec.summary))
        table.add_row(rec.key, str(rec.mechanism), rec.cycle, _short(rec.text, 160), tags)
    cli.console.print(table)


@app.command("show")
def show(ctx: typer.Context, key: Annotated[str, typer.Argument(help="Recommendation key.")],
         workspace: Workspace = None, as_json: AsJson = False) -> None:
    """One recommendation with its tags, reiterations, actions and status history.

    \b
    Example:
      impact recs show upr-4-140.99 -w grc-2025
    """
    cli = state(ctx)
    db = cli.database()
    ws = resolve_workspace_key(db, cli.principal(), workspace)
    who = cli.principal()
    rec = service.get(db, who, workspace_key=ws, key=key)
    family = service.family_of(db, who, workspace_key=ws, key=key)
    actions = service.actions_of(db, who, workspace_key=ws, recommendation=key)
    history = service.status_history(db, who, workspace_key=ws, key=key)
    if as_json:
        print_json({"recommendation": plain(rec),
                    "reiterations": [r.key for r in family if r.key != key],
                    "actions": [plain(a) for a in actions],
                    "status": [plain(s) for s in history]})
        return
    out = cli.console
    out.print(f"[bold]{rec.key}[/bold] ({rec.mechanism}, cycle {rec.cycle or '-'}, "
              f"{rec.document_symbol or 'no symbol'} {rec.paragraph})", highlight=False)
    out.print(rec.text, highlight=False, markup=False)
    for label, values in (("Recommending", rec.recommending), ("Position", (
            (str(rec.position),) if rec.position else ())), ("Provisions", rec.provisions),
            ("Clusters", rec.clusters), ("Summary tags", rec.summary),
            ("Themes", rec.themes), ("Reiterated as", tuple(
                r.key for r in family if r.key != key))):
        if values:
            out.print(f"{label}: {', '.join(values)}", highlight=False, markup=False)
    for linked in links.linked_findings(db, who, workspace_key=ws, recommendation=rec):
        title = linked.finding.title if linked.finding else _("not found")
        line = (_("Finding {key}: {title}") if linked.own_workspace
                else _("Finding {key} ({workspace}): {title}"))
        out.print(line.format(key=linked.key, workspace=linked.workspace_key, title=title),
                  highlight=False, markup=False)
    for action in actions:
        out.print(f"Action {action.key}: {action.title} [{action.status}] — "
                  f"{', '.join(action.actors) or 'no actor'}", highlight=False, markup=False)
    for item in history:
        out.print(f"Status {item.assessed_on} {item.source}: {item.status}"
                  f"{' — ' + item.evidence if item.evidence else ''}", highlight=False,
                  markup=False)


@app.command("status")
def status(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="Recommendation key.")],
    workspace: Workspace = None,
    set_: Annotated[str | None, typer.Option(
        "--set", help="Record a new assessment: " + ", ".join(
            s.value for s in ImplementationStatus))] = None,
    source: Annotated[str, typer.Option(help="Who assessed: " + ", ".join(
        s.value for s in StatusSource))] = StatusSource.NHRI.value,
    on: Annotated[str | None, typer.Option(help="Date of the assessment (YYYY-MM-DD; "
                                                "default today).")] = None,
    assessor: Annotated[str, typer.Option(help="The organisation that assessed.")] = "",
    evidence: Annotated[str, typer.Option(help="A reference or address for it.")] = "",
    note: Annotated[str, typer.Option(help="A note.")] = "",
    as_json: AsJson = False,
) -> None:
    """Show a recommendation's status history per source, or record a new assessment.

    \b
    Example:
      impact recs status upr-4-140.99 -w grc-2025 --set partially-implemented --source \\
          nhri --evidence 'Annual report 2025, p. 14'
    """
    cli = state(ctx)
    db = cli.database()
    ws = resolve_workspace_key(db, cli.principal(), workspace)
    who = cli.principal()
    if set_ is not None:
        service.add_status(db, who, workspace_key=ws, assessment=StatusAssessment(
            recommendation=key, source=_enum(StatusSource, source, "--source"),
            status=_enum(ImplementationStatus, set_, "--set"),
            assessed_on=_date(on) if on else date.today(), assessor=assessor,
            evidence=evidence, note=note))
    history = service.status_history(db, who, workspace_key=ws, key=key)
    if as_json:
        print_json({"recommendation": key, "status": [plain(s) for s in history]})
        return
    table = Table(title=f"Status of {key}")
    for column in ("Date", "Source", "Status", "Assessor", "Evidence", "Recorded by"):
        table.add_column(column, overflow="fold")
    for item in history:
        table.add_row(item.assessed_on.isoformat(), str(item.source), str(item.status),
                      item.assessor, item.evidence, item.recorded_by)
    cli.console.print(table)


@app.command("action")
def action(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="Key of the action (new or existing).")],
    title: Annotated[str, typer.Option(help="What is done.")],
    answers: Annotated[list[str], typer.Option(
        "--answers", help="Key of a recommendation it answers; repeatable.")],
    actor: Annotated[list[str] | None, typer.Option(
        "--actor", help="Key of a responsible actor; repeatable.")] = None,
    workspace: Workspace = None,
    status_: Annotated[str, typer.Option("--status", help=", ".join(
        s.value for s in ImplementationStatus))] = ImplementationStatus.PLANNED.value,
    due: Annotated[str | None, typer.Option(help="Due date (YYYY-MM-DD).")] = None,
    description: Annotated[str, typer.Option(help="Longer description.")] = "",
) -> None:
    """Add an action answering one or more recommendations, with its responsible actors.

    \b
    Example:
      impact recs action act-guardians --title 'Appoint guardians within 24 hours' \\
          --answers upr-4-140.99 --actor min-social -w grc-2025 --due 2026-06-30
    """
    cli = state(ctx)
    db = cli.database()
    ws = resolve_workspace_key(db, cli.principal(), workspace)
    saved = service.add_action(db, cli.principal(), workspace_key=ws, action=Action(
        key=key, title=title, description=description, recommendations=tuple(answers),
        actors=tuple(actor or ()), status=_enum(ImplementationStatus, status_, "--status"),
        due=_date(due) if due else None))
    n = len(saved.recommendations)
    cli.console.print(ngettext("Added action {key} answering {n} recommendation.",
                               "Added action {key} answering {n} recommendations.", n)
                      .format(key=saved.key, n=n), highlight=False)


@app.command("export")
def export(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="File to write: .csv, .xlsx or .json.",
                                         dir_okay=False)],
    workspace: Workspace = None,
) -> None:
    """Export every recommendation with its tags, family, latest status per source and
    actions (CSV and XLSX: one row each, lists '|'-separated; JSON: everything).

    \b
    Example:
      impact recs export recommendations.xlsx -w grc-2025
    """
    cli = state(ctx)
    db = cli.database()
    ws = resolve_workspace_key(db, cli.principal(), workspace)
    count = exchange.export_file(db, cli.principal(), workspace_key=ws, path=path)
    cli.console.print(f"Exported {count} recommendations of {ws} to {path}", highlight=False)


def parse_pairs(values: list[str], option: str, form: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for value in values:
        name, sep, column = value.partition("=")
        if not sep or not name.strip() or not column.strip():
            raise UsageError(f"{option} {value!r}: write {form}")
        pairs[name.strip()] = column.strip()
    return pairs


E = TypeVar("E", ImplementationStatus, StatusSource)


def _enum(kind: type[E], value: str, option: str) -> E:
    try:
        return kind(value)
    except ValueError:
        raise UsageError(f"{option} {value!r}: use one of "
                         f"{', '.join(m.value for m in kind)}") from None


def _date(value: str, option: str = "") -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        where = f"{option}: " if option else ""
        raise UsageError(f"{where}{value!r} is not a date: write YYYY-MM-DD") from None


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@app.command("link")
def link(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="Recommendation key.")],
    findings: Annotated[list[str], typer.Argument(
        help="Keys of findings of the workspace, or WORKSPACE/KEY for a finding of another "
             "workspace (cycle) of the same State.")],
    workspace: Workspace = None,
    remove: Annotated[bool, typer.Option("--remove", help="Unlink them instead.")] = False,
) -> None:
    """Link a recommendation to the findings of the assessment it bears on (or unlink).

    \b
    Example:
      impact recs link upr-4-140.99 F-12 F-15 -w grc-2025
    """
    cli = state(ctx)
    db = cli.database()
    ws = resolve_workspace_key(db, cli.principal(), workspace)
    who = cli.principal()
    rec = service.get(db, who, workspace_key=ws, key=key)
    change = links.unlink if remove else links.link
    saved = change(db, who, workspace_key=ws, key=key, findings=list(findings),
                   expected_version=rec.version)
    n = len(saved.findings)
    cli.console.print((ngettext("{key} is linked to {n} finding: {findings}.",
                                "{key} is linked to {n} findings: {findings}.", n)
                       if n else _("{key} is linked to no finding.")).format(
        key=key, n=n, findings=", ".join(saved.findings)), highlight=False)
