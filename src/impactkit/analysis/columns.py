"""Reading findings into integer columns, fast.

This is the only place the analysis touches every finding object, so it is written for
speed: attributes are read with ``map(attrgetter)``, codes looked up with ``map(dict.get)``,
and the findings are never reordered. Rows of the frame are the findings sorted by key;
:class:`Rows` reads each column in input order and permutes the resulting *arrays* into row
order, which is far cheaper than reordering a million objects.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping
from enum import StrEnum
from itertools import chain, pairwise, repeat
from operator import attrgetter
from typing import Any

import numpy as np

from impactkit.domain import Finding
from impactkit.errors import Problem, ValidationError


def distinct(values: np.ndarray, *, nearly_sorted: bool = False) -> np.ndarray:
    """Sorted distinct values: a sort, then a neighbour test (``np.unique`` hashes, and is
    many times slower on the integer pair codes built here). A stable sort is the fastest
    on nearly sorted input, numpy's default sort on shuffled input."""
    ordered = np.sort(values, kind="stable" if nearly_sorted else None)
    keep = np.empty(len(ordered), dtype=bool)
    keep[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


class Rows:
    """The kept findings in input order, and the permutation that sorts them by key.

    ``keys`` is the object array of keys in row (key) order; ``order[row]`` is the input
    position of a row and ``rank[position]`` its row (both None when the input is already
    sorted). Duplicate keys are refused: explain and every list of finding keys rely on them.
    """

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        keys = list(map(attrgetter("key"), findings))
        n = len(keys)
        column = np.empty(n, dtype=object)
        column[:] = keys
        self.order: np.ndarray | None = None
        self.rank: np.ndarray | None = None
        if all(a < b for a, b in pairwise(keys)):
            self.keys = column
            return
        order = np.fromiter(sorted(range(n), key=keys.__getitem__), dtype=np.int64, count=n)
        self.keys = column[order]
        repeated = np.flatnonzero(self.keys[1:] == self.keys[:-1])
        if repeated.size:
            dupes = sorted(set(self.keys[repeated].tolist()))
            raise ValidationError(
                [Problem(f"finding key {k!r} is used more than once; keys must be unique in a "
                         "workspace", field="findings.key") for k in dupes],
                summary=f"{len(dupes)} duplicate finding key{'s' if len(dupes) != 1 else ''}")
        self.order = order
        self.rank = np.empty(n, dtype=np.int64)
        self.rank[order] = np.arange(n)

    def __len__(self) -> int:
        return len(self.findings)

    def finding(self, row: int) -> Finding:
        return self.findings[row if self.order is None else int(self.order[row])]

    def values(self, attr: str) -> list[Any]:
        """An attribute of every finding, in input order."""
        return list(map(attrgetter(attr), self.findings))

    def to_rows(self, column: np.ndarray) -> np.ndarray:
        """A column read in input order, permuted into row order."""
        return column if self.order is None else column[self.order]

    def scalar(self, attr: str, positions: Mapping[Any, int],
               members: Iterable[StrEnum] = ()) -> np.ndarray:
        """Position of each finding's ``attr`` in ``positions`` (-1 when absent), by row.

        Enum ``members`` are looked up by identity first: hashing a StrEnum member runs
        Python code, which costs seconds over a million findings. Anything else (plain
        strings, say) takes the ordinary path.
        """
        values = self.values(attr)
        n = len(values)
        by_id = {id(m): positions.get(m.value, -1) for m in members}
        if not by_id:
            codes = np.fromiter(map(positions.get, values, repeat(-1, n)), dtype=np.int64,
                                count=n)
        else:
            codes = np.fromiter(map(by_id.get, map(id, values), repeat(-2, n)),
                                dtype=np.int64, count=n)
            for i in np.flatnonzero(codes == -2).tolist():
                codes[i] = positions.get(values[i], -1)
        return self.to_rows(codes)

    def lists(self, attr: str, positions: Mapping[str, int], width: int,
              ignored: Container[str] = ()) -> tuple[np.ndarray, np.ndarray, dict[str, list[int]]]:
        """(row, code position) pairs of a list-valued attribute, de-duplicated and sorted
        by row then code. Codes missing from ``positions`` are dropped; those not in
        ``ignored`` come back as ``{code: [rows]}`` so they can be reported."""
        values = self.values(attr)
        n = len(values)
        lengths = np.fromiter(map(len, values), dtype=np.int64, count=n)
        flat: list[str] = list(chain.from_iterable(values))
        codes = np.fromiter(map(positions.get, flat, repeat(-1, len(flat))), dtype=np.int64,
                            count=len(flat))
        owner = np.repeat(np.arange(n, dtype=np.int64), lengths)
        if self.rank is not None:
            owner = self.rank[owner]
        unknown: dict[str, list[int]] = {}
        for i in np.flatnonzero(codes < 0).tolist():
            if flat[i] not in ignored:
                unknown.setdefault(str(flat[i]), []).append(int(owner[i]))
        keep = codes >= 0
        if width == 0 or not keep.any():
            return np.zeros(0, np.int64), np.zeros(0, np.int64), unknown
        pairs = distinct(owner[keep] * width + codes[keep], nearly_sorted=self.rank is None)
        return pairs // width, pairs % width, unknown
