"""What the analysis reads of a workspace, as columns: its input, without a domain object
per finding.

A workspace of a million findings is a million dataclasses when read as
:class:`~impactkit.domain.Finding`; building them cost more than the whole analysis. The
analysis only needs seven fields of each finding and six of their lists of codes, so the
store reads those straight into a :class:`FindingTable` (see
:func:`impactkit.store.analysis_input.load_analysis_input`), and findings already in memory
(the demo, imports, tests) are turned into one with :meth:`FindingTable.of`. Either way the
frame (:mod:`impactkit.analysis.frame`) is built from the same columns.

Codes are plain strings here (an enum member is read as its value), ratings ints or None.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain
from operator import attrgetter
from typing import Any

import numpy as np

from impactkit.domain import (
    Actor,
    Confidence,
    CoordinationLink,
    Finding,
    FindingStatus,
    Mandate,
    RatingState,
    Workspace,
    WorkspaceData,
)

#: the fields of a finding the analysis reads, besides its key
SCALAR_FIELDS = ("area", "layer", "rating", "rating_state", "confidence", "status")
#: the lists of codes of a finding the analysis reads
LIST_FIELDS = ("provisions", "clusters", "sectors", "groups", "exclusion_criteria",
               "tension_sectors")
_ENUM_VALUES = {id(member): member.value
                for enum in (RatingState, Confidence, FindingStatus) for member in enum}


@dataclass(frozen=True, eq=False)
class CodeList:
    """One list-valued field of every finding, flattened: ``codes[i]`` is named by the
    finding at input position ``owner[i]``. Pairs come in owner order, then list order."""

    owner: np.ndarray  # int64
    codes: list[str]

    @classmethod
    def of(cls, lists: Sequence[Sequence[str]]) -> CodeList:
        lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
        return cls(np.repeat(np.arange(len(lists), dtype=np.int64), lengths),
                   list(chain.from_iterable(lists)))

    def of_owner(self, position: int) -> tuple[str, ...]:
        start, stop = np.searchsorted(self.owner, (position, position + 1)).tolist()
        return tuple(self.codes[start:stop])


@dataclass(frozen=True, eq=False)
class FindingTable:
    """The findings of a workspace, column by column, in input order (see module doc)."""

    keys: list[str]
    scalars: dict[str, list[Any]]  # every SCALAR_FIELDS name -> values in input order
    lists: dict[str, CodeList]  # every LIST_FIELDS name

    def __post_init__(self) -> None:
        n = len(self.keys)
        wrong = [name for name in SCALAR_FIELDS if len(self.scalars[name]) != n]
        if wrong or set(self.lists) != set(LIST_FIELDS):
            raise ValueError(f"finding table columns of unequal length or missing: {wrong}")

    def __len__(self) -> int:
        return len(self.keys)

    @classmethod
    def of(cls, findings: Sequence[Finding]) -> FindingTable:
        """The table of findings already in memory."""
        scalars = {}
        for name in SCALAR_FIELDS:
            values = list(map(attrgetter(name), findings))
            if name in ("rating_state", "confidence", "status"):
                # by identity: hashing an enum member runs Python code, a second per million
                values = list(map(_ENUM_VALUES.get, map(id, values), values))
            scalars[name] = values
        return cls(keys=list(map(attrgetter("key"), findings)), scalars=scalars,
                   lists={name: CodeList.of(list(map(attrgetter(name), findings)))
                          for name in LIST_FIELDS})

    @classmethod
    def empty(cls) -> FindingTable:
        return cls(keys=[], scalars={name: [] for name in SCALAR_FIELDS},
                   lists={name: CodeList(np.zeros(0, np.int64), []) for name in LIST_FIELDS})

    def value(self, name: str, position: int) -> Any:
        """One field of the finding at input ``position`` (for messages)."""
        if name == "key":
            return self.keys[position]
        if name in self.lists:
            return self.lists[name].of_owner(position)
        return self.scalars[name][position]

    def take(self, keep: np.ndarray) -> FindingTable:
        """The findings where the boolean mask ``keep`` is set, in the same order."""
        if bool(keep.all()):
            return self
        positions = np.flatnonzero(keep)
        picked = positions.tolist()
        renumber = np.cumsum(keep) - 1
        lists = {}
        for name, column in self.lists.items():
            kept = keep[column.owner]
            codes = np.asarray(column.codes, dtype=object)[kept].tolist() \
                if column.codes else []
            lists[name] = CodeList(renumber[column.owner[kept]], codes)
        return FindingTable(
            keys=[self.keys[i] for i in picked],
            scalars={name: [values[i] for i in picked] for name, values in self.scalars.items()},
            lists=lists)


@dataclass(frozen=True, eq=False)
class AnalysisInput:
    """A workspace as the analysis reads it: its system of actors, mandates and links as
    records (few), its findings as a table (many)."""

    workspace: Workspace
    actors: Sequence[Actor] = ()
    mandates: Sequence[Mandate] = ()
    links: Sequence[CoordinationLink] = ()
    findings: FindingTable = field(default_factory=FindingTable.empty)

    @classmethod
    def of(cls, data: WorkspaceData | AnalysisInput) -> AnalysisInput:
        if isinstance(data, AnalysisInput):
            return data
        return cls(workspace=data.workspace, actors=data.actors, mandates=data.mandates,
                   links=data.links, findings=FindingTable.of(data.findings))
