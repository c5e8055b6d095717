"""What happens to recommendations: actions answering them, status assessments over time,
the tagger's suggestions and people's decisions on them, and trained tagger models.

Actions link to recommendations and to responsible actors by key (an action may answer many
recommendations: the link is many-to-many). Status assessments are only ever added: the
history per source is the point. Suggestions are stored apart from the recommendation's tags
(a tag exists only once a person accepted it), with who decided and when, so agreement
between the tagger and people can be counted. Every change is audited.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from impactkit.errors import ConflictError, NotFoundError
from impactkit.recommendations.model import (
    Action,
    ImplementationStatus,
    StatusAssessment,
    StatusSource,
    Suggestion,
    SuggestionState,
)
from impactkit.store import audit
from impactkit.store.db import batches
from impactkit.store.recommendations import record_id
from impactkit.store.schema import (
    action_tags,
    actions,
    recommendations,
    status_assessments,
    tag_suggestions,
    tagger_models,
    workspaces,
)
from impactkit.store.tags import delete_tags, insert_tags, load_tags, tag_rows
from impactkit.store.workspaces import cycle_end, state_id, ws_id

ACTION_TAGS: Mapping[str, str] = {"recommendations": "recommendation", "actors": "actor"}


# --- actions ---------------------------------------------------------------------------------
def load_actions(conn: sa.Connection, *, workspace_key: str, recommendation: str | None = None,
                 keys: Sequence[str] | None = None) -> list[Action]:
    """The actions answering the recommendations made to the workspace's State (those
    answering ``recommendation``, or with ``keys``)."""
    query = sa.select(actions).where(actions.c.jurisdiction_id == state_id(conn, workspace_key))
    if keys is not None:
        query = query.where(actions.c.key.in_(list(keys)))
    if recommendation is not None:
        query = query.where(actions.c.id.in_(sa.select(action_tags.c.owner_id).where(
            action_tags.c.kind == "recommendation", action_tags.c.code == recommendation)))
    rows = list(conn.execute(query.order_by(actions.c.key)))
    tags = load_tags(conn, action_tags, [r.id for r in rows], ACTION_TAGS) if rows else {}
    return [Action(key=r.key, title=r.title, description=r.description,
                   status=ImplementationStatus(r.status), due=r.due, version=r.version,
                   **{a: tags.get(r.id, {}).get(a, ()) for a in ACTION_TAGS}) for r in rows]


def get_action(conn: sa.Connection, *, workspace_key: str, key: str) -> Action:
    found = load_actions(conn, workspace_key=workspace_key, keys=[key])
    if not found:
        raise NotFoundError(f"workspace '{workspace_key}' has no action '{key}'")
    return found[0]


def _action_values(action: Action) -> dict[str, Any]:
    return {"key": action.key, "title": action.title, "description": action.description,
            "status": str(action.status), "due": action.due, "version": action.version}


def add_action(conn: sa.Connection, *, workspace_key: str, action: Action, by: str) -> Action:
    state = state_id(conn, workspace_key)
    if conn.execute(sa.select(actions.c.id).where(actions.c.jurisdiction_id == state,
                                                  actions.c.key == action.key)).first():
        raise ConflictError(f"workspace '{workspace_key}' already has an action "
                            f"'{action.key}'")
    saved = dataclasses.replace(action, version=1)
    owner = conn.execute(actions.insert().values(jurisdiction_id=state,
                                                 **_action_values(saved))
                         .returning(actions.c.id)).scalar_one()
    insert_tags(conn, action_tags, tag_rows(owner, saved, ACTION_TAGS))
    audit.record(conn, user=by, workspace_key=workspace_key, entity="action", action="create",
                 record_key=saved.key, after=saved)
    return saved


def update_action(conn: sa.Connection, *, workspace_key: str, action: Action,
                  expected_version: int, by: str) -> Action:
    """Save an edited action if it is still at ``expected_version`` (never last-write-wins:
    a stale edit raises :class:`ConflictError` with the stored action, writing nothing)."""
    current = get_action(conn, workspace_key=workspace_key, key=action.key)
    if current.version != expected_version:
        raise ConflictError(
            f"action '{action.key}' was changed by someone else (now version "
            f"{current.version}, your edit was based on version {expected_version})",
            current_version=current.version, current=current)
    saved = dataclasses.replace(action, version=current.version + 1)
    owner = conn.execute(actions.update().where(
        actions.c.jurisdiction_id == state_id(conn, workspace_key),
        actions.c.key == action.key,
        actions.c.version == expected_version)  # checked again, atomically
        .values(**_action_values(saved)).returning(actions.c.id)).scalar_one_or_none()
    if owner is None:
        latest = get_action(conn, workspace_key=workspace_key, key=action.key)
        raise ConflictError(f"action '{action.key}' was changed by someone else (now version "
                            f"{latest.version})", current_version=latest.version,
                            current=latest)
    delete_tags(conn, action_tags, owner)
    insert_tags(conn, action_tags, tag_rows(owner, saved, ACTION_TAGS))
    audit.record(conn, user=by, workspace_key=workspace_key, entity="action", action="update",
                 record_key=saved.key, before=current, after=saved)
    return saved


# --- status assessments ----------------------------------------------------------------------
def add_status(conn: sa.Connection, *, workspace_key: str, assessment: StatusAssessment,
               by: str) -> StatusAssessment:
    owner = record_id(conn, workspace_key=workspace_key, key=assessment.recommendation)
    saved = dataclasses.replace(assessment, recorded_by=by, recorded_at=audit.now())
    conn.execute(status_assessments.insert().values(
        recommendation_id=owner, source=str(saved.source), status=str(saved.status),
        assessed_on=saved.assessed_on, assessor=saved.assessor, evidence=saved.evidence,
        note=saved.note, recorded_by=by, recorded_at=saved.recorded_at))
    audit.record(conn, user=by, workspace_key=workspace_key, entity="status",
                 action="create", record_key=saved.recommendation, after=saved,
                 summary=f"{saved.source}: {saved.status}")
    return saved


def status_history(conn: sa.Connection, *, workspace_key: str, recommendation: str
                   ) -> list[StatusAssessment]:
    """Oldest first, every source."""
    owner = record_id(conn, workspace_key=workspace_key, key=recommendation)
    rows = conn.execute(sa.select(status_assessments)
                        .where(status_assessments.c.recommendation_id == owner)
                        .order_by(status_assessments.c.assessed_on, status_assessments.c.id))
    return [_assessment(r, recommendation) for r in rows]


def _assessment(row: Any, recommendation: str) -> StatusAssessment:
    return StatusAssessment(recommendation=recommendation, source=StatusSource(row.source),
                            status=ImplementationStatus(row.status),
                            assessed_on=row.assessed_on, assessor=row.assessor,
                            evidence=row.evidence, note=row.note, recorded_by=row.recorded_by,
                            recorded_at=audit.as_utc(row.recorded_at))


# --- suggestions -----------------------------------------------------------------------------
def store_suggestions(conn: sa.Connection, *, workspace_key: str,
                      suggestions: Sequence[Suggestion], tagged: Sequence[str]) -> int:
    """Replace the pending suggestions of the recommendations ``tagged`` (their keys) with
    these: one the tagger no longer proposes leaves the queue. Decided ones (accepted or
    rejected) are kept and never suggested again. Returns how many are new."""
    ids = dict(conn.execute(sa.select(recommendations.c.key, recommendations.c.id).where(
        recommendations.c.jurisdiction_id == state_id(conn, workspace_key))).all())
    owners = sorted({ids[key] for key in tagged if key in ids})
    decided: set[tuple[int, str, str]] = set()
    for chunk in batches(owners, 500):
        conn.execute(tag_suggestions.delete().where(
            tag_suggestions.c.recommendation_id.in_(chunk),
            tag_suggestions.c.state == SuggestionState.PENDING.value))
        decided.update(conn.execute(sa.select(
            tag_suggestions.c.recommendation_id, tag_suggestions.c.kind,
            tag_suggestions.c.code).where(tag_suggestions.c.recommendation_id.in_(chunk)))
            .all())
    rows = [{"recommendation_id": ids[s.recommendation], "kind": s.kind, "code": s.code,
             "confidence": round(float(s.confidence), 4), "support": list(s.support),
             "state": SuggestionState.PENDING.value}
            for s in suggestions
            if s.recommendation in ids
            and (ids[s.recommendation], s.kind, s.code) not in decided]
    if rows:
        conn.execute(tag_suggestions.insert(), rows)
    return len(rows)


def load_suggestions(conn: sa.Connection, *, workspace_key: str,
                     state: SuggestionState | None = SuggestionState.PENDING,
                     recommendation: str | None = None, min_confidence: float = 0.0,
                     kind: str | None = None, limit: int | None = None, offset: int = 0,
                     ) -> list[Suggestion]:
    """Suggestions, most confident first (the review queue)."""
    query = (sa.select(tag_suggestions, recommendations.c.key.label("rec_key"))
             .join(recommendations, recommendations.c.id == tag_suggestions.c.recommendation_id)
             .where(recommendations.c.jurisdiction_id == state_id(conn, workspace_key),
                    tag_suggestions.c.confidence >= min_confidence))
    if state is not None:
        query = query.where(tag_suggestions.c.state == state.value)
    if recommendation is not None:
        query = query.where(recommendations.c.key == recommendation)
    if kind is not None:
        query = query.where(tag_suggestions.c.kind == kind)
    query = query.order_by(tag_suggestions.c.confidence.desc(), recommendations.c.sort_key,
                           tag_suggestions.c.kind, tag_suggestions.c.code).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return [Suggestion(recommendation=r.rec_key, kind=r.kind, code=r.code,
                       confidence=r.confidence, support=tuple(r.support),
                       state=SuggestionState(r.state), decided_by=r.decided_by or "",
                       decided_at=audit.as_utc(r.decided_at) if r.decided_at else None)
            for r in conn.execute(query)]


def mark_decided(conn: sa.Connection, *, workspace_key: str, recommendation: str, kind: str,
                 code: str, state: SuggestionState, by: str, at: datetime) -> None:
    """Record a person's decision on a suggestion (made now if none was pending)."""
    owner = record_id(conn, workspace_key=workspace_key, key=recommendation)
    updated = conn.execute(tag_suggestions.update().where(
        tag_suggestions.c.recommendation_id == owner, tag_suggestions.c.kind == kind,
        tag_suggestions.c.code == code).values(state=state.value, decided_by=by,
                                               decided_at=at))
    if updated.rowcount == 0:
        conn.execute(tag_suggestions.insert().values(
            recommendation_id=owner, kind=kind, code=code, confidence=1.0, support=[],
            state=state.value, decided_by=by, decided_at=at))


