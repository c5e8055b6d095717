"""Rank statistics for IMPACT's hypothesis: how does the status of CRC implementation in a
jurisdiction correlate with children's structural vulnerability?

The test is usually run over a handful of jurisdictions (3 to 8), sometimes about 200, so every
choice here favours what stays honest at small n:

* **Spearman's rho** (Pearson's r of average ranks): neither variable is assumed interval-scaled
  or normal, and ties (common for statuses on a scale) get average ranks, as scipy does.
* **Permutation p-values**, two-sided as the share of pairings with ``|rho| >= |observed rho|``:
  exact over all n! pairings up to n = 9, so small samples get their true p-value rather than a
  t or normal approximation; above that a seeded Monte Carlo estimate ``(1 + hits) / (1 +
  resamples)``, which is never 0 and does not overstate the evidence.
* **The p floor**: with n jurisdictions no p-value can be below ``2 / n!`` (n = 4: 0.083), so
  below 5 jurisdictions results are labelled descriptive only.
* **A bootstrap percentile interval** for rho from 10 jurisdictions up (below that, resampling
  so few jurisdictions gives intervals that mean little; even at 10-20 percentile intervals for
  rho tend to be narrow, so read them with the p-value); **leave-one-out** rho shows how much a
  single jurisdiction drives the result.
* Messages never say "significant": they say whether the data can tell the association from
  chance, and each is one whole sentence with named placeholders, so it can be translated.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from impactkit.errors import UsageError

__all__ = [
    "BOOTSTRAP_FROM", "DESCRIPTIVE_BELOW", "EXACT_UP_TO", "MESSAGES", "Dominance", "LeaveOneOut",
    "QuadrantMember", "Quadrants", "RankCorrelation", "RankSpread", "dominance_pairs",
    "exact_permutation_p", "quadrants", "rank_spread", "smallest_p_value", "spearman",
]

DESCRIPTIVE_BELOW = 5
BOOTSTRAP_FROM = 10
EXACT_UP_TO = 9
TOLERANCE = 1e-12  # |rho| values this close count as equal: float noise must not decide a p-value
_CHUNK = 2048  # resamples drawn at a time, to bound memory at n ~ 200 (fixed: part of the seed)

Floats = NDArray[np.float64]

MESSAGES = {
    "too-few": "Too few jurisdictions for a rank correlation: {n} given, at least 3 are needed.",
    "constant": "No rank correlation across {n} jurisdictions: at least one of the two variables "
                "has the same value in all of them, so its ranks cannot vary.",
    "floor": "Descriptive only: with {n} jurisdictions no p-value can be below {floor:.3f}, so no "
             "test of association is possible at the {level:g}% level; Spearman's rho is "
             "{rho:.2f}.",
    "small": "Descriptive only: {n} jurisdictions are fewer than the {minimum} this test asks "
             "for; Spearman's rho is {rho:.2f} (exact permutation test, {p}).",
    "floor-ties": "Spearman's rho is {rho:.2f} across {n} jurisdictions, but with these values "
                  "(and their ties) no p-value can be below {floor:.3f}, so the data cannot "
                  "distinguish the association from chance at the {level:g}% level "
                  "({p}).",
    "exact-unlikely": "Spearman's rho is {rho:.2f} across {n} jurisdictions; the association is "
                      "unlikely to be chance alone ({p}, exact permutation test over all "
                      "{pairings} pairings, the smallest possible p being {floor:.3g}).",
    "exact-chance": "Spearman's rho is {rho:.2f} across {n} jurisdictions; the data cannot "
                    "distinguish the association from chance ({p}, exact permutation "
                    "test over all {pairings} pairings, the smallest possible p being "
                    "{floor:.3g}).",
    "monte-carlo-unlikely": "Spearman's rho is {rho:.2f} across {n} jurisdictions; the "
                            "association is unlikely to be chance alone ({p}, "
                            "permutation test on {resamples} random pairings, seed {seed}).",
    "monte-carlo-chance": "Spearman's rho is {rho:.2f} across {n} jurisdictions; the data cannot "
                          "distinguish the association from chance ({p}, permutation "
                          "test on {resamples} random pairings, seed {seed}).",
    "interval": "A bootstrap {confidence_level:g}% interval for rho, resampling the "
                "jurisdictions {resamples} times with seed {seed}, runs from {low:.2f} to "
                "{high:.2f}.",
    "interval-dropped": "{dropped} of the {resamples} bootstrap resamples were left out because "
                        "one variable had the same value in all jurisdictions drawn.",
}


P_TEXTS = {
    "p": "p = {p:.3g}",
    "p-below": "p < 0.001",
    "p-bound": "p \u2264 {p:.2g}: no random pairing reached the observed rho",
}
"""How a p-value is written inside the sentences of :data:`MESSAGES`."""


@dataclass(frozen=True, slots=True)
class LeaveOneOut:
    """Rho without one jurisdiction (None when the rest are fewer than 3 or constant)."""

    label: str
    rho: float | None


@dataclass(frozen=True, slots=True)
class RankCorrelation:
    """Spearman's rho with its permutation p-value, floor, interval and stability check.

    ``p_floor`` is the smallest p-value this n (and, for the exact test, these ties) can give:
    for the exact test it comes from the enumeration itself (the share of pairings reaching the
    largest ``|rho|``), so ties raise it above :func:`smallest_p_value`; for the Monte Carlo test
    it is the resolution ``1 / (1 + resamples)`` (or ``2 / n!`` if larger). ``bootstrap_dropped``
    counts resamples left out of the interval because a variable was constant in them."""

    n: int
    rho: float | None
    p_value: float | None
    p_method: str
    p_floor: float | None
    interval: tuple[float, float] | None
    confidence: float
    resamples: int
    seed: int
    descriptive_only: bool
    bootstrap_dropped: int
    leave_one_out: tuple[LeaveOneOut, ...]
    message: str


@dataclass(frozen=True, slots=True)
class QuadrantMember:
    label: str
    x: float
    y: float
    quadrant: str  # "<x side>-<y side>", e.g. "high-low" = x above its median, y below its own


@dataclass(frozen=True, slots=True)
class Quadrants:
    """Each jurisdiction placed against the medians of x and y (a 2x2 table without a test)."""

    x_median: float
    y_median: float
    members: tuple[QuadrantMember, ...]

    def of(self, label: str) -> str:
        return next(m.quadrant for m in self.members if m.label == label)

    def counts(self) -> dict[str, int]:
        names = ("high-high", "high-low", "low-high", "low-low", "on-median")
        return {q: sum(m.quadrant == q for m in self.members) for q in names}


@dataclass(frozen=True, slots=True)
class RankSpread:
    """A jurisdiction's rank under each variant of an index (only variants that have it)."""

    label: str
    ranks: tuple[tuple[str, float], ...]
    min_rank: float | None
    max_rank: float | None
    spread: float | None


