"""Evaluate the tagger modes on a labelled table, the way ``impact recs evaluate`` does.

The keyword list, zero-shot and learned modes are scored on the same texts and labels:
label-free modes on every text, the learned mode out of fold (stratified k-fold). Every run
also scores the plain supervised baseline (:mod:`.baseline`, TF-IDF + logistic regression) on
the very same folds, and every report carries its figures, so each mode reads against it.
Throughput is the number of recommendations tagged per second, training excluded (for the
trained models: one trained on the whole set tagging the whole set, as it would tag a
workspace), timed on a second pass over the texts: the first one loads vocabularies and the
language detector and fills the stem caches, once per process.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from impactkit.errors import UsageError
from impactkit.recommendations.tagging.baseline import (
    BASELINE_NAME,
    BASELINE_TITLE,
    BaselineTagger,
)
from impactkit.recommendations.tagging.catalogue_view import CatalogueView
from impactkit.recommendations.tagging.embeddings import Embedder, load_embedder
from impactkit.recommendations.tagging.keywords import KeywordTagger
from impactkit.recommendations.tagging.labelled import LabelledSet, Table, read_labelled
from impactkit.recommendations.tagging.learned import LearnedTagger
from impactkit.recommendations.tagging.metrics import (
    TagScores,
    cross_validate,
    fold_indices,
    macro_f1,
    per_second,
    score_results,
    timed_predict,
)
from impactkit.recommendations.tagging.suggestions import Tagger
from impactkit.recommendations.tagging.zero_shot import ZeroShotTagger


class Mode(StrEnum):
    KEYWORDS = "keywords"
    ZERO_SHOT = "zero-shot"
    LEARNED = "learned"


MODES: tuple[Mode, ...] = (Mode.KEYWORDS, Mode.ZERO_SHOT, Mode.LEARNED)


@dataclass(frozen=True, slots=True)
class EvaluationReport:
    """Scores of one mode on one labelled set. ``count`` texts were tagged; ``embedder``
    names the embedding model used ("" for none); ``folds`` is 0 for label-free modes;
    ``baseline`` is the supervised baseline's report on the same texts and folds (None for
    the baseline's own report)."""

    mode: str
    tags: dict[str, TagScores]
    macro_f1: float
    per_second: float
    count: int = 0
    folds: int = 0
    embedder: str = ""
    baseline: EvaluationReport | None = None

    def to_dict(self) -> dict[str, Any]:
        """``{"mode", "tags": {TAG: {"precision", "recall", "f1", "support",
        "baseline_f1"}}, "macro_f1", "baseline_macro_f1", "per_second", "baseline"}``; the
        baseline's own report has ``"model"`` and ``"folds"`` instead of the baseline keys."""
        tags = {tag: s.to_dict() for tag, s in self.tags.items()}
        payload: dict[str, Any] = {"mode": self.mode, "tags": tags,
                                   "macro_f1": round(self.macro_f1, 4)}
        if self.baseline is None:
            payload |= {"model": BASELINE_TITLE, "folds": self.folds}
        else:
            for tag, scores in tags.items():
                scores["baseline_f1"] = round(self.baseline.tags[tag].f1, 4)
            payload["baseline_macro_f1"] = round(self.baseline.macro_f1, 4)
        payload["per_second"] = self.per_second
        if self.baseline is not None:
            payload["baseline"] = self.baseline.to_dict()
        return payload


def evaluate_baseline(labelled: LabelledSet, *, folds: int = 5,
                      seed: int = 0) -> EvaluationReport:
    """The supervised baseline's out-of-fold scores, on the folds :func:`evaluate` uses for
    the learned mode with the same ``folds`` and ``seed``."""
    texts, labels, tags = labelled.texts, labelled.labels, labelled.tags
    results, _ = cross_validate(BaselineTagger, texts, labels, tags,
                                folds=fold_indices(labels, tags, folds, seed))
    seconds = warm_seconds(BaselineTagger().fit(texts, labels), texts)
    scores = score_results(results, labels, tags)
    return EvaluationReport(BASELINE_NAME, scores, macro_f1(scores.values()),
                            per_second(len(texts), seconds), count=len(texts), folds=folds)


