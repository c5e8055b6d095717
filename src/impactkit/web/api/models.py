"""Pydantic models of the API's records, errors and pages: they make the OpenAPI schema say
exactly what each endpoint takes and gives.

Each record kind has three models built from one set of editable fields:

* ``<Kind>Create``: the body of ``POST`` (the key plus the editable fields);
* ``<Kind>Update``: the body of ``PUT`` (the editable fields plus ``version``, the version the
  edit is based on; the key is in the URL);
* ``<Kind>``: what the API returns, every field of the domain dataclass
  (:mod:`impactkit.domain`), including ``version`` and, for findings, the review fields the
  workflow sets (status, author, reviewed_by, validated_by, timestamps).

Codes (areas, provisions, sectors...) are plain strings here: which codes exist is the
workspace catalogue's business, checked by the services, whose problems come back as 422
with the field named.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from impactkit.kinds import kind_at

RatingStateCode = Literal["rated", "not-assessed", "not-applicable"]
ConfidenceCode = Literal["high", "medium", "low"]
StatusCode = Literal["draft", "reviewed", "validated"]
Codes = list[str]


class Strict(BaseModel):
    """Unknown fields are refused: a misspelt field must not be silently dropped."""

    model_config = ConfigDict(extra="forbid")


class Keyed(Strict):
    key: str = Field(min_length=1, max_length=200,
                     description="Stable identifier, unique in the workspace.")


class Versioned(Strict):
    key: str | None = Field(default=None, description="Optional; if given, the key in the "
                                                      "URL (keys never change).")
    version: int = Field(ge=1, description="The version this edit is based on (as last "
                                           "read). A stale version is refused with 409.")


class Stored(Strict):
    key: str
    version: int = Field(description="Increases by one on every save.")


# --- findings --------------------------------------------------------------------------

class FindingFields(Strict):
    area: str = Field(description="Area of analysis code, e.g. 'compliance'.")
    layer: str = Field(description="Layer code: law-policy, practice or child-perspective.")
    provisions: Codes = Field(default_factory=list, description="Provision codes, e.g. CRC-32.")
    clusters: Codes = Field(default_factory=list, description="Whole reporting clusters.")
    sectors: Codes = Field(default_factory=list)
    groups: Codes = Field(default_factory=list, description="Child group codes.")
    forms: Codes = Field(default_factory=list, description="Forms of exploitation.")
    rating: int | None = Field(default=None, description="On the catalogue's scale (0..4 by "
                                                         "default); only when rated.")
    rating_state: RatingStateCode | None = Field(
        default=None, description="Defaults to 'rated' when a rating is given, else "
                                  "'not-assessed'.")
    confidence: ConfidenceCode = "medium"
    title: str = ""
    narrative: str = ""
    exclusion_criteria: Codes = Field(default_factory=list)
    tension_sectors: Codes = Field(default_factory=list)
    tension_instruments: Codes = Field(default_factory=list)


class FindingCreate(FindingFields, Keyed):
    pass


class FindingUpdate(FindingFields, Versioned):
    pass


class Finding(FindingFields, Stored):
    rating_state: RatingStateCode  # always known once stored
    status: StatusCode
    author: str
    reviewed_by: str | None
    validated_by: str | None
    created_at: datetime | None
    updated_at: datetime | None


# --- evidence ---------------------------------------------------------------------------

class EvidenceFields(Strict):
    finding_key: str = Field(description="The finding this evidence supports.")
    kind: str = Field(description="Evidence kind code, e.g. 'desk-review'.")
    title: str
    source: str = ""
    url: str = ""
    date: str = Field(default="", description="ISO date or year.")
    reliability: str = "medium"
    confidential: bool = Field(
        default=False, description="A source a published report cites by its type and date "
                                   "only (an interview, an unpublished file).")
    indicator: str | None = Field(
        default=None, description="An indicator code when the evidence is its value for the "
                                  "year in date.")


class EvidenceCreate(EvidenceFields, Keyed):
    pass


class EvidenceUpdate(EvidenceFields, Versioned):
    pass


class Evidence(EvidenceFields, Stored):
    pass


# --- actors -----------------------------------------------------------------------------

class ActorFields(Strict):
    name: str
    sector: str
    level: str = "national"
    type: str = "agency"
    description: str = ""


class ActorCreate(ActorFields, Keyed):
    pass


class ActorUpdate(ActorFields, Versioned):
    pass


class Actor(ActorFields, Stored):
    pass


# --- national instruments -----------------------------------------------------------------

class InstrumentFields(Strict):
    title: str
    kind: str = Field(description="Instrument kind code: law, regulation, policy...")
    year: int | None = None
    in_force: bool = True
    provisions: Codes = Field(default_factory=list)
    sectors: Codes = Field(default_factory=list)
    url: str = ""
    notes: str = ""


class InstrumentCreate(InstrumentFields, Keyed):
    pass


class InstrumentUpdate(InstrumentFields, Versioned):
    pass


class Instrument(InstrumentFields, Stored):
    pass


# --- mandates ---------------------------------------------------------------------------

class MandateFields(Strict):
    actor_key: str
    provisions: Codes = Field(default_factory=list)
    forms: Codes = Field(default_factory=list)
    groups: Codes = Field(default_factory=list, description="Child groups served in particular "
                          "(every other child too, unless limited_to_groups).")
    functions: Codes = Field(default_factory=list)
    legal_basis: str | None = Field(default=None, description="Key of a national instrument.")
    notes: str = ""
    limited_to_groups: bool = Field(
        default=False, description="True: the mandate serves only the groups named.")
    levels: Codes = Field(default_factory=list, description="Levels where the actor acts "
                          "under this mandate besides its own (local stations: local).")
    age_bands: Codes = Field(default_factory=list, description="Age bands the mandate is "
                             "limited to (0-5, 6-11, 12-14, 15-17); none: every age.")


class MandateCreate(MandateFields, Keyed):
    pass


class MandateUpdate(MandateFields, Versioned):
    pass


class Mandate(MandateFields, Stored):
    pass


# --- coordination links -----------------------------------------------------------------------

class LinkFields(Strict):
    source_key: str = Field(description="Key of the actor the link starts from.")
    target_key: str = Field(description="Key of the actor the link goes to.")
    kind: str = "coordination-body"
    legal_basis: str | None = None
    notes: str = ""


class LinkCreate(LinkFields, Keyed):
    pass


class LinkUpdate(LinkFields, Versioned):
    pass


class Link(LinkFields, Stored):
    pass


# --- indicator values -------------------------------------------------------------------

class IndicatorValueFields(Strict):
    indicator: str = Field(description="Catalogue indicator code.")
    year: int
    value: float
    group: str | None = None
    sector: str | None = None
    source: str = ""
    note: str = ""


class IndicatorValueCreate(IndicatorValueFields, Keyed):
    pass


class IndicatorValueUpdate(IndicatorValueFields, Versioned):
    pass


class IndicatorValue(IndicatorValueFields, Stored):
    pass


class EntityModels:
    """The three models of one record kind (named by its path, :mod:`impactkit.kinds`), and
    its names in URLs and operation ids."""

    def __init__(self, entity: str, create: type[BaseModel], update: type[BaseModel],
                 out: type[BaseModel]) -> None:
        kind = kind_at(entity)
        self.entity = kind.path
        self.singular = kind.name.replace("-", "_")  # operation ids: get_indicator_value
        self.create = create
        self.update = update
        self.out = out

    @property
    def slug(self) -> str:
        """The entity as an identifier: ``indicator_values``."""
        return self.entity.replace("-", "_")


ENTITY_MODELS: tuple[EntityModels, ...] = (
    EntityModels("findings", FindingCreate, FindingUpdate, Finding),
    EntityModels("evidence", EvidenceCreate, EvidenceUpdate, Evidence),
    EntityModels("actors", ActorCreate, ActorUpdate, Actor),
    EntityModels("instruments", InstrumentCreate, InstrumentUpdate, Instrument),
    EntityModels("mandates", MandateCreate, MandateUpdate, Mandate),
    EntityModels("links", LinkCreate, LinkUpdate, Link),
    EntityModels("indicator-values", IndicatorValueCreate, IndicatorValueUpdate,
                 IndicatorValue),
)

# --- report texts ------------------------------------------------------------------------

class EditorialText(BaseModel):
    """One report text as stored (version 0 and an empty body: not written)."""

    key: str = Field(description="The section: introduction, context, cluster:<code>, "
                                 "conclusions or state-comments.")
    body: str = Field(description="The text, in Markdown.")
    version: int = Field(description="Increases by one on every save; 0 while the section "
                                     "is not written.")
    updated_at: datetime | None = Field(description="When it was last saved (UTC).")


class EditorialTextEntry(EditorialText):
    """One section a workspace can hold, written or not, with its heading in a report."""

    heading: str
    written: bool = Field(description="False while nobody has written the section: reports "
                                      "leave it out.")
    known: bool = Field(description="False for a text stored under a section the "
                                    "workspace's catalogue no longer has (it can only be "
                                    "cleared).")


class EditorialTexts(BaseModel):
    """Every section of a workspace, in the order a report places them."""

    workspace: str
    sections: list[EditorialTextEntry]


class EditorialTextUpdate(Strict):
    """A report text to save. An empty body (or one of white space only) clears the
    section."""

    body: str = Field(description="The text, in Markdown (at most 100,000 characters).")
    version: int = Field(ge=0, description="The version this text is based on, as last read "
                                           "(0 for a section not written yet). A stale "
                                           "version is refused with 409.")


# --- pages, errors, review ----------------------------------------------------------------

Item = TypeVar("Item", bound=BaseModel)


class Page(BaseModel, Generic[Item]):
    """One page of a list: ``total`` counts every match, not only this page's."""

    items: list[Item]
    total: int
    page: int
    per_page: int