@dataclass(frozen=True, slots=True)
class Dominance:
    """``better`` is at least as good as ``worse`` on every shared dimension, strictly on one."""

    better: str
    worse: str
    dimensions: tuple[str, ...]


def _rankdata(values: Any, axis: int | None = None) -> Floats:
    """Average ranks (ties share the mean of their positions), as ``scipy.stats.rankdata``
    gives them (the tests check they agree). Written with numpy because importing
    scipy.stats takes over a second, which every command and report that ranks would pay."""
    array = np.asarray(values, dtype=float)
    if axis is not None:
        return np.apply_along_axis(_average_ranks, axis, array)
    return _average_ranks(array)


def _average_ranks(values: Floats) -> Floats:
    order = np.argsort(values, kind="mergesort")
    ordered = values[order]
    starts_group = np.r_[True, ordered[1:] != ordered[:-1]]
    group = np.cumsum(starts_group) - 1
    starts = np.flatnonzero(starts_group)
    ends = np.r_[starts[1:], values.size]
    ranks = np.empty(values.size)
    ranks[order] = ((starts + 1 + ends) / 2.0)[group]
    return ranks


def _number(value: object, where: str) -> float:
    if value is None:
        raise UsageError(f"{where} is missing (None): leave that jurisdiction out before the test")
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise UsageError(f"{where} is {value!r}: expected a number")
    if not math.isfinite(float(value)):
        raise UsageError(f"{where} is {value!r}: expected a finite number (use None for missing)")
    return float(value)


def _values(values: Sequence[float], name: str) -> Floats:
    return np.array([_number(v, f"{name}[{i}]") for i, v in enumerate(values)], dtype=float)


