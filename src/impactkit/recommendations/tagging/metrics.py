"""How well a tagger agrees with people: precision, recall and F1 per tag, cross-validation.

A tag counts as predicted when its suggestion reaches
:data:`~.suggestions.DECISION_THRESHOLD`. A learned tagger is only ever scored on texts it was
not trained on (k-fold: train on k-1 folds, score the held-out one), so its figures compare
fairly with the label-free modes.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from impactkit.errors import UsageError
from impactkit.recommendations.tagging.suggestions import (
    DECISION_THRESHOLD,
    Tagger,
    TaggingResult,
)


@dataclass(frozen=True, slots=True)
class TagScores:
    tag: str
    precision: float
    recall: float
    f1: float
    support: int  # texts that carry the tag according to the labels
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision_interval(self) -> tuple[float, float]:
        """The 95% Wilson interval of the precision (of the texts the tag was given to)."""
        return wilson_interval(self.true_positives, self.true_positives + self.false_positives)

    @property
    def recall_interval(self) -> tuple[float, float]:
        """The 95% Wilson interval of the recall (of the texts that carry the tag)."""
        return wilson_interval(self.true_positives, self.support)

    def to_dict(self) -> dict[str, float | int | list[float]]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "support": self.support,
                "precision_95": [round(x, 4) for x in self.precision_interval],
                "recall_95": [round(x, 4) for x in self.recall_interval]}


Z_95 = 1.959964


def wilson_interval(successes: int, trials: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval of a proportion (95% by default): honest on small counts
    and at 0 or 1, where the normal approximation collapses to a point (20 right out of 20
    gives 0.839 to 1, not 1 to 1). No trial at all: (0, 1), nothing is known."""
    if trials <= 0:
        return 0.0, 1.0
    p = successes / trials
    z2 = z * z
    centre = (p + z2 / (2 * trials)) / (1 + z2 / trials)
    half = z * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials)) / (1 + z2 / trials)
    return max(0.0, centre - half), min(1.0, centre + half)


def score_tag(tag: str, predicted: Sequence[bool], actual: Sequence[bool]) -> TagScores:
    """Scores of one tag. A ratio with nothing to divide by is 0 (no prediction made, or no
    text carries the tag), as scikit-learn's ``zero_division=0`` does."""
    tp = sum(p and a for p, a in zip(predicted, actual, strict=True))
    fp = sum(p and not a for p, a in zip(predicted, actual, strict=True))
    fn = sum(a and not p for p, a in zip(predicted, actual, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return TagScores(tag, precision, recall, f1, tp + fn, tp, fp, fn)


def score_results(results: Sequence[TaggingResult], labels: Sequence[set[str]],
                  tags: Sequence[str], threshold: float = DECISION_THRESHOLD
                  ) -> dict[str, TagScores]:
    return {tag: score_tag(tag, [r.decided(tag, threshold) for r in results],
                           [tag in label_set for label_set in labels])
            for tag in tags}


def macro_f1(scores: Iterable[TagScores]) -> float:
    """The unweighted mean of the tags' F1: a rare tag counts as much as a common one."""
    values = [s.f1 for s in scores]
    return sum(values) / len(values) if values else 0.0


def fold_indices(labels: Sequence[set[str]], tags: Sequence[str], folds: int,
                 seed: int = 0) -> list[list[int]]:
    """``folds`` disjoint folds (scikit-learn's shuffled ``StratifiedKFold``), stratified on
    the combination of ``tags`` each text carries. Combinations rarer than the number of folds
    are pooled (and the pool, if still too small, joins the commonest combination), so no fold
    lacks a tag by bad luck and scikit-learn has no reason to warn."""
    from sklearn.model_selection import StratifiedKFold

    if folds < 2:
        raise UsageError(f"--folds must be at least 2, not {folds}")
    if folds > len(labels):
        raise UsageError(f"--folds {folds} is more than the {len(labels)} labelled texts")
    strata = ["".join("1" if t in label_set else "0" for t in tags) for label_set in labels]
    counts = Counter(strata)
    strata = [s if counts[s] >= folds else "rare" for s in strata]
    if 0 < strata.count("rare") < folds:
        commonest = Counter(s for s in strata if s != "rare").most_common(1)
        strata = [commonest[0][0] if s == "rare" and commonest else s for s in strata]
    if Counter(strata).most_common(1)[0][1] < folds:  # too few texts to stratify at all
        strata = ["all"] * len(strata)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    return [sorted(int(i) for i in test)
            for _, test in splitter.split(np.zeros(len(strata)), strata)]


def cross_validate(make_tagger: Callable[[], Tagger], texts: Sequence[str],
                   labels: Sequence[set[str]], tags: Sequence[str], *,
                   folds: int | Sequence[Sequence[int]],
                   seed: int = 0) -> tuple[list[TaggingResult], float]:
    """Out-of-fold results (each text tagged by a tagger trained without it) and the seconds
    spent tagging (training excluded). ``folds`` is a number of folds (made by
    :func:`fold_indices` with ``seed``) or the folds themselves, so that two taggers are
    compared on the very same ones."""
    out: list[TaggingResult | None] = [None] * len(texts)
    seconds = 0.0
    splits = fold_indices(labels, tags, folds, seed) if isinstance(folds, int) else folds
    for test in splits:
        held_out = set(test)
        train = [i for i in range(len(texts)) if i not in held_out]
        tagger = make_tagger().fit([texts[i] for i in train], [labels[i] for i in train])
        start = time.perf_counter()
        results = tagger.predict([texts[i] for i in test])
        seconds += time.perf_counter() - start
        for i, result in zip(test, results, strict=True):
            out[i] = result
    return [r for r in out if r is not None], seconds


def timed_predict(tagger: Tagger, texts: Sequence[str]) -> tuple[list[TaggingResult], float]:
    start = time.perf_counter()
    results = tagger.predict(texts)
    return results, time.perf_counter() - start


def per_second(count: int, seconds: float) -> float:
    return round(count / max(seconds, 1e-9), 1)
