"""The learned tagger: a linear model per tag, trained on what people decided.

Features: TF-IDF of words (1-2) and characters (2-5), the zero-shot confidences, and the
sentence embedding when the zero-shot tagger has an embedder. One logistic regression per tag
with enough positive examples; every other tag keeps its zero-shot suggestion, so a workspace
with few decisions still gets the zero-shot tagger's help.

A trained tagger is stored as plain arrays (:meth:`LearnedTagger.to_bytes`, an ``.npz``
archive with a JSON header, loaded with ``allow_pickle=False``), small enough for a database
column and safe to load.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix, hstack

from impactkit.errors import UsageError
from impactkit.recommendations.tagging.baseline import BASELINE_C
from impactkit.recommendations.tagging.features import TfidfFeatures
from impactkit.recommendations.tagging.suggestions import (
    SUMMARY_TAGS,
    TaggingResult,
    TagSuggestion,
    parse_tag,
    tag_text,
)
from impactkit.recommendations.tagging.zero_shot import ZeroShotTagger

FORMAT = "impactkit-learned-tagger/1"


class LearnedTagger:
    """Trained with :meth:`fit` on texts and the label set of each (tag strings such as
    ``child-rights`` or ``provision:CRC-32``; a tag missing from a set counts as "no").
    ``zero_shot`` supplies the zero-shot confidences (and the embedder, if any)."""

    name = "learned"

    def __init__(self, zero_shot: ZeroShotTagger | None = None, *, c: float = BASELINE_C,
                 min_positives: int = 3) -> None:
        self.zero_shot = zero_shot or ZeroShotTagger()
        self.c = c
        self.min_positives = min_positives
        self._words: TfidfFeatures | None = None
        self._chars: TfidfFeatures | None = None
        self._signal_tags: tuple[str, ...] = SUMMARY_TAGS
        self._tags: tuple[str, ...] = ()
        self._coef = np.zeros((0, 0))
        self._intercept = np.zeros(0)
        self._embedder_name = ""

    @property
    def learned_tags(self) -> tuple[str, ...]:
        """The tags with a model of their own (the others come from zero-shot)."""
        return self._tags

    # -- training ----------------------------------------------------------------------------
    def fit(self, texts: Sequence[str], labels: Sequence[Iterable[str]]) -> LearnedTagger:
        from sklearn.linear_model import LogisticRegression

        label_sets = [{tag_text(*parse_tag(tag)) for tag in tags} for tags in labels]
        if len(label_sets) != len(texts):
            raise UsageError(f"{len(texts)} texts but {len(label_sets)} label sets")
        if not texts:
            raise UsageError("nothing to learn from: no decided recommendations")
        try:
            self._words = TfidfFeatures.fit(texts, analyzer="word", ngram_range=(1, 2))
            self._chars = TfidfFeatures.fit(texts, analyzer="char_wb", ngram_range=(2, 5),
                                            max_features=50_000)
        except ValueError:  # scikit-learn: "empty vocabulary"
            raise UsageError("nothing to learn from: the texts have no words") from None
        seen = sorted({tag for tags in label_sets for tag in tags} - set(SUMMARY_TAGS))
        self._signal_tags = (*SUMMARY_TAGS, *seen)
        embedder = self.zero_shot.embedder
        self._embedder_name = embedder.name if embedder is not None else ""
        x = self._features(texts, self.zero_shot.predict(texts))
        tags, coefs, intercepts = [], [], []
        for tag in self._signal_tags:
            y = np.array([tag in tags_ for tags_ in label_sets], dtype=int)
            if y.sum() < self.min_positives or y.sum() == len(y):
                continue  # too few examples to learn from: zero-shot decides
            model = LogisticRegression(C=self.c, class_weight="balanced", max_iter=2000)
            model.fit(x, y)
            tags.append(tag)
            coefs.append(np.asarray(model.coef_[0], dtype=np.float64))
            intercepts.append(float(model.intercept_[0]))
        self._tags = tuple(tags)
        self._coef = np.vstack(coefs) if coefs else np.zeros((0, x.shape[1]))
        self._intercept = np.asarray(intercepts, dtype=np.float64)
        return self

    def _features(self, texts: Sequence[str], zero_shot: list[TaggingResult]) -> csr_matrix:
        if self._words is None or self._chars is None:
            raise UsageError("the learned tagger is not trained: call fit() or from_bytes()")
        confidences = np.array([[r.confidence(t) for t in self._signal_tags] for r in zero_shot],
                               dtype=np.float64).reshape(len(texts), len(self._signal_tags))
        parts = [self._words.transform(texts), self._chars.transform(texts),
                 csr_matrix(confidences)]
        if self._embedder_name:
            embedder = self.zero_shot.embedder
            if embedder is None or embedder.name != self._embedder_name:
                raise UsageError(f"this tagger was trained with the embedder "
                                 f"{self._embedder_name!r}: give the zero-shot tagger that one")
            parts.append(csr_matrix(np.asarray(embedder.encode(texts), dtype=np.float64)))
        return hstack(parts, format="csr")

    # -- tagging -----------------------------------------------------------------------------
    def predict(self, texts: Sequence[str], languages: Sequence[str] | None = None
                ) -> list[TaggingResult]:
        if self._words is None:
            raise UsageError("the learned tagger is not trained: call fit() or from_bytes()")
        results = self.zero_shot.predict(texts, languages)
        if not texts or not self._tags:
            return results
        x = self._features(texts, results)
        scores = np.asarray(x @ self._coef.T) + self._intercept
        probabilities = 1.0 / (1.0 + np.exp(-scores))
        words = self._words.vocabulary if self._words else ()
        for i, result in enumerate(results):
            start, end = x.indptr[i], x.indptr[i + 1]
            columns, values = x.indices[start:end], x.data[start:end]
            is_word = columns < len(words)
            columns, values = columns[is_word], values[is_word]
            for j, tag in enumerate(self._tags):
                kind, code = parse_tag(tag)
                contributions = values * self._coef[j, columns]
                order = np.argsort(-contributions, kind="stable")[:3]
                support = [words[columns[k]] for k in order if contributions[k] > 0]
                previous = result.get((kind, code))
                if not support and previous is not None:
                    support = [f"zero-shot: {s}" for s in previous.support[:3]]
                result.add(TagSuggestion(kind, code, round(float(probabilities[i, j]), 4),
                                         tuple(support)))
        return results

    # -- storage -----------------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        """The trained model as an ``.npz`` archive of arrays and a JSON header."""
        if self._words is None or self._chars is None:
            raise UsageError("the learned tagger is not trained: nothing to save")
        header = {"format": FORMAT, "c": self.c, "min_positives": self.min_positives,
                  "words": self._words.header(), "chars": self._chars.header(),
                  "signal_tags": list(self._signal_tags), "tags": list(self._tags),
                  "embedder": self._embedder_name}
        buffer = io.BytesIO()
        np.savez_compressed(
            buffer, header=np.frombuffer(json.dumps(header).encode("utf-8"), dtype=np.uint8),
            words_idf=self._words.idf, chars_idf=self._chars.idf, coef=self._coef,
            intercept=self._intercept)
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes, *, zero_shot: ZeroShotTagger | None = None
                   ) -> LearnedTagger:
        """A tagger saved by :meth:`to_bytes`. Give the zero-shot tagger the same embedder it
        was trained with (if any)."""
        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as archive:
                arrays = {name: archive[name] for name in archive.files}
            header: dict[str, Any] = json.loads(arrays["header"].tobytes().decode("utf-8"))
        except (OSError, ValueError, KeyError) as exc:
            raise UsageError(f"not a saved learned tagger ({exc})") from None
        if header.get("format") != FORMAT:
            raise UsageError(f"not a saved learned tagger: format {header.get('format')!r}, "
                             f"expected {FORMAT!r}")
        tagger = cls(zero_shot, c=float(header["c"]), min_positives=int(header["min_positives"]))
        tagger._words = TfidfFeatures.from_header(header["words"], arrays["words_idf"])
        tagger._chars = TfidfFeatures.from_header(header["chars"], arrays["chars_idf"])
        tagger._signal_tags = tuple(header["signal_tags"])
        tagger._tags = tuple(header["tags"])
        tagger._coef = np.asarray(arrays["coef"], dtype=np.float64)
        tagger._intercept = np.asarray(arrays["intercept"], dtype=np.float64)
        tagger._embedder_name = str(header["embedder"])
        if tagger._embedder_name and (tagger.zero_shot.embedder is None or
                                      tagger.zero_shot.embedder.name != tagger._embedder_name):
            raise UsageError(f"this tagger was trained with the embedder "
                             f"{tagger._embedder_name!r}: give the zero-shot tagger that one")
        return tagger
