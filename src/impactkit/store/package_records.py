"""Everything a Data Package carries beyond a workspace's own records, read in bulk and
written back exactly: the State's recommendations, actions, status history, tag suggestions,
indicator panel and the database's indicator definitions; a workspace's saved scenarios,
review trail, own recommendations and report texts.

Reading goes through the store's own loaders where they return everything (recommendations,
actions, status history, suggestions, scenarios), so a package holds what the application
shows. Writing keeps what the loaders do not let anyone set: versions, who recorded or decided
and when, positions of tags, the order of a history. Each kind is written in one place below
(the row of a recommendation or an action is the store's own, see :func:`write_state`), so that a
new column needs one change.

State records that are already stored (the State's other workspaces hold them) are kept when
the package gives them equal, and make the import fail when it gives them otherwise
(:func:`state_conflicts`): an import never overwrites, and never half-merges, what people did.
The caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa

from impactkit.errors import Problem
from impactkit.exchange.record_tables import (
    DefinitionRecord,
    HistoryEntry,
    OwnRecord,
    PanelRecord,
    ReviewEvent,
    ScenarioRecord,
    StateRecords,
    WorkspaceRecords,
)
from impactkit.recommendations.model import natural_key
from impactkit.reports.editorial import EditorialSection
from impactkit.store import audit
from impactkit.store import own_recommendations as own_store
from impactkit.store import recommendation_tracking as tracking
from impactkit.store import recommendations as recommendation_store
from impactkit.store import scenarios as scenario_store
from impactkit.store.schema import (
    action_tags,
    actions,
    actors,
    editorial_sections,
    finding_events,
    findings,
    indicator_definitions,
    indicator_panel,
    jurisdictions,
    own_recommendations,
    recommendation_tags,
    recommendations,
    scenarios,
    status_assessments,
    tag_suggestions,
    workspaces,
)
from impactkit.store.tags import insert_tags, tag_rows
from impactkit.store.workspaces import as_utc, state_id, ws_id


def _order(key: str) -> tuple[str, str]:
    return natural_key(key), key


# --- reading -----------------------------------------------------------------------------------
def load_state(conn: sa.Connection, *, workspace_key: str) -> StateRecords:
    """The State's records as the store returns them for this workspace, in key order
    (paragraph numbers in their natural order), and every indicator definition."""
    histories = tracking.status_histories(conn, workspace_key=workspace_key)
    suggestions = tracking.load_suggestions(conn, workspace_key=workspace_key, state=None)
    return StateRecords(
        recommendations=sorted(
            recommendation_store.load_recommendations(conn, workspace_key=workspace_key),
            key=lambda r: _order(r.key)),
        actions=sorted(tracking.load_actions(conn, workspace_key=workspace_key),
                       key=lambda a: _order(a.key)),
        status_history=[HistoryEntry(position, assessment)
                        for key in sorted(histories, key=_order)
                        for position, assessment in enumerate(histories[key])],
        tag_suggestions=sorted(suggestions, key=lambda s: (*_order(s.recommendation), s.kind,
                                                           s.code)),
        indicator_panel=load_panel(conn, workspace_key=workspace_key),
        indicator_definitions=load_definitions(conn))


def load_panel(conn: sa.Connection, *, workspace_key: str) -> list[PanelRecord]:
    """The panel of the workspace's jurisdiction, by indicator and year."""
    rows = conn.execute(sa.select(indicator_panel).where(
        indicator_panel.c.jurisdiction_id == state_id(conn, workspace_key))
        .order_by(indicator_panel.c.indicator, indicator_panel.c.year))
    return [PanelRecord(r.indicator, r.year, r.value, r.source, r.note, as_utc(r.imported_at))
            for r in rows]


def load_definitions(conn: sa.Connection) -> list[DefinitionRecord]:
    rows = conn.execute(sa.select(indicator_definitions)
                        .order_by(indicator_definitions.c.code))
    return [DefinitionRecord(r.code, dict(r.document), r.version, as_utc(r.updated_at))
            for r in rows]