def _centred(x_ranks: Floats, y_ranks: Floats) -> tuple[Floats, Floats, float]:
    """Centred ranks and the denominator of Pearson's r (0 when a variable is constant)."""
    xc, yc = x_ranks - x_ranks.mean(), y_ranks - y_ranks.mean()
    constant = np.ptp(x_ranks) == 0 or np.ptp(y_ranks) == 0
    return xc, yc, 0.0 if constant else float(np.sqrt((xc @ xc) * (yc @ yc)))


def _rho(x: Floats, y: Floats) -> float | None:
    """Spearman's rho of raw values; None below 3 values or when a variable is constant."""
    rho = _row_rho(x[np.newaxis], y[np.newaxis])[0] if len(x) >= 3 else np.nan
    return None if np.isnan(rho) else float(rho)


def _row_rho(a: Floats, b: Floats) -> Floats:
    """Spearman's rho of each row pair (NaN where a row is constant)."""
    ra, rb = _rankdata(a, axis=1), _rankdata(b, axis=1)
    ac, bc = ra - ra.mean(axis=1, keepdims=True), rb - rb.mean(axis=1, keepdims=True)
    constant = (np.ptp(ra, axis=1) == 0) | (np.ptp(rb, axis=1) == 0)
    denominator = np.sqrt((ac * ac).sum(axis=1) * (bc * bc).sum(axis=1))
    return np.where(constant, np.nan, (ac * bc).sum(axis=1) / np.where(constant, 1.0, denominator))


@lru_cache(maxsize=EXACT_UP_TO + 1)
def _pairings(n: int) -> NDArray[np.int8]:
    """All n! orderings of positions, one per row (cached; 9! x 9 bytes = 3.3 MB)."""
    flat = itertools.chain.from_iterable(itertools.permutations(range(n)))
    table = np.fromiter(flat, dtype=np.int8, count=math.factorial(n) * n).reshape(-1, n)
    table.flags.writeable = False
    return table


def _exact_null(x_ranks: Floats, y_ranks: Floats) -> tuple[Floats, float]:
    """``|rho|`` of every pairing of y with x, and the observed ``|rho|`` computed the same way."""
    xc, yc, denominator = _centred(x_ranks, y_ranks)
    return np.abs(yc[_pairings(len(xc))] @ xc) / denominator, abs(float(yc @ xc)) / denominator


def smallest_p_value(n: int) -> float:
    """The two-sided floor ``2 / n!`` without ties: only the identity pairing and its reverse
    reach ``|rho| = 1`` (n = 4: 2/24 = 0.0833). Ties make the real floor higher."""
    if n < 2:
        raise UsageError(f"a p-value needs at least 2 jurisdictions, got {n}")
    return 2 / math.factorial(n)


def exact_permutation_p(x_ranks: Sequence[float], y_ranks: Sequence[float]) -> float:
    """Two-sided exact permutation p-value: the share of all n! pairings whose ``|rho|`` is at
    least the observed one (less :data:`TOLERANCE`). Pairings of tied ranks count separately,
    as in scipy's ``permutation_test``. That share is the absolute-statistic two-sided p; when
    both variables have ties the null can be asymmetric, and scipy's ``"two-sided"`` (twice
    the smaller tail) then differs from it, while ``alternative="greater"`` on ``|rho|`` agrees."""
    xr, yr = _values(x_ranks, "x_ranks"), _values(y_ranks, "y_ranks")
    if len(xr) != len(yr) or not 2 <= len(xr) <= EXACT_UP_TO:
        raise UsageError(f"exact enumeration needs two sequences of equal length between 2 and "
                         f"{EXACT_UP_TO}, got {len(xr)} and {len(yr)}")
    if _centred(xr, yr)[2] == 0:
        raise UsageError("a constant variable has no rank correlation to test")
    null, observed = _exact_null(xr, yr)
    return float(np.mean(null >= observed - TOLERANCE))


def _monte_carlo_p(x_ranks: Floats, y_ranks: Floats, resamples: int,
                   rng: np.random.Generator) -> float:
    xc, yc, denominator = _centred(x_ranks, y_ranks)
    observed, hits = abs(float(yc @ xc)) / denominator, 0
    for start in range(0, resamples, _CHUNK):
        shuffled = rng.permuted(np.tile(yc, (min(_CHUNK, resamples - start), 1)), axis=1)
        hits += int(np.count_nonzero(np.abs(shuffled @ xc) / denominator
                                     >= observed - TOLERANCE))
    return (1 + hits) / (1 + resamples)


