"""The rank statistics behind the hypothesis test, checked against scipy and hand examples.

scipy is the reference: rho against ``spearmanr``; exact p-values against ``permutation_test``
with ``permutation_type="pairings"`` and ``n_resamples = n!`` (which makes scipy enumerate every
pairing too); the bootstrap interval against ``scipy.stats.bootstrap``'s percentile method.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

import numpy as np
import pytest
import scipy.stats as st
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st_h

from impactkit.analysis.hypothesis import (
    BOOTSTRAP_FROM,
    DESCRIPTIVE_BELOW,
    EXACT_UP_TO,
    MESSAGES,
    Dominance,
    dominance_pairs,
    exact_permutation_p,
    quadrants,
    rank_spread,
    smallest_p_value,
    spearman,
)
from impactkit.errors import UsageError

Statistic = Callable[..., np.ndarray]


def labels_for(n: int) -> list[str]:
    return [f"J{i}" for i in range(n)]


def correlation_with(y_ranks: np.ndarray, *, absolute: bool = False) -> Statistic:
    """Pearson's r of (permuted) x ranks with fixed y ranks, vectorised as scipy wants it."""
    yc = y_ranks - y_ranks.mean()

    def statistic(a: np.ndarray, axis: int = -1) -> np.ndarray:
        a = np.moveaxis(a, axis, -1)
        ac = a - a.mean(axis=-1, keepdims=True)
        r = (ac @ yc) / np.sqrt((ac * ac).sum(axis=-1) * (yc @ yc))
        return np.abs(r) if absolute else r

    return statistic


def scipy_exact_p(x: list[float], y: list[float], *, absolute: bool = False) -> float:
    """scipy's exact permutation p on the ranks: all n! pairings, checked to be enumerated."""
    xr, yr = st.rankdata(x), st.rankdata(y)
    n = len(x)
    result = st.permutation_test(
        (xr,), correlation_with(yr, absolute=absolute), permutation_type="pairings",
        n_resamples=math.factorial(n), vectorized=True,
        alternative="greater" if absolute else "two-sided")
    assert len(result.null_distribution) == math.factorial(n)
    return float(result.pvalue)


RNG = np.random.default_rng(20260101)
# Data sets for n = 4..9: no ties, ties in x only, ties in y only (so the null is symmetric
# and scipy's two-sided p, twice the smaller tail, equals the share with |rho| >= |rho_obs|).
ONE_SIDED_TIES = [
    *[(list(RNG.normal(size=n)), list(RNG.normal(size=n))) for n in range(4, 10)],
    *[(list(RNG.integers(0, 3, size=n).astype(float)), list(RNG.normal(size=n)))
      for n in range(4, 9)],
    *[(list(RNG.normal(size=n)), list(RNG.integers(0, 2, size=n).astype(float)))
      for n in range(5, 9)],
    ([1, 2, 3, 4], [10, 20, 40, 30]),
    ([1, 2, 3, 4, 5, 6, 7], [2, 1, 4, 3, 6, 5, 7]),
]
BOTH_TIED = [
    ([1, 1, 2], [1, 1, 2]),
    ([1, 1, 2, 3, 3], [5, 5, 5, 1, 2]),
    ([0, 0, 0, 1, 1, 2], [0, 1, 1, 1, 2, 2]),
    ([3, 3, 1, 2, 2, 2, 0, 4], [1, 0, 0, 1, 1, 0, 1, 1]),
]


# --- rho ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("x", "y"), [*ONE_SIDED_TIES, *BOTH_TIED,
                                      (list(RNG.normal(size=40)), list(RNG.normal(size=40)))])
def test_rho_equals_scipy_spearmanr(x: list[float], y: list[float]) -> None:
    result = spearman(x, y, labels_for(len(x)), resamples=99)
    assert result.n == len(x)
    assert result.rho == pytest.approx(st.spearmanr(x, y).statistic, abs=1e-12)


def test_rho_of_a_hand_example() -> None:
    # one adjacent swap of four: 1 - 6 * 2 / (4 * 15) = 0.8
    assert spearman([1, 2, 3, 4], [1, 2, 4, 3], list("ABCD")).rho == pytest.approx(0.8)