def load_workspace_records(conn: sa.Connection, *, workspace_key: str) -> WorkspaceRecords:
    """A workspace's scenarios, review trail and own recommendations, in key order."""
    ws = ws_id(conn, workspace_key)
    stored = scenario_store.list_scenarios(conn, workspace_key=workspace_key)
    events: dict[str, list[Any]] = {}
    for row in conn.execute(sa.select(findings.c.key, finding_events)
                            .join(findings, findings.c.id == finding_events.c.finding_id)
                            .where(findings.c.workspace_id == ws)
                            .order_by(finding_events.c.id)):
        events.setdefault(row.key, []).append(row)
    stamps = dict(conn.execute(sa.select(own_recommendations.c.key,
                                         own_recommendations.c.updated_at)
                               .where(own_recommendations.c.workspace_id == ws)).all())
    return WorkspaceRecords(
        scenarios=[ScenarioRecord(s.key, s.title, s.document, s.route, s.saved_at,
                                  s.saved_by, s.version)
                   for s in sorted(stored, key=lambda s: _order(s.key))],
        finding_events=[ReviewEvent(key, position, as_utc(r.at) or r.at, r.username, r.kind,
                                    r.text)
                        for key in sorted(events, key=_order)
                        for position, r in enumerate(events[key])],
        own_recommendations=[
            OwnRecord(r, as_utc(stamps[r.key]))
            for r in sorted(own_store.load_all(conn, workspace_key=workspace_key),
                            key=lambda r: _order(r.key))])


# --- what is already stored --------------------------------------------------------------------
def state_conflicts(conn: sa.Connection, *, workspace_key: str, incoming: StateRecords,
                    paths: dict[str, str]) -> tuple[StateRecords, list[Problem]]:
    """What of ``incoming`` is not stored yet, and a problem for each record stored otherwise
    than the package gives it (located by ``paths[resource]`` and the record's key)."""
    stored = load_state(conn, workspace_key=workspace_key)
    problems: list[Problem] = []

    def new(resource: str, items: Sequence[Any], have: Sequence[Any], key: Any) -> list[Any]:
        known = {key(item): item for item in have}
        fresh = []
        for item in items:
            old = known.get(key(item))
            if old is None:
                fresh.append(item)
            elif old != item:
                problems.append(Problem(
                    f"{_shown(key(item))} is already stored for this State and differs from "
                    "the package's; nothing was imported: make them agree, or import into a "
                    "database without it", location=paths[resource], field="key"))
        return fresh

    def by_owner(items: Iterable[HistoryEntry]) -> dict[str, list[HistoryEntry]]:
        grouped: dict[str, list[HistoryEntry]] = {}
        for item in sorted(items, key=lambda e: e.position):
            grouped.setdefault(item.assessment.recommendation, []).append(item)
        return grouped

    fresh_history = new("status_history", list(by_owner(incoming.status_history).items()),
                        list(by_owner(stored.status_history).items()), lambda pair: pair[0])
    fresh = StateRecords(
        recommendations=new("recommendations", incoming.recommendations,
                            stored.recommendations, lambda r: r.key),
        actions=new("actions", incoming.actions, stored.actions, lambda a: a.key),
        status_history=[entry for _, entries in fresh_history for entry in entries],
        tag_suggestions=new("tag_suggestions", incoming.tag_suggestions,
                            stored.tag_suggestions,
                            lambda s: (s.recommendation, s.kind, s.code)),
        indicator_panel=new("indicator_panel", incoming.indicator_panel,
                            stored.indicator_panel, lambda p: (p.indicator, p.year)),
        indicator_definitions=new("indicator_definitions", incoming.indicator_definitions,
                                  stored.indicator_definitions, lambda d: d.code))
    return fresh, problems


