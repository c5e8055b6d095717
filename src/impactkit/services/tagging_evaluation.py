"""How well the recommendation tagger agrees with a file someone labelled.

The scoring is :func:`impactkit.recommendations.tagging.evaluate_table`; reading the file is
the exchange layer's job, which the pure ``recommendations`` package must not import, so
this service joins the two for the CLI (``impact recs evaluate``), the bench and the tests.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from impactkit.errors import ImportRejected, ValidationError
from impactkit.exchange.sources import RawTable, read_table
from impactkit.recommendations.tagging import MODES, EvaluationReport, Mode, evaluate_table
from impactkit.recommendations.tagging.labelled import JoinedTable, join_labels


def evaluate_file_modes(path: Path, *, text_column: str, labels_column: str | Sequence[str],
                        separator: str = "|", mapping: Mapping[str, str] | None = None,
                        modes: Sequence[Mode | str] = MODES, folds: int = 5, seed: int = 0,
                        embeddings: bool | None = False, cache_dir: Path | None = None,
                        labels_from: Path | None = None,
                        join: Sequence[str] = ()) -> list[EvaluationReport]:
    """Each mode's report on a CSV or XLSX file (see
    :func:`~impactkit.recommendations.tagging.evaluate_table` for the arguments). With
    ``labels_from``, the label columns are read from that file instead, on the row with the
    same values in the ``join`` columns (a translated sample and its source). A file that
    cannot be read is reported as a :class:`ValidationError` naming it."""
    table: RawTable | JoinedTable = _read(path)
    if labels_from is not None:
        columns = [labels_column] if isinstance(labels_column, str) else list(labels_column)
        table = join_labels(table, _read(labels_from), on=join, label_columns=columns)
    return evaluate_table(table, text_column=text_column, labels_column=labels_column,
                          separator=separator, mapping=mapping, modes=modes, folds=folds,
                          seed=seed, embeddings=embeddings, cache_dir=cache_dir)


def _read(path: Path) -> RawTable:
    try:
        return read_table(path, location=str(path))
    except ImportRejected as rejected:
        raise ValidationError(rejected.problems,
                              summary=f"{path}: cannot evaluate this file") from None


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
