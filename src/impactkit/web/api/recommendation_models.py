"""Pydantic models of the recommendations API: what each operation takes and gives, so the
OpenAPI schema documents it exactly. Shapes follow :mod:`impactkit.recommendations.model`
(enums by value, dates ISO 8601); codes are plain strings, checked against the workspace's
catalogue by the services (unknown ones come back as 422 naming the field).
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from impactkit.recommendations.model import (
    ImplementationStatus,
    Mechanism,
    Position,
    StatusSource,
    SuggestionState,
)
from impactkit.web.api.models import Strict

Codes = list[str]


class Recommendation(BaseModel):
    key: str
    mechanism: Mechanism
    text: str
    document_symbol: str
    paragraph: str
    cycle: str
    session: str
    date: dt.date | None
    recommending: Codes
    position: Position | None
    language: str
    provisions: Codes
    clusters: Codes
    sectors: Codes
    groups: Codes
    forms: Codes
    sdgs: Codes
    themes: Codes
    affected_persons: Codes
    summary: Codes
    findings: Codes
    family: str = Field(description="Key of the first recommendation of its reiteration "
                                    "family (itself when nothing reiterates it).")
    version: int = Field(description="Increases by one on every save.")


class RecommendationPage(BaseModel):
    items: list[Recommendation]
    total: int = Field(description="How many match in all.")
    offset: int
    limit: int


class TagsUpdate(Strict):
    """The tag lists to replace (lists not given are kept) and the version the change is
    based on."""

    version: int = Field(ge=1, description="The version this edit is based on (as last "
                                           "read). A stale version is refused with 409.")
    provisions: Codes | None = None
    clusters: Codes | None = None
    sectors: Codes | None = None
    groups: Codes | None = None
    forms: Codes | None = None
    sdgs: Codes | None = None
    themes: Codes | None = None
    summary: Codes | None = Field(default=None,
                                  description="child-rights and/or trafficking.")
    findings: Codes | None = Field(default=None,
                                   description="Keys of findings of the workspace the "
                                               "recommendation bears on.")


class Suggestion(BaseModel):
    recommendation: str
    kind: str = Field(description="provisions, clusters, sectors, groups, forms, sdgs, "
                                  "themes or summary.")
    code: str
    confidence: float
    support: list[str] = Field(description="The words or passage that made the tagger "
                                           "suggest it.")
    state: SuggestionState
    decided_by: str
    decided_at: dt.datetime | None


class Decision(Strict):
    recommendation: str = Field(min_length=1)
    kind: str = Field(min_length=1)
    code: str = Field(min_length=1)
    accept: bool = Field(description="True: the tag is added; false: it is rejected and "
                                     "never suggested again.")


class AcceptAbove(Strict):
    threshold: float = Field(gt=0, le=1, description="Accept every pending suggestion at or "
                                                     "above this confidence.")
    kind: str | None = Field(default=None, description="Only suggestions of this kind.")


class Accepted(BaseModel):
    accepted: int


class SuggestRequest(Strict):
    keys: list[str] | None = Field(default=None, description="Only these recommendations "
                                                             "(default: all of them).")


class SuggestReport(BaseModel):
    recommendations: int
    suggestions: int
    tagger: str = Field(description="zero-shot, or learned once someone has trained it.")


class TrainReport(BaseModel):
    examples: int
    tags: list[str] = Field(description="The tags the learned tagger has learned.")


class ActionFields(Strict):
    title: str = Field(min_length=1)
    description: str = ""
    recommendations: Codes = Field(default_factory=list,
                                   description="Keys of the recommendations it answers.")
    actors: Codes = Field(default_factory=list,
                          description="Keys of the responsible actors of the workspace.")
    status: ImplementationStatus = ImplementationStatus.PLANNED
    due: dt.date | None = None


class ActionCreate(ActionFields):
    key: str = Field(min_length=1, max_length=200)


class ActionUpdate(ActionFields):
    key: str | None = Field(default=None, description="Optional; if given, the key in the "
                                                      "URL (keys never change).")
    version: int = Field(ge=1, description="The version this edit is based on.")


class Action(ActionFields):
    key: str
    version: int


class StatusCreate(Strict):
    source: StatusSource
    status: ImplementationStatus
    assessed_on: dt.date
    assessor: str = Field(default="", description="The organisation that assessed.")
    evidence: str = Field(default="", description="A reference or address.")
    note: str = ""


class StatusAssessment(StatusCreate):
    recommendation: str
    recorded_by: str
    recorded_at: dt.datetime | None


class RecommendationSource(Strict):
    """The source fields of a recommendation written by hand (tags are set apart)."""

    mechanism: Mechanism
    text: str = Field(min_length=1, description="As the source gives it.")
    document_symbol: str = ""
    paragraph: str = ""
    cycle: str = ""
    session: str = ""
    date: dt.date | None = None
    position: Position | None = None
    language: str = Field(default="en", description="A language code: en, fr, es, pt-BR...")


class RecommendationUpdate(Strict):
    """The source fields to change (those not given are kept) and the version the change
    is based on. The key never changes."""

    version: int = Field(ge=1, description="The version this edit is based on (as last "
                                           "read). A stale version is refused with 409.")
    mechanism: Mechanism | None = None
    text: str | None = Field(default=None, min_length=1)
    document_symbol: str | None = None
    paragraph: str | None = None
    cycle: str | None = None
    session: str | None = None
    date: dt.date | None = None
    position: Position | None = None
    language: str | None = None


class LinkChange(Strict):
    """Findings to link or unlink: keys of findings of the workspace, or ``WORKSPACE/KEY``
    for a finding of another workspace of the same State."""

    version: int = Field(ge=1, description="The recommendation's version this change is "
                                           "based on. A stale version is refused with 409.")
    findings: list[str] = Field(description="At least one (an empty list is 422).")


class LinkedFinding(BaseModel):
    ref: str = Field(description="The reference as stored (WORKSPACE/KEY, or a bare key of "
                                 "the workspace read from).")
    workspace: str
    key: str
    title: str | None = Field(description="None when the finding was deleted or its "
                                          "workspace is not readable by the caller.")
    layer: str | None
    status: str | None


class FindingRecommendation(BaseModel):
    recommendation: Recommendation
    latest_status: StatusAssessment | None = Field(description="The latest assessment of "
                                                               "any source.")


class FindingRecommendations(BaseModel):
    recommendations: list[FindingRecommendation]
    own_recommendations: list[str] = Field(description="Keys of the workspace's own "
                                                       "recommendations related to any of "
                                                       "these.")