# --- exact p-values ----------------------------------------------------------------------

@pytest.mark.parametrize(("x", "y"), ONE_SIDED_TIES)
def test_exact_p_equals_scipy_two_sided_permutation_test(x: list[float], y: list[float]) -> None:
    expected = scipy_exact_p(x, y)
    assert exact_permutation_p(st.rankdata(x), st.rankdata(y)) == pytest.approx(expected,
                                                                                abs=1e-12)
    result = spearman(x, y, labels_for(len(x)))
    assert result.p_method == "exact"
    assert result.p_value == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(("x", "y"), BOTH_TIED)
def test_exact_p_with_ties_in_both_equals_scipy_on_absolute_rho(x: list[float],
                                                                 y: list[float]) -> None:
    expected = scipy_exact_p(x, y, absolute=True)
    assert exact_permutation_p(st.rankdata(x), st.rankdata(y)) == pytest.approx(expected,
                                                                                abs=1e-12)
    assert spearman(x, y, labels_for(len(x))).p_value == pytest.approx(expected, abs=1e-12)


def test_ties_in_both_can_make_the_null_asymmetric() -> None:
    # x = y = [1, 1, 2]: centred ranks (-.5, -.5, 1); two of six pairings give rho = 1, four
    # give -0.5. |rho| >= 1 in 2/6; scipy's "two-sided" doubles the upper tail: 2/3.
    assert exact_permutation_p(st.rankdata([1, 1, 2]), st.rankdata([1, 1, 2])) == pytest.approx(
        1 / 3)
    assert scipy_exact_p([1, 1, 2], [1, 1, 2]) == pytest.approx(2 / 3)


def test_exact_p_hand_values() -> None:
    # n = 4: |rho| >= 0.8 for the identity, its reverse and the 3 + 3 adjacent swaps: 8 / 24
    assert exact_permutation_p([1, 2, 3, 4], [1, 2, 4, 3]) == pytest.approx(1 / 3)
    assert exact_permutation_p([1, 2, 3, 4, 5], [1, 2, 3, 4, 5]) == pytest.approx(2 / 120)
    assert exact_permutation_p([1, 2, 3, 4, 5], [5, 4, 3, 2, 1]) == pytest.approx(2 / 120)


def test_exact_permutation_p_refuses_what_it_cannot_enumerate() -> None:
    with pytest.raises(UsageError, match="between 2 and 9"):
        exact_permutation_p(range(10), range(10))
    with pytest.raises(UsageError, match="equal length"):
        exact_permutation_p([1, 2, 3], [1, 2])
    with pytest.raises(UsageError, match="constant"):
        exact_permutation_p([1, 1, 1], [1, 2, 3])


# --- floors ------------------------------------------------------------------------------

def test_smallest_p_value_is_two_over_n_factorial() -> None:
    assert smallest_p_value(2) == 1.0
    assert smallest_p_value(3) == pytest.approx(1 / 3)
    assert smallest_p_value(4) == pytest.approx(0.0833, abs=1e-4)
    assert smallest_p_value(9) == pytest.approx(2 / 362_880)
    with pytest.raises(UsageError):
        smallest_p_value(1)


@pytest.mark.parametrize("y", [[1, 2, 3, 4], [4, 3, 2, 1], [10, 20, 30, 40]])
def test_four_jurisdictions_perfect_monotone_reach_the_floor(y: list[float]) -> None:
    result = spearman([1, 2, 3, 4], y, list("ABCD"))
    assert result.p_floor == pytest.approx(2 / 24)
    assert result.p_value == result.p_floor
    assert result.descriptive_only is True
    assert result.p_method == "exact"
    assert result.message.startswith("Descriptive only: with 4 jurisdictions no p-value can be "
                                     "below 0.083, so no test of association is possible at "
                                     "the 5% level")