def _bootstrap(x: Floats, y: Floats, resamples: int, confidence: float,
               rng: np.random.Generator) -> tuple[tuple[float, float] | None, int]:
    """Percentile interval of rho over jurisdictions resampled in pairs, and how many resamples
    were dropped because a variable was constant in them (rho undefined there)."""
    n, rhos = len(x), []
    for start in range(0, resamples, _CHUNK):
        drawn = rng.integers(0, n, size=(min(_CHUNK, resamples - start), n))
        rhos.append(_row_rho(x[drawn], y[drawn]))
    values = np.concatenate(rhos)
    kept = values[~np.isnan(values)]
    if not len(kept):
        return None, resamples
    low, high = np.quantile(kept, [(1 - confidence) / 2, (1 + confidence) / 2])
    return (float(low), float(high)), resamples - len(kept)


def spearman(x: Sequence[float], y: Sequence[float], labels: Sequence[str], *, seed: int = 2026,
             resamples: int = 9999, confidence: float = 0.95,
             alpha: float = 0.05) -> RankCorrelation:
    """Spearman's rho between x and y over labelled jurisdictions, with its permutation
    p-value, p floor, bootstrap interval (n >= 10) and leave-one-out rho (see module doc).
    The permutation and bootstrap streams are two children of ``SeedSequence(seed)``, so
    the same seed gives the same p-value and interval. Missing values are refused: which
    jurisdictions to drop is the caller's decision and must be visible in its report."""
    _check_call(x, y, labels, resamples, confidence, alpha)
    xs, ys, n = _values(x, "x"), _values(y, "y"), len(labels)
    loo = tuple(LeaveOneOut(label, _rho(np.delete(xs, i), np.delete(ys, i)))
                for i, label in enumerate(labels))
    rho = _rho(xs, ys)
    base = RankCorrelation(n, rho, None, "none", None, None, confidence, resamples, seed,
                           n < DESCRIPTIVE_BELOW, 0, loo,
                           MESSAGES["too-few" if n < 3 else "constant"].format(n=n))
    if rho is None:
        return base
    xr, yr = _rankdata(xs), _rankdata(ys)
    permutation_seed, bootstrap_seed = np.random.SeedSequence(seed).spawn(2)
    if n <= EXACT_UP_TO:
        method, (null, observed) = "exact", _exact_null(xr, yr)
        p = float(np.mean(null >= observed - TOLERANCE))
        floor = float(np.mean(null >= null.max() - TOLERANCE))
    else:
        method, floor = "monte-carlo", max(1 / (1 + resamples), smallest_p_value(n))
        p = _monte_carlo_p(xr, yr, resamples, np.random.default_rng(permutation_seed))
    interval, dropped = (None, 0)
    if n >= BOOTSTRAP_FROM:
        interval, dropped = _bootstrap(xs, ys, resamples, confidence,
                                       np.random.default_rng(bootstrap_seed))
    result = replace(base, p_value=p, p_method=method, p_floor=floor, interval=interval,
                     bootstrap_dropped=dropped)
    return replace(result, message=_message(result, alpha))


def _check_call(x: Sequence[float], y: Sequence[float], labels: Sequence[str], resamples: int,
                confidence: float, alpha: float) -> None:
    if not (len(x) == len(y) == len(labels)):
        raise UsageError(f"x, y and labels must have the same length, got {len(x)}, {len(y)} "
                         f"and {len(labels)}")
    if len(set(labels)) != len(labels):
        twice = sorted({label for label in labels if list(labels).count(label) > 1})
        raise UsageError(f"jurisdiction labels must be unique; repeated: {', '.join(twice)}")
    if resamples < 1 or not 0 < confidence < 1 or not 0 < alpha < 1:
        raise UsageError("resamples must be at least 1, confidence and alpha between 0 and 1")


def _message(r: RankCorrelation, alpha: float) -> str:
    """Whole sentences of :data:`MESSAGES`: the verdict, then the interval when there is one."""
    assert r.rho is not None and r.p_value is not None and r.p_floor is not None
    if r.descriptive_only:
        key = "floor" if r.p_floor >= alpha else "small"
    elif r.p_method == "exact" and r.p_floor >= alpha:
        key = "floor-ties"
    else:
        key = f"{r.p_method}-{'unlikely' if r.p_value < alpha else 'chance'}"
    low, high = r.interval or (0.0, 0.0)
    values = {"n": r.n, "rho": r.rho, "p": _p_text(r), "floor": r.p_floor, "level": 100 * alpha,
              "seed": r.seed, "minimum": DESCRIPTIVE_BELOW, "resamples": r.resamples,
              "dropped": r.bootstrap_dropped, "pairings": math.factorial(r.n), "low": low,
              "high": high, "confidence_level": 100 * r.confidence}
    sentences = [key, *(["interval"] if r.interval else []),
                 *(["interval-dropped"] if r.bootstrap_dropped else [])]
    return " ".join(MESSAGES[s].format(**values) for s in sentences)


