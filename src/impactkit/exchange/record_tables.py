"""The package's resources beyond the workspace's own records: the State's recommendations,
actions, status history, tag suggestions and indicator panel, and the workspace's saved
scenarios, review trail, own recommendations and the database's indicator definitions.

Declared like :mod:`impactkit.exchange.tables` (the same columns write the CSV, describe it in
``datapackage.json`` and read it back), with the same cell conventions. Free-text labels that
may hold any character (the source's themes, a suggestion's supporting words) are JSON arrays,
saved documents (a scenario, an indicator definition) JSON objects: what a ``|`` list could not
carry exactly. Rows without a key of their own (a status assessment, a review event) are keyed
by their owner and their ``position`` in its history, oldest first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from impactkit.exchange.tables import KEY, VERSION, ForeignKey, Table, _col
from impactkit.recommendations.model import (
    Action,
    ImplementationStatus,
    Mechanism,
    Position,
    Recommendation,
    StatusAssessment,
    StatusSource,
    Suggestion,
    SuggestionState,
)
from impactkit.recommendations.own import Grade, OwnRecommendation, OwnStatus


# --- records that no domain class holds whole ---------------------------------------------------
@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """A status assessment and its place in its recommendation's history (0: the oldest)."""

    position: int
    assessment: StatusAssessment


@dataclass(frozen=True, slots=True)
class PanelRecord:
    """One value of the State's indicator panel, with when it was imported."""

    indicator: str
    year: int
    value: float
    source: str = ""
    note: str = ""
    imported_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class DefinitionRecord:
    """An indicator people defined (the catalogue's Indicator document), as stored."""

    code: str
    document: dict[str, Any]
    version: int = 1
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ScenarioRecord:
    """A saved referral scenario: its situation and notes, and the navigator's answer."""

    key: str
    title: str
    document: dict[str, Any]
    route: dict[str, Any]
    saved_at: datetime
    saved_by: str
    version: int = 1


@dataclass(frozen=True, slots=True)
class ReviewEvent:
    """A comment or review step on a finding, and its place in the finding's trail."""

    finding: str
    position: int
    at: datetime
    user: str
    kind: str
    text: str = ""


@dataclass(frozen=True, slots=True)
class OwnRecord:
    """A recommendation of the assessing body, with when it was last saved."""

    recommendation: OwnRecommendation
    updated_at: datetime | None = None


@dataclass(slots=True)
class StateRecords:
    """What belongs to the State (the workspace's jurisdiction), shared by its workspaces."""

    recommendations: list[Recommendation] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    status_history: list[HistoryEntry] = field(default_factory=list)
    tag_suggestions: list[Suggestion] = field(default_factory=list)
    indicator_panel: list[PanelRecord] = field(default_factory=list)
    indicator_definitions: list[DefinitionRecord] = field(default_factory=list)


@dataclass(slots=True)
class WorkspaceRecords:
    """What people entered in a workspace besides :class:`~impactkit.domain.WorkspaceData`
    and its report texts."""

    scenarios: list[ScenarioRecord] = field(default_factory=list)
    finding_events: list[ReviewEvent] = field(default_factory=list)
    own_recommendations: list[OwnRecord] = field(default_factory=list)


# --- row conversions ----------------------------------------------------------------------------
def _fields_of(record: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(record, name) for name in names}


_STATUS_FIELDS = ("source", "status", "assessed_on", "assessor", "evidence", "note",
                  "recorded_by", "recorded_at")


def _status_row(entry: HistoryEntry) -> dict[str, Any]:
    return {"recommendation": entry.assessment.recommendation, "position": entry.position,
            **_fields_of(entry.assessment, _STATUS_FIELDS)}


def _status_from_row(v: dict[str, Any]) -> HistoryEntry:
    return HistoryEntry(v["position"], StatusAssessment(
        recommendation=v["recommendation"], **{name: v[name] for name in _STATUS_FIELDS}))


