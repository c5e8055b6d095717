"""Indicator readings: latest value, trend by direction, distance to target, rating rule."""

from __future__ import annotations

import pytest

from impactkit.analysis.indicator_readings import beside, read_indicator, read_indicators
from impactkit.analysis.vulnerability import Observation
from impactkit.catalogue import load_default_catalogue
from impactkit.catalogue.indicator_model import Indicator


def make(direction: str, **extra: object) -> Indicator:
    return Indicator.model_validate({"code": "x", "title": "X", "type": "outcome",
                                     "unit": "percent", "direction": direction,
                                     "provisions": ["CRC-7"], "areas": ["inclusion"], **extra})


def test_latest_trend_and_target_for_a_higher_is_better_indicator() -> None:
    indicator = make("higher-is-better", target={"value": 100, "year": 2030},
                     rating={"thresholds": [{"at_least": 99, "rating": 4},
                                            {"at_least": 80, "rating": 2},
                                            {"at_most": 80, "rating": 0}]})
    reading = read_indicator(indicator, [Observation(2021, 91.0), Observation(2015, 85.0),
                                         Observation(2018, 88.0)])
    assert reading.latest == Observation(2021, 91.0)
    assert reading.earliest == Observation(2015, 85.0)
    assert reading.change == pytest.approx(6.0) and reading.per_year == pytest.approx(1.0)
    assert reading.trend == "better"
    assert reading.distance == pytest.approx(-9.0) and reading.target_met is False
    assert reading.rating == 2
    assert "at least 99 percent: 4" in reading.rating_rule
    assert reading.target == "indicator:x"


def test_lower_is_better_worsening_and_neutral_has_no_verdict() -> None:
    worse = read_indicator(make("lower-is-better"), [Observation(2010, 5), Observation(2020, 9)])
    assert worse.trend == "worse"
    neutral = read_indicator(make("neutral"), [Observation(2010, 5), Observation(2020, 9)])
    assert neutral.trend == "changed"
    same = read_indicator(make("lower-is-better"), [Observation(2010, 5), Observation(2020, 5)])
    assert same.trend == "no change"
    one = read_indicator(make("lower-is-better"), [Observation(2020, 5)])
    assert one.trend == "one value" and one.change is None
    assert read_indicator(make("lower-is-better"), []).trend == "no data"


def test_first_observation_of_a_year_wins() -> None:
    reading = read_indicator(make("lower-is-better"),
                             [Observation(2020, 1, "workspace"), Observation(2020, 2, "panel")])
    assert reading.latest == Observation(2020, 1, "workspace")
    assert reading.years == 1


def test_readings_beside_a_provision_by_type() -> None:
    catalogue = load_default_catalogue()
    series = {"birth-registration-sdg-16-9-1": [Observation(2020, 96.0)],
              "national-referral-mechanism": [Observation(2020, 1.0)]}
    readings = read_indicators(catalogue.indicators, series)
    assert [r.code for r in readings] == ["national-referral-mechanism",
                                          "birth-registration-sdg-16-9-1"]
    by_type = beside(readings, provision="CRC-7")
    assert list(by_type) == ["outcome"]
    assert by_type["outcome"][0].rating == 3  # the catalogue's band: at least 95
    assert beside(readings, area="compliance")["structural"][0].code == \
        "national-referral-mechanism"
