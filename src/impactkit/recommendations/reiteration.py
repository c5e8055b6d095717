"""Reiterated recommendations: the same request made again, by another State, mechanism or cycle.

Mechanisms repeat themselves: Slovenia was asked to ratify the migrant workers convention in
the third UPR cycle and again, by other States in other words, in the fourth. Grouping such
recommendations into a *family* lets a reader see how long a request has stood and follow it
up once. A family is named by its earliest member (lowest cycle, then key, numbers compared
as numbers).

The measure: the cosine similarity of TF-IDF vectors of word 1- and 2-grams (sublinear term
frequency, English stop words dropped) of :func:`comparable_text` (the normalised text without
the "(Recommending State)" attributions, which say who asked, not what). Two
recommendations are in the same family when a chain of pairs at or above the threshold joins
them (single linkage).

:data:`THRESHOLD` (0.5) was chosen on the OHCHR thematic list of cycles 3 and 4 of Slovenia
(469 recommendations, 102 pairs across the cycles at 0.3 or more). From 0.5 up, the pairs
across cycles are reiterations: ratify the migrant workers convention (0.78), the optional
protocol to the ICESCR (0.75), the 1961 statelessness convention (0.55), prevent and combat
violence against women (0.58). Between 0.4 and 0.5 pairs share a formula more than a request
("complete the process of ratification of" two different conventions, 0.43; "promote gender
equality" and "... in all areas of economic, political and social life", 0.41); under 0.4
they share a theme. At 0.5 the file gives 28 families of two or more, the largest (9) the
migrant workers convention; at 0.45 chains already join different requests (11). The tests
pin examples of both sides.

Scale: see :meth:`ReiterationIndex.pair_arrays`; 40 000 recommendations take a few seconds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import TfidfVectorizer

from impactkit.recommendations.model import Recommendation, normalised_text

__all__ = ["THRESHOLD", "ReiterationIndex", "comparable_text", "families", "similarity"]

THRESHOLD = 0.5
BLOCK_ROWS = 1024
PRODUCT_BUDGET = 2e8
"""Multiply-adds allowed for the candidate search (the sum, over the terms searched, of the
square of the number of texts using each): under a second on one core. The rarest terms
are searched first until the budget is spent."""

_ATTRIBUTION = re.compile(r"\s*\([^()]{1,80}\)(?=\s*(?:[;.]|\(|$))")


def comparable_text(text: str) -> str:
    """The text as compared for reiteration: normalised (see
    :func:`~impactkit.recommendations.model.normalised_text`), with every "(State)"
    attribution dropped, also those inside a paragraph that joins several States' words
    (``... Disappearance (Ukraine); Increase efforts ... (Slovakia);``). A parenthesis in
    the middle of a sentence (``Convention, 1930 (No. 29) and ...``) is kept."""
    return _ATTRIBUTION.sub("", normalised_text(text)).strip(" ;.")


def _searched_terms(used_by: np.ndarray) -> np.ndarray:
    """Column indices of the terms searched for candidates: the rarest, within the budget."""
    order = np.argsort(used_by, kind="stable")
    cost = np.cumsum(used_by[order].astype(np.float64) ** 2)
    return np.sort(order[:int(np.searchsorted(cost, PRODUCT_BUDGET, side="right"))])


def cycle_order(cycle: str) -> tuple[int, int, str]:
    """Cycles sort by their first number (``3`` before ``10``, ``5-6`` as 5); a recommendation
    without a cycle sorts after those with one."""
    match = re.search(r"\d+", cycle)
    return (0, int(match.group(0)), cycle) if match else (1, 0, cycle)


def natural_order(key: str) -> list[tuple[int, str]]:
    """Keys compared with their numbers as numbers: ``upr-3-122.2`` before ``upr-3-122.10``."""
    return [(int(part), "") if part.isdigit() else (-1, part)
            for part in re.split(r"(\d+)", key) if part]


@dataclass(slots=True)
class ReiterationIndex:
    """TF-IDF vectors of a set of recommendations: the families, and the similarity of any
    pair of them (for explanations: "grouped with ... at 0.72")."""

    keys: list[str]
    cycles: list[str]
    vectors: sp.csr_matrix

    @classmethod
    def build(cls, recommendations: Iterable[Recommendation]) -> ReiterationIndex:
        recs = list(recommendations)
        texts = [comparable_text(r.text) for r in recs]
        if not any(texts):
            vectors = sp.csr_matrix((len(recs), 1), dtype=np.float32)
        else:
            vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True,
                                         stop_words="english", dtype=np.float32)
            try:
                vectors = vectorizer.fit_transform(texts).tocsr()
            except ValueError:  # every text is only stop words
                vectors = sp.csr_matrix((len(recs), 1), dtype=np.float32)
        return cls([r.key for r in recs], [r.cycle for r in recs], vectors)

    def similarity(self, key_a: str, key_b: str) -> float:
        """Cosine similarity (0 to 1) of two recommendations of the index."""
        a, b = self.keys.index(key_a), self.keys.index(key_b)
        return min(float(self.vectors[a].multiply(self.vectors[b]).sum()), 1.0)

    def pairs(self, threshold: float = THRESHOLD) -> list[tuple[int, int, float]]:
        """Index pairs ``(i, j, similarity)`` with ``i < j`` at or above ``threshold``."""
        rows, cols, scores = self.pair_arrays(threshold)
        return list(zip(rows.tolist(), cols.tolist(), scores.tolist(), strict=True))

    def pair_arrays(self, threshold: float = THRESHOLD
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """:meth:`pairs` as three arrays (rows, columns, similarities).

        Comparing every pair costs, per term, the square of the number of texts that use it,
        so the commonest terms, beyond :data:`PRODUCT_BUDGET`, are left out of the search for
        candidates: a candidate pair shares at least one of the rarer terms. The similarity of
        a candidate is then computed exactly, common terms included, after a bound on the
        common part (Cauchy-Schwarz) has skipped pairs that cannot reach the threshold. Up to
        a few thousand texts every term is searched and the result is exact; beyond, two texts
        that share only very common terms are not compared."""
        vectors = self.vectors
        count = vectors.shape[0]
        empty = np.zeros(0, dtype=np.int64)
        if count < 2 or vectors.nnz == 0:
            return empty, empty, np.zeros(0, dtype=np.float32)
        used_by = np.bincount(vectors.indices, minlength=vectors.shape[1])
        rare = _searched_terms(used_by)
        searched = vectors[:, rare].tocsr()
        searched_t = searched.T.tocsc()
        common = vectors[:, np.setdiff1d(np.arange(vectors.shape[1]), rare)].toarray()
        common_norm = np.sqrt(np.einsum("ij,ij->i", common, common))
        floor = threshold - 1e-6
        parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        for start in range(0, count, BLOCK_ROWS):
            block = (searched[start:start + BLOCK_ROWS] @ searched_t).tocoo()
            rows = block.row + start
            keep = (rows < block.col) & \
                (block.data + common_norm[rows] * common_norm[block.col] >= floor)
            rows, cols, partial = rows[keep], block.col[keep], block.data[keep]
            scores = partial + np.einsum("ij,ij->i", common[rows], common[cols])
            hit = scores >= floor
            parts.append((rows[hit].astype(np.int64), cols[hit].astype(np.int64),
                          np.minimum(scores[hit], 1.0)))
        return (np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts]),
                np.concatenate([p[2] for p in parts]))

    def families(self, threshold: float = THRESHOLD) -> dict[str, str]:
        """Key -> family key (the key of the family's earliest member, by cycle then key).
        A recommendation with no near-duplicate is its own family."""
        count = len(self.keys)
        if count == 0:
            return {}
        rows, cols, _ = self.pair_arrays(threshold)
        graph = sp.coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)),
                              shape=(count, count))
        _, component = connected_components(graph, directed=False)
        order = sorted(range(count), key=self._order)
        earliest: dict[int, int] = {}
        for i in order:
            earliest.setdefault(int(component[i]), i)
        return {self.keys[i]: self.keys[earliest[int(component[i])]] for i in range(count)}

    def _order(self, i: int) -> tuple[tuple[int, int, str], list[tuple[int, str]]]:
        return cycle_order(self.cycles[i]), natural_order(self.keys[i])


def families(recommendations: Iterable[Recommendation], *,
             threshold: float = THRESHOLD) -> dict[str, str]:
    """Key -> family key for every recommendation (see the module's docstring)."""
    return ReiterationIndex.build(recommendations).families(threshold)


def similarity(a: Recommendation, b: Recommendation, *,
               among: Sequence[Recommendation] = ()) -> float:
    """The similarity :func:`families` uses, for one pair. Word weights depend on the whole
    set (a word every recommendation uses counts little), so pass the set the families were
    computed on as ``among`` to get the same figure."""
    pool = {r.key: r for r in (*among, a, b)}
    return ReiterationIndex.build(pool.values()).similarity(a.key, b.key)