def evaluate(labelled: LabelledSet, mode: Mode | str, *, folds: int = 5, seed: int = 0,
             catalogue: CatalogueView | None = None, embedder: Embedder | None = None,
             baseline: EvaluationReport | None = None) -> EvaluationReport:
    """Score one mode on a labelled set (see :func:`read_labelled`); ``baseline`` (from
    :func:`evaluate_baseline` with the same folds and seed) is carried in the report."""
    mode = _mode(mode)
    texts, labels, tags = labelled.texts, labelled.labels, labelled.tags
    if mode == Mode.LEARNED:
        catalogue = catalogue or CatalogueView.default()
        zero_shot = ZeroShotTagger(catalogue, embedder=embedder)  # shared: it learns nothing
        results, _ = cross_validate(lambda: LearnedTagger(zero_shot), texts, labels, tags,
                                    folds=fold_indices(labels, tags, folds, seed))
        # Speed as in use: one trained tagger tagging the whole batch (small held-out folds,
        # each tagged by a freshly trained model, understate it by half on a busy machine).
        seconds = warm_seconds(LearnedTagger(zero_shot).fit(texts, labels), texts)
    else:
        tagger: Tagger = KeywordTagger() if mode == Mode.KEYWORDS else ZeroShotTagger(
            catalogue, embedder=embedder)
        results = tagger.predict(texts)
        seconds = warm_seconds(tagger, texts, warmed=True)
    scores = score_results(results, labels, tags)
    return EvaluationReport(
        mode.value, scores, macro_f1(scores.values()), per_second(len(texts), seconds),
        count=len(texts), folds=folds if mode == Mode.LEARNED else 0,
        embedder=embedder.name if embedder is not None and mode != Mode.KEYWORDS else "",
        baseline=baseline)


def warm_seconds(tagger: Tagger, texts: Sequence[str], *, warmed: bool = False) -> float:
    """Seconds ``tagger`` takes to tag ``texts`` once warm: a first pass (unless ``warmed``
    says one was just made) loads what is loaded once, and the second is timed."""
    if not warmed:
        tagger.predict(texts)
    return timed_predict(tagger, texts)[1]


def evaluate_table(table: Table, *, text_column: str, labels_column: str | Sequence[str],
                   separator: str = "|", mapping: Mapping[str, str] | None = None,
                   modes: Sequence[Mode | str] = MODES, folds: int = 5, seed: int = 0,
                   embeddings: bool | None = False,
                   cache_dir: Path | None = None) -> list[EvaluationReport]:
    """Precision, recall, F1 and support per tag, macro-F1 and recommendations per second of
    each mode in ``modes`` on a labelled table, the file read once so the modes compare side
    by side, each report carrying the supervised baseline's scores on the same folds.

    ``mapping`` maps their labels to our tags: ``child-rights``, ``trafficking``, or catalogue
    tags written ``provision:CRC-32``, ``cluster:violence``, ``sector:labour``,
    ``group:unaccompanied``, ``form:labour-exploitation``; a label ending in ``*`` matches
    by prefix. ``labels_column`` may name several columns. ``seed`` shuffles the folds (the
    learned mode's and the baseline's). ``embeddings``: True requires the
    ``[ml]`` extra, None uses it when installed, False never (see :mod:`.embeddings`).
    Bad input raises :class:`~impactkit.errors.ValidationError` naming file, row and column.
    """
    modes = [_mode(mode) for mode in modes]
    catalogue = CatalogueView.default()
    labelled = read_labelled(table, text_column=text_column, labels_column=labels_column,
                             separator=separator, mapping=mapping, catalogue=catalogue)
    embedder = None if embeddings is False else load_embedder(cache_dir,
                                                              required=bool(embeddings))
    baseline = evaluate_baseline(labelled, folds=folds, seed=seed)
    return [evaluate(labelled, mode, folds=folds, seed=seed, catalogue=catalogue,
                     embedder=embedder, baseline=baseline) for mode in modes]


def _mode(mode: Mode | str) -> Mode:
    try:
        return Mode(mode)
    except ValueError:
        raise UsageError(f"unknown mode {mode!r}: expected one of "
                         f"{', '.join(m.value for m in MODES)}") from None