_OWN_FIELDS = ("key", "text", "grade", "basis", "basis_target", "rationale", "actors",
               "provisions", "clusters", "sectors", "groups", "related", "status", "version")


def _own_row(record: OwnRecord) -> dict[str, Any]:
    return {**_fields_of(record.recommendation, _OWN_FIELDS), "updated_at": record.updated_at}


def _own_from_row(v: dict[str, Any]) -> OwnRecord:
    return OwnRecord(OwnRecommendation(**{name: v[name] for name in _OWN_FIELDS}),
                     updated_at=v["updated_at"])


def _recommendation(ref: str) -> ForeignKey:
    return ForeignKey(ref, "recommendations")


# --- the State's resources ----------------------------------------------------------------------
_CODES = "list"
RECOMMENDATIONS = Table(
    "recommendations", "Recommendations made to the State, with every tag people decided",
    Recommendation, (
        KEY, _col("mechanism", required=True, enum=Mechanism),
        _col("text", required=True),
        _col("document_symbol"), _col("paragraph"), _col("cycle"), _col("session"),
        _col("date", "date", "When it was made, ISO 8601"),
        _col("recommending", "array", "The recommending States or body, as the source names "
             "them (JSON array)"),
        _col("position", "optional-text", "The State's response", enum=Position),
        _col("language", description="Language code of the text", required=True),
        _col("provisions", _CODES, "Provision codes"),
        _col("clusters", _CODES, "Reporting cluster codes"),
        _col("sectors", _CODES, "Sector codes"),
        _col("groups", _CODES, "Child group codes"),
        _col("forms", _CODES, "Form of exploitation codes"),
        _col("sdgs", _CODES, "SDG goals or targets"),
        _col("themes", "array", "The source's own themes, as given (JSON array)"),
        _col("affected_persons", "array", "The source's own groups of persons, as given "
             "(JSON array)"),
        _col("summary", _CODES, "Summary tags people decided (child-rights, trafficking)"),
        _col("findings", _CODES, "Linked findings: workspace/finding, or a finding key of "
             "this workspace"),
        _col("family", description="Key of the first recommendation of its reiteration "
             "family", required=True),
        VERSION,
    ))

ACTIONS = Table(
    "actions", "What is done (or planned) in answer to recommendations", Action, (
        KEY, _col("title", required=True), _col("description"),
        _col("recommendations", _CODES, "Keys of the recommendations it answers"),
        _col("actors", _CODES, "Keys of the responsible actors"),
        _col("status", required=True, enum=ImplementationStatus),
        _col("due", "date", "Due date, ISO 8601"),
        VERSION,
    ))

STATUS_HISTORY = Table(
    "status_history", "Each source's assessments of how far a recommendation is "
    "implemented, oldest first", HistoryEntry, (
        _col("recommendation", description="Key of a recommendation", required=True),
        _col("position", "integer", "Place in the recommendation's history, 0 the oldest",
             required=True),
        _col("source", required=True, enum=StatusSource),
        _col("status", required=True, enum=ImplementationStatus),
        _col("assessed_on", "date", "ISO 8601", required=True),
        _col("assessor", description="The organisation that assessed"),
        _col("evidence"), _col("note"),
        _col("recorded_by", description="Who recorded it", required=True),
        _col("recorded_at", "datetime", "When it was recorded, ISO 8601, UTC", required=True),
    ), foreign_keys=(_recommendation("recommendation"),), to_row=_status_row,
    from_row=_status_from_row, primary_key=("recommendation", "position"))

TAG_SUGGESTIONS = Table(
    "tag_suggestions", "The tagger's suggestions, pending or decided (who and when)",
    Suggestion, (
        _col("recommendation", description="Key of a recommendation", required=True),
        _col("kind", description="Tag kind: provisions, clusters, sectors, groups, forms, "
             "sdgs, themes or summary", required=True),
        _col("code", required=True),
        _col("confidence", "number", required=True),
        _col("support", "array", "Words or passages behind it (JSON array)"),
        _col("state", required=True, enum=SuggestionState),
        _col("decided_by", description="Who accepted or rejected it"),
        _col("decided_at", "datetime", "When, ISO 8601, UTC"),
    ), foreign_keys=(_recommendation("recommendation"),),
    primary_key=("recommendation", "kind", "code"))