# --- trained models --------------------------------------------------------------------------
def save_model(conn: sa.Connection, *, workspace_key: str, model: bytes, examples: int,
               by: str) -> None:
    conn.execute(tagger_models.insert().values(
        workspace_id=ws_id(conn, workspace_key), trained_at=audit.now(), trained_by=by,
        examples=examples, model=model))
    audit.record(conn, user=by, workspace_key=workspace_key, entity="tagger-model",
                 action="create", summary=f"trained on {examples} decisions")


def latest_model(conn: sa.Connection, *, workspace_key: str) -> bytes | None:
    """The model trained last in any workspace (cycle) of the State: the suggestions it makes
    are the State's, like the recommendations and the decisions it learns from."""
    cycles = sa.select(workspaces.c.id).where(
        workspaces.c.jurisdiction_id == state_id(conn, workspace_key))
    found = conn.execute(sa.select(tagger_models.c.model)
                         .where(tagger_models.c.workspace_id.in_(cycles))
                         .order_by(tagger_models.c.id.desc()).limit(1)).scalar_one_or_none()
    return bytes(found) if found is not None else None



def list_details(conn: sa.Connection, *, workspace_key: str, keys: Sequence[str]
                 ) -> dict[str, tuple[StatusAssessment | None, int]]:
    """For a page of recommendations at once: each one's latest status assessment (any
    source) and how many other recommendations of the workspace share its family."""
    state = state_id(conn, workspace_key)
    rows = list(conn.execute(sa.select(recommendations.c.id, recommendations.c.key,
                                       recommendations.c.family)
                             .where(recommendations.c.jurisdiction_id == state,
                                    recommendations.c.key.in_(list(keys)))))
    families = sorted({r.family for r in rows})
    sizes: dict[str, int] = dict(conn.execute(sa.select(recommendations.c.family, sa.func.count())
                              .where(recommendations.c.jurisdiction_id == state,
                                     recommendations.c.family.in_(families))
                              .group_by(recommendations.c.family)).all()) if families else {}
    latest: dict[int, StatusAssessment] = {}
    by_id = {r.id: r.key for r in rows}
    if rows:
        for item in conn.execute(sa.select(status_assessments)
                                 .where(status_assessments.c.recommendation_id.in_(list(by_id)))
                                 .order_by(status_assessments.c.assessed_on,
                                           status_assessments.c.id)):
            latest[item.recommendation_id] = _assessment(item, by_id[item.recommendation_id])
    return {r.key: (latest.get(r.id), max(int(sizes.get(r.family, 1)) - 1, 0)) for r in rows}


def status_histories(conn: sa.Connection, *, workspace_key: str, up_to_cycle: bool = False
                     ) -> dict[str, list[StatusAssessment]]:
    """Every recommendation's status history at once (oldest first, every source), keyed by
    recommendation: what a report of the whole workspace reads, in one query.
    ``up_to_cycle`` keeps the assessments made up to the end of the workspace's year."""
    query = (sa.select(status_assessments, recommendations.c.key.label("recommendation_key"))
             .join(recommendations,
                   recommendations.c.id == status_assessments.c.recommendation_id)
             .where(recommendations.c.jurisdiction_id == state_id(conn, workspace_key))
             .order_by(status_assessments.c.assessed_on, status_assessments.c.id))
    end = cycle_end(conn, workspace_key) if up_to_cycle else None
    if end is not None:
        query = query.where(status_assessments.c.assessed_on <= end)
    out: dict[str, list[StatusAssessment]] = {}
    for row in conn.execute(query):
        out.setdefault(row.recommendation_key, []).append(
            _assessment(row, row.recommendation_key))
    return out
