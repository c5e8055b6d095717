"""Results as JSON: numbers rounded as the docs say, tags grouped by kind, finding keys
materialised once and compared as plain tuples."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pytest

from impactkit.analysis.results import KeyList, Result, Tags, tags_of, to_plain


@dataclass(frozen=True)
class Sample(Result):
    type: ClassVar[str] = "sample"
    score: float | None
    coverage: float
    count: int
    flagged: bool
    tags: Tags
    finding_keys: KeyList


def sample(score: float | None, coverage: float) -> Sample:
    column = np.array(["F1", "F2", "F3", "F4"], dtype=object)
    return Sample(score=score, coverage=coverage, count=3, flagged=False,
                  tags=tags_of(("area", "compliance"), ("sector", ["labour", "health"]),
                               ("group", None)),
                  finding_keys=KeyList(column, np.array([0, 2])))


def test_scores_keep_two_decimals_and_ratios_four() -> None:
    plain = to_plain(sample(62.4567, 0.123456))
    assert (plain["score"], plain["coverage"]) == (62.46, 0.1235)
    assert plain["type"] == "sample" and plain["flagged"] is False and plain["count"] == 3
    assert to_plain(sample(None, 1.0))["score"] is None


def test_a_negative_zero_is_written_as_zero() -> None:
    plain = to_plain(sample(-0.001, -0.00001))
    assert str(plain["score"]) == "0.0" and str(plain["coverage"]) == "0.0"
    assert str(to_plain(np.float64(-0.0))) == "0.0"


def test_tags_are_grouped_by_kind_in_order() -> None:
    assert to_plain(sample(1.0, 1.0))["tags"] == {"area": ["compliance"],
                                                  "sector": ["labour", "health"]}


def test_finding_keys_read_as_a_sorted_tuple() -> None:
    keys = sample(1.0, 1.0).finding_keys
    assert keys == ("F1", "F3") and keys == ["F1", "F3"] and len(keys) == 2
    assert keys[1] == "F3" and list(keys) == ["F1", "F3"]
    other = KeyList(np.array(["F1", "F2", "F3", "F4"], dtype=object), np.array([1, 2]))
    assert keys.union(other) == ("F1", "F2", "F3")
    assert to_plain(sample(1.0, 1.0))["finding_keys"] == ["F1", "F3"]


def test_what_cannot_be_json_is_refused() -> None:
    with pytest.raises(TypeError, match="set"):
        to_plain({"a": {1, 2}})