def test_with_ties_the_floor_comes_from_the_enumeration() -> None:
    # x ranks (2, 2, 2, 4.5, 4.5): |rho| is largest when the two high x get y's top two or
    # bottom two values: 2 * (2! * 3!) = 24 of 120 pairings, so the floor is 0.2, not 2/120.
    result = spearman([1, 1, 1, 2, 2], [1, 2, 3, 4, 5], list("ABCDE"))
    assert result.p_floor == pytest.approx(0.2)
    assert result.p_value == pytest.approx(0.2)
    assert result.p_floor is not None and result.p_floor > smallest_p_value(5)
    assert result.descriptive_only is False
    assert "no p-value can be below 0.200" in result.message
    assert "cannot distinguish the association from chance" in result.message


def test_exact_floor_without_ties_equals_smallest_p_value() -> None:
    for n in range(3, EXACT_UP_TO + 1):
        x = list(RNG.normal(size=n))
        assert spearman(x, list(RNG.normal(size=n)), labels_for(n)).p_floor == pytest.approx(
            smallest_p_value(n))


# --- Monte Carlo ---------------------------------------------------------------------------

def test_monte_carlo_is_seeded_and_counts_the_observed_pairing() -> None:
    x = [3, 1, 4, 1.5, 5, 9, 2, 6, 5.5, 3.5, 8, 7]
    y = [2, 7, 1, 8, 2.5, 8.5, 2.8, 1.8, 2.9, 4, 5, 9]
    first = spearman(x, y, labels_for(12), seed=7, resamples=999)
    again = spearman(x, y, labels_for(12), seed=7, resamples=999)
    other = spearman(x, y, labels_for(12), seed=8, resamples=999)
    assert first.p_method == "monte-carlo"
    assert first.p_value == again.p_value
    assert first.p_value != other.p_value
    assert first.p_value is not None
    hits = first.p_value * 1000 - 1
    assert hits == pytest.approx(round(hits)) and 0 <= round(hits) <= 999
    assert first.p_floor == pytest.approx(1 / 1000)


def test_monte_carlo_p_is_never_zero() -> None:
    n = 12
    result = spearman(list(range(n)), list(range(n)), labels_for(n), resamples=999)
    assert result.p_value == pytest.approx(1 / 1000)
    assert result.p_value == result.p_floor
    assert ("unlikely to be chance alone (p \u2264 0.001: no random pairing reached the "
            "observed rho, permutation test on 999 random pairings, seed 2026)") in result.message


def test_monte_carlo_agrees_with_scipy_monte_carlo() -> None:
    x, y = list(RNG.normal(size=14)), list(RNG.normal(size=14))
    y = [a * 0.4 + b for a, b in zip(x, y, strict=True)]
    ours = spearman(x, y, labels_for(14), resamples=20_000).p_value
    xr, yr = st.rankdata(x), st.rankdata(y)
    theirs = st.permutation_test((xr,), correlation_with(yr), permutation_type="pairings",
                                 n_resamples=20_000, vectorized=True,
                                 rng=np.random.default_rng(1)).pvalue
    assert ours is not None
    # both estimate the same p with 20,000 draws: standard error at most 0.0036 each
    assert abs(ours - theirs) < 0.02


# --- bootstrap -----------------------------------------------------------------------------

def test_no_interval_below_ten_jurisdictions() -> None:
    n = BOOTSTRAP_FROM - 1
    result = spearman(list(RNG.normal(size=n)), list(RNG.normal(size=n)), labels_for(n))
    assert result.interval is None
    assert result.bootstrap_dropped == 0
    assert "interval" not in result.message


