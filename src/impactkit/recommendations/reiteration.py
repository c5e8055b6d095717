"""Reiterated recommendations: the same request made again, by another State, mechanism or cycle.

Mechanisms repeat themselves: Slovenia was asked to ratify the migrant workers convention in
the third UPR cycle and again, by other States in other words, in the fourth. Grouping such
recommendations into a *family* lets a reader see how long a request has stood and follow it
up once. A family is named by its earliest member (lowest cycle, then key, numbers compared
as numbers).

The measure: the cosine similarity of TF-IDF vectors of word 1- and 2-grams (sublinear term
frequency, English stop words dropped) of :func:`comparable_text` (the normalised text without
the "(Recommending State)" attributions, which say who asked, not what). Two
recommendations are grouped around the earliest not yet in a family ("leader" clustering, see
:meth:`ReiterationIndex.families`): chains of pairs do not join different requests.

:data:`THRESHOLD` (0.5) was chosen on the OHCHR thematic list of cycles 3 and 4 of Slovenia
(469 recommendations, 102 pairs across the cycles at 0.3 or more). From 0.5 up, the pairs
across cycles are reiterations: ratify the migrant workers convention (0.78), the optional
protocol to the ICESCR (0.75), the 1961 statelessness convention (0.55), prevent and combat
violence against women (0.58). Between 0.4 and 0.5 pairs share a formula more than a request
("complete the process of ratification of" two different conventions, 0.43; "promote gender
equality" and "... in all areas of economic, political and social life", 0.41); under 0.4
they share a theme. At 0.5 the file gives 29 families of two or more, the largest (9) the
migrant workers convention, and 18 recommendations of cycle 4 join a family begun in cycle 3.
The tests pin examples of both sides.

Scale: see :class:`_Search` and :meth:`ReiterationIndex.families`; 40 000 recommendations
take a few seconds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from impactkit.recommendations.model import Recommendation, normalised_text

__all__ = ["THRESHOLD", "ReiterationIndex", "comparable_text", "families", "similarity"]

THRESHOLD = 0.5
BLOCK_ROWS = 1024
DENSE_SPEED_UP = 16
"""How many times cheaper a multiply-add of a dense matrix product is than one of the
gathered pairs: past this, :class:`_Search` switches to the dense product."""
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
        """:meth:`pairs` as three arrays (rows, columns, similarities)."""
        search = _Search(self.vectors, threshold)
        parts = []
        for start in range(0, len(self.keys), BLOCK_ROWS):
            rows, cols, scores = search.neighbours(np.arange(start, min(start + BLOCK_ROWS,
                                                                         len(self.keys))))
            later = rows < cols
            parts.append((rows[later], cols[later], scores[later]))
        return _joined(parts)

    def families(self, threshold: float = THRESHOLD) -> dict[str, str]:
        """Key -> family key. Recommendations are taken earliest first (by cycle, then key);
        one that no family holds yet starts a family and places there every recommendation
        not yet placed at or above ``threshold`` from it. So every member is similar to the
        family's first recommendation itself (the explanation is that one pair, never a
        chain), and only first recommendations need their neighbours computed: few, when
        many recommendations are reiterations."""
        count = len(self.keys)
        order = np.array(sorted(range(count), key=self._order), dtype=np.int64)
        family = np.full(count, -1, dtype=np.int64)
        search = _Search(self.vectors, threshold)
        position, size = 0, 64
        while position < count:
            # the next recommendations not placed, in order: each may start a family. The
            # block grows while most of them do, and shrinks while most are placed by an
            # earlier one of their block (their neighbours were computed for nothing).
            waiting = order[position:][family[order[position:]] < 0][:size]
            started = 0
            rows, cols, _ = search.neighbours(waiting)
            by_row = np.argsort(rows, kind="stable")
            rows, cols = rows[by_row], cols[by_row]
            starts = np.searchsorted(rows, waiting)
            ends = np.searchsorted(rows, waiting, side="right")
            for first, start, end in zip(waiting.tolist(), starts.tolist(), ends.tolist(),
                                         strict=True):
                if family[first] >= 0:  # placed by an earlier one of this block
                    continue
                family[first] = first
                started += 1
                near = cols[start:end]
                family[near[family[near] < 0]] = first
            size = min(size * 2, BLOCK_ROWS) if 2 * started > len(waiting) else max(size // 2, 16)
            while position < count and family[order[position]] >= 0:
                position += 1
        return {key: self.keys[int(f)] for key, f in zip(self.keys, family.tolist(),
                                                         strict=True)}

    def _order(self, i: int) -> tuple[tuple[int, int, str], list[tuple[int, str]]]:
        return cycle_order(self.cycles[i]), natural_order(self.keys[i])


class _Search:
    """The neighbours of some rows at or above a threshold, among all rows.

    Comparing every pair costs, per term, the square of the number of texts that use it,
    so the commonest terms, beyond :data:`PRODUCT_BUDGET`, are left out of the search for
    candidates: a candidate pair shares at least one of the rarer terms. The similarity of a
    candidate is then computed exactly, common terms included, after a bound on the common
    part (Cauchy-Schwarz) has skipped pairs that cannot reach the threshold. Up to a few
    thousand texts every term is searched and the result is exact; beyond, two texts that
    share only very common terms are not compared."""

    def __init__(self, vectors: sp.csr_matrix, threshold: float) -> None:
        used_by = np.bincount(vectors.indices, minlength=vectors.shape[1])
        rare = _searched_terms(used_by)
        self.searched = vectors[:, rare].tocsr()
        self.searched_t = self.searched.T.tocsc()
        self.common = vectors[:, np.setdiff1d(np.arange(vectors.shape[1]), rare)].toarray()
        self.common_norm = np.sqrt(np.einsum("ij,ij->i", self.common, self.common))
        self.floor = threshold - 1e-6

    def neighbours(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(row, column, similarity) for every other row at or above the threshold.

        The common part of a candidate's similarity is a dot product over the common terms;
        when there are many candidates (texts made of common words), the products of the
        block's rows with every row are computed at once instead, by a dense matrix product
        (BLAS does a multiply-add many times faster than gathering pairs)."""
        block = (self.searched[rows] @ self.searched_t).tocoo()
        local, cols = block.row.astype(np.int64), block.col.astype(np.int64)
        at = rows[local]
        keep = (at != cols) & \
            (block.data + self.common_norm[at] * self.common_norm[cols] >= self.floor)
        at, local, cols, partial = at[keep], local[keep], cols[keep], block.data[keep]
        if len(at) * DENSE_SPEED_UP > len(np.unique(cols)) * len(rows):
            needed, where = np.unique(cols, return_inverse=True)
            with_block = self.common[needed] @ self.common[rows].T  # BLAS
            scores = partial + with_block[where.ravel(), local]
        else:
            scores = partial + np.einsum("ij,ij->i", self.common[at], self.common[cols])
        hit = scores >= self.floor
        return at[hit], cols[hit], np.minimum(scores[hit], 1.0)


def _joined(parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]]
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0, dtype=np.float32)
    return (np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts]),
            np.concatenate([p[2] for p in parts]))


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
