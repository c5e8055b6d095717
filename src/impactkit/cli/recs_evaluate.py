"""``impact recs evaluate``: how well the tagger agrees with a file someone labelled
(:mod:`impactkit.services.tagging_evaluation`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from impactkit.cli.context import print_json, state
from impactkit.cli.render.evaluation import render_evaluation
from impactkit.recommendations.tagging import MODES, TAG_HELP, Mode, parse_mapping
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
    tagger on a labelled file (the learned mode scored out of fold).

    \b
    Example:
      impact recs evaluate labelled.csv --text-column text --labels-column themes --map \\
          'Children*=child-rights'
    """
    reports = evaluate_file_modes(
        file, text_column=text_column, labels_column=labels_column, separator=separator,
        mapping=parse_mapping(map_ or []), modes=(mode,) if mode else MODES, folds=folds,
        embeddings=embeddings, cache_dir=model_cache)
    if json_:
        print_json(reports[0].to_dict() if mode else [r.to_dict() for r in reports])
    else:
        render_evaluation(state(ctx).console, reports, location=str(file))
