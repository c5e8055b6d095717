"""``impact map show|gaps|path|export|import`` and ``impact map scenario save|list|replay``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, cast

import typer
from rich.console import Console
from rich.table import Table

from impactkit.cli.context import print_json, state
from impactkit.errors import UsageError
from impactkit.services import system_map as service
from impactkit.services.workspaces import resolve_workspace_key
from impactkit.systemmap.navigator import Route, Situation
from impactkit.systemmap.scenario import NOTE_KINDS, NoteKind, Scenario, ScenarioNote

app = typer.Typer(help="The system map: who is responsible, who works with whom, where it "
                  "breaks; and the referral navigator.", no_args_is_help=True)
scenario_app = typer.Typer(help="Saved referral scenarios, replayed after the map changes.",
                           no_args_is_help=True)
app.add_typer(scenario_app, name="scenario")

Workspace = Annotated[str | None, typer.Option(
    "--workspace", "-w", help="Workspace key (may be left out when there is only one).")]
AsJson = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]
AgeBand = Annotated[str, typer.Option(help="Age band, e.g. 0-5, 6-11, 12-14, 15-17 (never "
                                           "a birth date: no personal data).")]
Groups = Annotated[list[str] | None, typer.Option(
    "--group", help="Child group code (repeatable), e.g. unaccompanied.")]
Forms = Annotated[list[str] | None, typer.Option(
    "--form", help="Form of exploitation or risk (repeatable), e.g. labour-exploitation.")]
Needs = Annotated[list[str] | None, typer.Option(
    "--need", help="A need (repeatable), across survival, development, protection and "
    "participation; see 'impact catalogue show' for the codes.")]
Level = Annotated[str, typer.Option(help="Where the child is: local, regional or national "
                                         "(responsible actors at that level come first).")]
Place = Annotated[str, typer.Option(help="A place name, for the record (not used to "
                                         "identify anyone).")]


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="map")


@app.command("show")
def show(ctx: typer.Context, workspace: Workspace = None, as_json: AsJson = False) -> None:
    """The map in numbers: actors, links, isolated and bridging actors, coordination
    density between sectors.

    \b
    Example:
      impact map show -w demo-veldmark-2024
    """
    cli = state(ctx)
    db = cli.database()
    ws = resolve_workspace_key(db, cli.principal(), workspace)
    report = service.map_report(db, cli.principal(), workspace_key=ws)
    if as_json:
        print_json(report.to_dict())
        return
    out = cli.console
    out.print(f"{ws}: {report.actors} actors, {report.links} links; "
              f"{len(report.gaps)} gaps, {len(report.overlaps)} uncoordinated overlaps, "
              f"{len(report.conflicts)} declared conflicts.", highlight=False)
    if report.isolated:
        out.print(f"Isolated (no link at all): {', '.join(report.isolated)}", highlight=False)
    for bridge in report.bridges:
        parts = " | ".join(f"{len(part)} actor(s)" for part in bridge.separates)
        out.print(f"Bridging actor {bridge.actor}: its loss splits the coordinating network "
                  f"into {parts}", highlight=False)
    table = Table(title="Coordination density between sectors (coordinating links / pairs)")
    for column in ("Sector", "Sector", "Links", "Pairs", "Density"):
        table.add_column(column)
    for item in sorted(report.density, key=lambda d: (-d.density, d.sector_a, d.sector_b)):
        if item.possible:
            table.add_row(item.sector_a, item.sector_b, str(item.links), str(item.possible),
                          f"{item.density:.3f}")
    out.print(table)


@app.command("gaps")
def gaps(ctx: typer.Context, workspace: Workspace = None,
         form: Annotated[str | None, typer.Option(help="Only this form.")] = None,
         group: Annotated[str | None, typer.Option(help="Only this child group.")] = None,
         as_json: AsJson = False) -> None:
    """Where the system breaks: functions nobody is mandated for, several actors mandated
    without coordinating, declared conflicts.

    \b
    Example:
      impact map gaps -w demo-veldmark-2024 --form labour-exploitation
    """
    cli = state(ctx)
    db = cli.database()
    ws = resolve_workspace_key(db, cli.principal(), workspace)
    report = service.map_report(db, cli.principal(), workspace_key=ws)
    found = [g for g in report.gaps if (form is None or g.form == form)
             and (group is None or g.group == group)]
    overlaps = [o for o in report.overlaps if (form is None or o.form == form)
                and (group is None or o.group == group)]
    if as_json:
        full = report.to_dict()
        print_json({"gaps": [g for g, kept in zip(full["gaps"], report.gaps, strict=True)
                             if kept in found],
                    "overlaps": [o for o, kept in zip(full["overlaps"], report.overlaps,
                                                      strict=True) if kept in overlaps],
                    "conflicts": full["conflicts"]})
        return
    table = Table(title=f"Gaps: nobody mandated ({len(found)})")
    for column in ("Form", "Child group", "Function", "Why"):
        table.add_column(column, overflow="fold")
    for gap in found:
        table.add_row(gap.form or "any", gap.group or "all children", gap.function, gap.reason)
    cli.console.print(table)
    table = Table(title=f"Overlaps without coordination ({len(overlaps)})")
    for column in ("Form", "Child group", "Function", "Actors", "Not coordinating"):
        table.add_column(column, overflow="fold")
    for item in overlaps:
        table.add_row(item.form or "any", item.group or "all children", item.function,
                      ", ".join(item.actors),
                      "; ".join(f"{a} / {b}" for a, b in item.uncoordinated))
    cli.console.print(table)
    for conflict in report.conflicts:
        source, target = conflict.actor_keys
        cli.console.print(f"Conflict: {source} vs {target}"
                          f"{' (' + conflict.legal_basis + ')' if conflict.legal_basis else ''}"
                          f"{': ' + conflict.notes if conflict.notes else ''}",
                          highlight=False, markup=False)


@app.command("path")
def path(ctx: typer.Context, workspace: Workspace = None, age_band: AgeBand = "12-14",
         group: Groups = None, form: Forms = None, need: Needs = None, level: Level = "local",
         place: Place = "", as_json: AsJson = False) -> None:
    """The referral navigator: for a situation described without personal data, the
    provisions that apply, who is responsible at each step, the referral path, the services,
    and every gap on the way with its reason.

    \b
    Example:
      impact map path -w demo-veldmark-2024 --age-band 15-17 --group unaccompanied \\
          --form domestic-servitude
    """
    cli = state(ctx)
    db = cli.database()
    ws = resolve_workspace_key(db, cli.principal(), workspace)
    answer = service.route(db, cli.principal(), workspace_key=ws, situation=Situation(
        age_band=age_band, groups=tuple(group or ()), forms=tuple(form or ()),
        needs=tuple(need or ()), level=level, place=place))
    if as_json:
        print_json(answer.to_dict())
        return
    print_route(cli.console, answer)


def print_route(out: Console, answer: Route) -> None:
    out.print(f"Provisions that apply: {', '.join(answer.provisions) or 'none found'}",
              highlight=False)
    for number, step in enumerate(answer.steps, start=1):
        out.print(f"[bold]{number}. {step.function}[/bold]: "
                  f"{', '.join(step.actors) or 'nobody'}", highlight=False)
        if step.services:
            out.print(f"   services: {', '.join(step.services)}", highlight=False)
        if len(step.referral_path) > 1:
            out.print(f"   referral: {' -> '.join(step.referral_path)}", highlight=False)
        for gap in step.gaps:
            out.print(f"   [red]gap ({gap.kind})[/red]: {gap.reason}", highlight=False)
    if not answer.gaps:
        out.print("No gap on the way.", highlight=False)


@app.command("export")
def export(ctx: typer.Context,
           target: Annotated[Path, typer.Argument(help="A .graphml file, or a folder for the "
                                                       "Data Package.")],
           workspace: Workspace = None,
           file_format: Annotated[str, typer.Option("--format", help="graphml or "
                                                                     "datapackage.")] = "",
           ) -> None:
    """Export the map to GraphML (network tools) or a Data Package (lossless).

    \b
    Example:
      impact map export system-map.graphml -w demo-veldmark-2024 --format graphml
    """
    cli = state(ctx)
    db = cli.database()
    ws = resolve_workspace_key(db, cli.principal(), workspace)
    chosen = file_format or ("graphml" if target.suffix.lower() == ".graphml" else
                             "datapackage")
    written = service.export_map(db, cli.principal(), workspace_key=ws, path=target,
                                 file_format=chosen)
    cli.console.print(f"Exported the map of {ws} to {written}", highlight=False)


@app.command("import")
def import_(ctx: typer.Context,
            package: Annotated[Path, typer.Argument(help="A map Data Package (folder or "
                                                         "datapackage.json).", exists=True)],
            workspace: Workspace = None) -> None:
    """Add a map (actors, instruments, mandates, links) to a workspace, all or nothing.

    \b
    Example:
      impact map import system-map/ -w grc-2025
    """
    cli = state(ctx)
    db = cli.database()
    ws = resolve_workspace_key(db, cli.principal(), workspace)
    counts = service.import_map(db, cli.principal(), workspace_key=ws, path=package)
    cli.console.print(f"Imported into {ws}: " + ", ".join(
        f"{count} {name}" for name, count in counts.items() if count), highlight=False)


# --- scenarios --------------------------------------------------------------------------
@scenario_app.command("save")
def scenario_save(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="Key of the scenario.")],
    title: Annotated[str, typer.Option(help="A short title (no names of real children).")],
    workspace: Workspace = None, age_band: AgeBand = "12-14", group: Groups = None,
    form: Forms = None, need: Needs = None, level: Level = "local", place: Place = "",
    note: Annotated[list[str] | None, typer.Option(
        help="KIND[:DIMENSION]:TEXT, repeatable; KIND is needs-rights, risk, resilience, "
        "facilitating or hindering (these two need one of the six systemic dimensions).")
    ] = None,
    session: Annotated[int | None, typer.Option(help="Training session (1-6).")] = None,
    replace: Annotated[int | None, typer.Option(
        help="Replace the stored scenario, which must be at this version.")] = None,
) -> None:
    """Save a scenario with the navigator's answer on today's map.

    \b
    Example:
      impact map scenario save girl-15-servitude --title \\
          'Girl of 15 in domestic servitude' -w demo-veldmark-2024 --age-band 15-17 \\
          --form domestic-servitude
    """
    cli = state(ctx)
    db = cli.database()
    ws = resolve_workspace_key(db, cli.principal(), workspace)
    scenario = Scenario(key=key, title=title, situation=Situation(
        age_band=age_band, groups=tuple(group or ()), forms=tuple(form or ()),
        needs=tuple(need or ()), level=level, place=place),
        notes=tuple(parse_note(n) for n in note or ()), session=session)
    saved = service.save_scenario(db, cli.principal(), workspace_key=ws,
                                  scenario=scenario, expected_version=replace)
    gaps_now = len(saved.route.get("gaps", []))
    cli.console.print(f"Saved scenario {key} (version {saved.version}); the route has "
                      f"{gaps_now} gap(s) on today's map.", highlight=False)


def parse_note(text: str) -> ScenarioNote:
    kind, _, rest = text.partition(":")
    if not rest:
        raise UsageError(f"--note {text!r}: write KIND:TEXT or KIND:DIMENSION:TEXT")
    dimension: str | None = None
    if kind in ("facilitating", "hindering"):
        dimension, _, rest = rest.partition(":")
        if not rest:
            raise UsageError(f"--note {text!r}: {kind} notes name a systemic dimension: "
                             f"{kind}:DIMENSION:TEXT")
    if kind not in NOTE_KINDS:
        raise UsageError(f"--note {text!r}: the kind is one of {', '.join(NOTE_KINDS)}")
    return ScenarioNote(kind=cast(NoteKind, kind), text=rest.strip(),
                        dimension=dimension or None)


@scenario_app.command("list")
def scenario_list(ctx: typer.Context, workspace: Workspace = None,
                  as_json: AsJson = False) -> None:
    """The saved scenarios.

    \b
    Example:
      impact map scenario list -w demo-veldmark-2024
    """
    cli = state(ctx)
    db = cli.database()
    ws = resolve_workspace_key(db, cli.principal(), workspace)
    found = service.list_scenarios(db, cli.principal(), workspace_key=ws)
    if as_json:
        print_json([{"key": s.key, "title": s.title, "version": s.version,
                     "saved_at": s.saved_at.isoformat(), "saved_by": s.saved_by,
                     "scenario": s.document} for s in found])
        return
    table = Table(title=f"Scenarios of {ws}")
    for column in ("Key", "Title", "Saved", "By", "Gaps when saved"):
        table.add_column(column, overflow="fold")
    for s in found:
        table.add_row(s.key, s.title, s.saved_at.date().isoformat(), s.saved_by,
                      str(len(s.route.get("gaps", []))))
    cli.console.print(table)


@scenario_app.command("replay")
def scenario_replay(ctx: typer.Context,
                    key: Annotated[str, typer.Argument(help="Key of the scenario.")],
                    workspace: Workspace = None, as_json: AsJson = False) -> None:
    """Run a saved scenario on today's map: the route now, and which gaps a change fixed or
    opened since it was saved.

    \b
    Example:
      impact map scenario replay girl-15-servitude -w demo-veldmark-2024
    """
    cli = state(ctx)
    db = cli.database()
    ws = resolve_workspace_key(db, cli.principal(), workspace)
    result = service.replay(db, cli.principal(), workspace_key=ws, key=key)
    if as_json:
        print_json({"scenario": result.scenario.to_dict(), "saved_at": result.saved_at,
                    "saved": result.saved.to_dict(), "now": result.now.to_dict(),
                    "change": _plain(result.change)})
        return
    print_route(cli.console, result.now)
    change = result.change
    cli.console.print(f"Since {result.saved_at[:10]}: {len(change.fixed_gaps)} gap(s) fixed, "
                      f"{len(change.new_gaps)} new.", highlight=False)
    for gap in change.fixed_gaps:
        cli.console.print(f"  fixed: {gap.reason}", highlight=False, markup=False)
    for gap in change.new_gaps:
        cli.console.print(f"  new: {gap.reason}", highlight=False, markup=False)


def _plain(change: Any) -> Any:
    to_dict = getattr(change, "to_dict", None)
    return to_dict() if callable(to_dict) else str(change)
