"""One record at a time, for every entity: read, page through, create, update, delete.

The bulk paths (demo, imports, exports) live in :mod:`impactkit.store.records`; this module
serves people editing records one by one, so each operation:

- checks the version the edit was based on and writes nothing when someone saved in between
  (:class:`ConflictError` carrying the stored record): never last-write-wins;
- resolves references by key (a mandate's actor, evidence's finding...) and refuses unknown
  ones with a :class:`ValidationError` naming the field;
- refuses to delete a record others still point at, rather than letting the database cascade
  or null them silently (evidence goes with its finding, each piece audited);
- audits every change with before and after, tags (provisions, sectors...) included.

Entities are named as the audit trail names them: ``finding``, ``evidence``, ``actor``,
``instrument``, ``mandate``, ``link``, ``indicator-value`` (their tables and row mapping are
in :mod:`impactkit.store.rows`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from impactkit.domain import Evidence
from impactkit.errors import ConflictError, NotFoundError, Problem, UsageError, ValidationError
from impactkit.store import audit, rows
from impactkit.store import workspaces as workspace_store
from impactkit.store.schema import (
    catalogues,
    evidence,
    finding_events,
    finding_tags,
    findings,
    instruments,
    provision_texts,
    workspaces,
)
from impactkit.store.tags import delete_tags, insert_tags, tag_rows
from impactkit.store.workspaces import as_utc


def _row(conn: sa.Connection, spec: rows.Entity, ws_id: int, key: str,
         workspace_key: str) -> Any:
    row = conn.execute(rows.select(spec).where(spec.table.c.workspace_id == ws_id,
                                           spec.table.c.key == key)).one_or_none()
    if row is None:
        raise NotFoundError(f"no {spec.label} '{key}' in workspace '{workspace_key}'")
    return row


# --- reading ---------------------------------------------------------------------------------
def get_record(conn: sa.Connection, *, workspace_key: str, entity: str, key: str) -> Any:
    spec = rows.ENTITIES[entity]
    return _record(conn, spec, workspace_store.ws_id(conn, workspace_key), key, workspace_key)


def _record(conn: sa.Connection, spec: rows.Entity, ws_id: int, key: str,
            workspace_key: str) -> Any:
    return rows.load(conn, spec, [_row(conn, spec, ws_id, key, workspace_key)])[0]


@dataclass(frozen=True, slots=True)
class Scope:
    """A finding is in this scope when it names one of ``provisions`` or one of
    ``clusters`` (the service expands a cluster or provision filter into both, so that the
    list agrees with what analysis counts as in scope)."""

    provisions: tuple[str, ...] = ()
    clusters: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FindingSelection:
    """Which findings to list: every condition given must hold. Values are bound
    parameters, never SQL, and ``text`` matches literally (``%`` and ``_`` included)."""

    area: str | None = None
    layer: str | None = None
    status: str | None = None
    rating: int | None = None
    rating_state: str | None = None
    sector: str | None = None
    group: str | None = None
    scopes: tuple[Scope, ...] = ()
    text: str | None = None


def _tagged(kind: str, codes: Sequence[str]) -> sa.ColumnElement[bool]:
    return sa.exists().where(finding_tags.c.owner_id == findings.c.id,
                             finding_tags.c.kind == kind, finding_tags.c.code.in_(codes))


def _finding_conditions(selection: FindingSelection) -> list[sa.ColumnElement[bool]]:
    s, f = selection, findings.c
    conditions: list[sa.ColumnElement[bool]] = []
    for column, value in ((f.area, s.area), (f.layer, s.layer), (f.status, s.status),
                          (f.rating, s.rating), (f.rating_state, s.rating_state)):
        if value is not None:
            conditions.append(column == value)
    if s.sector is not None:
        conditions.append(_tagged("sector", [s.sector]))
    if s.group is not None:
        conditions.append(_tagged("group", [s.group]))
    for scope in s.scopes:
        conditions.append(sa.or_(_tagged("provision", scope.provisions),
                                 _tagged("cluster", scope.clusters)))
    if s.text:
        conditions.append(sa.or_(f.title.icontains(s.text, autoescape=True),
                                 f.narrative.icontains(s.text, autoescape=True)))
    return conditions


def list_page(
    conn: sa.Connection, *, workspace_key: str, entity: str, offset: int = 0,
    limit: int = 50, selection: FindingSelection | None = None,
) -> tuple[list[Any], int]:
    """One page of records ordered by key, and how many there are in all. Only the page is
    loaded (with its tags), so a long list costs no more than a short one."""
    spec = rows.ENTITIES[entity]
    table = spec.table
    conditions: list[sa.ColumnElement[bool]] = [
        table.c.workspace_id == workspace_store.ws_id(conn, workspace_key)]
    if selection is not None:
        if entity != "finding":
            raise UsageError("filters apply to findings only")
        conditions += _finding_conditions(selection)
    total = conn.execute(sa.select(sa.func.count()).select_from(table)
                         .where(*conditions)).scalar_one()
    found = conn.execute(rows.select(spec).where(*conditions)
                         .order_by(table.c.key, table.c.id).offset(offset).limit(limit)).all()
    return rows.load(conn, spec, found), int(total)


def choices(conn: sa.Connection, *, workspace_key: str, entity: str
            ) -> list[tuple[str, str]]:
    """(key, short label) of every record of an entity: what a form offers when a field
    refers to one (an evidence item's finding, a mandate's actor...)."""
    spec = rows.ENTITIES[entity]
    table = spec.table
    query = (sa.select(table.c.key, table.c[spec.title_column])
             .where(table.c.workspace_id == workspace_store.ws_id(conn, workspace_key))
             .order_by(table.c.key))
    return [(key, str(label or "")) for key, label in conn.execute(query)]


def evidence_of(conn: sa.Connection, *, workspace_key: str, finding_key: str
                ) -> list[Evidence]:
    spec = rows.ENTITIES["evidence"]
    ws_id = workspace_store.ws_id(conn, workspace_key)
    owner = _row(conn, rows.ENTITIES["finding"], ws_id, finding_key, workspace_key)
    found = list(conn.execute(rows.select(spec).where(evidence.c.finding_id == owner.id)
                              .order_by(evidence.c.key)))
    return rows.load(conn, spec, found)


_CATALOGUE_STAMP = (
    sa.select(workspaces.c.catalogue_key, catalogues.c.loaded_at,
              sa.select(sa.func.max(provision_texts.c.id))
              .where(provision_texts.c.catalogue_key == workspaces.c.catalogue_key)
              .scalar_subquery())
    .select_from(workspaces.outerjoin(catalogues,
                                      catalogues.c.key == workspaces.c.catalogue_key))
    .where(workspaces.c.key == sa.bindparam("workspace_key")))
"""Built once: pages ask it on every view."""


def catalogue_stamp(conn: sa.Connection, *, workspace_key: str
                    ) -> tuple[str, datetime | None, int | None]:
    """The workspace's catalogue key, when that catalogue was last loaded, and the newest
    full text: together they say whether a cached copy of the catalogue is still right."""
    row = conn.execute(_CATALOGUE_STAMP, {"workspace_key": workspace_key}).one_or_none()
    if row is None:
        workspace_store.ws_id(conn, workspace_key)  # raises the helpful NotFoundError
        raise AssertionError("unreachable")
    return row[0], row[1], row[2]


# --- writing ---------------------------------------------------------------------------------
def _reference_ids(conn: sa.Connection, spec: rows.Entity, ws_id: int, record: Any
                   ) -> dict[str, int | None]:
    """Column values for the record's references; unknown keys are a ValidationError."""
    values: dict[str, int | None] = {}
    problems: list[Problem] = []
    for ref in spec.references:
        key = getattr(record, ref.attribute)
        if key in (None, "") and not ref.required:
            values[ref.column] = None
            continue
        target = rows.ENTITIES[ref.target]
        found = conn.execute(sa.select(target.table.c.id).where(
            target.table.c.workspace_id == ws_id, target.table.c.key == key)
        ).scalar_one_or_none()
        if found is None:
            problems.append(Problem(f"no {target.label} has key {key!r} in this workspace",
                                    field=ref.attribute))
        values[ref.column] = found
    if spec.name == "finding" and record.tension_instruments:
        known = set(conn.execute(sa.select(instruments.c.key).where(
            instruments.c.workspace_id == ws_id,
            instruments.c.key.in_(list(record.tension_instruments)))).scalars())
        problems += [Problem(f"no {rows.ENTITIES['instrument'].label} has key {key!r} in "
                             "this workspace", field="tension_instruments")
                     for key in record.tension_instruments if key not in known]
    if problems:
        raise ValidationError(problems, summary=f"this {spec.label} refers to records that "
                                                "do not exist")
    return values


