"""How numbers read in the terminal: a missing score is never 0, counts name their kind."""

from __future__ import annotations

import pytest

from impactkit.cli.render.numbers import (
    NOT_ASSESSED,
    bar,
    counted,
    coverage_text,
    label,
    score_text,
    signed,
)


def test_a_missing_score_is_said_and_never_printed_as_zero() -> None:
    assert score_text(None) == NOT_ASSESSED
    assert score_text(0.0) == "0.0" and score_text(62.456) == "62.5"
    assert coverage_text(None) == "-" and coverage_text(0.456) == "46%"
    assert signed(None) == "-" and signed(4.26) == "+4.3" and signed(-0.04) == "-0.0"


@pytest.mark.parametrize(("value", "drawn"), [
    (None, ""), (0.0, "░" * 10), (55.0, "█" * 6 + "░" * 4), (100.0, "█" * 10),
    (130.0, "█" * 10), (-5.0, "░" * 10),
])
def test_a_bar_stays_within_its_width(value: float | None, drawn: str) -> None:
    assert bar(value) == drawn


def test_a_title_loses_its_kind_in_a_table() -> None:
    assert label("Area: Compliance") == "Compliance"
    assert label("Gap: law: practice") == "law: practice"
    assert label("No kind") == "No kind"


def test_counts_name_each_kind_with_its_label() -> None:
    assert counted({"finding": 3, "instrument": 1, "evidence": 0}) == \
        "3 findings, 1 law or policy"
    assert counted({"instrument": 2, "indicator-value": 1, "evidence": 2}) == \
        "2 laws and policies, 1 indicator value, 2 evidence items"
    assert counted({"membership": 2}) == "2 membership"  # not a record kind: as named
    assert counted({}) == "nothing"
