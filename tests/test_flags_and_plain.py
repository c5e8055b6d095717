"""The one yes/no parser and the one JSON encoder of records, shared by every view."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from impactkit.domain import Confidence, Finding, FindingStatus, RatingState
from impactkit.exchange.cells import CellError, parse_bool
from impactkit.flags import FlagError, parse_flag
from impactkit.plain import plain, record_json


@pytest.mark.parametrize("text", ["true", "Yes", " ON ", "1"])
def test_yes_words(text: str) -> None:
    assert parse_flag(text) is True


@pytest.mark.parametrize("text", ["false", "NO", "off", "0 "])
def test_no_words(text: str) -> None:
    assert parse_flag(text) is False


def test_a_blank_is_an_error_unless_the_caller_says_what_it_means() -> None:
    with pytest.raises(FlagError, match="accepted: true/false, yes/no, on/off or 1/0"):
        parse_flag("  ")
    assert parse_flag("", blank=False) is False


def test_files_accept_the_same_words_and_name_what_they_accept() -> None:
    assert parse_bool("on") is True
    with pytest.raises(CellError, match="'maybe' is neither yes nor no"):
        parse_bool("maybe")


class Colour(enum.StrEnum):
    RED = "red"


@dataclass(frozen=True)
class Inner:
    when: date
    tags: tuple[str, ...]


@dataclass(frozen=True)
class Outer:
    colour: Colour
    inner: Inner
    by_year: dict[int, float]
    at: datetime | None = None


def test_records_become_json_safe_values() -> None:
    value = Outer(colour=Colour.RED, inner=Inner(when=date(2024, 5, 1), tags=("a", "b")),
                  by_year={2019: 1.5}, at=datetime(2024, 5, 1, 12, tzinfo=UTC))
    assert plain(value) == {"colour": "red", "inner": {"when": "2024-05-01", "tags": ["a", "b"]},
                            "by_year": {"2019": 1.5}, "at": "2024-05-01T12:00:00+00:00"}
    assert record_json(None) is None
    assert plain([value.inner, None]) == [{"when": "2024-05-01", "tags": ["a", "b"]}, None]


def test_a_finding_reads_with_its_enums_by_value() -> None:
    finding = Finding(key="F-1", area="compliance", layer="practice", provisions=("CRC-32",),
                      rating=2, rating_state=RatingState.RATED, confidence=Confidence.HIGH,
                      status=FindingStatus.DRAFT)
    out = record_json(finding)
    assert out is not None
    assert (out["key"], out["rating_state"], out["confidence"], out["status"],
            out["provisions"]) == ("F-1", "rated", "high", "draft", ["CRC-32"])