def insert_record(conn: sa.Connection, *, workspace_key: str, entity: str, record: Any,
                  user: str) -> Any:
    """Create a record (version 1) and audit it; a key already in use is refused."""
    spec = rows.ENTITIES[entity]
    ws_id = workspace_store.ws_id(conn, workspace_key)
    taken = conn.execute(sa.select(spec.table.c.id).where(
        spec.table.c.workspace_id == ws_id, spec.table.c.key == record.key)).first()
    if taken is not None:
        raise ValidationError([Problem(f"key {record.key!r} is already used by another "
                                       f"{spec.label} in this workspace; choose another",
                                       field="key")], summary=f"this {spec.label} was not "
                                                              "created")
    values = {**rows.values(spec, record), **_reference_ids(conn, spec, ws_id, record)}
    if spec.name == "finding":
        stamp = audit.now()
        values |= {"created_at": stamp, "updated_at": stamp}
    result = conn.execute(spec.table.insert().values(
        workspace_id=ws_id, key=record.key, version=1, **values))
    if spec.tags is not None:
        new_id = result.inserted_primary_key
        assert new_id is not None
        insert_tags(conn, spec.tags, tag_rows(int(new_id[0]), record, spec.tag_map))
    saved = get_record(conn, workspace_key=workspace_key, entity=entity, key=record.key)
    audit.record(conn, user=user, workspace_key=workspace_key, entity=entity,
                 action="create", record_key=record.key, after=saved)
    return saved