def _shown(key: Any) -> str:
    return " ".join(repr(part) for part in key) if isinstance(key, tuple) else repr(key)


# --- writing -----------------------------------------------------------------------------------
def _ids(conn: sa.Connection, table: sa.Table, owner: dict[str, Any]) -> dict[str, int]:
    return dict(conn.execute(sa.select(table.c.key, table.c.id).where(
        *(table.c[name] == value for name, value in owner.items()))).all())


def write_state(conn: sa.Connection, *, workspace_key: str, records: StateRecords,
                user: str, summary: str) -> dict[str, int]:
    """Insert the State's records exactly as given (none of them stored yet: see
    :func:`state_conflicts`); returns how many of each were written. A recommendation's or
    an action's row is the store's own (``_row_values``, ``_action_values``) with the State
    that owns it, so that a column added there is written here too."""
    state = state_id(conn, workspace_key)
    owner = {"jurisdiction_id": state}
    if records.recommendations:
        conn.execute(recommendations.insert(), [
            {**owner, **recommendation_store._row_values(r)} for r in records.recommendations])
    rec_ids = _ids(conn, recommendations, owner)
    insert_tags(conn, recommendation_tags, [
        row for r in records.recommendations
        for row in tag_rows(rec_ids[r.key], r, recommendation_store.TAGS)])
    if records.actions:
        conn.execute(actions.insert(), [{**owner, **tracking._action_values(a)}
                                        for a in records.actions])
        action_ids = _ids(conn, actions, owner)
        insert_tags(conn, action_tags, [row for a in records.actions for row in tag_rows(
            action_ids[a.key], a, tracking.ACTION_TAGS)])
    history = sorted(records.status_history,
                     key=lambda e: (*_order(e.assessment.recommendation), e.position))
    _insert(conn, status_assessments, [
        {"recommendation_id": rec_ids[e.assessment.recommendation],
         "source": str(e.assessment.source), "status": str(e.assessment.status),
         "assessed_on": e.assessment.assessed_on, "assessor": e.assessment.assessor,
         "evidence": e.assessment.evidence, "note": e.assessment.note,
         "recorded_by": e.assessment.recorded_by, "recorded_at": e.assessment.recorded_at}
        for e in history])
    _insert(conn, tag_suggestions, [
        {"recommendation_id": rec_ids[s.recommendation], "kind": s.kind, "code": s.code,
         "confidence": s.confidence, "support": list(s.support), "state": str(s.state),
         "decided_by": s.decided_by or None, "decided_at": s.decided_at}
        for s in records.tag_suggestions])
    _insert(conn, indicator_panel, [
        {"jurisdiction_id": state, "indicator": p.indicator, "year": p.year,
         "value": p.value, "source": p.source, "note": p.note,
         "imported_at": p.imported_at or audit.now()} for p in records.indicator_panel])
    _insert(conn, indicator_definitions, [
        {"code": d.code, "document": d.document, "version": d.version,
         "updated_at": d.updated_at or audit.now()} for d in records.indicator_definitions])
    audit.record_many(conn, user=user, workspace_key=workspace_key, entity="recommendation",
                      action="create", records=records.recommendations, summary=summary)
    audit.record_many(conn, user=user, workspace_key=workspace_key, entity="action",
                      action="create", records=records.actions, summary=summary)
    counts = {"recommendation": len(records.recommendations), "action": len(records.actions),
              "status": len(records.status_history),
              "tag-suggestion": len(records.tag_suggestions),
              "indicator-panel": len(records.indicator_panel),
              "indicator-definition": len(records.indicator_definitions)}
    _audit_counts(conn, user, workspace_key, summary, counts,
                  ("status", "tag-suggestion", "indicator-panel", "indicator-definition"))
    return counts


