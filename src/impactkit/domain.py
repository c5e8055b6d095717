"""Plain typed objects for one workspace: what the store loads and saves, what exchange reads
and writes, and what analysis consumes.

They hold codes (``"CRC-32"``, ``"practice"``, ``"labour"``) rather than catalogue objects, so a
workspace can be checked against any catalogue and moved between databases as plain data. Each
record has a ``key``: a stable, human-readable identifier unique inside its workspace, used by
imports, exports and the CLI (database ids never leave the store).

Nothing here is a child's personal data: the tool describes systems, not children.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol


class RatingState(StrEnum):
    """Whether a finding carries a rating. "Not assessed" and "not applicable" are explicit
    states, never stored as a zero rating, so they can never drag a score down."""

    RATED = "rated"
    NOT_ASSESSED = "not-assessed"
    NOT_APPLICABLE = "not-applicable"


class FindingStatus(StrEnum):
    """Review workflow: a finding starts as a draft, is reviewed, then validated (which needs
    at least one evidence item)."""

    DRAFT = "draft"
    REVIEWED = "reviewed"
    VALIDATED = "validated"


class Confidence(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class JurisdictionKind(StrEnum):
    COUNTRY = "country"
    REGION = "region"


@dataclass(slots=True)
class Jurisdiction:
    """A country (ISO 3166-1 alpha-3 code) or a region inside one (ISO 3166-2 code, or the
    country code plus a suffix of our own). Fictional jurisdictions use codes starting "X"
    (user-assigned in ISO 3166) and are flagged, so they can never be mistaken for a country."""

    code: str
    name: str
    kind: JurisdictionKind = JurisdictionKind.COUNTRY
    parent_code: str | None = None
    fictional: bool = False


@dataclass(slots=True)
class Workspace:
    """One assessment: one jurisdiction, one cycle (a reporting period), one catalogue."""

    key: str
    title: str
    jurisdiction: Jurisdiction
    cycle: str
    catalogue_key: str = "impact-default"
    year: int | None = None
    description: str = ""
    created_at: datetime | None = None


@dataclass(slots=True)
class Actor:
    """An institution with a role in the system: ministry, agency, court, police unit,
    municipality, service, NGO, ombudsperson, guardianship body, coordination body."""

    key: str
    name: str
    sector: str
    level: str = "national"
    type: str = "agency"
    description: str = ""
    version: int = 1


@dataclass(slots=True)
class NationalInstrument:
    """A national law, policy, action plan or budget line, and the provisions it implements."""

    key: str
    title: str
    kind: str
    year: int | None = None
    in_force: bool = True
    provisions: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    url: str = ""
    notes: str = ""
    version: int = 1


#: The age bands a situation, a pathway step or a mandate speaks of (years, inclusive).
AGE_BANDS: tuple[str, ...] = ("0-5", "6-11", "12-14", "15-17")


@dataclass(slots=True)
class Mandate:
    """What an actor is responsible for: provisions, forms of exploitation, child groups and
    functions (identification, referral, protection...), with its legal basis.

    Scope, as users mean it: ``forms`` limit the mandate to those forms (a cybercrime unit is
    not responsible for labour exploitation); ``groups`` name the children it serves *in
    particular* and do not limit it unless ``limited_to_groups`` is set (a shelter only for
    unaccompanied children); ``age_bands``, when given, limit it to those ages; ``levels``
    are the levels of administration where the actor acts under this mandate besides its
    own (a national police that acts through local stations: ``("local",)``).
    """

    key: str
    actor_key: str
    provisions: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    functions: tuple[str, ...] = ()
    legal_basis: str | None = None  # key of a NationalInstrument
    notes: str = ""
    version: int = 1
    limited_to_groups: bool = False
    levels: tuple[str, ...] = ()
    age_bands: tuple[str, ...] = ()


@dataclass(slots=True)
class CoordinationLink:
    """A typed link between two actors (referral, coordination body, data sharing, funding,
    supervision, conflicting mandate), with its legal basis."""

    key: str
    source_key: str
    target_key: str
    kind: str = "coordination-body"
    legal_basis: str | None = None
    notes: str = ""
    version: int = 1


@dataclass(slots=True)
class Finding:
    """How one area of analysis holds for a scope, on one layer. The unit of assessment.

    ``rating`` is set only when ``rating_state`` is RATED. ``clusters`` names whole reporting
    clusters in scope besides those reached through ``provisions``.
    """

    key: str
    area: str
    layer: str
    provisions: tuple[str, ...] = ()
    clusters: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    rating: int | None = None
    rating_state: RatingState = RatingState.NOT_ASSESSED
    confidence: Confidence = Confidence.MEDIUM
    title: str = ""
    narrative: str = ""
    exclusion_criteria: tuple[str, ...] = ()
    tension_sectors: tuple[str, ...] = ()
    tension_instruments: tuple[str, ...] = ()
    status: FindingStatus = FindingStatus.DRAFT
    author: str = ""
    reviewed_by: str | None = None
    validated_by: str | None = None
    version: int = 1
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def assessed(self) -> bool:
        return self.rating_state is RatingState.RATED


@dataclass(slots=True)
class Evidence:
    """A source behind a finding: desk review, statistics, interview, consultation with
    children, validation workshop. ``reliability`` records how far the source can be trusted.

    ``confidential`` marks a source that must not be named in public: an interview, an
    unpublished file. A published report cites such a source by its type and date only, so
    that whoever spoke to the assessment team cannot be traced through it; the team's own
    pages still show it whole.

    ``indicator`` names an indicator (catalogue or user-defined) when the evidence is one of
    its values: the value of the jurisdiction's series in the year of ``date``, which pages
    and reports then show beside the source."""

    key: str
    finding_key: str
    kind: str
    title: str
    source: str = ""
    url: str = ""
    date: str = ""  # ISO date or year; sources are often dated loosely
    reliability: str = "medium"
    confidential: bool = False
    indicator: str | None = None  # an indicator code: the source cites its value in date's year
    version: int = 1


@dataclass(slots=True)
class IndicatorValue:
    """One observed value of a catalogue indicator, optionally for a child group or sector."""

    key: str
    indicator: str
    year: int
    value: float
    group: str | None = None
    sector: str | None = None
    source: str = ""
    note: str = ""
    version: int = 1


@dataclass(frozen=True, slots=True)
class PanelValue:
    """One number of an indicator panel: an indicator's value for a jurisdiction in a year.
    Panels belong to jurisdictions, not workspaces: the official series of a country serves
    every cycle assessed there."""

    jurisdiction: str  # ISO 3166-1 alpha-3, or a user-assigned X.. code
    indicator: str
    year: int
    value: float
    source: str = ""
    note: str = ""


class ActorSystem(Protocol):
    """The actors of a workspace, their mandates and the links between them: what mandate
    coverage and the protection chain read. A :class:`WorkspaceData` is one; so is the
    analysis's input (:class:`impactkit.analysis.table.AnalysisInput`), which holds its
    findings as columns instead."""

    @property
    def actors(self) -> Sequence[Actor]: ...

    @property
    def mandates(self) -> Sequence[Mandate]: ...

    @property
    def links(self) -> Sequence[CoordinationLink]: ...


@dataclass(slots=True)
class WorkspaceData:
    """Everything one workspace holds, as plain data: the input of analysis and exchange."""

    workspace: Workspace
    actors: list[Actor] = field(default_factory=list)
    instruments: list[NationalInstrument] = field(default_factory=list)
    mandates: list[Mandate] = field(default_factory=list)
    links: list[CoordinationLink] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    indicator_values: list[IndicatorValue] = field(default_factory=list)