def stale(entity: str, key: str, expected: int, current: Any, doing: str) -> ConflictError:
    """The error for an edit based on ``expected`` when ``current`` is stored."""
    spec = rows.ENTITIES[entity]
    return ConflictError(
        f"{spec.label} '{key}' was changed by someone else since you loaded it (you "
        f"started from version {expected}, the stored one is version {current.version}); "
        f"nothing was {doing}: compare both versions and apply your change to the current "
        "one", current_version=current.version, current=current)


def update_record(conn: sa.Connection, *, workspace_key: str, entity: str, record: Any,
                  expected_version: int, user: str, action: str = "update",
                  summary: str = "", before: Any | None = None) -> Any:
    """Save ``record`` over the stored one with the same key if that is still at
    ``expected_version``; returns the saved record (version + 1). ``action`` names the
    change in the audit trail ("update", or a review step such as "validate").
    ``before``: the stored record, when the caller read it in this same transaction
    (it is not read again; the version check inside the UPDATE still guards the write)."""
    spec = rows.ENTITIES[entity]
    ws_id = workspace_store.ws_id(conn, workspace_key)
    if before is None or before.key != record.key:
        before = _record(conn, spec, ws_id, record.key, workspace_key)
    if before.version != expected_version:
        raise stale(spec.name, record.key, expected_version, before, "saved")
    values = {**rows.values(spec, record), **_reference_ids(conn, spec, ws_id, record)}
    if spec.name == "finding":
        values |= {"updated_at": audit.now(), "created_at": before.created_at}
    table = spec.table
    row_id = conn.execute(
        table.update()
        .where(table.c.workspace_id == ws_id, table.c.key == record.key,
               table.c.version == expected_version)
        .values(version=table.c.version + 1, **values)
        .returning(table.c.id)).scalar_one_or_none()
    if row_id is None:  # saved by someone else between our read and our write
        current = _record(conn, spec, ws_id, record.key, workspace_key)
        raise stale(spec.name, record.key, expected_version, current, "saved")
    if spec.tags is not None:
        delete_tags(conn, spec.tags, row_id)
        insert_tags(conn, spec.tags, tag_rows(row_id, record, spec.tag_map))
    after = _record(conn, spec, ws_id, record.key, workspace_key)
    audit.record(conn, user=user, workspace_key=workspace_key, entity=entity, action=action,
                 record_key=record.key, before=before, after=after, summary=summary)
    return after


def dependents(conn: sa.Connection, *, workspace_key: str, entity: str, key: str
               ) -> dict[str, list[str]]:
    """Records that point at this one, by entity name: what deleting it would break."""
    ws_id = workspace_store.ws_id(conn, workspace_key)
    spec = rows.ENTITIES[entity]
    own_id = _row(conn, spec, ws_id, key, workspace_key).id
    found: dict[str, list[str]] = {}
    for other in rows.ENTITIES.values():
        refs = [r for r in other.references if r.target == entity]
        if refs:
            keys = conn.execute(
                sa.select(other.table.c.key)
                .where(sa.or_(*(other.table.c[r.column] == own_id for r in refs)))
                .order_by(other.table.c.key)).scalars()
            if listed := list(keys):
                found[other.name] = listed
    if entity == "instrument":
        tension = conn.execute(
            sa.select(findings.c.key).join(finding_tags, finding_tags.c.owner_id == findings.c.id)
            .where(findings.c.workspace_id == ws_id, finding_tags.c.kind == "tension-instrument",
                   finding_tags.c.code == key).distinct().order_by(findings.c.key)).scalars()
        if listed := list(tension):
            found["finding"] = listed
    return found