def test_bootstrap_interval_is_seeded_and_matches_scipy_percentile() -> None:
    n = 20
    x = RNG.normal(size=n)
    y = x + RNG.normal(size=n)
    first = spearman(list(x), list(y), labels_for(n), seed=11)
    assert first.interval == spearman(list(x), list(y), labels_for(n), seed=11).interval
    assert first.interval != spearman(list(x), list(y), labels_for(n), seed=12).interval
    assert first.interval is not None and first.rho is not None
    low, high = first.interval
    assert -1 <= low < first.rho < high <= 1
    assert first.bootstrap_dropped == 0

    def rho_along(a: np.ndarray, b: np.ndarray, axis: int = -1) -> np.ndarray:
        ra, rb = st.rankdata(a, axis=axis), st.rankdata(b, axis=axis)
        ra, rb = np.moveaxis(ra, axis, -1), np.moveaxis(rb, axis, -1)
        ac, bc = ra - ra.mean(-1, keepdims=True), rb - rb.mean(-1, keepdims=True)
        return (ac * bc).sum(-1) / np.sqrt((ac * ac).sum(-1) * (bc * bc).sum(-1))

    reference = st.bootstrap((x, y), rho_along, paired=True, vectorized=True, method="percentile",
                             n_resamples=9999, rng=np.random.default_rng(3))
    ci = reference.confidence_interval
    assert low == pytest.approx(ci.low, abs=0.05)
    assert high == pytest.approx(ci.high, abs=0.05)
    assert f"runs from {low:.2f} to {high:.2f}" in first.message


def test_bootstrap_drops_resamples_where_a_variable_is_constant() -> None:
    # one jurisdiction differs in x: it is missing from a resample with probability 0.9^10
    x, y = [0.0] * 9 + [1.0], list(range(10))
    result = spearman(x, y, labels_for(10), resamples=2000)
    assert 0.30 * 2000 < result.bootstrap_dropped < 0.40 * 2000
    assert result.interval is not None
    assert (f"{result.bootstrap_dropped} of the 2000 bootstrap resamples were left out"
            in result.message)


# --- leave one out -------------------------------------------------------------------------

def test_leave_one_out_equals_scipy_on_each_subset() -> None:
    x, y = [1, 1, 1, 1, 2, 3, 5], [2, 1, 4, 3, 7, 5, 6]
    result = spearman(x, y, list("ABCDEFG"))
    assert [loo.label for loo in result.leave_one_out] == list("ABCDEFG")
    for i, loo in enumerate(result.leave_one_out):
        rest_x, rest_y = x[:i] + x[i + 1:], y[:i] + y[i + 1:]
        assert loo.rho == pytest.approx(st.spearmanr(rest_x, rest_y).statistic, abs=1e-12)


def test_leave_one_out_is_none_when_the_rest_is_constant_or_too_small() -> None:
    result = spearman([1, 1, 1, 2], [1, 2, 3, 4], list("ABCD"))
    by_label = {loo.label: loo.rho for loo in result.leave_one_out}
    assert by_label["D"] is None
    assert by_label["A"] == pytest.approx(st.spearmanr([1, 1, 2], [2, 3, 4]).statistic)
    assert [loo.rho for loo in spearman([1, 2, 3], [3, 1, 2], list("ABC")).leave_one_out] == [
        None, None, None]


# --- guards and messages -------------------------------------------------------------------

@pytest.mark.parametrize("n", [0, 1, 2])
def test_fewer_than_three_gives_no_statistics(n: int) -> None:
    result = spearman(list(range(n)), list(range(n)), labels_for(n))
    assert (result.rho, result.p_value, result.p_method, result.p_floor, result.interval) == (
        None, None, "none", None, None)
    assert result.descriptive_only is True
    assert result.message == (f"Too few jurisdictions for a rank correlation: {n} given, at "
                              "least 3 are needed.")


@pytest.mark.parametrize(("x", "y"), [([2, 2, 2, 2, 2], [1, 2, 3, 4, 5]),
                                      ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], [0] * 11)])
def test_a_constant_variable_has_no_rho(x: list[float], y: list[float]) -> None:
    result = spearman(x, y, labels_for(len(x)))
    assert (result.rho, result.p_value, result.p_method, result.interval) == (
        None, None, "none", None)
    assert result.message.startswith(f"No rank correlation across {len(x)} jurisdictions: at "
                                     "least one of the two variables has the same value")


