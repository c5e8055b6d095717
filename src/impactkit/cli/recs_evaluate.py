"""``impact recs evaluate``: how well the tagger agrees with a file someone labelled
(:mod:`impactkit.services.tagging_evaluation`), every mode beside the supervised baseline."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from impactkit.cli.context import print_json, state
from impactkit.recommendations.tagging import (
    MODES,
    TAG_HELP,
    EvaluationReport,
    Mode,
    parse_mapping,
)
from impactkit.recommendations.tagging.baseline import BASELINE_TITLE
from impactkit.services.tagging_evaluation import evaluate_file_modes


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
        help="Evaluate one mode; left out, the keyword list, zero-shot and learned are "
        "shown side by side.")] = None,
    folds: Annotated[int, typer.Option(
        help="Folds of the cross-validation of the learned mode.", min=2)] = 5,
    seed: Annotated[int, typer.Option(
        help="Seed of the shuffle that makes the folds (the learned mode's and the "
        "baseline's): the same seed gives the same figures.")] = 0,
    embeddings: Annotated[bool | None, typer.Option(
        "--embeddings/--no-embeddings",
        help="Use sentence embeddings (needs the 'ml' extra). Left out: used when the extra "
        "is installed.")] = None,
    model_cache: Annotated[Path | None, typer.Option(
        help="Folder for the distilled embedding model (default: the user's cache "
        "folder).")] = None,
    labels_from: Annotated[Path | None, typer.Option(
        "--labels-from", help="Read the label columns from this file instead, on the row with "
        "the same values in the --join columns (e.g. a translated sample and its source).")
    ] = None,
    join: Annotated[list[str] | None, typer.Option(
        "--join", help="Column identifying a row in both files, with --labels-from "
        "(repeat for several).")] = None,
    json_: Annotated[bool, typer.Option(
        "--json", help="Print JSON: one object with --mode (the baseline's figures inside), "
        "else a list: the baseline, then one per mode.")] = False,
) -> None:
    """Precision, recall and F1 per tag (precision and recall with their 95% Wilson
    intervals), macro-F1 and recommendations per second (warm-up excluded) of the tagger on a
    labelled file, beside a plain supervised baseline (TF-IDF of word and character n-grams
    with logistic regression) scored on the same folds as the learned mode (both out of
    fold). On a terminal the modes are side by side; otherwise (redirected to a file) one
    line per mode and tag.

    \b
    Example:
      impact recs evaluate labelled.csv --text-column text --labels-column themes --map \\
          'Children*=child-rights'
    """
    reports = evaluate_file_modes(
        file, text_column=text_column, labels_column=labels_column, separator=separator,
        mapping=parse_mapping(map_ or []), modes=(mode,) if mode else MODES, folds=folds,
        seed=seed, embeddings=embeddings, cache_dir=model_cache, labels_from=labels_from,
        join=join or ())
    if json_:
        baseline = reports[0].baseline
        everything = [baseline.to_dict()] if baseline else []
        print_json(reports[0].to_dict() if mode else
                   [*everything, *(r.to_dict() for r in reports)])
    else:
        render_evaluation(state(ctx).console, reports, location=str(file), seed=seed)


def render_evaluation(console: Console, reports: list[EvaluationReport], *,
                      location: str, seed: int = 0, narrow: bool | None = None) -> None:
    """The modes side by side, one row per tag: the baseline's precision, recall and F1,
    then each mode's, with its F1's difference from the baseline's; under precision and
    recall, their 95% intervals. ``narrow`` (by default: when the output is no terminal,
    whose 80 columns would cut every cell) prints one line per mode and tag instead."""
    first = reports[0]
    baseline = first.baseline
    notes = [f"{first.count} recommendations"]
    if baseline is not None:
        notes.append(f"baseline: {BASELINE_TITLE}, {baseline.folds}-fold cross-validation "
                     f"(seed {seed}), on the learned mode's folds")
    embedder = next((r.embedder for r in reports if r.embedder), "")
    notes.append(f"embeddings: {embedder}" if embedder else "no embeddings")
    notes.append("[low-high]: 95% Wilson interval; recs/s: a second pass, warm-up excluded")
    columns = [*([baseline] if baseline else []), *reports]
    if narrow if narrow is not None else not console.is_terminal:
        _render_lines(console, columns, baseline, title=f"Tagger evaluation: {location}",
                      notes=notes)
        return
    table = Table(title=f"Tagger evaluation: {location}", caption="; ".join(notes),
                  title_justify="left", caption_justify="left")
    table.add_column("tag")
    table.add_column("support", justify="right")
    for report in columns:
        for measure in ("P", "R", "F1"):
            table.add_column(f"{report.mode}\n{measure}", justify="right")
        if report is not baseline and baseline is not None:
            table.add_column(f"{report.mode}\nvs baseline", justify="right")
    for tag, scores in first.tags.items():
        cells = [tag, str(scores.support)]
        for report in columns:
            s = report.tags[tag]
            cells += [f"{s.precision:.3f}\n{_interval(s.precision_interval)}",
                      f"{s.recall:.3f}\n{_interval(s.recall_interval)}", f"{s.f1:.3f}"]
            if report is not baseline and baseline is not None:
                cells.append(f"{s.f1 - baseline.tags[tag].f1:+.3f}")
        table.add_row(*cells)
    table.add_section()
    macro, speed = ["macro-F1", ""], ["recs/s", ""]
    for report in columns:
        macro += ["", "", f"{report.macro_f1:.3f}"]
        speed += ["", "", f"{report.per_second:,.0f}"]
        if report is not baseline and baseline is not None:
            macro.append(f"{report.macro_f1 - baseline.macro_f1:+.3f}")
            speed.append("")
    table.add_row(*macro)
    table.add_row(*speed)
    console.print(table)


def _interval(bounds: tuple[float, float]) -> str:
    return f"[{bounds[0]:.2f}-{bounds[1]:.2f}]"


def _render_lines(console: Console, columns: list[EvaluationReport],
                  baseline: EvaluationReport | None, *, title: str, notes: list[str]) -> None:
    """One line per mode and tag, then one per mode with its macro-F1 and speed: readable in
    a file or a pipe, whatever its width."""
    def line(text: str) -> None:
        console.print(text, soft_wrap=True, markup=False, highlight=False)

    line(title)
    for report in columns:
        versus = report is not baseline and baseline is not None
        for tag, s in report.tags.items():
            parts = [f"{report.mode}", tag, f"support {s.support}",
                     f"P {s.precision:.3f} {_interval(s.precision_interval)}",
                     f"R {s.recall:.3f} {_interval(s.recall_interval)}", f"F1 {s.f1:.3f}"]
            if versus and baseline is not None:
                parts.append(f"vs baseline {s.f1 - baseline.tags[tag].f1:+.3f}")
            line("  ".join(parts))
    for report in columns:
        parts = [report.mode, f"macro-F1 {report.macro_f1:.3f}"]
        if report is not baseline and baseline is not None:
            parts.append(f"vs baseline {report.macro_f1 - baseline.macro_f1:+.3f}")
        parts.append(f"recs/s {report.per_second:,.0f}")
        line("  ".join(parts))
    for note in notes:
        line(note)