def write_workspace_records(conn: sa.Connection, *, workspace_key: str,
                            records: WorkspaceRecords, sections: Sequence[EditorialSection],
                            user: str, summary: str) -> dict[str, int]:
    """Insert a new workspace's scenarios, review trail, own recommendations and report
    texts exactly as given (versions, who and when); returns how many of each."""
    ws = ws_id(conn, workspace_key)
    _insert(conn, scenarios, [
        {"workspace_id": ws, "key": s.key, "title": s.title, "document": s.document,
         "route": s.route, "saved_at": s.saved_at, "saved_by": s.saved_by,
         "version": s.version} for s in records.scenarios])
    finding_ids = _ids(conn, findings, {"workspace_id": ws})
    events = sorted(records.finding_events, key=lambda e: (*_order(e.finding), e.position))
    _insert(conn, finding_events, [
        {"finding_id": finding_ids[e.finding], "at": e.at, "username": e.user,
         "kind": e.kind, "text": e.text} for e in events])
    _insert(conn, own_recommendations, [
        {"workspace_id": ws, "key": o.recommendation.key, "version": o.recommendation.version,
         "updated_at": o.updated_at or audit.now(), **own_store._values(o.recommendation)}
        for o in records.own_recommendations])
    _insert(conn, editorial_sections, [
        {"workspace_id": ws, "key": s.key, "body": s.body, "version": s.version,
         "updated_at": s.updated_at or audit.now()} for s in sections])
    audit.record_many(conn, user=user, workspace_key=workspace_key, entity="scenario",
                      action="create", records=records.scenarios, summary=summary)
    audit.record_many(conn, user=user, workspace_key=workspace_key,
                      entity=own_store.ENTITY, action="create",
                      records=[o.recommendation for o in records.own_recommendations],
                      summary=summary)
    audit.record_many(conn, user=user, workspace_key=workspace_key, entity="editorial-section",
                      action="create", records=sections, summary=summary)
    counts = {"scenario": len(records.scenarios), "review-event": len(events),
              "own-recommendation": len(records.own_recommendations),
              "editorial-section": len(sections)}
    _audit_counts(conn, user, workspace_key, summary, counts, ("review-event",))
    return counts


def _insert(conn: sa.Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(table.insert(), rows)


def _audit_counts(conn: sa.Connection, user: str, workspace_key: str, summary: str,
                  counts: dict[str, int], entities: Sequence[str]) -> None:
    """One audit entry per kind imported without a key of its own (a history, a trail)."""
    for entity in entities:
        if counts[entity]:
            audit.record(conn, user=user, workspace_key=workspace_key, entity=entity,
                         action="import", after={"count": counts[entity]}, summary=summary)


def state_keys(conn: sa.Connection, *, jurisdiction: str) -> tuple[set[str], set[str]]:
    """Keys of the recommendations stored for a jurisdiction, and of the actors of its
    workspaces: what a package's actions may answer and name besides its own records
    (empty sets for a jurisdiction not in the database)."""
    state = sa.select(jurisdictions.c.id).where(jurisdictions.c.code == jurisdiction)
    recs = set(conn.execute(sa.select(recommendations.c.key).where(
        recommendations.c.jurisdiction_id.in_(state))).scalars())
    actor_keys = set(conn.execute(
        sa.select(actors.c.key).join(workspaces, workspaces.c.id == actors.c.workspace_id)
        .where(workspaces.c.jurisdiction_id.in_(state))).scalars())
    return recs, actor_keys


def state_workspaces(conn: sa.Connection, *, jurisdiction: str) -> list[str]:
    """Keys of the workspaces (cycles) of a jurisdiction, newest first."""
    query = (sa.select(workspaces.c.key)
             .join(jurisdictions, jurisdictions.c.id == workspaces.c.jurisdiction_id)
             .where(jurisdictions.c.code == jurisdiction)
             .order_by(workspaces.c.year.desc().nulls_last(), workspaces.c.key.desc()))
    return list(conn.execute(query).scalars())

