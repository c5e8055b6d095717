"""The analysis's columnar input: built from findings in memory, filtered, read back."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from impactkit.analysis import analyse
from impactkit.analysis.table import LIST_FIELDS, CodeList, FindingTable
from impactkit.errors import ValidationError

from .conftest import finding, make_catalogue, workspace


def test_findings_become_columns_of_plain_codes() -> None:
    table = FindingTable.of([
        finding("b", provisions=("CRC-32", "CRC-34"), sectors=("labour",), rating=3,
                confidence="high", status="validated"),
        finding("a", provisions=(), confidence="medium", groups=("migrant",)),
    ])
    assert table.keys == ["b", "a"]
    assert table.scalars["confidence"] == ["high", "medium"]
    assert type(table.scalars["confidence"][0]) is str  # the value, not the enum member
    assert table.scalars["rating_state"] == ["rated", "not-assessed"]
    assert table.scalars["rating"] == [3, None]
    assert table.value("provisions", 0) == ("CRC-32", "CRC-34")
    assert table.value("provisions", 1) == ()
    assert table.value("groups", 1) == ("migrant",)
    assert table.value("key", 1) == "a"


def test_take_keeps_the_chosen_findings_and_renumbers_their_codes() -> None:
    table = FindingTable.of([
        finding("a", provisions=("CRC-32",)), finding("b", provisions=("CRC-34", "CRC-35")),
        finding("c", provisions=("CRC-36",), sectors=("health",)),
    ])
    kept = table.take(np.array([False, True, True]))
    assert kept.keys == ["b", "c"]
    assert kept.lists["provisions"].owner.tolist() == [0, 0, 1]
    assert kept.lists["provisions"].codes == ["CRC-34", "CRC-35", "CRC-36"]
    assert kept.value("sectors", 1) == ("health",)
    assert table.take(np.ones(3, dtype=bool)) is table
    assert len(table.take(np.zeros(3, dtype=bool))) == 0


def test_columns_of_unequal_length_are_refused() -> None:
    empty = FindingTable.empty()
    with pytest.raises(ValueError, match="unequal"):
        FindingTable(keys=["a"], scalars=empty.scalars, lists=empty.lists)


def test_a_code_list_answers_per_owner() -> None:
    codes = CodeList.of([("x", "y"), (), ("z",)])
    assert [codes.of_owner(i) for i in range(3)] == [("x", "y"), (), ("z",)]
    assert set(FindingTable.empty().lists) == set(LIST_FIELDS)


def test_a_bad_field_is_named_with_the_finding_that_holds_it() -> None:
    bad = dataclasses.replace(finding("bad", rating=2), confidence="certain")
    with pytest.raises(ValidationError, match="cannot be scored") as raised:
        analyse(workspace([finding("ok"), bad]), make_catalogue())
    [problem] = raised.value.problems
    assert (problem.location, problem.field) == ("finding bad", "confidence")
    assert "confidence 'certain' is not one of" in problem.message