def delete_record(conn: sa.Connection, *, workspace_key: str, entity: str, key: str,
                  expected_version: int, user: str) -> None:
    """Delete a record still at ``expected_version``. A finding takes its evidence with it
    (each item audited); any other record still referred to is refused, naming who refers
    to it, so nothing disappears or loses a reference silently."""
    spec = rows.ENTITIES[entity]
    before = get_record(conn, workspace_key=workspace_key, entity=entity, key=key)
    if before.version != expected_version:
        raise stale(spec.name, key, expected_version, before, "deleted")
    blocking = dependents(conn, workspace_key=workspace_key, entity=entity, key=key)
    carried = blocking.pop("evidence", []) if entity == "finding" else []
    if blocking:
        named = "; ".join(f"{rows.ENTITIES[name].kind.labels} {', '.join(keys)}"
                          for name, keys in blocking.items())
        raise ValidationError([Problem(f"{spec.label} '{key}' is still referred to by {named}: "
                                       "change or delete those first", field="key")],
                              summary=f"{spec.label} '{key}' was not deleted")
    for evidence_key in carried:
        item = get_record(conn, workspace_key=workspace_key, entity="evidence",
                          key=evidence_key)
        audit.record(conn, user=user, workspace_key=workspace_key, entity="evidence",
                     action="delete", record_key=evidence_key, before=item,
                     summary=f"deleted with finding '{key}'")
    ws_id = workspace_store.ws_id(conn, workspace_key)
    result = conn.execute(spec.table.delete().where(
        spec.table.c.workspace_id == ws_id, spec.table.c.key == key,
        spec.table.c.version == expected_version))
    if result.rowcount != 1:
        current = get_record(conn, workspace_key=workspace_key, entity=entity, key=key)
        raise stale(spec.name, key, expected_version, current, "deleted")
    audit.record(conn, user=user, workspace_key=workspace_key, entity=entity,
                 action="delete", record_key=key, before=before)


# --- the review trail of a finding -----------------------------------------------------------
@dataclass(frozen=True, slots=True)
class FindingEvent:
    """A comment or a review step on a finding, with who and when."""

    at: datetime
    user: str
    kind: str  # comment | review | validate | send-back | reopen
    text: str


def add_event(conn: sa.Connection, *, workspace_key: str, finding_key: str, user: str,
              kind: str, text: str = "") -> FindingEvent:
    """Store an event; the caller audits it (a comment is audited here, as it changes no
    finding: see :func:`add_comment`)."""
    owner = _row(conn, rows.ENTITIES["finding"], workspace_store.ws_id(conn, workspace_key),
                 finding_key, workspace_key)
    event = FindingEvent(at=audit.now(), user=user, kind=kind, text=text)
    conn.execute(finding_events.insert().values(finding_id=owner.id, at=event.at,
                                                username=user, kind=kind, text=text))
    return event


def add_comment(conn: sa.Connection, *, workspace_key: str, finding_key: str, user: str,
                text: str) -> FindingEvent:
    event = add_event(conn, workspace_key=workspace_key, finding_key=finding_key, user=user,
                      kind="comment", text=text)
    audit.record(conn, user=user, workspace_key=workspace_key, entity="finding",
                 action="comment", record_key=finding_key,
                 after={"kind": "comment", "text": text, "at": event.at.isoformat()},
                 summary="comment")
    return event


def events_of(conn: sa.Connection, *, workspace_key: str, finding_key: str
              ) -> list[FindingEvent]:
    """Oldest first: the review trail reads as a conversation."""
    owner = _row(conn, rows.ENTITIES["finding"], workspace_store.ws_id(conn, workspace_key),
                 finding_key, workspace_key)
    query = (sa.select(finding_events).where(finding_events.c.finding_id == owner.id)
             .order_by(finding_events.c.id))
    return [FindingEvent(at=as_utc(r.at) or r.at, user=r.username, kind=r.kind, text=r.text)
            for r in conn.execute(query)]