def _p_text(r: RankCorrelation) -> str:
    """The p-value in words: three significant digits; "p < 0.001" below that; for a
    Monte Carlo test no random pairing reached, the bound it is ("p <= 0.0001")."""
    assert r.p_value is not None
    if r.p_method == "monte-carlo" and r.p_value <= 1 / (1 + r.resamples) + TOLERANCE:
        return P_TEXTS["p-bound"].format(p=r.p_value)
    if r.p_value < 0.001:
        return P_TEXTS["p-below"]
    return P_TEXTS["p"].format(p=r.p_value)


def quadrants(points: Mapping[str, tuple[float, float]]) -> Quadrants:
    """Place each jurisdiction against the medians of x and y. A point on either median is
    "on-median" rather than forced to a side, so that a tie never decides a quadrant."""
    if not points:
        raise UsageError("quadrants need at least one jurisdiction")
    xy = {label: (_number(p[0], f"{label}.x"), _number(p[1], f"{label}.y"))
          for label, p in points.items()}
    x_median = float(np.median([p[0] for p in xy.values()]))
    y_median = float(np.median([p[1] for p in xy.values()]))
    members = []
    for label, (x, y) in xy.items():
        quadrant = ("on-median" if x == x_median or y == y_median else
                    f"{'high' if x > x_median else 'low'}-{'high' if y > y_median else 'low'}")
        members.append(QuadrantMember(label, x, y, quadrant))
    return Quadrants(x_median, y_median, tuple(members))


def rank_spread(variants: Mapping[str, Mapping[str, float | None]], *,
                higher_is_worse: bool = True) -> tuple[RankSpread, ...]:
    """How far each jurisdiction's rank moves across variants of an index (weights, imputation,
    indicator choices): a large spread means its place depends on a modelling choice. Rank 1
    is the most vulnerable (highest value when ``higher_is_worse``); ties get average ranks;
    None means missing, and a variant ranks only the jurisdictions it has, so ranks from
    variants of different coverage are compared as they are. Labels keep first-seen order."""
    ranks: dict[str, list[tuple[str, float]]] = {}
    for variant, values in variants.items():
        present = {k: _number(v, f"{variant}.{k}") for k, v in values.items() if v is not None}
        for label in values:
            ranks.setdefault(label, [])
        if present:
            scores = np.array(list(present.values()))
            for label, rank in zip(present, _rankdata(-scores if higher_is_worse else scores),
                                   strict=True):
                ranks[label].append((variant, float(rank)))
    out = []
    for label, held in ranks.items():
        low = min((r for _, r in held), default=None)
        high = max((r for _, r in held), default=None)
        spread = None if low is None or high is None else high - low
        out.append(RankSpread(label, tuple(held), low, high, spread))
    return tuple(out)


def dominance_pairs(profiles: Mapping[str, Mapping[str, float | None]], *,
                    higher_is_better: bool = False) -> tuple[Dominance, ...]:
    """Pairs where one jurisdiction is at least as good on every dimension both have data for
    and strictly better on one: an ordering that needs no weights. A dimension where either
    lacks data does not count either way (so it can hide a reversal: read ``dimensions``), and
    a pair needs at least 2 shared dimensions, since one alone is just a comparison."""
    clean = {label: {d: _number(v, f"{label}.{d}") for d, v in dims.items() if v is not None}
             for label, dims in profiles.items()}
    sign = 1.0 if higher_is_better else -1.0
    pairs = []
    for better, a in clean.items():
        for worse, b in clean.items():
            shared = tuple(d for d in a if d in b)
            if better == worse or len(shared) < 2:
                continue
            gains = [sign * (a[d] - b[d]) for d in shared]
            if min(gains) >= 0 and max(gains) > 0:
                pairs.append(Dominance(better, worse, shared))
    return tuple(pairs)
