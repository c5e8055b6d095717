"""TF-IDF features as plain arrays (a vocabulary and its inverse document frequencies).

scikit-learn fits them; transforming needs only the analyzer parameters, the vocabulary and the
weights, so a trained model is stored as data (lists and arrays), never as a pickle: a pickle
would be unsafe to load from a database and would break on the next scikit-learn release.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import TfidfVectorizer


@dataclass(frozen=True, slots=True)
class TfidfFeatures:
    """Sub-linear TF-IDF, rows L2-normalised: what ``TfidfVectorizer(sublinear_tf=True)``
    computes, from stored parameters."""

    analyzer: str  # "word" or "char_wb"
    ngram_range: tuple[int, int]
    vocabulary: tuple[str, ...]
    idf: np.ndarray
    _index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:  # built once: a char vocabulary has ~50,000 terms
        object.__setattr__(self, "_index", {term: i for i, term in enumerate(self.vocabulary)})

    @classmethod
    def fit(cls, texts: Sequence[str], *, analyzer: str, ngram_range: tuple[int, int],
            min_df: int = 2, max_features: int | None = None) -> TfidfFeatures:
        """Terms found in at least ``min_df`` texts (all terms when too few texts share any)."""
        vectorizer = cls._vectorizer(analyzer, ngram_range, min_df=min_df,
                                     max_features=max_features)
        try:
            vectorizer.fit(texts)
        except ValueError:  # no term reaches min_df (a handful of short texts)
            vectorizer = cls._vectorizer(analyzer, ngram_range, min_df=1,
                                         max_features=max_features)
            vectorizer.fit(texts)
        order = sorted(vectorizer.vocabulary_.items(), key=lambda item: item[1])
        return cls(analyzer, ngram_range, tuple(term for term, _ in order),
                   np.asarray(vectorizer.idf_, dtype=np.float64))

    @staticmethod
    def _vectorizer(analyzer: str, ngram_range: tuple[int, int], **options: Any) -> Any:
        return TfidfVectorizer(analyzer=analyzer, ngram_range=ngram_range, sublinear_tf=True,
                               **options)

    def transform(self, texts: Sequence[str]) -> csr_matrix:
        analyse = self._vectorizer(self.analyzer, self.ngram_range).build_analyzer()
        index = self._index
        columns: list[int] = []
        indptr = [0]
        for text in texts:
            columns.extend(i for i in map(index.get, analyse(text)) if i is not None)
            indptr.append(len(columns))
        counts = csr_matrix((np.ones(len(columns)), np.asarray(columns, dtype=np.int64),
                             np.asarray(indptr, dtype=np.int64)),
                            shape=(len(texts), len(self.vocabulary)), dtype=np.float64)
        counts.sum_duplicates()
        counts.data = (1.0 + np.log(counts.data)) * self.idf[counts.indices]
        squares = counts.multiply(counts).sum(axis=1)
        norms = np.sqrt(np.asarray(squares, dtype=np.float64).ravel())
        norms[norms == 0] = 1.0
        counts.data /= np.repeat(norms, np.diff(counts.indptr))
        return counts

    def header(self) -> dict[str, Any]:
        return {"analyzer": self.analyzer, "ngram_range": list(self.ngram_range),
                "vocabulary": list(self.vocabulary)}

    @classmethod
    def from_header(cls, header: dict[str, Any], idf: np.ndarray) -> TfidfFeatures:
        low, high = header["ngram_range"]
        return cls(str(header["analyzer"]), (int(low), int(high)),
                   tuple(header["vocabulary"]), np.asarray(idf, dtype=np.float64))
