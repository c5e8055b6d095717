"""The catalogue's schema: the IMPACT methodology as typed data.

A catalogue is written in YAML by people (the default one ships with the package; users can
write their own or extend the default) and validated into these models. Rules and weights
for scoring live here too, not in code, so another methodology can be configured.

Codes are short kebab-case strings. Provision codes are ``INSTRUMENT-ARTICLE`` (``CRC-32``,
``ILO182-3``): instrument codes never contain a hyphen, so the article is what follows the
last one.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

# Re-exported: the catalogue's indicator types live in their own module.
from impactkit.catalogue.indicator_model import Indicator as Indicator
from impactkit.catalogue.indicator_model import VulnerabilityModel as VulnerabilityModel
from impactkit.errors import UsageError


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Term(_Model):
    """A coded term with a title and a description: the shape of most vocabularies."""

    code: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1)
    description: str = ""


class Provision(_Model):
    code: str = Field(pattern=r"^[A-Z0-9]+-[0-9A-Za-z.]+$")
    article: str
    title: str = Field(min_length=1, description="Short title in our own words")
    assessable: bool = Field(
        default=True,
        description="False for procedural articles (e.g. CRC Part II and III) that a State "
        "implements by reporting, not through its child protection system",
    )
    related: list[str] = Field(default_factory=list, description="Cross-referenced provisions")
    needs_actor: bool = Field(
        default=True,
        description="False for interpretive and final clauses (definitions, aims, scope, "
        "'higher standards prevail' such as CRC art. 41) that no actor carries out: mandate "
        "coverage does not ask who holds them",
    )
    text: str | None = Field(default=None, description="Full text, added by load-texts")


class Instrument(_Model):
    code: str = Field(pattern=r"^[A-Z0-9]+$")
    title: str
    short_title: str
    body: str = Field(description="Adopting organisation: UN, ILO, CoE, EU")
    adopted: str = ""
    aliases: list[str] = Field(
        default_factory=list, description="Other codes for this instrument in text files"
    )
    provisions: list[Provision]


class Cluster(Term):
    """A CRC reporting cluster. An article may sit in several clusters."""

    provisions: list[str]


class SchemeCluster(_Model):
    """One cluster of a reporting scheme, as the Committee's guidelines list it.

    ``clusters`` names the catalogue clusters whose whole-cluster tags fall here (a finding
    or recommendation scoped to the catalogue's ``violence`` cluster falls under the 2005
    scheme's family environment cluster, for example). ``provisions`` lists the articles
    the guidelines group here; empty means "the provisions of the clusters named".
    """

    code: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1)
    articles: str = Field(default="", description="The articles as the guidelines print them")
    clusters: list[str] = Field(default_factory=list)
    provisions: list[str] = Field(default_factory=list)


class ClusterScheme(_Model):
    """The order and grouping the CRC Committee asks periodic reports to follow, in one
    version of its guidelines. An alternative report follows the scheme of the State
    report it answers."""

    code: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1)
    source: str = Field(min_length=1, description="The guidelines' document symbol")
    adopted: str = ""
    description: str = ""
    clusters: list[SchemeCluster] = Field(min_length=1)


class Area(Term):
    questions: list[str] = Field(min_length=1)


class NeedsDimension(Term):
    provisions: list[str]


class ChildGroup(Term):
    # a plain Term stands for a group that brings no provisions of its own
    model_config = ConfigDict(extra="forbid", frozen=True, from_attributes=True)

    provisions: list[str] = Field(
        default_factory=list,
        description="Provisions owed to children of this group in particular (CRC art. 20 "
        "to children without parental care, art. 22 to refugee children...): the navigator "
        "lists them for a child of the group")


class ExploitationForm(Term):
    provisions: list[str] = Field(default_factory=list)
    trafficking: bool = Field(
        default=False,
        description="A purpose of exploitation in the trafficking definition (Palermo "
        "Protocol art. 3, CETS 197 art. 4, Directive 2011/36/EU art. 2): for a child, the "
        "recruitment, transport, transfer, harbouring or receipt for this purpose is "
        "trafficking whatever the means, so the trafficking steps and provisions follow")


class MandateFunction(Term):
    # a plain Term stands for a function that specialises none
    model_config = ConfigDict(extra="forbid", frozen=True, from_attributes=True)

    part_of: str | None = Field(
        default=None,
        description="The broader function this one specialises (guardianship is part of "
        "protection). A mandate holding the broader function and naming one of "
        "``provisions`` is taken to hold this one too")
    provisions: list[str] = Field(
        default_factory=list,
        description="Provisions that, named by a mandate of the broader function, show it "
        "carries this one")


class PathwayCondition(_Model):
    """When a step applies: every field given must hold (each list: any of its codes)."""

    groups: list[str] = Field(default_factory=list)
    forms: list[str] = Field(default_factory=list)
    age_bands: list[str] = Field(default_factory=list)
    trafficking: bool | None = Field(
        default=None, description="The situation is, or is not, trafficking of a child")
    exploitation: bool | None = Field(
        default=None, description="A form of exploitation is, or is not, named")
    age_in_doubt: bool | None = Field(
        default=None, description="The child's age is, or is not, in doubt")


class PathwayStep(Term):
    """One step of the protection pathway a child goes through."""

    order: int = Field(description="Position in the pathway; an extending catalogue slots "
                       "its own steps between the base's with it")
    function: str = Field(description="The mandate function that carries the step out")
    provisions: list[str] = Field(min_length=1, description="The step's legal basis")
    trafficking_provisions: list[str] = Field(
        default_factory=list,
        description="Further legal basis when the situation is trafficking of a child")
    when: list[PathwayCondition] = Field(
        default_factory=list,
        description="The step applies when any condition holds; none: to every child")
    urgent: bool = Field(default=False, description="To be done without delay")
    standard: str = Field(default="", description="The standard the step follows, cited")


class RatingLevel(_Model):
    value: int = Field(ge=0)
    label: str
    description: str


class RatingScale(_Model):
    """Ordinal scale for findings. "Not assessed" and "not applicable" are states, not levels."""

    levels: list[RatingLevel] = Field(min_length=2)
    not_assessed: str = "Not assessed"
    not_applicable: str = "Not applicable"

    @property
    def minimum(self) -> int:
        return min(level.value for level in self.levels)

    @property
    def maximum(self) -> int:
        return max(level.value for level in self.levels)


class ScoringRules(_Model):
    """Published rules that turn ratings into scores. Scores are on 0-100:
    ``100 * (weighted mean rating - min) / (max - min)``, the weight of a finding being the
    weight of its confidence times the weight of its review status."""

    confidence_weights: dict[str, float] = Field(
        default_factory=lambda: {"high": 1.0, "medium": 0.7, "low": 0.4}
    )
    status_weights: dict[str, float] = Field(
        default_factory=lambda: {"draft": 1.0, "reviewed": 1.0, "validated": 1.0}
    )
    exclusion_threshold: float = Field(
        default=50.0, description="An inclusion score below this flags a group as excluded"
    )
    gap_threshold: float = Field(
        default=25.0, description="A law-practice gap at or above this is reported as significant"
    )
    coordinating_link_kinds: list[str] = Field(
        default_factory=lambda: ["referral", "coordination-body", "data-sharing", "supervision"],
        description="Link kinds that count as coordination between two actors' mandates",
    )
    rule: str = Field(default="", description="The rule in plain words, shown by explain")


class Catalogue(_Model):
    key: str
    version: str
    title: str
    description: str = ""
    instruments: list[Instrument]
    clusters: list[Cluster]
    cluster_schemes: list[ClusterScheme] = Field(
        default_factory=list, description="Versions of the Committee's reporting clusters; "
        "the first is the current one")
    areas: list[Area]
    layers: list[Term]
    needs_dimensions: list[NeedsDimension]
    systemic_dimensions: list[Term]
    sectors: list[Term]
    child_groups: list[ChildGroup]
    forms: list[ExploitationForm]
    exclusion_criteria: list[Term]
    mandate_functions: list[MandateFunction]
    actor_types: list[Term]
    actor_levels: list[Term]
    instrument_kinds: list[Term]
    link_kinds: list[Term]
    evidence_kinds: list[Term]
    indicators: list[Indicator]
    pathway: list[PathwayStep] = Field(
        default_factory=list, description="The protection pathway, in ``order``")
    vulnerability: VulnerabilityModel = Field(default_factory=VulnerabilityModel)
    rating_scale: RatingScale
    scoring: ScoringRules = Field(default_factory=ScoringRules)

    _provision_index_cache: dict[str, Provision] | None = PrivateAttr(default=None)

    # --- look-ups -------------------------------------------------------------------------
    def provisions(self) -> list[Provision]:
        return [p for instrument in self.instruments for p in instrument.provisions]

    def provision(self, code: str) -> Provision | None:
        return self._provision_index().get(code)

    def _provision_index(self) -> dict[str, Provision]:
        if self._provision_index_cache is None:
            self._provision_index_cache = {p.code: p for p in self.provisions()}
        return self._provision_index_cache

    def cluster_scheme(self, code: str | None = None) -> ClusterScheme:
        """The scheme with this code, or the current one (the first listed). Without any
        scheme in the catalogue, its own clusters in their order form the scheme."""
        if not self.cluster_schemes:
            own = ClusterScheme(code="catalogue", title=self.title, source=self.key,
                                clusters=[SchemeCluster(code=c.code, title=c.title,
                                                        clusters=[c.code])
                                          for c in self.clusters])
            if code in (None, own.code):
                return own
            known = [own.code]
        else:
            if code is None:
                return self.cluster_schemes[0]
            for scheme in self.cluster_schemes:
                if scheme.code == code:
                    return scheme
            known = [s.code for s in self.cluster_schemes]
        raise UsageError(f"unknown cluster scheme {code!r}; use one of: {', '.join(known)}")

    def scheme_provisions(self, entry: SchemeCluster) -> frozenset[str]:
        """The provisions a scheme cluster groups: its own list, else its clusters'."""
        if entry.provisions:
            return frozenset(entry.provisions)
        by_code = {c.code: c for c in self.clusters}
        return frozenset(p for code in entry.clusters if code in by_code
                         for p in by_code[code].provisions)

    def clusters_of(self, provision_code: str) -> list[str]:
        return [c.code for c in self.clusters if provision_code in c.provisions]

    def pathway_steps(self) -> list[PathwayStep]:
        """The pathway in order (an extending catalogue's steps slot in by ``order``)."""
        return sorted(self.pathway, key=lambda step: step.order)

    def codes(self, vocabulary: str) -> list[str]:
        """Codes of a vocabulary by its attribute name (``"sectors"``, ``"areas"``...)."""
        return [item.code for item in getattr(self, vocabulary)]