def test_verdicts_follow_alpha() -> None:
    x = [1, 2, 3, 4, 5, 6, 7, 8]
    strong = spearman(x, [2, 1, 3, 4, 6, 5, 7, 8], labels_for(8))
    assert strong.p_value is not None and strong.p_value < 0.05
    assert "the association is unlikely to be chance alone" in strong.message
    assert "exact permutation test over all 40320 pairings" in strong.message
    weak = spearman(x, [5, 2, 8, 1, 7, 3, 6, 4], labels_for(8))
    assert weak.p_value is not None and weak.p_value >= 0.05
    assert "the data cannot distinguish the association from chance" in weak.message
    strict = spearman(x, [2, 1, 3, 4, 6, 5, 7, 8], labels_for(8), alpha=strong.p_value / 2)
    assert "cannot distinguish" in strict.message


def test_descriptive_below_five_even_when_alpha_allows_a_test() -> None:
    result = spearman([1, 2, 3, 4], [1, 2, 3, 4], list("ABCD"), alpha=0.1)
    assert DESCRIPTIVE_BELOW == 5 and result.descriptive_only
    assert result.message == ("Descriptive only: 4 jurisdictions are fewer than the 5 this test "
                              "asks for; Spearman's rho is 1.00 (exact permutation test, "
                              "p = 0.0833).")


def test_every_message_is_a_whole_sentence_with_named_placeholders() -> None:
    for key, template in MESSAGES.items():
        assert template.endswith("."), key
        assert "{}" not in template and not re.search(r"\{\d", template), key
        assert "significan" not in template.lower(), key


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st_h.data(), n=st_h.integers(0, 13), alpha=st_h.sampled_from([0.01, 0.05, 0.1]),
       tied=st_h.booleans())
def test_significant_never_appears(data: st_h.DataObject, n: int, alpha: float,
                                   tied: bool) -> None:
    values = (st_h.integers(0, 3).map(float) if tied
              else st_h.floats(-1e6, 1e6, allow_nan=False))
    x = data.draw(st_h.lists(values, min_size=n, max_size=n))
    y = data.draw(st_h.lists(st_h.floats(-1e6, 1e6, allow_nan=False) | st_h.integers(0, 2),
                             min_size=n, max_size=n))
    result = spearman(x, y, labels_for(n), resamples=99, alpha=alpha)
    assert "significan" not in result.message.lower()
    assert result.message
    if result.p_value is not None:
        assert result.p_floor is not None and 0 < result.p_floor <= result.p_value <= 1
        assert result.rho is not None and -1 - 1e-12 <= result.rho <= 1 + 1e-12


def test_bad_calls_are_refused() -> None:
    with pytest.raises(UsageError, match="unique; repeated: A"):
        spearman([1, 2, 3], [1, 2, 3], ["A", "B", "A"])
    with pytest.raises(UsageError, match="same length"):
        spearman([1, 2, 3], [1, 2], ["A", "B", "C"])
    with pytest.raises(UsageError, match=r"y\[1\] is missing"):
        spearman([1, 2, 3], [1, None, 3], ["A", "B", "C"])  # type: ignore[list-item]
    with pytest.raises(UsageError, match="finite"):
        spearman([1, float("nan"), 3], [1, 2, 3], ["A", "B", "C"])
    with pytest.raises(UsageError, match="expected a number"):
        spearman([1, "2", 3], [1, 2, 3], ["A", "B", "C"])  # type: ignore[list-item]
    with pytest.raises(UsageError, match="resamples"):
        spearman([1, 2, 3], [1, 2, 3], ["A", "B", "C"], resamples=0)


# --- quadrants, rank spread, dominance -----------------------------------------------------

def test_quadrants_hand_example() -> None:
    points = {"A": (1, 1), "B": (5, 5), "C": (5, 1), "D": (1, 5), "E": (3, 3), "F": (3, 10),
              "G": (4, 4)}
    # x: 1 1 3 3 4 5 5 -> median 3; y: 1 1 3 4 5 5 10 -> median 4
    result = quadrants(points)
    assert (result.x_median, result.y_median) == (3, 4)
    assert {m.label: m.quadrant for m in result.members} == {
        "A": "low-low", "B": "high-high", "C": "high-low", "D": "low-high",
        "E": "on-median", "F": "on-median", "G": "on-median"}
    assert result.of("C") == "high-low"
    assert result.counts() == {"high-high": 1, "high-low": 1, "low-high": 1, "low-low": 1,
                               "on-median": 3}
    with pytest.raises(UsageError):
        quadrants({})


