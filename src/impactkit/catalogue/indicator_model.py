"""Indicators as catalogue data: what they measure, where their numbers come from, how a value
reads against a target or a rating rule, and how the structural vulnerability index uses them.

The vulnerability model follows the composite-indicator practice of the OECD/JRC *Handbook on
Constructing Composite Indicators* (2008) and the UNDP Human Development Index: each indicator
is rescaled between **fixed goalposts** written in the catalogue (so adding a country never
moves another's value), optionally on a log scale and capped at the goalposts (truncated at
fixed bounds), then averaged within a needs/rights dimension and across dimensions,
arithmetically or geometrically as the catalogue says.
:mod:`impactkit.analysis.vulnerability` does the arithmetic; ``docs/vulnerability.md`` states
each rule in plain words.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Direction = Literal["higher-is-better", "lower-is-better", "neutral"]
Factor = Literal["risk", "resilience"]
Aggregation = Literal["arithmetic", "geometric"]


class Goalposts(_Model):
    """The values that count as 0 and 100 on the normalised scale, fixed in advance."""

    lower: float
    upper: float

    @model_validator(mode="after")
    def _ordered(self) -> Goalposts:
        if not self.upper > self.lower:
            raise ValueError(f"upper goalpost {self.upper:g} must be above the lower one "
                             f"{self.lower:g}")
        return self


class IndicatorTarget(_Model):
    """A value the State has committed to, e.g. an SDG target ("end child marriage by 2030":
    0 by 2030)."""

    value: float
    year: int | None = None
    source: str = Field(default="", description="Where the target is set (SDG 5.3, a plan)")


class RatingThreshold(_Model):
    """One band of an indicator rating rule: a value at or above ``at_least`` (or at or below
    ``at_most``) gives ``rating``. Bands are tried in the order written; the first that holds
    applies."""

    rating: int = Field(ge=0)
    at_least: float | None = None
    at_most: float | None = None

    @model_validator(mode="after")
    def _one_bound(self) -> RatingThreshold:
        if (self.at_least is None) == (self.at_most is None):
            raise ValueError("a threshold gives exactly one of at_least and at_most")
        return self


class IndicatorRating(_Model):
    """A published rule that turns the latest value of an indicator into a rating on the
    catalogue's scale. It is shown beside the finding-based scores, never blended into them."""

    thresholds: list[RatingThreshold] = Field(min_length=1)
    source: str = Field(default="", description="Whose standard the thresholds follow")


class Indicator(_Model):
    code: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    type: Literal["structural", "process", "outcome"]
    unit: str
    direction: Direction = "neutral"
    areas: list[str] = Field(default_factory=list)
    provisions: list[str] = Field(default_factory=list)
    sectors: list[str] = Field(default_factory=list)
    description: str = ""
    suggested_sources: str = ""
    # --- where official numbers come from ------------------------------------------------
    source: str = Field(default="", description="The official source of the series")
    sdg: str = Field(default="", description="SDG indicator number, e.g. 5.3.1")
    series: list[str] = Field(
        default_factory=list,
        description="Series codes in SDMX exports (UN SDG database, UNICEF data warehouse) "
                    "that feed this indicator; an SDMX-CSV import maps them to it")
    # --- reading a value ------------------------------------------------------------------
    target: IndicatorTarget | None = None
    rating: IndicatorRating | None = None
    # --- structural vulnerability ---------------------------------------------------------
    dimension: str | None = Field(default=None, description="Needs/rights dimension code")
    factor: Factor | None = Field(default=None, description="Risk or resilience factor")
    goalposts: Goalposts | None = None
    log: bool = Field(default=False, description="Rescale on a log scale (skewed rates)")

    @model_validator(mode="after")
    def _vulnerability_fields(self) -> Indicator:
        if self.factor is not None and self.direction == "neutral":
            raise ValueError("a risk or resilience factor needs a direction: which way is "
                             "better cannot be 'neutral'")
        if self.log and self.goalposts is not None and self.goalposts.lower <= 0:
            raise ValueError("a log-scaled indicator needs a lower goalpost above 0")
        return self

    @property
    def in_vulnerability_model(self) -> bool:
        """True when the vulnerability index can use it: a dimension, a factor, goalposts."""
        return (self.dimension is not None and self.factor is not None
                and self.goalposts is not None)


class VulnerabilityModel(_Model):
    """How the structural vulnerability index is aggregated (see the module doc)."""

    dimensions: list[str] = Field(
        default_factory=lambda: ["survival", "development", "protection", "participation"],
        min_length=1)
    within: Aggregation = "arithmetic"
    across: Aggregation = "arithmetic"
    min_share: float = Field(
        default=0.5, gt=0, le=1,
        description="Share of a dimension's indicators (and of the dimensions) that must "
                    "have data for a value to be computed")
    lookback_years: int = Field(
        default=10, ge=1,
        description="Values count from this many years up to and including the reference "
                    "year (10: 2015-2024 for 2024); older ones are unused")
    geometric_floor: float = Field(
        default=1.0, gt=0, le=100,
        description="Normalised values below this count as this in a geometric mean, which "
                    "a single 0 would otherwise make 0")
    rule: str = ""