class Problem(BaseModel):
    """One thing wrong with the request: ``location`` is body, query or path (or a record
    source), ``field`` a dotted path inside it, e.g. ``provisions[2]``."""

    location: str | None
    row: int | None
    field: str | None
    message: str


class Error(BaseModel):
    """The one error shape of the API. ``error`` is the kind (NotFoundError,
    ValidationError, PermissionDenied, ConflictError...), ``message`` says what to do;
    validation errors list every problem found."""

    error: str
    message: str
    problems: list[Problem] | None = None


class Conflict(Error, Generic[Item]):
    """A save, delete or review step based on a stale version: nothing was written.
    ``current`` is the record as stored now; merge your change into it and retry with its
    version."""

    current_version: int | None
    current: Item | None


class TransitionRequest(Strict):
    """One review step. ``review``: draft -> reviewed; ``validate``: reviewed -> validated
    (needs an evidence item); ``send-back``: reviewed or validated -> draft (needs a
    comment); ``reopen``: validated -> reviewed. Reviewers only."""

    action: Literal["review", "validate", "send-back", "reopen"]
    version: int = Field(ge=1, description="The finding version this step is based on.")
    comment: str = ""


class CommentRequest(Strict):
    text: str = Field(min_length=1)


class FindingEvent(BaseModel):
    """One step in a finding's review history: a comment or a review step."""

    at: datetime
    user: str
    kind: str = Field(description="comment, review, validate, send-back or reopen.")
    text: str


class AuditEntry(BaseModel):
    """One create, update or delete, with who, when, before and after."""

    at: datetime
    user: str
    workspace_key: str | None
    entity: str
    record_key: str | None
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    summary: str


class WorkspaceSummary(BaseModel):
    key: str
    title: str
    jurisdiction: str = Field(description="ISO 3166 code (fictional ones start with X).")
    jurisdiction_name: str
    fictional: bool
    cycle: str
    catalogue_key: str
    findings: int = Field(description="Number of findings.")
    role: Literal["viewer", "contributor", "reviewer", "admin"] | None = Field(
        description="Your role here (null when you read it as a public workspace).")
    public: bool = Field(description="Readable without logging in.")


class WorkspaceDetail(WorkspaceSummary):
    """One workspace: its summary, plus what only its own page shows."""

    year: int | None
    description: str
    created_at: datetime | None
    four_eyes: bool = Field(description="Whoever wrote or last changed a finding can neither "
                                        "review nor validate it (on by default).")


class WorkspaceChange(Strict):
    """The settings of a workspace that its admins may change (audited)."""

    four_eyes: bool = Field(description="Switch the four-eyes rule of review on or off.")
