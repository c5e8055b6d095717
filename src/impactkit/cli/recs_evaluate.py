"""``impact recs evaluate``: how well the tagger agrees with a file someone labelled.

The scoring is :func:`impactkit.recommendations.tagging.evaluate_table`; reading the file is
the exchange layer's job, which the pure ``recommendations`` package must not import, so
:func:`evaluate_file` joins the two here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from impactkit.cli.context import print_json, state
from impactkit.errors import ImportRejected, ValidationError
from impactkit.exchange.sources import read_table
from impactkit.recommendations.tagging import (
    MODES,
    TAG_HELP,
    EvaluationReport,
    Mode,
    evaluate_table,
    parse_mapping,
)


def evaluate_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A CSV (UTF-8) or XLSX file of labelled "
                                              "recommendations.")],
    text_column: Annotated[str, typer.Option("--text-column",
                                             help="Column holding the recommendation text.")],
    labels_column: Annotated[list[str], typer.Option(
        "--labels-column", help="Column holding their labels (repeat for several columns).")],
    separator: Annotated[str, typer.Option(
        help="Separator between several labels in one cell.")] = "|",
    map_: Annotated[list[str] | None, typer.Option(
        "--map", help=f"'THEIR LABEL=OUR TAG', repeatable. OUR TAG is {TAG_HELP}. A label "
        "ending in '*' matches by prefix. Without --map the labels must be our tags.")] = None,
    mode: Annotated[Mode | None, typer.Option(
        help="Evaluate one mode; left out, the keyword baseline, zero-shot and learned are "
        "shown side by side.")] = None,
    folds: Annotated[int, typer.Option(
        help="Folds of the cross-validation of the learned mode.", min=2)] = 5,
    embeddings: Annotated[bool | None, typer.Option(
        "--embeddings/--no-embeddings",
        help="Use sentence embeddings (needs the 'ml' extra). Left out: used when the extra "
        "is installed.")] = None,
    model_cache: Annotated[Path | None, typer.Option(
        help="Folder for the distilled embedding model (default: the user's cache "
        "folder).")] = None,
    json_: Annotated[bool, typer.Option(
        "--json", help="Print JSON: one object with --mode, else a list, one per mode.")
    ] = False,
) -> None:
    """Precision, recall and F1 per tag, macro-F1 and recommendations per second of the
    tagger on a labelled file (the learned mode scored out of fold)."""
    reports = evaluate_file_modes(
        file, text_column=text_column, labels_column=labels_column, separator=separator,
        mapping=parse_mapping(map_ or []), modes=(mode,) if mode else MODES, folds=folds,
        embeddings=embeddings, cache_dir=model_cache)
    if json_:
        print_json(reports[0].to_dict() if mode else [r.to_dict() for r in reports])
    else:
        render_evaluation(state(ctx).console, reports, location=str(file))


def evaluate_file_modes(path: Path, *, text_column: str, labels_column: str | Sequence[str],
                        separator: str = "|", mapping: Mapping[str, str] | None = None,
                        modes: Sequence[Mode | str] = MODES, folds: int = 5,
                        embeddings: bool | None = False,
                        cache_dir: Path | None = None) -> list[EvaluationReport]:
    """Each mode's report on a CSV or XLSX file (see
    :func:`~impactkit.recommendations.tagging.evaluate_table` for the arguments). A file that
    cannot be read is reported as a :class:`ValidationError` naming it."""
    try:
        table = read_table(path, location=str(path))
    except ImportRejected as rejected:
        raise ValidationError(rejected.problems,
                              summary=f"{path}: cannot evaluate this file") from None
    return evaluate_table(table, text_column=text_column, labels_column=labels_column,
                          separator=separator, mapping=mapping, modes=modes, folds=folds,
                          embeddings=embeddings, cache_dir=cache_dir)


def evaluate_file(path: Path, *, text_column: str, labels_column: str | Sequence[str],
                  separator: str = "|", mapping: Mapping[str, str] | None = None,
                  mode: Mode | str = Mode.ZERO_SHOT, folds: int = 5,
                  embeddings: bool | None = False,
                  cache_dir: Path | None = None) -> EvaluationReport:
    """One mode's precision, recall, F1 and support per tag, macro-F1 and recommendations per
    second on a labelled CSV or XLSX file. ``mapping`` maps their labels to our tags
    (``child-rights``, ``trafficking``, ``provision:CRC-32``, ``cluster:...``, ``sector:...``,
    ``group:...``, ``form:...``)."""
    return evaluate_file_modes(path, text_column=text_column, labels_column=labels_column,
                               separator=separator, mapping=mapping, modes=(mode,),
                               folds=folds, embeddings=embeddings, cache_dir=cache_dir)[0]


def render_evaluation(console: Console, reports: list[EvaluationReport], *,
                      location: str) -> None:
    """One row per tag, precision / recall / F1 of each mode side by side."""
    first = reports[0]
    notes = [f"{first.count} recommendations"]
    learned = next((r for r in reports if r.mode == Mode.LEARNED), None)
    if learned:
        notes.append(f"learned: {learned.folds}-fold cross-validation")
    embedder = next((r.embedder for r in reports if r.embedder), "")
    notes.append(f"embeddings: {embedder}" if embedder else "no embeddings")
    table = Table(title=f"Tagger evaluation: {location}", caption="; ".join(notes),
                  title_justify="left", caption_justify="left")
    table.add_column("tag")
    table.add_column("support", justify="right")
    for report in reports:
        for measure in ("P", "R", "F1"):
            table.add_column(f"{report.mode}\n{measure}", justify="right")
    for tag, scores in first.tags.items():
        cells = [tag, str(scores.support)]
        for report in reports:
            s = report.tags[tag]
            cells += [f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}"]
        table.add_row(*cells)
    table.add_section()
    table.add_row("macro-F1", "", *[cell for r in reports
                                    for cell in ("", "", f"{r.macro_f1:.3f}")])
    table.add_row("recs/s", "", *[cell for r in reports
                                  for cell in ("", "", f"{r.per_second:,.0f}")])
    console.print(table)
