"""Reading findings into integer columns, fast.

This is the only place the analysis reads every finding's codes, so it is written for speed:
codes are looked up with ``map(dict.get)`` over the columns of a
:class:`~impactkit.analysis.table.FindingTable`, and the findings are never reordered. Rows
of the frame are the findings sorted by key; :class:`Rows` reads each column in input order
and permutes the resulting *arrays* into row order, far cheaper than reordering the input.
"""

from __future__ import annotations

from collections.abc import Container, Mapping
from itertools import pairwise, repeat
from typing import Any

import numpy as np

from impactkit.analysis.table import FindingTable
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

    def __init__(self, table: FindingTable) -> None:
        self.table = table
        keys = table.keys
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
        return len(self.table)

    def value(self, name: str, row: int) -> Any:
        """One field of the finding in ``row`` (for messages and explanations)."""
        return self.table.value(name, row if self.order is None else int(self.order[row]))

    def to_rows(self, column: np.ndarray) -> np.ndarray:
        """A column read in input order, permuted into row order."""
        return column if self.order is None else column[self.order]

    def scalar(self, name: str, positions: Mapping[Any, int]) -> np.ndarray:
        """Position of each finding's ``name`` in ``positions`` (-1 when absent), by row."""
        values = self.table.scalars[name]
        n = len(values)
        codes = np.fromiter(map(positions.get, values, repeat(-1, n)), dtype=np.int64, count=n)
        return self.to_rows(codes)

    def lists(self, name: str, positions: Mapping[str, int], width: int,
              ignored: Container[str] = ()) -> tuple[np.ndarray, np.ndarray, dict[str, list[int]]]:
        """(row, code position) pairs of a list-valued field, de-duplicated and sorted
        by row then code. Codes missing from ``positions`` are dropped; those not in
        ``ignored`` come back as ``{code: [rows]}`` so they can be reported."""
        column = self.table.lists[name]
        flat = column.codes
        codes = np.fromiter(map(positions.get, flat, repeat(-1, len(flat))), dtype=np.int64,
                            count=len(flat))
        owner = column.owner if self.rank is None else self.rank[column.owner]
        unknown: dict[str, list[int]] = {}
        for i in np.flatnonzero(codes < 0).tolist():
            if flat[i] not in ignored:
                unknown.setdefault(str(flat[i]), []).append(int(owner[i]))
        keep = codes >= 0
        if width == 0 or not keep.any():
            return np.zeros(0, np.int64), np.zeros(0, np.int64), unknown
        pairs = distinct(owner[keep] * width + codes[keep], nearly_sorted=self.rank is None)
        return pairs // width, pairs % width, unknown
