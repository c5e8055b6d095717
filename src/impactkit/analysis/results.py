"""Typed results and their one JSON shape.

Every result of the analysis is a frozen dataclass with a kebab-case ``type``, a ``title``, a
``message`` a person can read, ``tags`` (what it is about: provision, area, sector, group...),
the ``finding_keys`` behind it and the ``rule`` that produced it, in words. CLI tables, JSON,
web pages and reports all render from these objects; :func:`to_plain` gives the JSON shape:

* fields in declaration order, ``type`` first;
* floats rounded to 2 decimals (``-0.0`` written as ``0.0``), except the 0-1 ratios named in
  :data:`RATIO_FIELDS` (coverage), rounded to 4 so that a coverage of 3 cells in 2,700 does
  not read as 0; tuples as lists;
* ``tags`` as an object ``{kind: [code, ...]}``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields, is_dataclass
from typing import Any, ClassVar, overload

import numpy as np

from impactkit.analysis.columns import distinct

Tags = tuple[tuple[str, str], ...]


class KeyList(Sequence[str]):
    """The sorted keys of the findings behind a result, materialised on first use.

    A report over a million findings holds some ten million key references; building them
    all as tuples touches every key string again and again (a quarter of the run time) for
    lists most callers never read. A KeyList keeps the rows (positions in the frame's sorted
    key column) and builds its tuple once, when first used. It compares equal to any tuple
    or list of the same keys.
    """

    __slots__ = ("_column", "_keys", "_rows")

    def __init__(self, column: np.ndarray, rows: np.ndarray) -> None:
        self._column = column
        self._rows = rows
        self._keys: tuple[str, ...] | None = None

    @property
    def rows(self) -> np.ndarray:
        return self._rows

    def keys(self) -> tuple[str, ...]:
        if self._keys is None:
            self._keys = tuple(self._column[self._rows].tolist())
        return self._keys

    def union(self, *others: KeyList) -> KeyList:
        """The keys of this list and ``others`` (all from one report), sorted, once each."""
        if not others:
            return self
        rows = distinct(np.concatenate([self._rows, *(o.rows for o in others)]))
        return KeyList(self._column, rows)

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[str, ...]: ...
    def __getitem__(self, index: int | slice) -> str | tuple[str, ...]:
        return self.keys()[index]

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, KeyList | tuple | list):
            return self.keys() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.keys())

    def __repr__(self) -> str:
        return repr(self.keys())


def tags_of(*pairs: tuple[str, str | Iterable[str] | None]) -> Tags:
    """Tags from (kind, code) or (kind, codes) pairs, skipping empty ones."""
    out: list[tuple[str, str]] = []
    for kind, codes in pairs:
        if codes is None:
            continue
        if isinstance(codes, str):
            out.append((kind, codes))
        else:
            out.extend((kind, code) for code in codes)
    return tuple(out)


RATIO_FIELDS = frozenset({"coverage", "coverage_difference"})
PRECISE_FIELDS = frozenset({"p_value", "p_floor", "rho", "interval"})
"""Statistics written with 6 decimals: a p-value of 0.0001 or a floor of 0.0167 must not read
as 0.0 or 0.02."""


def to_plain(value: Any) -> Any:
    """The JSON-serialisable form of a result, a tuple of results, or a plain value."""
    if isinstance(value, bool) or value is None or isinstance(value, int | str):
        return value
    if isinstance(value, float):
        return round(value, 2) + 0.0
    if is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        if hasattr(value, "type"):
            out["type"] = value.type
        for f in fields(value):
            if f.name == "type" or f.name.startswith("_"):
                continue
            item = getattr(value, f.name)
            if f.name == "tags":
                out[f.name] = _tags_plain(item)
            elif f.name in RATIO_FIELDS and isinstance(item, float):
                out[f.name] = round(item, 4) + 0.0
            elif f.name in PRECISE_FIELDS:
                out[f.name] = _precise(item)
            else:
                out[f.name] = to_plain(item)
        return out
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, KeyList):
        return list(value.keys())
    if isinstance(value, tuple | list):
        return [to_plain(v) for v in value]
    raise TypeError(f"cannot serialise {type(value).__name__}")


def _precise(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 6) + 0.0
    if isinstance(value, tuple | list):
        return [_precise(v) for v in value]
    return to_plain(value)


def _tags_plain(tags: Tags) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for kind, code in tags:
        out.setdefault(kind, []).append(code)
    return out


class Result:
    """What every result shares: a ``type`` (a class constant, or a field where one class
    carries several types) and ``to_dict``."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        plain = to_plain(self)
        assert isinstance(plain, dict)
        return plain


@dataclass(frozen=True, slots=True)
class Score(Result):
    """The score and coverage of one slice.

    ``kind`` names the slice family (``area``, ``cluster``, ``provision``, ``layer``,
    ``sector``, ``group``; inside gaps, exclusions and tensions also ``provision-layer``,
    ``cluster-layer``, ``exclusion``, ``exclusion-sector`` and ``tension``). ``score`` is on
    0-100 and None when no rated finding with a non-zero weight reaches the slice (never 0).
    ``coverage`` is ``covered_cells / total_cells``, None when the slice has no cell in the
    universe. ``n_findings`` counts the rated findings in the slice, ``n_not_assessed`` the
    not-assessed ones; ``finding_keys`` are the rated ones, sorted. ``target`` is what
    :func:`impactkit.analysis.explain` accepts for this score (None if it is only reachable
    through a larger target, e.g. one layer of a gap).
    """

    type: ClassVar[str] = "score"
    kind: str
    code: str
    target: str | None
    score: float | None
    coverage: float | None
    covered_cells: int
    total_cells: int
    n_findings: int
    n_not_assessed: int
    total_weight: float
    title: str
    message: str
    tags: Tags
    finding_keys: KeyList
    rule: str


@dataclass(frozen=True, slots=True)
class Notice(Result):
    """Something in the data the analysis had to leave aside, said so instead of hidden.

    Types: ``unknown-code`` (a code the catalogue does not know, ``field`` names where),
    ``unscoped-findings`` (findings reaching no assessable provision), ``unknown-actor``
    (a mandate or link naming an actor that does not exist), ``missing-vocabulary`` (the
    catalogue lacks a code a rule needs, e.g. the ``practice`` layer for gaps),
    ``catalogue-mismatch`` (the workspace names another catalogue than the one used).
    """

    type: str
    field: str | None
    code: str | None
    title: str
    message: str
    tags: Tags
    finding_keys: tuple[str, ...]
    record_keys: tuple[str, ...]
    rule: str
