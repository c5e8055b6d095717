"""``impact map show|gaps|path|export|import`` and ``impact map scenario save|list|replay``."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Annotated, Any, cast

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from impactkit.catalogue.schema import Catalogue
from impactkit.cli.context import print_json, state
from impactkit.cli.render.numbers import counted
from impactkit.errors import UsageError
from impactkit.services import map_gaps
from impactkit.services import system_map as service
from impactkit.services.workspaces import resolve_workspace_key
from impactkit.systemmap.navigator import (
    Route,
    Situation,
    connection_text,
    trafficking_text,
)
from impactkit.systemmap.pathway import provision_reason_text, step_reason_text
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
    """The map in numbers: actors, links, gaps, overlaps, conflicts, isolated and bridging
    actors (the counts the map page and the analysis report give), and coordination density
    between sectors.

    \b
    Example:
      impact map show -w demo-veldmark-2024
    """
    cli = state(ctx)
    db = cli.database()
    ws = resolve_workspace_key(db, cli.principal(), workspace)
    data, report = service.map_with_report(db, cli.principal(), workspace_key=ws)
    counts = map_gaps.summary(report)
    if as_json:
        print_json({"summary": counts, **report.to_dict()})
        return
    out = cli.console
    out.print(f"{ws}: {counts['actors']} actors, {counts['links']} links; {counts['gaps']} "
              f"gaps, {counts['specialised']} specialised functions nobody holds, "
              f"{counts['overlaps']} overlaps without coordination "
              f"({counts['uncoordinated_pairs']} pairs), {counts['conflicts']} declared "
              f"conflicts, {counts['bridges']} bridging and {counts['isolated']} isolated "
              "actors.", highlight=False, markup=False)
    names = {a.key: a.name for a in data.actors}
    if report.isolated:
        shown = ", ".join(names.get(k, k) for k in report.isolated[:20])
        more = len(report.isolated) - 20
        out.print(f"Isolated (no link at all): {shown}"
                  + (f" and {more} more" if more > 0 else ""), highlight=False, markup=False)
    for bridge in report.bridges[:20]:
        cut = [names.get(k, k) for part in bridge.separates for k in part]
        shown = "; ".join(cut[:5])
        sentence = ("Bridging actor {actor}: without it, {cut} would be cut off from the rest."
                    if len(cut) <= 5 else
                    "Bridging actor {actor}: without it, {cut} and {more} more would be cut off "
                    "from the rest.")
        out.print(sentence.format(actor=names.get(bridge.actor, bridge.actor), cut=shown,
                                  more=len(cut) - 5), highlight=False, markup=False)
    if len(report.bridges) > 20:
        out.print(f"... and {len(report.bridges) - 20} more bridging actors (--json lists "
                  "them all).", highlight=False, markup=False)
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
         group: Annotated[str | None, typer.Option(
             help="Only gaps that leave this child group without anyone.")] = None,
         pairs: Annotated[bool, typer.Option(
             "--pairs", help="List every pair of each overlap that does not coordinate "
             "(otherwise they are counted).")] = False,
         as_json: AsJson = False) -> None:
    """Where the system breaks: functions nobody is mandated for (one gap per form and
    function, with the child groups it leaves out), specialised functions nobody holds,
    several actors mandated without coordinating, declared conflicts.

    \b
    Example:
      impact map gaps -w demo-veldmark-2024 --form labour-exploitation
    """
    cli = state(ctx)
    db = cli.database()
    ws = resolve_workspace_key(db, cli.principal(), workspace)
    if pairs:
        data, report, listed = map_gaps.map_with_pairs(db, cli.principal(), workspace_key=ws)
    else:
        data, report = service.map_with_report(db, cli.principal(), workspace_key=ws)
        listed = {}
    names = {a.key: a.name for a in data.actors}
    found = [g for g in report.gaps if (form is None or g.form == form)
             and (group is None or group in g.groups)]
    overlaps = [o for o in report.overlaps if form is None or o.form == form]
    if as_json:
        print_json({"gaps": [g.to_dict() for g in found],
                    "specialised": [g.to_dict() for g in report.specialised],
                    "overlaps": [{**o.to_dict(), **({"uncoordinated": listed[(o.form,
                                                                             o.function)]}
                                                    if pairs else {})}
                                 for o in overlaps],
                    "conflicts": [c.to_dict() for c in report.conflicts]})
        return
    out = cli.console
    table = Table(title=f"Gaps: nobody mandated ({len(found)})")
    for column in ("Form", "Function", "Child groups also without anyone", "Why"):
        table.add_column(column, overflow="fold")
    for gap in found:
        table.add_row(gap.form, gap.function, ", ".join(gap.groups) or "none", gap.reason)
    out.print(table)
    if report.specialised:
        table = Table(title=f"Specialised functions nobody holds ({len(report.specialised)})")
        for column in ("Function", "Part of", "Why"):
            table.add_column(column, overflow="fold")
        for hole in report.specialised:
            table.add_row(hole.function, hole.part_of, hole.message)
        out.print(table)
    table = Table(title=f"Overlaps without coordination ({len(overlaps)})")
    for column in ("Form", "Function", "Actors", "Pairs not coordinating"):
        table.add_column(column, overflow="fold")
    for item in overlaps:
        table.add_row(item.form, item.function, str(len(item.actors)),
                      f"{item.uncoordinated_count} of {item.pairs}")
    out.print(table)
    for (overlap_form, function), listing in listed.items():
        out.print(f"Not coordinating, {function} of {overlap_form}: " + "; ".join(
            f"{names.get(a, a)} / {names.get(b, b)}" for a, b in listing),
            highlight=False, markup=False)
    for conflict in report.conflicts:
        basis = f" Legal basis: {conflict.legal_basis}." if conflict.legal_basis else ""
        out.print(f"{conflict.message}{basis}", highlight=False, markup=False)


AgeInDoubt = Annotated[bool, typer.Option(
    "--age-in-doubt", help="The child's age is in doubt: the child is presumed a minor and the "
    "age-assessment step applies.")]


@app.command("path")
def path(ctx: typer.Context, workspace: Workspace = None, age_band: AgeBand = "12-14",
         group: Groups = None, form: Forms = None, need: Needs = None, level: Level = "local",
         place: Place = "", age_in_doubt: AgeInDoubt = False,
         as_json: AsJson = False) -> None:
    """The referral navigator: for a situation described without personal data, the
    provisions that apply and why, the steps of the protection pathway in order with their
    legal basis, who is responsible at each, the referral route, the services, and every gap
    on the way with its reason.

    \b
    Example:
      impact map path -w demo-veldmark-2024 --age-band 15-17 --group unaccompanied \\
          --form domestic-servitude
    """
    cli = state(ctx)
    db = cli.database()
    ws = resolve_workspace_key(db, cli.principal(), workspace)
    answer, catalogue = service.route_with_catalogue(
        db, cli.principal(), workspace_key=ws, situation=Situation(
            age_band=age_band, groups=tuple(group or ()), forms=tuple(form or ()),
            needs=tuple(need or ()), level=level, place=place, age_in_doubt=age_in_doubt))
    if as_json:
        print_json(answer.to_dict())
        return
    print_route(cli.console, answer, catalogue)


def print_route(out: Console, answer: Route, words: Catalogue) -> None:
    """The answer in words (the workspace's catalogue's titles): provisions with why, steps
    in order, actors by name, gaps."""
    say = partial(out.print, highlight=False, markup=False)
    titles = {p.code: p.title for p in words.provisions()}
    if note := trafficking_text(answer, words):
        say(note)
    say("Provisions that apply:" if answer.provisions else "No provision found.")
    for provision in answer.provisions:
        say(f"  {provision.code} {titles.get(provision.code, '')}".rstrip())
        for reason in provision.reasons:
            say(f"    - {provision_reason_text(reason, words)}")
    for number, step in enumerate(answer.steps, start=1):
        urgent = " (urgent)" if step.urgent else ""
        out.print(f"[bold]{number}. {step.code}[/bold]: {escape(step.title)}{urgent}",
                  highlight=False)
        say(f"   Legal basis: {', '.join(step.provisions)}")
        for reason in step.why:
            say(f"   Why: {step_reason_text(reason, words)}")
        responsible = "; ".join(f"{answer.name(a)} [{a}]" for a in step.actors)
        say(f"   Responsible: {responsible or 'nobody'}")
        for actor in step.acting_here:
            say(f"   {answer.name(actor)} acts at the {answer.situation.level} level under "
                "its mandate.")
        if step.services:
            say(f"   Services: {'; '.join(answer.name(a) for a in step.services)}")
        say(f"   Route: {connection_text(step, answer)}")
        for gap in step.gaps:
            out.print(f"   [red]gap ({gap.kind})[/red]: {escape(gap.reason)}", highlight=False)
    if not answer.gaps:
        say("No gap on the way.")


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
            package: Annotated[Path, typer.Argument(
                help="A map Data Package (folder or datapackage.json), or a folder of CSV "
                "files: actors.csv, instruments.csv, services.csv, mandates.csv, links.csv "
                "(any of them).", exists=True)],
            workspace: Workspace = None) -> None:
    """Add a map (actors, instruments, mandates, links, services) to a workspace, all or
    nothing: any problem is reported with file, row and column.

    \b
    Example:
      impact map import system-map/ -w grc-2025
      impact map import spreadsheets/ -w grc-2025
    """
    cli = state(ctx)
    db = cli.database()
    ws = resolve_workspace_key(db, cli.principal(), workspace)
    # imported here: the exchange formats (XLSX, Data Package) cost a second to load, which
    # every other map command would pay
    from impactkit.services import exchange

    report = exchange.import_map(db, cli.principal(), key=ws, path=package)
    cli.console.print(f"Imported into {ws}: {counted(report.counts)}", highlight=False)


# --- scenarios --------------------------------------------------------------------------
@scenario_app.command("save")
def scenario_save(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="Key of the scenario.")],
    title: Annotated[str, typer.Option(help="A short title (no names of real children).")],
    workspace: Workspace = None, age_band: AgeBand = "12-14", group: Groups = None,
    form: Forms = None, need: Needs = None, level: Level = "local", place: Place = "",
    age_in_doubt: AgeInDoubt = False,
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
        needs=tuple(need or ()), level=level, place=place, age_in_doubt=age_in_doubt),
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
    print_route(cli.console, result.now, result.catalogue)
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