def test_rank_spread_hand_example_with_ties() -> None:
    variants: dict[str, dict[str, float | None]] = {
        "v1": {"A": 10, "B": 20, "C": 20, "D": 5},
        "v2": {"A": 30, "B": None, "C": 10, "D": 40},
        "v3": {"A": 1, "C": 2, "D": 3, "E": 9},
    }
    spreads = {s.label: s for s in rank_spread(variants)}
    assert list(spreads) == ["A", "B", "C", "D", "E"]
    assert spreads["A"].ranks == (("v1", 3.0), ("v2", 2.0), ("v3", 4.0))
    assert (spreads["A"].min_rank, spreads["A"].max_rank, spreads["A"].spread) == (2, 4, 2)
    assert spreads["B"].ranks == (("v1", 1.5),)
    assert spreads["B"].spread == 0
    assert spreads["C"].ranks == (("v1", 1.5), ("v2", 3.0), ("v3", 3.0))
    assert spreads["C"].spread == 1.5
    assert (spreads["D"].min_rank, spreads["D"].max_rank, spreads["D"].spread) == (1, 4, 3)
    assert spreads["E"].ranks == (("v3", 1.0),)
    lower_worse = {s.label: s for s in rank_spread(variants, higher_is_worse=False)}
    assert lower_worse["D"].ranks[0] == ("v1", 1.0)
    assert lower_worse["B"].ranks == (("v1", 3.5),)
    nobody = rank_spread({"v1": {"A": None}})
    assert (nobody[0].ranks, nobody[0].spread) == ((), None)


def test_dominance_hand_example_with_missing_dimensions() -> None:
    profiles: dict[str, dict[str, float | None]] = {
        "A": {"d1": 1, "d2": 1, "d3": 1},
        "B": {"d1": 2, "d2": 1, "d3": None},
        "C": {"d1": 3, "d2": 3, "d3": 0},
        "D": {"d1": 1, "d2": None, "d3": None},
        "E": {"d1": 1, "d2": 1, "d3": 1},
    }
    # lower is better: A and E beat B on d1 (d3 unknown for B); B beats C on d1 and d2, though
    # C is better on d3 where B has no data; A and C cross on d3; D shares one dimension only.
    assert dominance_pairs(profiles) == (
        Dominance("A", "B", ("d1", "d2")), Dominance("B", "C", ("d1", "d2")),
        Dominance("E", "B", ("d1", "d2")))
    assert dominance_pairs(profiles, higher_is_better=True) == (
        Dominance("B", "A", ("d1", "d2")), Dominance("B", "E", ("d1", "d2")),
        Dominance("C", "B", ("d1", "d2")))
    with pytest.raises(UsageError, match="finite"):
        dominance_pairs({"A": {"d1": float("inf")}})


@settings(max_examples=100, deadline=None)
@given(st_h.lists(st_h.integers(-3, 3), min_size=1, max_size=12))
def test_average_ranks_equal_scipy(values: list[int]) -> None:
    from impactkit.analysis.hypothesis import _rankdata

    assert np.array_equal(_rankdata(values), st.rankdata(values))
    grid = np.array([values, values[::-1]], dtype=float)
    assert np.array_equal(_rankdata(grid, axis=1), st.rankdata(grid, axis=1))


def test_json_keeps_small_p_values_and_floors() -> None:
    from impactkit.analysis.results import to_plain

    plain = to_plain(spearman([1, 2, 3, 4, 5], [1, 2, 3, 4, 5], list("ABCDE")))
    assert plain["p_floor"] == pytest.approx(2 / 120, abs=1e-6) and plain["p_floor"] != 0.02
    assert plain["p_value"] == pytest.approx(2 / 120, abs=1e-6)