INDICATOR_PANEL = Table(
    "indicator_panel", "The State's indicator values per year (official series), shared by "
    "its workspaces", PanelRecord, (
        _col("indicator", description="Indicator code", required=True),
        _col("year", "integer", required=True),
        _col("value", "number", required=True),
        _col("source"), _col("note"),
        _col("imported_at", "datetime", "When it was imported, ISO 8601, UTC", required=True),
    ), primary_key=("indicator", "year"))

INDICATOR_DEFINITIONS = Table(
    "indicator_definitions", "Indicators people defined in this database (the catalogue's "
    "indicator document)", DefinitionRecord, (
        _col("code", description="Indicator code", required=True),
        _col("document", "object", "The definition (JSON object)", required=True),
        VERSION,
        _col("updated_at", "datetime", "ISO 8601, UTC", required=True),
    ), primary_key=("code",))

STATE_TABLES: tuple[Table, ...] = (RECOMMENDATIONS, ACTIONS, STATUS_HISTORY, TAG_SUGGESTIONS,
                                   INDICATOR_PANEL, INDICATOR_DEFINITIONS)
"""The State's resources, in the order they are written: fields of :class:`StateRecords`."""

# --- the workspace's other records --------------------------------------------------------------
SCENARIOS = Table(
    "scenarios", "Saved referral scenarios (no personal data): situation and notes, and the "
    "navigator's answer when saved", ScenarioRecord, (
        KEY, _col("title", required=True),
        _col("document", "object", "The situation, notes and session (JSON object)",
             required=True),
        _col("route", "object", "The navigator's answer when saved (JSON object)",
             required=True),
        _col("saved_at", "datetime", "ISO 8601, UTC", required=True),
        _col("saved_by", required=True),
        VERSION,
    ))

FINDING_EVENTS = Table(
    "finding_events", "The review trail of findings: comments and review steps, oldest "
    "first", ReviewEvent, (
        _col("finding", description="Key of a finding", required=True),
        _col("position", "integer", "Place in the finding's trail, 0 the oldest",
             required=True),
        _col("at", "datetime", "ISO 8601, UTC", required=True),
        _col("user", required=True),
        _col("kind", description="comment, review, validate, send-back or reopen",
             required=True),
        _col("text"),
    ), foreign_keys=(ForeignKey("finding", "findings"),),
    primary_key=("finding", "position"))

OWN_RECOMMENDATIONS = Table(
    "own_recommendations", "The assessing body's own recommendations", OwnRecord, (
        KEY, _col("text", required=True),
        _col("grade", required=True, enum=Grade),
        _col("basis", required=True),
        _col("basis_target", description="The impact explain target that shows the evidence"),
        _col("rationale"),
        _col("actors", _CODES, "Keys of the actors it is addressed to"),
        _col("provisions", _CODES, "Provision codes"),
        _col("clusters", _CODES, "Reporting cluster codes"),
        _col("sectors", _CODES, "Sector codes"),
        _col("groups", _CODES, "Child group codes"),
        _col("related", _CODES, "Keys of related recommendations made to the State"),
        _col("status", required=True, enum=OwnStatus),
        VERSION,
        _col("updated_at", "datetime", "ISO 8601, UTC", required=True),
    ), to_row=_own_row, from_row=_own_from_row)

WORKSPACE_RECORD_TABLES: tuple[Table, ...] = (SCENARIOS, FINDING_EVENTS, OWN_RECOMMENDATIONS)
"""The workspace's other resources: fields of :class:`WorkspaceRecords`."""

