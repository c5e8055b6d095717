"""The plain supervised baseline every mode is read against in ``impact recs evaluate``.

TF-IDF of words (1-2-grams) and of characters within words (2-5-grams), and one logistic
regression per tag: the model anyone with scikit-learn would try first on a labelled set. It
knows nothing of the catalogue and the curated vocabulary, so a mode that does not beat it on
the same folds does not earn its place. It is only ever scored out of fold.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from scipy.sparse import hstack

from impactkit.errors import UsageError
from impactkit.recommendations.tagging.features import TfidfFeatures
from impactkit.recommendations.tagging.suggestions import (
    SUMMARY_TAGS,
    TaggingResult,
    TagSuggestion,
    parse_tag,
    tag_text,
)

BASELINE_NAME = "baseline"
BASELINE_TITLE = "TF-IDF (word 1-2-grams and character 2-5-grams) + logistic regression"
BASELINE_C = 4.0
"""Inverse regularisation of the logistic regressions (the learned mode's too, so the two
differ only by the features the learned mode adds)."""


class BaselineTagger:
    """TF-IDF + logistic regression, one model per tag seen at least ``min_positives`` times
    in training (a summary tag never seen is predicted "no")."""

    name = BASELINE_NAME

    def __init__(self, *, c: float = BASELINE_C, min_positives: int = 3) -> None:
        self.c = c
        self.min_positives = min_positives
        self._vectorizers: list[TfidfFeatures] = []
        self._tags: list[str] = []
        self._models: list[Any] = []

    def fit(self, texts: Sequence[str], labels: Sequence[Iterable[str]]) -> BaselineTagger:
        from sklearn.linear_model import LogisticRegression

        label_sets = [{tag_text(*parse_tag(tag)) for tag in tags} for tags in labels]
        if not texts or len(label_sets) != len(texts):
            raise UsageError("the baseline needs one label set per text, and texts")
        # the learned mode's very features (learned.py), without its zero-shot signals
        self._vectorizers = [
            TfidfFeatures.fit(texts, analyzer="word", ngram_range=(1, 2)),
            TfidfFeatures.fit(texts, analyzer="char_wb", ngram_range=(2, 5),
                              max_features=50_000)]
        x = hstack([v.transform(texts) for v in self._vectorizers], format="csr")
        self._tags, self._models = [], []
        for tag in sorted({t for tags in label_sets for t in tags} | set(SUMMARY_TAGS)):
            y = np.array([tag in tags for tags in label_sets], dtype=int)
            if y.sum() < self.min_positives or y.sum() == len(y):
                continue
            model = LogisticRegression(C=self.c, class_weight="balanced", max_iter=2000)
            self._tags.append(tag)
            self._models.append(model.fit(x, y))
        return self

    def predict(self, texts: Sequence[str], languages: Sequence[str] | None = None
                ) -> list[TaggingResult]:
        if not self._vectorizers:
            raise UsageError("the baseline is not trained: call fit() first")
        results = [TaggingResult(text) for text in texts]
        for tag in SUMMARY_TAGS:
            for result in results:
                result.add(TagSuggestion(*parse_tag(tag), 0.0))
        if not texts:
            return results
        x = hstack([v.transform(texts) for v in self._vectorizers], format="csr")
        for tag, model in zip(self._tags, self._models, strict=True):
            kind, code = parse_tag(tag)
            for result, p in zip(results, model.predict_proba(x)[:, 1], strict=True):
                result.add(TagSuggestion(kind, code, round(float(p), 4)))
        return results
